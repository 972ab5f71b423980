#pragma once

#include "catalog/Catalog.h"

#include <QList>
#include <QString>

namespace livesnap {

// One row of the catalog's change log (catalog_changes, written by triggers in the same
// transaction as the change itself, whichever process made it).
struct CatalogChange {
    qint64 seq = 0;
    QString kind;   // changelog::Job, JobRemoved, Files, Templates, Locations, ...
    QString itemId; // the job id for the job kinds and files; empty for templates and locations
};

namespace changelog {
inline const QString Job = QStringLiteral("job");
inline const QString JobRemoved = QStringLiteral("job-removed");
inline const QString Files = QStringLiteral("files");
inline const QString Templates = QStringLiteral("templates");
inline const QString Locations = QStringLiteral("locations");
inline const QString CallbackSettings = QStringLiteral("callback-settings");
} // namespace changelog

// Reads the change log and SQLite's data_version (which moves only when another connection
// committed): enough for an engine to notice other processes' changes without reading the
// catalog itself. On PostgreSQL the newest row written by another connection stands in for
// data_version, and rows are numbered when written, not when committed: a row may become visible
// after a newer one (see CatalogWatcher's look-back).
class CatalogChangeLog {
public:
    explicit CatalogChangeLog(Catalog &catalog)
        : m_catalog(catalog)
    {}

    // Changes when another connection (another process) committed since the last reading on
    // this connection; this connection's own commits leave it alone.
    Result<qint64> dataVersion() const;
    // How far back a reader looks again for rows committed late (0 on SQLite, whose writers
    // commit in turn).
    int lateRowWindow() const;
    // The newest and the oldest seq in the log (0 when it is empty).
    Result<qint64> lastSeq() const;
    Result<qint64> firstSeq() const;
    // The rows after `seq`, oldest first, at most `limit`; on PostgreSQL without this
    // connection's own rows.
    Result<QList<CatalogChange>> after(qint64 seq, int limit) const;
    // Every job id (to resynchronise when rows were pruned before they were read).
    Result<QStringList> allJobIds() const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
