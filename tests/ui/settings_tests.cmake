# Widget tests of the settings area.
# The callback AuthKey goes to the keychain: a real, private gnome-keyring.
livesnap_add_test(tst_settingsdialog ${CMAKE_CURRENT_LIST_DIR}/settings/tst_settingsdialog.cpp
    LIBS livesnap_ui
    WRAP ${CMAKE_SOURCE_DIR}/tests/support/with-keyring.sh)
# OSS / S3 locations keep their access key in the keychain: run against a real, private
# gnome-keyring (a temporary HOME and a private D-Bus session bus).
livesnap_add_test(tst_storagelocationdialog
    ${CMAKE_CURRENT_LIST_DIR}/settings/tst_storagelocationdialog.cpp
    LIBS livesnap_ui
    WRAP ${CMAKE_SOURCE_DIR}/tests/support/with-keyring.sh
    TIMEOUT 180)
# UiTestSupport.h lives one folder up.
foreach(test tst_settingsdialog tst_storagelocationdialog)
    target_include_directories(${test} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endforeach()
