#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

namespace livesnap {

// One storage location's objects. Local folders, OSS and S3-compatible stores implement it.
// Calls block; engines run them off the GUI thread.
class ObjectStore {
public:
    virtual ~ObjectStore() = default;

    // Writes an object atomically: a reader sees the old bytes or the new, never a part.
    virtual Status put(const QString &key, const QByteArray &bytes) = 0;
    // Stores a file's bytes (the spooled JPEG). Stores that can do better than reading it
    // (a local folder on the same disk: a hard link) override it.
    virtual Status putFile(const QString &key, const QString &path);
    virtual Result<QByteArray> get(const QString &key) = 0;
    // Removing a missing object succeeds.
    virtual Status remove(const QString &key) = 0;
    // Writes, reads back and removes a probe object: does this location work?
    Status probe();
    // A URL anyone can GET the object with until now + ttlSeconds (the store's presigned URL,
    // or for a local folder a signed link served by the engine's link server). No I/O.
    virtual Result<QUrl> presignGet(const QString &key, int ttlSeconds, const QDateTime &now) const;
};

} // namespace livesnap
