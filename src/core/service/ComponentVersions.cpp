#include "service/ComponentVersions.h"

#include "capture/TurboJpegVersion.h"
#include "media/FfmpegVersion.h"
#include "secrets/KeychainVersion.h"

namespace livesnap {

QList<ComponentVersion> componentVersions()
{
    return {ComponentVersion::qt(), ffmpeg::libraryVersion(), turboJpegVersion(),
            qtKeychainVersion()};
}

} // namespace livesnap
