# Sources of the files area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    files/DeleteFilesDialog.cpp files/DeleteFilesDialog.h
    files/FileDeleter.cpp files/FileDeleter.h
    files/FileGridView.cpp files/FileGridView.h
    files/FileListModel.cpp files/FileListModel.h
    files/FileRangeReader.cpp files/FileRangeReader.h
    files/ImageCanvas.cpp files/ImageCanvas.h
    files/SnapshotViewer.cpp files/SnapshotViewer.h
    files/ThumbnailDelegate.cpp files/ThumbnailDelegate.h
    files/ZonedTime.cpp files/ZonedTime.h
)
