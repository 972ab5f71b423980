# Included by src/core/CMakeLists.txt; paths are relative to src/core.
# Needs PkgConfig::FF (libavformat, libavcodec, libavutil, libswscale) and PkgConfig::TURBOJPEG on livesnap_core.
set(LIVESNAP_CAPTURE_SOURCES
    capture/KeyframeScheduler.cpp
    capture/KeyframeScheduler.h
    capture/JpegEncoder.cpp
    capture/JpegEncoder.h
    capture/CaptureWorker.cpp
    capture/CaptureWorker.h
    capture/FfmpegLog.cpp
    capture/FfmpegLog.h
    capture/FfmpegSupport.cpp
    capture/FfmpegSupport.h
)
