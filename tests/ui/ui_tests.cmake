# Widget tests of the GUI (run on the offscreen platform, so they need no display); included
# from tests/CMakeLists.txt after livesnap_add_test is defined.
livesnap_add_test(tst_mainwindow ${CMAKE_CURRENT_LIST_DIR}/tst_mainwindow.cpp LIBS livesnap_ui)
# One test list per area of the console.
foreach(area imaging templates settings jobs monitor files usage)
    include(${CMAKE_CURRENT_LIST_DIR}/${area}_tests.cmake)
endforeach()
