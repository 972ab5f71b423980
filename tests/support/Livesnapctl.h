#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace livesnap::test {

// `ctl --data-dir dataDir <arguments>` (ctl: the livesnapctl binary): the JSON object it printed
// and, in *exitCode, its exit code (-1 when it did not finish within 30 s and was killed).
inline QJsonObject runCtl(const QString &ctl, const QString &dataDir, const QStringList &arguments,
                          int *exitCode = nullptr)
{
    QProcess p;
    p.start(ctl, QStringList{QStringLiteral("--data-dir"), dataDir} + arguments);
    const bool finished = p.waitForFinished(30000);
    if (!finished) {
        p.kill();
        p.waitForFinished();
    }
    if (exitCode) {
        *exitCode = finished ? p.exitCode() : -1;
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

// The JSON as one line, for searching and failure messages.
inline QByteArray compactJson(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

// The first of `secrets` that `output` shows; empty when it shows none.
inline QByteArray firstLeak(const QByteArray &output, const QByteArrayList &secrets)
{
    for (const QByteArray &secret : secrets) {
        if (output.contains(secret)) {
            return secret;
        }
    }
    return {};
}

} // namespace livesnap::test
