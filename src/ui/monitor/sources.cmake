# Sources of the monitor area of the console (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    monitor/MonitorLogging.cpp monitor/MonitorLogging.h
    monitor/MonitorWallModel.cpp monitor/MonitorWallModel.h
    monitor/MonitorTileDelegate.cpp monitor/MonitorTileDelegate.h
    monitor/MonitorWallFilter.cpp monitor/MonitorWallFilter.h
    monitor/MonitorWall.cpp monitor/MonitorWall.h
    monitor/StreamPreviewDecoder.cpp monitor/StreamPreviewDecoder.h
    monitor/LivePreviewWindow.cpp monitor/LivePreviewWindow.h
)
