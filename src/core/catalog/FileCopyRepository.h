#pragma once

#include "catalog/Catalog.h"
#include "domain/SnapshotFile.h"

#include <QStringList>

namespace livesnap {

// SQL for file_copies: each snapshot object's copy in each store of its job, pending until that
// store holds it whole (confirmed). A copy follows its object's newest snapshot (an overwrite
// object is replaced in place), so "held" means confirmed at that snapshot or at a newer one.
class FileCopyRepository {
public:
    explicit FileCopyRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // The store `locationId` holds f (of f.createTimestamp) whole: its copy is confirmed; the
    // job's other stores get a pending copy if they have none, and copies of an older snapshot
    // of the object wait for this one. Within the caller's transaction.
    Status confirm(const SnapshotFile &f, const QString &locationId);
    // Whether every store of the job holds these objects of the snapshot at createTimestamp.
    Result<bool> heldEverywhere(const QString &jobId, const QStringList &ossObjects,
                                qint64 createTimestamp) const;
    // The stores that hold all of these objects of the snapshot at createTimestamp.
    Result<QStringList> locationsHolding(const QString &jobId, const QStringList &ossObjects,
                                         qint64 createTimestamp) const;
    // Fills each file's copies with their stores, in the job's store order; a copy still of an
    // older snapshot of the object is reported unconfirmed.
    Status attach(QList<SnapshotFile> &files) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
