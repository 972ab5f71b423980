#pragma once

#include "common/ComponentVersion.h"

namespace livesnap::ffmpeg {

// The FFmpeg loaded in this process: av_version_info() and the versions of the libraries the
// core links (libavformat, libavcodec, libavutil, libswscale), all asked at run time.
ComponentVersion libraryVersion();

} // namespace livesnap::ffmpeg
