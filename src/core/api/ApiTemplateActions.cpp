// The template actions of the ApiDispatcher: create, get, update, delete and list.
#include "api/ApiSupport.h"

#include "domain/TemplateRules.h"

#include <optional>

namespace livesnap::api {

namespace {

// Width, Height, JpegQuality and CaptureMode as given (absent ones stay unset); the service
// checks the values.
struct TemplateOutputArgs {
    std::optional<int> width;
    std::optional<int> height;
    std::optional<int> jpegQuality;
    std::optional<QString> captureMode;
};

Result<std::optional<int>> optionalInteger(const Args &a, const QString &name)
{
    if (!a.has(name)) {
        return std::optional<int>();
    }
    LS_TRY(value, a.integer(name, 0));
    return std::optional<int>(value);
}

Result<TemplateOutputArgs> templateOutputArgs(const Args &a)
{
    TemplateOutputArgs out;
    LS_TRY(width, optionalInteger(a, QStringLiteral("Width")));
    LS_TRY(height, optionalInteger(a, QStringLiteral("Height")));
    LS_TRY(quality, optionalInteger(a, QStringLiteral("JpegQuality")));
    out.width = width;
    out.height = height;
    out.jpegQuality = quality;
    if (a.has(QStringLiteral("CaptureMode"))) {
        LS_TRY(mode, rules::parseCaptureMode(a.string(QStringLiteral("CaptureMode"))));
        out.captureMode = mode;
    }
    return out;
}

Result<QJsonObject> createTemplate(SnapshotService &s, const Args &a)
{
    LS_TRY(name, a.required(QStringLiteral("TemplateName")));
    LS_TRY(interval, rules::parseTimeInterval(a.string(QStringLiteral("TimeInterval"))));
    LS_TRY(output, templateOutputArgs(a));
    TemplateSpec spec{name, interval, a.string(QStringLiteral("OverwriteFormat")),
                      a.string(QStringLiteral("SequenceFormat"))};
    spec.width = output.width.value_or(0);
    spec.height = output.height.value_or(0);
    spec.jpegQuality = output.jpegQuality.value_or(0);
    spec.captureMode = output.captureMode.value_or(rules::CaptureModeKeyframe);
    LS_TRY(id, s.createLiveSnapshotTemplate(spec));
    return QJsonObject{{QStringLiteral("TemplateId"), id}};
}

Result<QJsonObject> getTemplate(SnapshotService &s, const Args &a)
{
    LS_TRY(id, a.required(QStringLiteral("TemplateId")));
    LS_TRY(t, s.getLiveSnapshotTemplate(id));
    return t.toJson();
}

Result<QJsonObject> updateTemplate(SnapshotService &s, const Args &a)
{
    TemplateUpdate update;
    LS_TRY(id, a.required(QStringLiteral("TemplateId")));
    update.templateId = id;
    update.templateName = a.optionalString(QStringLiteral("TemplateName"));
    if (a.has(QStringLiteral("TimeInterval"))) {
        LS_TRY(interval, rules::parseTimeInterval(a.string(QStringLiteral("TimeInterval"))));
        update.timeInterval = interval;
    }
    update.overwriteFormat = a.optionalString(QStringLiteral("OverwriteFormat"));
    update.sequenceFormat = a.optionalString(QStringLiteral("SequenceFormat"));
    LS_TRY(output, templateOutputArgs(a));
    update.width = output.width;
    update.height = output.height;
    update.jpegQuality = output.jpegQuality;
    update.captureMode = output.captureMode;
    LS_CHECK(s.updateLiveSnapshotTemplate(update));
    return empty();
}

Result<QJsonObject> deleteTemplate(SnapshotService &s, const Args &a)
{
    LS_TRY(id, a.required(QStringLiteral("TemplateId")));
    LS_CHECK(s.deleteLiveSnapshotTemplate(id));
    return empty();
}

Result<QJsonObject> listTemplates(SnapshotService &s, const Args &a)
{
    LS_TRY(page, paging(a));
    TemplateQuery query;
    static_cast<PageRequest &>(query) = page;
    query.type = a.string(QStringLiteral("Type"));
    if (a.has(QStringLiteral("TemplateIds"))) {
        LS_TRY(ids, a.array(QStringLiteral("TemplateIds")));
        for (const auto &id : ids) {
            query.templateIds << id.toString();
        }
    }
    LS_TRY(result, s.listLiveSnapshotTemplates(query));
    return pageJson(result, QStringLiteral("TemplateList"));
}

} // namespace

QList<ApiDispatcher::Action> templateActions()
{
    const Params formats{
        param("OverwriteFormat", "Overwrite object key, e.g. snapshot/{JobId}.jpg."),
        param("SequenceFormat",
              "Real-time object key, e.g. snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg; "
              "tokens {JobId} {Date} {Sequence} {UnixTimestamp}."),
        param("Width", "Snapshot width in pixels, 16-7680; 0 keeps the stream's. Give one side "
                       "and the other follows the aspect ratio; never upscaled."),
        param("Height", "Snapshot height in pixels, 16-7680; 0 keeps the stream's. With Width "
                        "too, the picture fits inside both."),
        param("JpegQuality", "1-100; 0 uses the engine setting."),
        param("CaptureMode", "keyframe (default: the first keyframe at or after the due time) "
                             "or exact (the frame of the due time; costs more decoding)."),
    };
    return {
        {QStringLiteral("CreateLiveSnapshotTemplate"),
         ApiDispatcher::tr("Create a custom snapshot template."),
         Params{param("TemplateName", "1-128 characters.", true),
                param("TimeInterval", "Seconds between snapshots, 5-3600.", true)} +
             formats,
         createTemplate},
        {QStringLiteral("GetLiveSnapshotTemplate"),
         ApiDispatcher::tr("Show one template."),
         {param("TemplateId", "The template's id.", true)},
         getTemplate},
        {QStringLiteral("UpdateLiveSnapshotTemplate"),
         ApiDispatcher::tr("Change a custom template (only the fields given)."),
         Params{param("TemplateId", "The template's id.", true), param("TemplateName", "New name."),
                param("TimeInterval", "Seconds between snapshots, 5-3600.")} +
             formats,
         updateTemplate},
        {QStringLiteral("DeleteLiveSnapshotTemplate"),
         ApiDispatcher::tr("Delete a custom template that no job uses."),
         {param("TemplateId", "The template's id.", true)},
         deleteTemplate},
        {QStringLiteral("ListLiveSnapshotTemplates"),
         ApiDispatcher::tr("List templates, a page at a time."),
         pagingParams() +
             Params{param("Type", "system or custom."),
                    param("TemplateIds", "JSON array of ids, e.g. [\"id1\",\"id2\"].")},
         listTemplates},
    };
}

} // namespace livesnap::api
