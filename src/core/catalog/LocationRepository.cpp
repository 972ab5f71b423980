#include "catalog/LocationRepository.h"

#include "catalog/SqlHelpers.h"

namespace livesnap {

namespace {
const QString Select = QStringLiteral(
    "SELECT location_id, storage_type, endpoint, bucket, region, path_style, path, built_in, "
    "create_time, modified_time, signature_version, host, shared_mount FROM storage_locations");

StorageLocation fromRow(const QSqlQuery &q)
{
    StorageLocation l;
    l.locationId = q.value(0).toString();
    l.storageType = q.value(1).toString();
    l.endpoint = q.value(2).toString();
    l.bucket = q.value(3).toString();
    l.region = q.value(4).toString();
    l.pathStyle = q.value(5).toInt() != 0;
    l.path = q.value(6).toString();
    l.builtIn = q.value(7).toInt() != 0;
    l.createTime = sql::time(q.value(8));
    l.modifiedTime = sql::time(q.value(9));
    l.signatureVersion = q.value(10).toString();
    l.host = q.value(11).toString();
    l.sharedMount = q.value(12).toInt() != 0;
    return l;
}

Result<std::optional<StorageLocation>> first(Result<QSqlQuery> r)
{
    if (!r) {
        return r.error();
    }
    if (!r->next()) {
        return std::optional<StorageLocation>();
    }
    return std::optional<StorageLocation>(fromRow(*r));
}
} // namespace

Status LocationRepository::insert(const StorageLocation &l)
{
    auto r = m_catalog.exec(
        QStringLiteral(
            "INSERT INTO storage_locations (location_id, storage_type, endpoint, "
            "bucket, region, path_style, path, built_in, create_time, modified_time, "
            "signature_version, host, shared_mount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)"),
        {l.locationId, l.storageType, l.endpoint, l.bucket, l.region, l.pathStyle ? 1 : 0, l.path,
         l.builtIn ? 1 : 0, sql::ms(l.createTime), sql::ms(l.modifiedTime), l.signatureVersion,
         l.host, l.sharedMount ? 1 : 0});
    return r ? success() : Status(r.error());
}

Status LocationRepository::update(const StorageLocation &l)
{
    auto r = m_catalog.exec(
        QStringLiteral("UPDATE storage_locations SET region = ?, path_style = ?, path = ?, "
                       "modified_time = ?, signature_version = ?, host = ?, shared_mount = ? WHERE "
                       "location_id = ?"),
        {l.region, l.pathStyle ? 1 : 0, l.path, sql::ms(l.modifiedTime), l.signatureVersion, l.host,
         l.sharedMount ? 1 : 0, l.locationId});
    return r ? success() : Status(r.error());
}

Result<bool> LocationRepository::remove(const QString &locationId)
{
    auto r = m_catalog.exec(QStringLiteral("DELETE FROM storage_locations WHERE location_id = ?"),
                            {locationId});
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected() > 0;
}

Result<std::optional<StorageLocation>> LocationRepository::find(const QString &locationId) const
{
    return first(m_catalog.exec(Select + QStringLiteral(" WHERE location_id = ?"), {locationId}));
}

Result<std::optional<StorageLocation>> LocationRepository::find(const SnapshotOutput &o) const
{
    return first(m_catalog.exec(
        Select + QStringLiteral(" WHERE storage_type = ? AND endpoint = ? AND bucket = ?"),
        {o.storageType, o.endpoint, o.bucket}));
}

Result<QList<StorageLocation>> LocationRepository::list() const
{
    auto r = m_catalog.exec(Select + QStringLiteral(" ORDER BY built_in DESC, create_time ASC"));
    if (!r) {
        return r.error();
    }
    QList<StorageLocation> all;
    while (r->next()) {
        all << fromRow(*r);
    }
    return all;
}

Result<qint64> LocationRepository::jobCount(const QString &locationId) const
{
    // Jobs that keep a copy there, first store or not.
    auto r = m_catalog.scalar(
        QStringLiteral("SELECT COUNT(*) FROM jobs j WHERE j.location_id = ? OR EXISTS (SELECT 1 "
                       "FROM job_outputs o WHERE o.job_id = j.job_id AND o.location_id = ?)"),
        {locationId, locationId});
    if (!r) {
        return r.error();
    }
    return r->toLongLong();
}

} // namespace livesnap
