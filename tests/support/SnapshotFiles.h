#pragma once

#include "service/SnapshotService.h"

namespace livesnap::test {

// A real-time file record for a job on the "default" local location, named by its sequence
// number (what repository and service tests record without capturing anything).
inline SnapshotFile localSnapshot(const QString &jobId, qint64 createTimestamp, qint64 sequence)
{
    return SnapshotFile{jobId,
                        QString(),
                        QStringLiteral("default"),
                        QStringLiteral("snapshot/%1/%2.jpg").arg(jobId).arg(sequence),
                        createTimestamp,
                        sequence,
                        false,
                        3,
                        2,
                        2};
}

// Every real-time (non-overwrite) file the catalog lists for a job, paging on NextStartTime.
inline QList<SnapshotFile> realtimeFiles(SnapshotService &service, const QString &jobId)
{
    QList<SnapshotFile> all;
    FileQuery q;
    q.jobId = jobId;
    q.limit = 100;
    while (true) {
        auto page = service.listLiveSnapshotFiles(q);
        if (!page) {
            break;
        }
        for (const auto &f : page->files) {
            if (!f.isOverlay) {
                all << f;
            }
        }
        if (!page->nextStartTime.isValid()) {
            break;
        }
        q.startTime = page->nextStartTime;
    }
    return all;
}

} // namespace livesnap::test
