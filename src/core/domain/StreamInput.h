#pragma once

#include "common/Result.h"

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
};

// A stream URL with its secrets masked (auth_key and similar query values, a userinfo
// password), for logs and the UI.
QString maskStreamUrl(const QString &url);
// The same for free text that may quote a stream URL (error messages, log lines).
QString maskSecretsInText(const QString &text);

} // namespace livesnap
