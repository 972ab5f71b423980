#pragma once

#include "service/Requests.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>

namespace livesnap {

// Snapshot templates: create, get, update, delete and list the custom ones; the system presets
// are read-only. Emits templatesChanged.
class TemplateOperations {
    Q_DECLARE_TR_FUNCTIONS(livesnap::TemplateOperations)

public:
    explicit TemplateOperations(ServiceContext &context);

    Result<QString> createLiveSnapshotTemplate(const TemplateSpec &spec);
    Result<SnapshotTemplate> getLiveSnapshotTemplate(const QString &templateId);
    Status updateLiveSnapshotTemplate(const TemplateUpdate &update);
    Status deleteLiveSnapshotTemplate(const QString &templateId);
    Result<Page<SnapshotTemplate>> listLiveSnapshotTemplates(const TemplateQuery &query);

    // The template, or MissingParameter.TemplateId / TemplateNotFound.
    Result<SnapshotTemplate> requireTemplate(const QString &templateId);

private:
    ServiceContext &m_context;
};

} // namespace livesnap
