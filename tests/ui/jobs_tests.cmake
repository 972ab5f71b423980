# Widget tests of the jobs area.
foreach(test tst_joblistmodel tst_submitjobdialog tst_jobpage)
    livesnap_add_test(${test} ${CMAKE_CURRENT_LIST_DIR}/jobs/${test}.cpp LIBS livesnap_ui)
    target_include_directories(${test} PRIVATE ${CMAKE_CURRENT_LIST_DIR}
                               ${CMAKE_CURRENT_LIST_DIR}/jobs)
endforeach()
