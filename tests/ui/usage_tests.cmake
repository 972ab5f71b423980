# Widget tests of the usage area.
livesnap_add_test(tst_usagepage ${CMAKE_CURRENT_LIST_DIR}/usage/tst_usagepage.cpp LIBS livesnap_ui)
