# Capture tests against real parts: nginx with the RTMP module fed by ffmpeg publishers.
# Included from tests/CMakeLists.txt; paths are relative to tests/.
if(NOT TARGET livesnap_testsupport)
    add_library(livesnap_testsupport STATIC
        support/RtmpServer.cpp
        support/RtmpServer.h
    )
    target_include_directories(livesnap_testsupport PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(livesnap_testsupport PUBLIC livesnap_options Qt6::Core Qt6::Network)
endif()

livesnap_add_test(tst_captureworker capture/tst_captureworker.cpp
    LIBS livesnap_testsupport PkgConfig::FF PkgConfig::TURBOJPEG
    TIMEOUT 300)
