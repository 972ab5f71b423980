# Sources of the usage area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    usage/UsageChart.cpp usage/UsageChart.h
    usage/UsageExportPanel.cpp usage/UsageExportPanel.h
    usage/UsageJobFilter.cpp usage/UsageJobFilter.h
    usage/UsageTableModel.cpp usage/UsageTableModel.h
    usage/DateTimeField.cpp usage/DateTimeField.h
    usage/UsageSortModel.cpp usage/UsageSortModel.h
)
