#include "catalog/TemplateRepository.h"

#include "catalog/SqlHelpers.h"

namespace livesnap {

namespace {
const QString Columns = QStringLiteral("template_id, template_name, type, time_interval, "
                                       "overwrite_format, sequence_format, create_time, "
                                       "modified_time, width, height, jpeg_quality, "
                                       "capture_mode");

SnapshotTemplate fromRow(const QSqlQuery &q)
{
    SnapshotTemplate t;
    t.templateId = q.value(0).toString();
    t.templateName = q.value(1).toString();
    t.type = q.value(2).toString();
    t.timeInterval = q.value(3).toInt();
    t.overwriteFormat = q.value(4).toString();
    t.sequenceFormat = q.value(5).toString();
    t.createTime = sql::time(q.value(6));
    t.modifiedTime = sql::time(q.value(7));
    t.width = q.value(8).toInt();
    t.height = q.value(9).toInt();
    t.jpegQuality = q.value(10).toInt();
    t.captureMode = q.value(11).toString();
    return t;
}
} // namespace

Status TemplateRepository::insert(const SnapshotTemplate &t)
{
    auto r =
        m_catalog.exec(QStringLiteral("INSERT INTO templates (") + Columns +
                           QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {t.templateId, t.templateName, t.type, t.timeInterval, t.overwriteFormat,
                        t.sequenceFormat, sql::ms(t.createTime), sql::ms(t.modifiedTime), t.width,
                        t.height, t.jpegQuality, t.captureMode});
    return r ? success() : Status(r.error());
}

Status TemplateRepository::update(const SnapshotTemplate &t)
{
    auto r = m_catalog.exec(
        QStringLiteral("UPDATE templates SET template_name = ?, time_interval = ?, "
                       "overwrite_format = ?, sequence_format = ?, modified_time = ?, width = ?, "
                       "height = ?, jpeg_quality = ?, capture_mode = ? WHERE template_id = ?"),
        {t.templateName, t.timeInterval, t.overwriteFormat, t.sequenceFormat,
         sql::ms(t.modifiedTime), t.width, t.height, t.jpegQuality, t.captureMode, t.templateId});
    return r ? success() : Status(r.error());
}

Result<bool> TemplateRepository::remove(const QString &templateId)
{
    auto r =
        m_catalog.exec(QStringLiteral("DELETE FROM templates WHERE template_id = ?"), {templateId});
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected() > 0;
}

Result<std::optional<SnapshotTemplate>> TemplateRepository::find(const QString &templateId) const
{
    auto r = m_catalog.exec(QStringLiteral("SELECT ") + Columns +
                                QStringLiteral(" FROM templates WHERE template_id = ?"),
                            {templateId});
    if (!r) {
        return r.error();
    }
    if (!r->next()) {
        return std::optional<SnapshotTemplate>();
    }
    return std::optional<SnapshotTemplate>(fromRow(*r));
}

Result<Page<SnapshotTemplate>> TemplateRepository::list(const TemplateQuery &query) const
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    QVariantList binds;
    if (!query.type.isEmpty()) {
        where += QStringLiteral(" AND type = ?");
        binds << query.type;
    }
    if (!query.searchKeyWord.isEmpty()) {
        where += QStringLiteral(" AND (template_name LIKE ? ESCAPE '!' OR template_id LIKE ? "
                                "ESCAPE '!')");
        binds << sql::containsPattern(query.searchKeyWord)
              << sql::containsPattern(query.searchKeyWord);
    }
    if (!query.templateIds.isEmpty()) {
        QStringList marks;
        for (const QString &id : query.templateIds) {
            marks << QStringLiteral("?");
            binds << id;
        }
        where += QStringLiteral(" AND template_id IN (") + marks.join(QLatin1Char(',')) +
                 QLatin1Char(')');
    }
    Page<SnapshotTemplate> page;
    page.pageNo = query.pageNo;
    page.pageSize = query.pageSize;
    {
        auto count =
            m_catalog.exec(QStringLiteral("SELECT COUNT(*) FROM templates") + where, binds);
        if (!count) {
            return count.error();
        }
        page.totalCount = count->next() ? count->value(0).toLongLong() : 0;
    }
    QVariantList pageBinds = binds;
    pageBinds << query.pageSize << qint64(query.pageNo - 1) * query.pageSize;
    auto rows =
        m_catalog.exec(QStringLiteral("SELECT ") + Columns + QStringLiteral(" FROM templates") +
                           where + QStringLiteral(" ORDER BY create_time ") +
                           sql::order(query.sortBy) + QStringLiteral(", template_id ") +
                           sql::order(query.sortBy) + QStringLiteral(" LIMIT ? OFFSET ?"),
                       pageBinds);
    if (!rows) {
        return rows.error();
    }
    while (rows->next()) {
        page.items << fromRow(*rows);
    }
    return page;
}

Result<qint64> TemplateRepository::jobCount(const QString &templateId) const
{
    auto r = m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE template_id = ?"),
                              {templateId});
    if (!r) {
        return r.error();
    }
    return r->toLongLong();
}

} // namespace livesnap
