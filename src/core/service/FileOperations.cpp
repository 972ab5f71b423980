#include "service/FileOperations.h"

#include "service/JobOperations.h"
#include "service/StorageLocationOperations.h"
#include "storage/ObjectStore.h"

#include <QTimeZone>

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
    auto location = m_locations.storageLocation(
        SnapshotOutput{job->snapshotOutput.storageType, first->ossEndpoint, first->ossBucket});
    if (!location) {
        m_context.answer<Failures>(settle, location.error());
        return;
    }
    m_context.storeTasks().run<Failures>(
        m_locations.openerFor(*location),
        [keys](ObjectStore &store, std::function<void(Failures)> finish) {
            removeEach(store, keys, 0, std::make_shared<QHash<QString, QString>>(), finish);
        },
        m_context.channel(), settle);
}

void FileOperations::getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject,
                                            int ttlSeconds, Reply<SignedLink> done)
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
    auto locationId = m_context.files().locationOf(jobId, ossObject);
    if (!locationId) {
        m_context.answer(done, Link(locationId.error()));
        return;
    }
    if (!locationId->has_value()) {
        m_context.answer(done, Link(invalidParameter(QStringLiteral("OssObject"),
                                                     tr("Job %1 has no stored object \"%2\"; take "
                                                        "OssObject from ListLiveSnapshotFiles.")
                                                         .arg(jobId, ossObject))));
        return;
    }
    auto location = m_locations.storageLocation(**locationId);
    if (!location) {
        m_context.answer(done, Link(location.error()));
        return;
    }
    // Signing needs no I/O, but an OSS / S3 key comes from the keychain: read it off thread.
    m_context.offThread(
        [open = m_locations.openerFor(*location), ossObject, ttlSeconds,
         now = m_context.clock().now()]() -> Link {
            auto store = open();
            if (!store) {
                return store.error();
            }
            auto url = (*store)->presignGet(ossObject, ttlSeconds, now);
            if (!url) {
                return url.error();
            }
            return SignedLink{*url,
                              QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() + ttlSeconds,
                                                            QTimeZone::utc()),
                              (*store)->localPathOf(ossObject)};
        },
        std::move(done));
}

} // namespace livesnap
