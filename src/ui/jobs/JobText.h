#pragma once

#include "domain/StorageLocation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace livesnap::ui {

// How the jobs area writes times and storage locations, in one place.
class JobText {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::JobText)

public:
    // Local time with seconds; empty for an invalid time.
    static QString time(const QDateTime &time);
    // "Local folder: default (/path)", "OSS: bucket @ endpoint", ...
    static QString location(const StorageLocation &location);
    // A SnapshotOutput as the service names it, for when no location row is at hand.
    static QString output(const SnapshotOutput &output);
};

} // namespace livesnap::ui
