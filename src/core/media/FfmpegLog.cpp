#include "media/FfmpegLog.h"

#include "common/Logging.h"
#include "common/UrlMasking.h"

extern "C" {
#include <libavutil/log.h>
}

#include <cstdarg>
#include <mutex>

namespace livesnap {

namespace {

void onFfmpegLog(void *avcl, int level, const char *format, va_list args)
{
    if (level > av_log_get_level()) {
        return;
    }
    char line[1024];
    int printPrefix = 1;
    va_list copy;
    va_copy(copy, args);
    av_log_format_line2(avcl, level, format, copy, line, sizeof line, &printPrefix);
    va_end(copy);
    const QString text = maskSecretsInText(QString::fromUtf8(line).trimmed());
    if (text.isEmpty()) {
        return;
    }
    if (level <= AV_LOG_ERROR) {
        qCWarning(lcCapture).noquote() << "ffmpeg:" << text;
    } else {
        qCDebug(lcCapture).noquote() << "ffmpeg:" << text;
    }
}

std::once_flag g_installed;

} // namespace

void installFfmpegLogHandler()
{
    std::call_once(g_installed, [] {
        av_log_set_level(AV_LOG_WARNING);
        av_log_set_callback(onFfmpegLog);
    });
}

} // namespace livesnap
