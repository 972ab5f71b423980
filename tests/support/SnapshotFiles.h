#pragma once

#include "service/SnapshotService.h"

namespace livesnap::test {

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
