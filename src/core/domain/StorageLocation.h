#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace livesnap {

// Where a job's snapshots go, as named in SubmitLiveSnapshotJob's SnapshotOutput.
struct SnapshotOutput {
    QString storageType = QStringLiteral("local"); // local | oss | s3
    QString endpoint;
    QString bucket;

    QJsonObject toJson() const;
    static Result<SnapshotOutput> fromJson(const QJsonObject &json);
    // SnapshotOutput as SubmitLiveSnapshotJob takes it: one object, or an array of 1 to
    // MaxOutputs objects naming different stores (one capture, a copy in each).
    static Result<QList<SnapshotOutput>> listFromJson(const QJsonValue &json);
    // The output shape of a job: the object for one store, the array for several.
    static QJsonValue listToJson(const QList<SnapshotOutput> &outputs);
    static constexpr int MaxOutputs = 8;

    bool operator==(const SnapshotOutput &) const = default;
};

// A configured storage location. Secrets never live here (they go to the keychain).
struct StorageLocation {
    QString locationId;
    QString storageType; // local | oss | s3
    QString endpoint;    // empty for local
    QString bucket;
    QString region;         // oss/s3
    bool pathStyle = false; // s3: path-style addressing (MinIO and similar)
    QString path;           // local: the root folder
    QString signatureVersion = QStringLiteral("v4"); // oss: v4 (OSS4-HMAC-SHA256) or v1
    bool builtIn = false;                            // the embedded default location
    // local, in a shared catalog: the machine whose engines write the folder ('' = any engine,
    // as for the built-in location), unless every engine reaches it (sharedMount).
    QString host;
    bool sharedMount = false;
    QDateTime createTime;
    QDateTime modifiedTime;

    SnapshotOutput output() const { return SnapshotOutput{storageType, endpoint, bucket}; }
    QJsonObject toJson() const;
    // Checks the fields for the location's type; `path` must already be absolute for local.
    Status validate() const;
    Q_DECLARE_TR_FUNCTIONS(livesnap::StorageLocation)
};

// An OSS / S3 access key. Kept in the keychain (or an operator's credentials file), never in
// the catalog, settings or logs.
struct StorageCredentials {
    QString accessKeyId;
    QString accessKeySecret;
    bool isEmpty() const { return accessKeyId.isEmpty() && accessKeySecret.isEmpty(); }
};

namespace storage {
inline const QString Local = QStringLiteral("local");
inline const QString Oss = QStringLiteral("oss");
inline const QString S3 = QStringLiteral("s3");
bool isKnownType(const QString &type);
// Endpoints are kept normalized (scheme included, no trailing '/') so lookups match.
QString normalizeEndpoint(const QString &storageType, const QString &endpoint);
// A local location's folder, checked where it really is (symbolic links resolved, also of a
// parent when the folder does not exist yet). Refused: the file-system root and system folders
// (anything under /etc, /usr, /bin, /sbin, /lib*, /boot, /dev, /proc, /sys, /run; the roots
// /home, /var, /var/lib, /srv, /mnt, /media, /opt, /tmp themselves), the home folder itself and
// the data directory itself. Their subfolders (~/Snapshots, /srv/livesnap, /var/lib/livesnap,
// <data-dir>/storage/x) are fine.
Status validateLocalFolder(const QString &path, const QString &dataDirectory,
                           const QString &homeDirectory);
} // namespace storage

} // namespace livesnap
