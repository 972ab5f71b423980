#include "capture/TurboJpegVersion.h"

namespace livesnap {

ComponentVersion turboJpegVersion()
{
    // capture/CMakeLists.txt: pkg-config's version of libturbojpeg.
    return ComponentVersion::atBuildTime(QStringLiteral("libjpeg-turbo"),
                                         QStringLiteral(LIVESNAP_TURBOJPEG_VERSION));
}

} // namespace livesnap
