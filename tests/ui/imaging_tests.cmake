# Tests of the shared image helpers.
livesnap_add_test(tst_scaledjpegdecoder ${CMAKE_CURRENT_LIST_DIR}/imaging/tst_scaledjpegdecoder.cpp LIBS livesnap_ui)
