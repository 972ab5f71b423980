#pragma once

#include "common/DurableFile.h"
#include "storage/LinkSigner.h"
#include "storage/ObjectStore.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>
#include <vector>

namespace livesnap {

// Objects as files under one root folder; keys are relative paths. Writes go to a temporary
// file that is flushed to disk, checked and renamed over the target (DurableFile); a write
// reports success only once the object's size on disk is what was written. Nothing inside the
// root is reached through a symbolic link.
class LocalFolderStore final : public ObjectStore {
    Q_DECLARE_TR_FUNCTIONS(livesnap::LocalFolderStore)

public:
    explicit LocalFolderStore(const QString &root);

    Status put(const QString &key, const QByteArray &bytes);
    // A hard link to the (already fsynced) spool file, renamed into place: no copy, no second
    // fsync. Falls back to a checked copy across file systems. Either way the stored size is
    // compared with the spool file's before it reports success.
    Status putFile(const QString &key, const QString &path);
    Result<QByteArray> get(const QString &key);
    Status remove(const QString &key);

    // ObjectStore: the same operations, answered from the event loop, on the thread that owns
    // the store (ObjectStore's rule, asserted). Local disk I/O is quick, so the engine thread
    // also stores spooled snapshots with the synchronous ones above, which keep no state
    // between calls and need no particular thread.
    void put(const QString &key, const QByteArray &bytes, Done done) override;
    void putFile(const QString &key, const QString &path, Done done) override;
    void get(const QString &key, BytesDone done) override;
    void remove(const QString &key, Done done) override;

    // Absolute file path of a key, or an error for a key that would leave the root.
    Result<QString> pathOf(const QString &key) const;
    QString root() const { return m_root; }

    // Links to this folder's objects are signed for the engine's link server.
    void setLinkSigner(const LinkSigner &signer, const QString &locationId);
    QString localPathOf(const QString &key) const override;
    Result<QUrl> presignGet(const QString &key, int ttlSeconds,
                            const QDateTime &now) const override;

private:
    // An open chain of folders from the root to the one that holds an object.
    struct Folder {
        std::vector<FileDescriptor> chain; // root first
        QStringList names;                 // chain[i + 1] is names[i] inside chain[i]
        QString name;                      // the object's file name in the last folder
        QString path;                      // the object's absolute path, for messages
        int fd() const { return chain.back().get(); }
    };
    Result<Folder> openFolderOf(const QString &key, bool create) const;
    static Status verifySize(const Folder &folder, qint64 expected);

    QString m_root;
    std::optional<LinkSigner> m_signer;
    QString m_locationId;
};

} // namespace livesnap
