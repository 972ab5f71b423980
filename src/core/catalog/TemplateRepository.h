#pragma once

#include "catalog/Catalog.h"
#include "catalog/Queries.h"

namespace livesnap {

// SQL for the templates table.
class TemplateRepository {
public:
    explicit TemplateRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    Status insert(const SnapshotTemplate &t);
    Status update(const SnapshotTemplate &t);
    Result<bool> remove(const QString &templateId);
    Result<std::optional<SnapshotTemplate>> find(const QString &templateId) const;
    Result<Page<SnapshotTemplate>> list(const TemplateQuery &query) const;
    // Jobs that reference the template (any status).
    Result<qint64> jobCount(const QString &templateId) const;

private:
    Catalog &m_catalog;
};

} // namespace livesnap
