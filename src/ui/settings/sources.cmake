# Sources of the settings area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    settings/DialogGeometry.cpp settings/DialogGeometry.h
    settings/SettingsDialog.cpp settings/SettingsDialog.h
    settings/StorageLocationDialog.cpp settings/StorageLocationDialog.h
    settings/StorageLocationModel.cpp settings/StorageLocationModel.h
    settings/StorageLocationsDialog.cpp settings/StorageLocationsDialog.h
)
