# The engine's link server: signed, expiring links to local-folder objects (included from
# tests/CMakeLists.txt).
livesnap_add_test(tst_linkserver storage/tst_linkserver.cpp)
