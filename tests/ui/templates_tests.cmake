# Widget tests of the templates area.
livesnap_add_test(tst_templatedialog ${CMAKE_CURRENT_LIST_DIR}/templates/tst_templatedialog.cpp
    LIBS livesnap_ui)
livesnap_add_test(tst_templatepage ${CMAKE_CURRENT_LIST_DIR}/templates/tst_templatepage.cpp
    LIBS livesnap_ui)
