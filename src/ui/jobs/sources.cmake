# Sources of the jobs area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
)
