# Shared image helpers: the one image pipeline of the file grid, the viewer and the monitor wall,
# and its JPEG decoder.
list(APPEND LIVESNAP_UI_SOURCES
    imaging/ImagePipeline.cpp imaging/ImagePipeline.h
    imaging/ScaledJpegDecoder.cpp imaging/ScaledJpegDecoder.h
)
