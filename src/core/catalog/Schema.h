#pragma once

#include "catalog/SqlDialect.h"

#include <QList>
#include <QStringList>

namespace livesnap::schema {

// One step of the catalog schema; applied in a transaction, recorded in schema_version.
// ":now" in a statement is replaced by the migration time (ms since the epoch).
struct Migration {
    int version;
    QStringList statements;
};

// The steps for a catalog of that dialect: the same tables, columns and numbering on both; only
// the change log's triggers (and its seq column) are written per dialect.
QList<Migration> migrations(SqlDialect dialect);
int currentVersion();

// Fixed ids of the shipped system templates and the embedded default storage location.
inline const QString SystemOverwrite5s = QStringLiteral("system-overwrite-5s");
inline const QString SystemRealtime10s = QStringLiteral("system-realtime-10s");
inline const QString SystemRealtime60s = QStringLiteral("system-realtime-60s");
inline const QString DefaultLocationId = QStringLiteral("local-default");

// The change log (catalog_changes) keeps about its last ChangeLogKeep rows: every
// ChangeLogPruneEvery-th row removes those older than that.
inline constexpr int ChangeLogKeep = 4096;
inline constexpr int ChangeLogPruneEvery = 512;

} // namespace livesnap::schema
