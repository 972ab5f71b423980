# Shared image helpers (JPEG thumbnails for the file grid and the monitor wall).
list(APPEND LIVESNAP_UI_SOURCES
    imaging/ScaledJpegDecoder.cpp imaging/ScaledJpegDecoder.h
)
