#pragma once

#include "common/ComponentVersion.h"

namespace livesnap {

// libjpeg-turbo, which JpegEncoder (and the GUI's decoder) use through its TurboJPEG API. It has
// no run-time version query (neither TurboJPEG nor libjpeg exports one), so this is the version
// of the libturbojpeg the build compiled against, as pkg-config reported it to CMake.
ComponentVersion turboJpegVersion();

} // namespace livesnap
