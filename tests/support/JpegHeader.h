#pragma once

#include <QByteArray>
#include <QSize>

#include <turbojpeg.h>

namespace livesnap::test {

// The size a JPEG's own header gives (read by libjpeg-turbo); invalid when it is no JPEG. Link
// PkgConfig::TURBOJPEG to use it.
inline QSize jpegHeaderSize(const QByteArray &jpeg)
{
    tjhandle handle = tjInitDecompress();
    int width = 0;
    int height = 0;
    int subsamp = 0;
    int colorspace = 0;
    const int rc = tjDecompressHeader3(
        handle, reinterpret_cast<const unsigned char *>(jpeg.constData()),
        static_cast<unsigned long>(jpeg.size()), &width, &height, &subsamp, &colorspace);
    tjDestroy(handle);
    return rc == 0 ? QSize(width, height) : QSize();
}

} // namespace livesnap::test
