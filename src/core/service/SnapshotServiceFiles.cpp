// SnapshotService: listing and deleting snapshot files.
#include "service/SnapshotService.h"

#include "storage/ObjectStore.h"

namespace livesnap {

// ---- Files ----------------------------------------------------------------------------------

Status SnapshotService::validateFileQuery(const FileQuery &query, bool paged)
{
    if (auto job = requireJob(query.jobId); !job) {
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

Result<FilePage> SnapshotService::listLiveSnapshotFiles(const FileQuery &query)
{
    if (auto s = validateFileQuery(query, true); !s) {
        return s.error();
    }
    return m_files.list(query);
}

Result<qint64> SnapshotService::countLiveSnapshotFiles(const FileQuery &query)
{
    // A count has no page: its limit is not checked.
    if (auto s = validateFileQuery(query, false); !s) {
        return s.error();
    }
    return m_files.count(query);
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

Result<FileDeleteResult> SnapshotService::deleteRecordsOf(const QString &jobId,
                                                          FileDeleteResult result,
                                                          const QList<SnapshotFile> &files,
                                                          const QHash<QString, QString> &failures)
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
        if (auto s = m_files.remove(jobId, f.ossObject); !s) {
            return s.error();
        }
    }
    result.deleted = allDeleted;
    return result;
}

void SnapshotService::deleteLiveSnapshotFiles(const QString &jobId,
                                              const QList<qint64> &createTimestamps,
                                              bool deleteOriginalFile,
                                              Reply<QList<FileDeleteResult>> done)
{
    using Results = Result<QList<FileDeleteResult>>;
    using Failures = Result<QHash<QString, QString>>;
    auto job = requireJob(jobId);
    if (!job) {
        answer(done, Results(job.error()));
        return;
    }
    if (createTimestamps.isEmpty() || createTimestamps.size() > MaxDeleteFiles) {
        answer(done,
               Results(invalidParameter(QStringLiteral("CreateTimestampList"),
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
        auto files = m_files.withTimestamp(jobId, ts);
        if (!files) {
            answer(done, Results(files.error()));
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
        for (const auto &[ts, files] : found) {
            FileDeleteResult result{ts, false, QString()};
            if (!failures && !files.isEmpty()) {
                result.message = failures.error().message;
                results << result;
                continue;
            }
            auto settled = deleteRecordsOf(jobId, result, files,
                                           failures ? *failures : QHash<QString, QString>());
            if (!settled) {
                done(settled.error());
                return;
            }
            results << *settled;
        }
        emit filesChanged(jobId);
        done(results);
    };
    if (!deleteOriginalFile || !first) {
        answer<Failures>(settle, QHash<QString, QString>());
        return;
    }
    auto location = storageLocation(
        SnapshotOutput{job->snapshotOutput.storageType, first->ossEndpoint, first->ossBucket});
    if (!location) {
        answer<Failures>(settle, location.error());
        return;
    }
    storeTasks().run<Failures>(
        openerFor(*location),
        [keys](ObjectStore &store, std::function<void(Failures)> finish) {
            removeEach(store, keys, 0, std::make_shared<QHash<QString, QString>>(), finish);
        },
        m_channel, settle);
}

} // namespace livesnap
