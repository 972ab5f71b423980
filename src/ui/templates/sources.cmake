# Sources of the templates area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    templates/FormLabels.cpp templates/FormLabels.h
    templates/TemplateDialog.cpp templates/TemplateDialog.h
    templates/TemplateOutputBox.cpp templates/TemplateOutputBox.h
)
