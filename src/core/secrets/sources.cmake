# Storage secrets: the system keychain (QtKeychain) and the operator's credentials file.
set(LIVESNAP_SECRETS_SOURCES secrets/SecretStore.cpp secrets/SecretStore.h)
