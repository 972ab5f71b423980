#pragma once

#include "domain/StorageLocation.h" // StorageCredentials

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace livesnap {

// HTTP header name/value pairs in the order they are sent. Names compare case-insensitively.
using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// A request ready to send: the URL (Host comes from it) and every header to set on it,
// Authorization included. Presigned URLs carry no headers.
struct SignedRequest {
    QByteArray method;
    QUrl url;
    HttpHeaders headers;

    // The value of a header (case-insensitive name), or a null QByteArray.
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0) {
                return v;
            }
        }
        return {};
    }
};

} // namespace livesnap
