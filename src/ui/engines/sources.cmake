# Sources of the engines area of the console: the catalog the GUI is on (File > Catalog…,
# console only) and the engines sharing it (View > Engines…) (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    engines/CatalogDialog.cpp engines/CatalogDialog.h
    engines/CatalogSettings.cpp engines/CatalogSettings.h
    engines/EnginesDialog.cpp engines/EnginesDialog.h
    engines/EnginesModel.cpp engines/EnginesModel.h
)
