# Sources of the monitor area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
)
