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
