# Sources of the jobs area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    jobs/JobBatch.cpp jobs/JobBatch.h
    jobs/JobCommandBar.cpp jobs/JobCommandBar.h
    jobs/JobDetailsPanel.cpp jobs/JobDetailsPanel.h
    jobs/JobEventModel.cpp jobs/JobEventModel.h
    jobs/ExtraStoresList.cpp jobs/ExtraStoresList.h
    jobs/JobText.cpp jobs/JobText.h
    jobs/StreamTlsFields.cpp jobs/StreamTlsFields.h
    jobs/SubmitJobDialog.cpp jobs/SubmitJobDialog.h
)
