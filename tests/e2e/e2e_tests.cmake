# End-to-end tests of the whole engine against real servers. Included from tests/CMakeLists.txt;
# paths are relative to tests/.
# tst_uploadoutage: capture from nginx-rtmp, uploads to s3rver (node, from
# tests/support/vectors/node_modules, installed by scripts/test.sh), credentials in a private
# gnome-keyring; s3rver is stopped mid-run and the engine restarted with a non-empty spool.
if(TARGET livesnap_testsupport)
    livesnap_add_test(tst_uploadoutage e2e/tst_uploadoutage.cpp
        LIBS livesnap_testsupport PkgConfig::TURBOJPEG
        ENV "LIVESNAP_TEST_SUPPORT=${CMAKE_CURRENT_SOURCE_DIR}/support"
        WRAP ${CMAKE_CURRENT_SOURCE_DIR}/support/with-keyring.sh
        TIMEOUT 300)
endif()
# tst_secretsmasked: a real job under `livesnapctl serve` with tokens in its stream and
# callback URLs; no output (CLI, events, callback bodies, debug logs) shows them.
if(TARGET livesnap_testsupport)
    livesnap_add_test(tst_secretsmasked e2e/tst_secretsmasked.cpp LIBS livesnap_testsupport
        ENV "LIVESNAPCTL=$<TARGET_FILE:livesnapctl>" TIMEOUT 120)
    add_dependencies(tst_secretsmasked livesnapctl)
endif()
