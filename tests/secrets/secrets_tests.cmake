# Secrets: the keychain against a real, private gnome-keyring (a temporary HOME, a private D-Bus
# session bus); the credentials file; and, in a child process without any session bus, the
# KeychainUnavailable error.
livesnap_add_test(tst_secretstore secrets/tst_secretstore.cpp
    WRAP ${CMAKE_CURRENT_SOURCE_DIR}/support/with-keyring.sh
    TIMEOUT 180)
