#include "files/FileRangeReader.h"

#include "service/SnapshotService.h"

#include <QHash>

namespace livesnap::ui::rangereader {

namespace {

// Newer objects one sync carries at most (a burst beyond it is counted, not listed).
constexpr int MaxNewerPages = 5;

// Each object with the kind of store that holds it (its bytes are reached through the
// ImagePipeline, which asks the engine for a link).
Result<QList<FileEntry>> resolve(SnapshotService &service, const QString &jobId,
                                 const QList<SnapshotFile> &files)
{
    QList<FileEntry> out;
    if (files.isEmpty()) {
        return out;
    }
    auto job = service.getLiveSnapshotJob(jobId);
    if (!job) {
        return job.error();
    }
    struct Resolved {
        bool local = false;
        QString error;
    };
    QHash<QString, Resolved> locations;
    out.reserve(files.size());
    for (const SnapshotFile &file : files) {
        const QString where = file.ossEndpoint + QLatin1Char('\n') + file.ossBucket;
        auto found = locations.find(where);
        if (found == locations.end()) {
            Resolved resolved;
            // The file row names its first confirmed copy's store: one of the job's stores.
            QString type = job->snapshotOutput.storageType;
            for (const SnapshotOutput &output : job->snapshotOutputs) {
                if (output.endpoint == file.ossEndpoint && output.bucket == file.ossBucket) {
                    type = output.storageType;
                    break;
                }
            }
            auto location =
                service.storageLocation(SnapshotOutput{type, file.ossEndpoint, file.ossBucket});
            if (!location) {
                resolved.error = location.error().message;
            } else {
                resolved.local = location->storageType == storage::Local;
            }
            found = locations.insert(where, resolved);
        }
        out << FileEntry{file, found->local, found->error};
    }
    return out;
}

} // namespace

Result<QList<FileEntry>> readAt(SnapshotService &service, const FileQuery &query, qint64 offset,
                                qint64 rangeCount)
{
    auto files = service.listLiveSnapshotFilesAt(query, offset, rangeCount);
    if (!files) {
        return files.error();
    }
    return resolve(service, query.jobId, *files);
}

Result<RangeSync> sync(SnapshotService &service, const FileQuery &query,
                       const QDateTime &previousBound)
{
    RangeSync out;
    const bool open = !query.endTime.isValid() || previousBound < query.endTime;
    if (previousBound.isValid() && open) {
        FileQuery newer = query;
        newer.startTime = previousBound.addMSecs(1);
        newer.sortBy = QStringLiteral("asc");
        QList<SnapshotFile> files;
        for (int page = 0; page < MaxNewerPages; ++page) {
            auto got = service.listLiveSnapshotFilesAt(newer, qint64(page) * newer.limit);
            if (!got) {
                return got.error();
            }
            files << *got;
            if (got->size() < newer.limit) {
                break;
            }
            out.overflow = page + 1 == MaxNewerPages;
        }
        if (out.overflow) {
            files.clear();
        }
        auto entries = resolve(service, query.jobId, files);
        if (!entries) {
            return entries.error();
        }
        out.newer = *entries;
    }
    // The newest time in the range: the bound positions are counted against.
    FileQuery newest = query;
    newest.sortBy = QStringLiteral("desc");
    newest.limit = 1;
    auto top = service.listLiveSnapshotFilesAt(newest, 0);
    if (!top) {
        return top.error();
    }
    out.bound = top->isEmpty() ? QDateTime() : top->constFirst().createTime();
    if (!out.overflow && !out.newer.isEmpty()) {
        out.bound = out.newer.constLast().file.createTime();
    } else if (!out.overflow && previousBound.isValid() && out.bound.isValid()) {
        out.bound = qMin(out.bound, previousBound); // nothing newer: keep the old bound
    }
    if (!out.bound.isValid()) {
        return out;
    }
    FileQuery counted = query;
    counted.endTime = out.bound;
    auto count = service.countLiveSnapshotFiles(counted);
    if (!count) {
        return count.error();
    }
    out.count = *count;
    auto first = readAt(service, counted, 0, out.count);
    if (!first) {
        return first.error();
    }
    out.first = *first;
    return out;
}

} // namespace livesnap::ui::rangereader
