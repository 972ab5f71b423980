#pragma once

#include "service/Requests.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>
#include <QHash>

#include <functional>
#include <memory>
#include <optional>

namespace livesnap {

class JobOperations;
class StorageLocationOperations;

// A job's snapshot files: list and count them, link to one, delete them (records, and stored
// objects off this thread through the location's store). Emits filesChanged.
class FileOperations {
    Q_DECLARE_TR_FUNCTIONS(livesnap::FileOperations)

public:
    template <typename T> using Reply = ServiceContext::Reply<T>;

    FileOperations(ServiceContext &context, JobOperations &jobs,
                   StorageLocationOperations &locations);

    Result<FilePage> listLiveSnapshotFiles(const FileQuery &query);
    // How many objects listLiveSnapshotFiles would page through (one indexed count).
    Result<qint64> countLiveSnapshotFiles(const FileQuery &query);
    // Up to query.limit objects from position `offset` of the range in query.sortBy order (for a
    // grid that shows any part of a range of millions); rangeCount, the range's count when known,
    // lets a far position be read from the other end.
    Result<QList<SnapshotFile>> listLiveSnapshotFilesAt(const FileQuery &query, qint64 offset,
                                                        qint64 rangeCount = -1);
    // A signed link to one stored snapshot object (presigned for OSS/S3; served by the engine's
    // link server for local folders), valid for ttlSeconds. The credentials of an OSS/S3
    // location come from the keychain, read off this thread.
    // `store` picks one of the object's copies; without it, the first confirmed one.
    void getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject, int ttlSeconds,
                                const std::optional<SnapshotOutput> &store, Reply<SignedLink> done);
    // Deleting stored objects runs off this thread, in every store that keeps a copy; records
    // go once their object is gone from all of them.
    void deleteLiveSnapshotFiles(const QString &jobId, const QList<qint64> &createTimestamps,
                                 bool deleteOriginalFile, Reply<QList<FileDeleteResult>> done);

private:
    // The copy a link is for: the one in `store`, or the first confirmed one.
    static Result<FileCopy> pickCopy(const SnapshotFile &file,
                                     const std::optional<SnapshotOutput> &store);
    // Removes plan[i..] (keys per location id) one store after the other; `done` gets the
    // failures by key, on this thread.
    void removeFromStores(const QList<std::pair<QString, QStringList>> &plan, int i,
                          std::shared_ptr<QHash<QString, QString>> failures,
                          std::function<void(Result<QHash<QString, QString>>)> done);
    Status validateFileQuery(const FileQuery &query, bool paged);
    // The result for one timestamp; the objects whose records go are added to `gone`.
    static FileDeleteResult settleRecordsOf(FileDeleteResult result,
                                            const QList<SnapshotFile> &files,
                                            const QHash<QString, QString> &failures,
                                            QStringList *gone);

    ServiceContext &m_context;
    JobOperations &m_jobs;
    StorageLocationOperations &m_locations;
};

} // namespace livesnap
