# Widget tests of the files area.
livesnap_add_test(tst_thumbnailloader ${CMAKE_CURRENT_LIST_DIR}/files/tst_thumbnailloader.cpp LIBS livesnap_ui)
livesnap_add_test(tst_filelistmodel ${CMAKE_CURRENT_LIST_DIR}/files/tst_filelistmodel.cpp LIBS livesnap_ui)
livesnap_add_test(tst_filepage ${CMAKE_CURRENT_LIST_DIR}/files/tst_filepage.cpp LIBS livesnap_ui)
