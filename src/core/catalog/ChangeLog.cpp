#include "catalog/ChangeLog.h"

namespace livesnap {

namespace {
Result<qint64> integer(const Result<QVariant> &value)
{
    if (!value) {
        return value.error();
    }
    return value->isValid() ? value->toLongLong() : 0;
}
} // namespace

Result<qint64> CatalogChangeLog::dataVersion() const
{
    // SQLite: a connection pragma. PostgreSQL has no such counter: the log's newest row stands
    // in (it moves with this connection's own changes too, which are then read back once).
    if (m_catalog.isPostgres()) {
        return integer(m_catalog.scalar(QStringLiteral(
            "SELECT MAX(seq) FROM catalog_changes WHERE origin <> pg_backend_pid()")));
    }
    return integer(m_catalog.scalar(QStringLiteral("PRAGMA data_version")));
}

int CatalogChangeLog::lateRowWindow() const
{
    return m_catalog.isPostgres() ? 512 : 0;
}

Result<qint64> CatalogChangeLog::lastSeq() const
{
    return integer(m_catalog.scalar(QStringLiteral("SELECT MAX(seq) FROM catalog_changes")));
}

Result<qint64> CatalogChangeLog::firstSeq() const
{
    return integer(m_catalog.scalar(QStringLiteral("SELECT MIN(seq) FROM catalog_changes")));
}

Result<QList<CatalogChange>> CatalogChangeLog::after(qint64 seq, int limit) const
{
    auto r = m_catalog.exec(QStringLiteral("SELECT seq, kind, item_id FROM catalog_changes "
                                           "WHERE seq > ?%1 ORDER BY seq LIMIT ?")
                                .arg(m_catalog.isPostgres()
                                         ? QStringLiteral(" AND origin <> pg_backend_pid()")
                                         : QString()),
                            {seq, limit});
    if (!r) {
        return r.error();
    }
    QList<CatalogChange> changes;
    while (r->next()) {
        changes.append(CatalogChange{r->value(0).toLongLong(), r->value(1).toString(),
                                     r->value(2).toString()});
    }
    return changes;
}

Result<QStringList> CatalogChangeLog::allJobIds() const
{
    auto r = m_catalog.exec(QStringLiteral("SELECT job_id FROM jobs"));
    if (!r) {
        return r.error();
    }
    QStringList ids;
    while (r->next()) {
        ids << r->value(0).toString();
    }
    return ids;
}

} // namespace livesnap
