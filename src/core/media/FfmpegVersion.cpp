#include "media/FfmpegVersion.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}

namespace livesnap::ffmpeg {

namespace {
QString libraryPart(const char *name, unsigned version)
{
    return QStringLiteral("%1 %2.%3.%4")
        .arg(QLatin1String(name))
        .arg(AV_VERSION_MAJOR(version))
        .arg(AV_VERSION_MINOR(version))
        .arg(AV_VERSION_MICRO(version));
}
} // namespace

ComponentVersion libraryVersion()
{
    return ComponentVersion::atRunTime(
        QStringLiteral("FFmpeg"), QString::fromUtf8(av_version_info()),
        {libraryPart("libavformat", avformat_version()),
         libraryPart("libavcodec", avcodec_version()), libraryPart("libavutil", avutil_version()),
         libraryPart("libswscale", swscale_version())});
}

} // namespace livesnap::ffmpeg
