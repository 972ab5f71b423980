#include "service/TemplateOperations.h"

#include "common/Logging.h"
#include "domain/TemplateRules.h"

namespace livesnap {

namespace {

// The output fields of a template as a whole: size, quality and capture mode.
Status validateOutput(int width, int height, int jpegQuality, const QString &captureMode)
{
    if (auto s = rules::validateOutputSize(width, height); !s) {
        return s;
    }
    if (auto s = rules::validateJpegQuality(jpegQuality); !s) {
        return s;
    }
    return rules::validateCaptureMode(captureMode);
}

} // namespace

TemplateOperations::TemplateOperations(ServiceContext &context)
    : m_context(context)
{}

Result<QString> TemplateOperations::createLiveSnapshotTemplate(const TemplateSpec &spec)
{
    if (auto s = rules::validateTemplateName(spec.templateName); !s) {
        return s.error();
    }
    if (auto s = rules::validateTimeInterval(spec.timeInterval); !s) {
        return s.error();
    }
    if (auto s = rules::validateFormats(spec.overwriteFormat, spec.sequenceFormat); !s) {
        return s.error();
    }
    if (auto s = validateOutput(spec.width, spec.height, spec.jpegQuality, spec.captureMode); !s) {
        return s.error();
    }
    SnapshotTemplate t;
    t.templateId = ServiceContext::newId();
    t.templateName = spec.templateName;
    t.type = QStringLiteral("custom");
    t.timeInterval = spec.timeInterval;
    t.overwriteFormat = spec.overwriteFormat;
    t.sequenceFormat = spec.sequenceFormat;
    t.width = spec.width;
    t.height = spec.height;
    t.jpegQuality = spec.jpegQuality;
    t.captureMode = spec.captureMode;
    t.createTime = t.modifiedTime = m_context.clock().now();
    if (auto s = m_context.templates().insert(t); !s) {
        return s.error();
    }
    qCInfo(lcService) << "created template" << t.templateId;
    emit m_context.notifier().templatesChanged();
    return t.templateId;
}

Result<SnapshotTemplate> TemplateOperations::requireTemplate(const QString &templateId)
{
    if (templateId.isEmpty()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".TemplateId"),
                           tr("TemplateId is required."));
    }
    auto found = m_context.templates().find(templateId);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return Error::user(
            errc::TemplateNotFound,
            tr("Template %1 does not exist; it may have been deleted.").arg(templateId));
    }
    return **found;
}

Result<SnapshotTemplate> TemplateOperations::getLiveSnapshotTemplate(const QString &templateId)
{
    return requireTemplate(templateId);
}

Status TemplateOperations::updateLiveSnapshotTemplate(const TemplateUpdate &update)
{
    auto current = requireTemplate(update.templateId);
    if (!current) {
        return current.error();
    }
    if (current->isSystem()) {
        return Error::user(errc::TemplateReadOnly,
                           tr("Template \"%1\" is a system template and cannot be changed; "
                              "create a custom template instead.")
                               .arg(current->templateName));
    }
    SnapshotTemplate t = *current;
    if (update.templateName) {
        t.templateName = *update.templateName;
    }
    if (update.timeInterval) {
        t.timeInterval = *update.timeInterval;
    }
    if (update.overwriteFormat) {
        t.overwriteFormat = *update.overwriteFormat;
    }
    if (update.sequenceFormat) {
        t.sequenceFormat = *update.sequenceFormat;
    }
    t.width = update.width.value_or(t.width);
    t.height = update.height.value_or(t.height);
    t.jpegQuality = update.jpegQuality.value_or(t.jpegQuality);
    t.captureMode = update.captureMode.value_or(t.captureMode);
    if (auto s = rules::validateTemplateName(t.templateName); !s) {
        return s;
    }
    if (auto s = rules::validateTimeInterval(t.timeInterval); !s) {
        return s;
    }
    if (auto s = rules::validateFormats(t.overwriteFormat, t.sequenceFormat); !s) {
        return s;
    }
    if (auto s = validateOutput(t.width, t.height, t.jpegQuality, t.captureMode); !s) {
        return s;
    }
    t.modifiedTime = m_context.clock().now();
    if (auto s = m_context.templates().update(t); !s) {
        return s;
    }
    emit m_context.notifier().templatesChanged();
    return success();
}

Status TemplateOperations::deleteLiveSnapshotTemplate(const QString &templateId)
{
    CatalogTransaction tx(m_context.catalog());
    auto current = requireTemplate(templateId);
    if (!current) {
        return current.error();
    }
    if (current->isSystem()) {
        return Error::user(errc::TemplateReadOnly,
                           tr("Template \"%1\" is a system template and cannot be deleted.")
                               .arg(current->templateName));
    }
    auto inUse = m_context.templates().jobCount(templateId);
    if (!inUse) {
        return inUse.error();
    }
    if (*inUse > 0) {
        return Error::user(errc::TemplateInUse,
                           (*inUse == 1 ? tr("Template \"%1\" is used by a job; delete that job "
                                             "first, or submit it again with another template.")
                                        : tr("Template \"%1\" is used by %n jobs; delete those "
                                             "jobs first, or submit them again with another "
                                             "template.",
                                             nullptr, int(*inUse)))
                               .arg(current->templateName));
    }
    if (auto removed = m_context.templates().remove(templateId); !removed) {
        return removed.error();
    }
    if (auto s = tx.commit(); !s) {
        return s;
    }
    emit m_context.notifier().templatesChanged();
    return success();
}

Result<Page<SnapshotTemplate>>
TemplateOperations::listLiveSnapshotTemplates(const TemplateQuery &query)
{
    if (auto s = validatePage(query); !s) {
        return s.error();
    }
    if (!query.type.isEmpty() && query.type != QLatin1String("system") &&
        query.type != QLatin1String("custom")) {
        return invalidParameter(QStringLiteral("Type"),
                                tr("Type is \"%1\"; use system or custom.").arg(query.type));
    }
    return m_context.templates().list(query);
}

} // namespace livesnap
