#include "service/FileOperations.h"

#include "service/JobOperations.h"
#include "service/StorageLocationOperations.h"
#include "storage/ObjectStore.h"

#include <QHostInfo>
#include <QTimeZone>

#include <algorithm>

namespace livesnap {

namespace {
constexpr int MaxLinkSeconds = 7 * 24 * 3600;
} // namespace

FileOperations::FileOperations(ServiceContext &context, JobOperations &jobs,
                               StorageLocationOperations &locations)
    : m_context(context)
    , m_jobs(jobs)
    , m_locations(locations)
{}

Status FileOperations::validateFileQuery(const FileQuery &query, bool paged)
{
    if (auto job = m_jobs.requireJob(query.jobId); !job) {
        return job.error();
    }
    if (paged && (query.limit < 1 || query.limit > MaxPageSize)) {
        return invalidParameter(QStringLiteral("Limit"),
                                tr("Limit is %1; use 1 to %2.").arg(query.limit).arg(MaxPageSize));
    }
    if (auto s = validateSortBy(query.sortBy); !s) {
        return s;
    }
    if (query.startTime.isValid() && query.endTime.isValid() && query.startTime > query.endTime) {
        return invalidParameter(QStringLiteral("EndTime"), tr("EndTime is before StartTime."));
    }
    return success();
}

Result<FilePage> FileOperations::listLiveSnapshotFiles(const FileQuery &query)
{
    if (auto s = validateFileQuery(query, true); !s) {
        return s.error();
    }
    return m_context.files().list(query);
}

Result<qint64> FileOperations::countLiveSnapshotFiles(const FileQuery &query)
{
    // A count has no page: its limit is not checked.
    if (auto s = validateFileQuery(query, false); !s) {
        return s.error();
    }
    return m_context.files().count(query);
}

Result<QList<SnapshotFile>>
FileOperations::listLiveSnapshotFilesAt(const FileQuery &query, qint64 offset, qint64 rangeCount)
{
    if (auto s = validateFileQuery(query, true); !s) {
        return s.error();
    }
    if (offset < 0) {
        return invalidParameter(QStringLiteral("Offset"),
                                tr("Offset is %1; use 0 or more.").arg(offset));
    }
    return m_context.files().listAt(query, offset, rangeCount);
}

namespace {
// Removes keys[i..] one after the other; finish gets the failures by key.
void removeEach(ObjectStore &store, const QStringList &keys, int i,
                std::shared_ptr<QHash<QString, QString>> failures,
                std::function<void(Result<QHash<QString, QString>>)> finish)
{
    if (i >= keys.size()) {
        finish(*failures);
        return;
    }
    store.remove(keys.at(i), [&store, keys, i, failures, finish](const Status &s) {
        if (!s) {
            failures->insert(keys.at(i), s.error().message);
        }
        removeEach(store, keys, i + 1, failures, finish);
    });
}
} // namespace

FileDeleteResult FileOperations::settleRecordsOf(FileDeleteResult result,
                                                 const QList<SnapshotFile> &files,
                                                 const QHash<QString, QString> &failures,
                                                 QStringList *gone)
{
    if (files.isEmpty()) {
        result.message =
            tr("No snapshot of this job has CreateTimestamp %1.").arg(result.createTimestamp);
        return result;
    }
    bool allDeleted = true;
    for (const SnapshotFile &f : files) {
        if (failures.contains(f.ossObject)) {
            // Keep the record: the object is still there and can be deleted again.
            result.message = failures.value(f.ossObject);
            allDeleted = false;
            continue;
        }
        *gone << f.ossObject;
    }
    result.deleted = allDeleted;
    return result;
}

void FileOperations::deleteLiveSnapshotFiles(const QString &jobId,
                                             const QList<qint64> &createTimestamps,
                                             bool deleteOriginalFile,
                                             Reply<QList<FileDeleteResult>> done)
{
    using Results = Result<QList<FileDeleteResult>>;
    using Failures = Result<QHash<QString, QString>>;
    auto job = m_jobs.requireJob(jobId);
    if (!job) {
        m_context.answer(done, Results(job.error()));
        return;
    }
    if (createTimestamps.isEmpty() || createTimestamps.size() > MaxDeleteFiles) {
        m_context.answer(
            done, Results(invalidParameter(QStringLiteral("CreateTimestampList"),
                                           tr("CreateTimestampList has %1 entries; give 1 to %2 "
                                              "CreateTimestamp values from ListLiveSnapshotFiles.")
                                               .arg(createTimestamps.size())
                                               .arg(MaxDeleteFiles))));
        return;
    }
    QList<std::pair<qint64, QList<SnapshotFile>>> found;
    QStringList keys;
    std::optional<SnapshotFile> first;
    for (const qint64 ts : createTimestamps) {
        auto files = m_context.files().withTimestamp(jobId, ts);
        if (!files) {
            m_context.answer(done, Results(files.error()));
            return;
        }
        for (const SnapshotFile &f : *files) {
            keys << f.ossObject;
            if (!first) {
                first = f;
            }
        }
        found.append({ts, *files});
    }
    // Records go once their objects are gone; `failures` says which objects are not.
    auto settle = [this, jobId, found, done](const Failures &failures) {
        QList<FileDeleteResult> results;
        QStringList gone;
        for (const auto &[ts, files] : found) {
            FileDeleteResult result{ts, false, QString()};
            if (!failures && !files.isEmpty()) {
                result.message = failures.error().message;
                results << result;
                continue;
            }
            results << settleRecordsOf(result, files,
                                       failures ? *failures : QHash<QString, QString>(), &gone);
        }
        // The whole batch's records in one transaction, not one commit per row.
        if (auto removed = m_context.files().removeAll(jobId, gone); !removed) {
            done(removed.error());
            return;
        }
        emit m_context.notifier().filesChanged(jobId);
        done(results);
    };
    if (!deleteOriginalFile || !first) {
        m_context.answer<Failures>(settle, QHash<QString, QString>());
        return;
    }
    // Every store that keeps (or is to keep) a copy, with the keys to remove there.
    QList<std::pair<QString, QStringList>> plan;
    for (const auto &[ts, files] : found) {
        for (const SnapshotFile &f : files) {
            QList<FileCopy> copies = f.stores;
            if (copies.isEmpty()) {
                copies << FileCopy{job->locationId, job->snapshotOutput, true};
            }
            for (const FileCopy &copy : copies) {
                auto at = std::find_if(plan.begin(), plan.end(),
                                       [&](const auto &p) { return p.first == copy.locationId; });
                if (at == plan.end()) {
                    plan.append({copy.locationId, QStringList()});
                    at = std::prev(plan.end());
                }
                at->second << f.ossObject;
            }
        }
    }
    removeFromStores(plan, 0, std::make_shared<QHash<QString, QString>>(), settle);
}

void FileOperations::removeFromStores(const QList<std::pair<QString, QStringList>> &plan, int i,
                                      std::shared_ptr<QHash<QString, QString>> failures,
                                      std::function<void(Result<QHash<QString, QString>>)> done)
{
    using Failures = Result<QHash<QString, QString>>;
    if (i >= plan.size()) {
        m_context.answer<Failures>(done, *failures);
        return;
    }
    const QStringList keys = plan.at(i).second;
    auto location = m_locations.storageLocation(plan.at(i).first);
    if (!location) {
        // The objects there cannot be removed: their records stay, with the reason.
        for (const QString &key : keys) {
            failures->insert(key, location.error().message);
        }
        removeFromStores(plan, i + 1, failures, done);
        return;
    }
    m_context.storeTasks().run<Failures>(
        m_locations.openerFor(*location),
        [keys](ObjectStore &store, std::function<void(Failures)> finish) {
            removeEach(store, keys, 0, std::make_shared<QHash<QString, QString>>(), finish);
        },
        m_context.channel(),
        [this, plan, i, failures, done, keys](const Failures &there) {
            if (!there) {
                for (const QString &key : keys) {
                    failures->insert(key, there.error().message);
                }
            } else {
                for (auto it = there->cbegin(); it != there->cend(); ++it) {
                    failures->insert(it.key(), it.value());
                }
            }
            removeFromStores(plan, i + 1, failures, done);
        });
}

Result<FileCopy> FileOperations::pickCopy(const SnapshotFile &file,
                                          const std::optional<SnapshotOutput> &store)
{
    QList<FileCopy> copies = file.stores;
    if (copies.isEmpty()) {
        // Recorded without copies (never by this version): the row's own store.
        return Error::user(errc::StorageLocationNotFound,
                           tr("Snapshot \"%1\" has no recorded copy.").arg(file.ossObject));
    }
    QStringList named;
    for (const FileCopy &copy : copies) {
        named << copy.store.storageType + QLatin1Char(' ') +
                     (copy.store.endpoint.isEmpty() ? QString()
                                                    : copy.store.endpoint + QLatin1Char(' ')) +
                     copy.store.bucket;
        const bool wanted = store ? copy.store == *store : copy.confirmed;
        if (!wanted) {
            continue;
        }
        if (!copy.confirmed) {
            return Error::user(errc::StorageUnavailable,
                               tr("The copy of \"%1\" in %2 is not stored yet (that store is "
                                  "behind or unreachable); ask again later, or ask for another "
                                  "store's copy.")
                                   .arg(file.ossObject, named.constLast()));
        }
        return copy;
    }
    if (!store) {
        return Error::user(
            errc::StorageUnavailable,
            tr("No copy of \"%1\" is stored yet; ask again later.").arg(file.ossObject));
    }
    return invalidParameter(QStringLiteral("Bucket"),
                            tr("This job keeps no copy of \"%1\" in %2 %3; its stores are: %4.")
                                .arg(file.ossObject, store->storageType, store->bucket,
                                     named.join(QStringLiteral(", "))));
}

void FileOperations::getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject,
                                            int ttlSeconds,
                                            const std::optional<SnapshotOutput> &store,
                                            Reply<SignedLink> done)
{
    using Link = Result<SignedLink>;
    if (auto job = m_jobs.requireJob(jobId); !job) {
        m_context.answer(done, Link(job.error()));
        return;
    }
    if (ttlSeconds < 1 || ttlSeconds > MaxLinkSeconds) {
        m_context.answer(done,
                         Link(invalidParameter(QStringLiteral("ExpireSeconds"),
                                               tr("ExpireSeconds is %1; use 1 to %2 (7 days).")
                                                   .arg(ttlSeconds)
                                                   .arg(MaxLinkSeconds))));
        return;
    }
    auto file = m_context.files().find(jobId, ossObject);
    if (!file) {
        m_context.answer(done, Link(file.error()));
        return;
    }
    if (!file->has_value()) {
        m_context.answer(done, Link(invalidParameter(QStringLiteral("OssObject"),
                                                     tr("Job %1 has no stored object \"%2\"; take "
                                                        "OssObject from ListLiveSnapshotFiles.")
                                                         .arg(jobId, ossObject))));
        return;
    }
    auto copy = pickCopy(**file, store);
    if (!copy) {
        m_context.answer(done, Link(copy.error()));
        return;
    }
    auto location = m_locations.storageLocation(copy->locationId);
    if (!location) {
        m_context.answer(done, Link(location.error()));
        return;
    }
    // A local folder of another machine: only that machine has the file and serves its link.
    if (location->storageType == QLatin1String("local") && !location->host.isEmpty() &&
        !location->sharedMount && location->host != QHostInfo::localHostName()) {
        m_context.answer(
            done,
            Link(Error::user(QStringLiteral("FileOnOtherHost"),
                             tr("The object \"%1\" is in a local folder of the machine %2, which "
                                "only that machine can read: ask for its link there (livesnapctl "
                                "GetLiveSnapshotFileUrl on %2, or its console), or keep snapshots "
                                "in OSS/S3 or a folder marked --SharedMount true.")
                                 .arg(ossObject, location->host))));
        return;
    }
    // Signing needs no I/O, but an OSS / S3 key comes from the keychain: read it off thread.
    m_context.offThread(
        [open = m_locations.openerFor(*location), ossObject, ttlSeconds,
         now = m_context.clock().now()]() -> Link {
            auto opened = open();
            if (!opened) {
                return opened.error();
            }
            auto url = (*opened)->presignGet(ossObject, ttlSeconds, now);
            if (!url) {
                return url.error();
            }
            return SignedLink{*url,
                              QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() + ttlSeconds,
                                                            QTimeZone::utc()),
                              (*opened)->localPathOf(ossObject)};
        },
        std::move(done));
}

} // namespace livesnap
