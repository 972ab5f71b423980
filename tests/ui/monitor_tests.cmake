# Widget tests of the monitor area. They capture and play a real RTMP stream (nginx-rtmp and an
# ffmpeg publisher from tests/support).
if(TARGET livesnap_testsupport)
    livesnap_add_test(tst_monitorwall ${CMAKE_CURRENT_LIST_DIR}/monitor/tst_monitorwall.cpp
        LIBS livesnap_ui livesnap_testsupport TIMEOUT 120)
    livesnap_add_test(tst_streampreview ${CMAKE_CURRENT_LIST_DIR}/monitor/tst_streampreview.cpp
        LIBS livesnap_ui livesnap_testsupport TIMEOUT 120)
endif()
