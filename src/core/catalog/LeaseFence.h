#pragma once

#include "catalog/Catalog.h"

namespace livesnap {

// The lease a running job's writes are made under: its engine (owner) and the lease's epoch. A
// fenced write is accepted only while that lease is still the job's current one, so an engine
// that paused past its lease (SIGSTOP, a laptop lid) and woke after another engine took the job
// records nothing for it. An empty fence (no owner) writes unconditionally: spooled snapshots
// recovered at start, and tests that run no engine.
struct LeaseFence {
    QString owner;
    qint64 epoch = 0;

    bool isSet() const { return !owner.isEmpty(); }

    // The code of the error a refused write returns.
    static QString lostCode() { return QStringLiteral("LeaseLost"); }
    static bool isLost(const Error &error) { return error.code == lostCode(); }

    // Inside the caller's transaction: locks the job's row while `fence` is its current lease
    // (so a takeover waits for the transaction to end), or refuses with LeaseLost. Nothing to
    // check for an empty fence.
    static Status hold(Catalog &catalog, const QString &jobId, const LeaseFence &fence);
    // " AND <fence condition>" (empty for an empty fence), and its bindings appended to binds.
    static QString condition(const QString &jobId, const LeaseFence &fence, QVariantList *binds);
};

} // namespace livesnap
