# The upload queue (spool -> store, backoff, overwrite collapse) and the spool bound (included
# from tests/CMakeLists.txt; paths are relative to tests/).
livesnap_add_test(tst_uploadqueue storage/tst_uploadqueue.cpp)
