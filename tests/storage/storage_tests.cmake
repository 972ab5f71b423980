# Cloud storage tests. Included from tests/CMakeLists.txt; paths are relative to tests/.
# Signing vectors come at test time from the official SDKs (botocore via python3, ali-oss via
# node: scripts/test.sh installs tests/support/vectors/node_modules); tst_s3store runs a real
# moto_server (SigV4 checked) on a free loopback port.
set(LIVESNAP_STORAGE_TEST_ENV "LIVESNAP_TEST_SUPPORT=${CMAKE_CURRENT_SOURCE_DIR}/support")

livesnap_add_test(tst_s3signer storage/tst_s3signer.cpp
    ENV "${LIVESNAP_STORAGE_TEST_ENV}" TIMEOUT 120)
livesnap_add_test(tst_osssigner storage/tst_osssigner.cpp
    ENV "${LIVESNAP_STORAGE_TEST_ENV}" TIMEOUT 120)
livesnap_add_test(tst_s3store storage/tst_s3store.cpp
    ENV "${LIVESNAP_STORAGE_TEST_ENV}" TIMEOUT 240)
# The upload queue against moto behind a fault proxy: black-holed, refusing, slow.
livesnap_add_test(tst_storefaults storage/tst_storefaults.cpp
    ENV "${LIVESNAP_STORAGE_TEST_ENV}" TIMEOUT 180)
