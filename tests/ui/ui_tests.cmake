# Widget tests of the GUI (run on the offscreen platform, so they need no display); included
# from tests/CMakeLists.txt after livesnap_add_test is defined.
livesnap_add_test(tst_mainwindow ${CMAKE_CURRENT_LIST_DIR}/tst_mainwindow.cpp LIBS livesnap_ui)
# One test list per area of the console.
foreach(area imaging templates settings jobs monitor files usage)
    include(${CMAKE_CURRENT_LIST_DIR}/${area}_tests.cmake)
endforeach()
# The GUI closes cleanly on SIGTERM / SIGINT and releases the job its engine ran.
add_test(NAME livesnap_quits_on_signal
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/quit-on-signal.sh $<TARGET_FILE:livesnap> $<TARGET_FILE:livesnapctl>)
set_tests_properties(livesnap_quits_on_signal PROPERTIES TIMEOUT 120)
