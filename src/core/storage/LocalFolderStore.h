#pragma once

#include "storage/LinkSigner.h"
#include "storage/ObjectStore.h"

#include <optional>

namespace livesnap {

// Objects as files under one root folder; keys are relative paths. Writes go to a temporary
// file that is flushed to disk and renamed over the target. Local disk I/O is quick, so the
// operations are also offered synchronously (the engine thread stores spooled snapshots with
// them); the asynchronous ObjectStore calls do the same work and answer from the event loop.
class LocalFolderStore final : public ObjectStore {
public:
    explicit LocalFolderStore(const QString &root);

    Status put(const QString &key, const QByteArray &bytes);
    // A hard link to the (already fsynced) spool file, renamed into place: no copy, no second
    // fsync. Falls back to a copy across file systems.
    Status putFile(const QString &key, const QString &path);
    Result<QByteArray> get(const QString &key);
    Status remove(const QString &key);

    void put(const QString &key, const QByteArray &bytes, Done done) override;
    void putFile(const QString &key, const QString &path, Done done) override;
    void get(const QString &key, BytesDone done) override;
    void remove(const QString &key, Done done) override;

    // Absolute file path of a key, or an error for a key that would leave the root.
    Result<QString> pathOf(const QString &key) const;
    QString root() const { return m_root; }

    // Links to this folder's objects are signed for the engine's link server.
    void setLinkSigner(const LinkSigner &signer, const QString &locationId);
    Result<QUrl> presignGet(const QString &key, int ttlSeconds,
                            const QDateTime &now) const override;

private:
    Status copyFile(const QString &key, const QString &source);

    QString m_root;
    std::optional<LinkSigner> m_signer;
    QString m_locationId;
};

} // namespace livesnap
