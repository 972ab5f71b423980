#pragma once

#include "common/Result.h"
#include "common/UrlMasking.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace livesnap {

// StreamInput of a job: {"Type":"rtmp","Url":"rtmp://..."}.
struct StreamInput {
    QString type = QStringLiteral("rtmp");
    QString url;

    QJsonObject toJson() const;
    // Parses and validates (Type rtmp, URL rtmp:// or rtmps:// with a host and a path).
    static Result<StreamInput> fromJson(const QJsonObject &json);
    Status validate() const;

    bool operator==(const StreamInput &) const = default;
    Q_DECLARE_TR_FUNCTIONS(livesnap::StreamInput)
};

// A stream URL with its secrets masked, for every output (see maskUrl).
inline QString maskStreamUrl(const QString &url)
{
    return maskUrl(url);
}

} // namespace livesnap
