#pragma once

// Many snapshot files of one job written into the real catalog at once (one transaction), for
// the tests and the benchmark of the grid at scale. Their bytes are not written: the grid reads
// rows, not thumbnails, at this size.

#include "../UiTestSupport.h"
#include "catalog/Schema.h"
#include "engine/EngineHost.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace livesnap::uitest {

// Records `count` real-time objects of a job, 1 s apart from `firstMs` (object i is
// snapshot/<job>/bulk/<i+1>.jpg, sequence i+1). Returns an error message, empty on success.
inline QString insertBulkFiles(EngineHost &host, const QString &jobId, int count, qint64 firstMs)
{
    const auto done = callEngine(
        host,
        [=](SnapshotService &s) -> QString {
            Catalog &catalog = s.catalog();
            if (!catalog.beginTransaction()) {
                return QStringLiteral("no transaction");
            }
            QSqlQuery insert(catalog.database());
            insert.prepare(QStringLiteral(
                "INSERT INTO snapshot_files (job_id, oss_object, location_id, oss_endpoint, "
                "oss_bucket, create_timestamp, sequence, is_overlay, size, width, height) "
                "VALUES (?, ?, ?, '', 'default', ?, ?, 0, 1000, 640, 360)"));
            for (int i = 0; i < count; ++i) {
                insert.bindValue(0, jobId);
                insert.bindValue(1,
                                 QStringLiteral("snapshot/%1/bulk/%2.jpg").arg(jobId).arg(i + 1));
                insert.bindValue(2, schema::DefaultLocationId);
                insert.bindValue(3, firstMs + qint64(i) * 1000);
                insert.bindValue(4, qint64(i) + 1);
                if (!insert.exec()) {
                    catalog.rollback();
                    return insert.lastError().text();
                }
            }
            return catalog.commit() ? QString() : QStringLiteral("commit failed");
        },
        600000);
    return done ? *done : QStringLiteral("the engine did not answer");
}

} // namespace livesnap::uitest
