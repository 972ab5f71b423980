#include "api/ApiDispatcher.h"

#include "api/ApiSupport.h"

#include "api/ApiArguments.h"
#include "common/TimeFormat.h"
#include "common/UrlMasking.h"
#include "domain/TemplateRules.h"
#include "service/SnapshotService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUuid>

namespace livesnap {

namespace {

using namespace api;

// ---- the actions ------------------------------------------------------------------------------

Result<QJsonObject> submitJob(SnapshotService &s, const Args &a)
{
    JobSpec spec;
    LS_TRY(name, a.required(QStringLiteral("JobName")));
    LS_TRY(templateId, a.required(QStringLiteral("TemplateId")));
    LS_TRY(inputJson, a.object(QStringLiteral("StreamInput")));
    if (inputJson.isEmpty()) {
        return Error::user(
            errc::MissingParameter + QStringLiteral(".StreamInput"),
            ApiDispatcher::tr("--StreamInput is required, e.g. "
                              "'{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1/live/cam1\"}'."));
    }
    LS_TRY(input, StreamInput::fromJson(inputJson));
    LS_TRY(outputJson, a.objectOrArray(QStringLiteral("SnapshotOutput")));
    SnapshotOutput output{QStringLiteral("local"), QString(), QStringLiteral("default")};
    if (outputJson.isArray() || !outputJson.toObject().isEmpty()) {
        LS_TRY(parsed, SnapshotOutput::listFromJson(outputJson));
        output = parsed.constFirst();
        if (parsed.size() > 1) {
            spec.snapshotOutputs = parsed;
        }
    }
    spec.jobName = name;
    spec.templateId = templateId;
    spec.streamInput = input;
    spec.snapshotOutput = output;
    spec.callbackUrl = a.string(QStringLiteral("CallbackUrl"));
    LS_TRY(id, s.submitLiveSnapshotJob(spec));
    return QJsonObject{{QStringLiteral("JobId"), id}};
}

// A job as GetLiveSnapshotJob / ListLiveSnapshotJobs print it: its stream and callback URLs
// masked (userinfo, query values, token-like path segments) unless the caller asked to reveal
// them.
QJsonObject jobJson(const SnapshotJob &job, bool reveal)
{
    QJsonObject out = job.toJson();
    if (!reveal) {
        QJsonObject input = out.value(QStringLiteral("StreamInput")).toObject();
        input.insert(QStringLiteral("Url"), maskUrl(job.streamInput.url));
        out.insert(QStringLiteral("StreamInput"), input);
        out.insert(QStringLiteral("CallbackUrl"), maskUrl(job.callbackUrl));
    }
    return out;
}

Result<bool> revealRequested(const Args &a)
{
    return a.boolean(QStringLiteral("Reveal"), false);
}

Result<QJsonObject> getJob(SnapshotService &s, const Args &a)
{
    LS_TRY(id, a.required(QStringLiteral("JobId")));
    LS_TRY(reveal, revealRequested(a));
    LS_TRY(job, s.getLiveSnapshotJob(id));
    return jobJson(job, reveal);
}

Result<QJsonObject> listJobs(SnapshotService &s, const Args &a)
{
    LS_TRY(page, paging(a));
    JobQuery query;
    static_cast<PageRequest &>(query) = page;
    query.status = a.string(QStringLiteral("Status"));
    LS_TRY(start, a.time(QStringLiteral("StartTime")));
    LS_TRY(end, a.time(QStringLiteral("EndTime")));
    query.startTime = start;
    query.endTime = end;
    LS_TRY(reveal, revealRequested(a));
    LS_TRY(result, s.listLiveSnapshotJobs(query));
    QJsonObject out = pageJson(result, QStringLiteral("JobList"));
    QJsonArray jobs;
    for (const SnapshotJob &job : result.items) {
        jobs.append(jobJson(job, reveal));
    }
    out.insert(QStringLiteral("JobList"), jobs);
    return out;
}

Result<QJsonObject> listJobEvents(SnapshotService &s, const Args &a)
{
    LS_TRY(id, a.required(QStringLiteral("JobId")));
    LS_TRY(limit, a.integer(QStringLiteral("Limit"), 20));
    LS_TRY(events, s.listLiveSnapshotJobEvents(id, limit));
    QJsonArray list;
    for (const JobEvent &e : events) {
        list.append(QJsonObject{{QStringLiteral("EventTime"), apiTimeMs(e.time)},
                                {QStringLiteral("Kind"), e.kind},
                                {QStringLiteral("Message"), maskSecretsInText(e.message)}});
    }
    return QJsonObject{{QStringLiteral("JobId"), id}, {QStringLiteral("EventList"), list}};
}

Result<QJsonObject> describeUsage(SnapshotService &s, const Args &a)
{
    LS_TRY(start, a.time(QStringLiteral("StartTime")));
    LS_TRY(end, a.time(QStringLiteral("EndTime")));
    LS_TRY(summary, s.describeLiveSnapshotUsage(start, end, a.string(QStringLiteral("JobId"))));
    QJsonArray list;
    for (const UsageDay &day : summary.days) {
        list.append(QJsonObject{{QStringLiteral("JobId"), day.jobId},
                                {QStringLiteral("JobName"), day.jobName},
                                {QStringLiteral("Date"), day.date.toString(Qt::ISODate)},
                                {QStringLiteral("Duration"), day.durationSeconds}});
    }
    return QJsonObject{{QStringLiteral("UsageList"), list},
                       {QStringLiteral("TotalDuration"), summary.totalSeconds}};
}

void exportUsage(SnapshotService &s, const Args &a, const Respond &respond)
{
    LS_ATRY(start, a.time(QStringLiteral("StartTime")));
    LS_ATRY(end, a.time(QStringLiteral("EndTime")));
    LS_ATRY(outputJson, a.object(QStringLiteral("SnapshotOutput")));
    SnapshotOutput output{QStringLiteral("local"), QString(), QStringLiteral("default")};
    if (!outputJson.isEmpty()) {
        LS_ATRY(parsed, SnapshotOutput::fromJson(outputJson));
        output = parsed;
    }
    s.exportLiveSnapshotUsage(
        start, end, output, [respond](const Result<SignedLink> &link) { respond(linkJson(link)); });
}

QList<ApiDispatcher::Action> buildActions()
{
    QList<ApiDispatcher::Action> all = templateActions();
    all += QList<ApiDispatcher::Action>{
        {QStringLiteral("SubmitLiveSnapshotJob"),
         ApiDispatcher::tr("Create a snapshot job (status init)."),
         {param("JobName", "1-128 characters.", true),
          param("TemplateId", "The template to use.", true),
          param("StreamInput", "JSON: {\"Type\":\"rtmp\",\"Url\":\"rtmp://host/app/stream\"}.",
                true),
          param("SnapshotOutput",
                "JSON naming a storage location: {\"StorageType\":\"local\",\"Bucket\":"
                "\"default\"} (the default), or an array of them for a copy in each."),
          param("CallbackUrl", "http(s):// URL for this job's events (optional).")},
         submitJob},
        {QStringLiteral("GetLiveSnapshotJob"),
         ApiDispatcher::tr("Show one job with its stream state."),
         {param("JobId", "The job's id.", true),
          param("Reveal", "true: show the stream and callback URLs unmasked.")},
         getJob},
        {QStringLiteral("ListLiveSnapshotJobs"), ApiDispatcher::tr("List jobs, a page at a time."),
         pagingParams() +
             Params{param("Status", "init, started or paused."),
                    param("StartTime", "Created at or after (ISO 8601 UTC)."),
                    param("EndTime", "Created at or before (ISO 8601 UTC)."),
                    param("Reveal", "true: show the stream and callback URLs unmasked.")},
         listJobs},
        {QStringLiteral("SendLiveSnapshotJobCommand"),
         ApiDispatcher::tr("Start, stop or restart a job, or take a snapshot now."),
         {param("JobId", "The job's id (or give --JobIds)."),
          param("Command", "start, stop, restart or snapshot (one more, now).", true),
          bulkJobIdsParam()},
         commandJob},
        {QStringLiteral("DeleteLiveSnapshotJob"),
         ApiDispatcher::tr("Delete a job that is not started."),
         {param("JobId", "The job's id (or give --JobIds)."), bulkJobIdsParam()},
         deleteJob},
        {QStringLiteral("ListLiveSnapshotJobEvents"),
         ApiDispatcher::tr("A job's recent events, newest first."),
         {param("JobId", "The job's id.", true), param("Limit", "1-100 (default 20).")},
         listJobEvents},
    };
    all += fileActions();
    all += ApiDispatcher::Action{
        QStringLiteral("DescribeLiveSnapshotUsage"),
        ApiDispatcher::tr("How long engines ran each job, per UTC day, and the total (seconds)."),
        {param("StartTime", "From (ISO 8601 UTC), inclusive.", true),
         param("EndTime", "To (ISO 8601 UTC), exclusive.", true), param("JobId", "Only this job.")},
        describeUsage};
    all += ApiDispatcher::Action{
        QStringLiteral("ExportLiveSnapshotUsage"),
        ApiDispatcher::tr(
            "Write the usage as CSV under usage/ and return a link that lives 30 minutes."),
        {param("StartTime", "From (ISO 8601 UTC), inclusive.", true),
         param("EndTime", "To (ISO 8601 UTC), exclusive.", true),
         param("SnapshotOutput", "JSON naming the storage location (default local/default).")},
        nullptr,
        exportUsage};
    all += storageActions();
    all += engineActions();
    return all;
}

} // namespace

const QList<ApiDispatcher::Action> &ApiDispatcher::actions()
{
    static const QList<Action> all = buildActions();
    return all;
}

const ApiDispatcher::Action *ApiDispatcher::find(const QString &name)
{
    for (const Action &a : actions()) {
        if (a.name == name) {
            return &a;
        }
    }
    return nullptr;
}

void ApiDispatcher::call(SnapshotService &service, const QString &actionName,
                         const QMap<QString, QString> &parameters, const Respond &done)
{
    const Action *action = find(actionName);
    if (!action) {
        done(Error::user(
            errc::UnknownAction,
            ApiDispatcher::tr("There is no action \"%1\"; run livesnapctl --help for the list.")
                .arg(actionName)));
        return;
    }
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        const bool known = std::any_of(action->parameters.cbegin(), action->parameters.cend(),
                                       [&](const Parameter &p) { return p.name == it.key(); });
        if (!known) {
            done(invalidParameter(
                it.key(),
                ApiDispatcher::tr("%1 takes no parameter --%2; run livesnapctl %1 --help.")
                    .arg(actionName, it.key())));
            return;
        }
    }
    const Respond withRequestId = [done](Result<QJsonObject> result) {
        if (result) {
            result->insert(QStringLiteral("RequestId"),
                           QUuid::createUuid().toString(QUuid::WithoutBraces));
        }
        done(result);
    };
    if (action->runAsync) {
        action->runAsync(service, ApiArguments(parameters), withRequestId);
    } else {
        withRequestId(action->run(service, ApiArguments(parameters)));
    }
}

QString ApiDispatcher::helpText()
{
    QString text = ApiDispatcher::tr(
        "Usage: livesnapctl [--data-dir DIR] [--credentials FILE] <Action> "
        "[--Param value]...\n"
        "       livesnapctl [--data-dir DIR] [--credentials FILE] serve\n"
        "       livesnapctl <Action> --help\n\n"
        "Prints one JSON object on stdout. Errors print {\"Code\",\"Message\"} and "
        "exit 2 (your input) or 1 (internal).\n"
        "The data directory is --data-dir, else LIVESNAP_DATA_DIR, else "
        "~/.local/share/livesnap.\n"
        "The catalog is --catalog URL, else LIVESNAP_CATALOG (a PostgreSQL database shared by "
        "engines: postgresql://user@host:port/database), else catalog.sqlite in the data "
        "directory.\n"
        "OSS/S3 secrets live in the system keychain; --credentials FILE (JSON, mode "
        "0600) replaces it on machines without one.\n\nActions:\n");
    text += QStringLiteral("  %1 %2\n")
                .arg(QStringLiteral("serve"), -30)
                .arg(ApiDispatcher::tr("Run the engine headless until SIGINT/SIGTERM."));
    for (const Action &a : actions()) {
        text += QStringLiteral("  %1 %2\n").arg(a.name, -30).arg(a.summary);
    }
    return text;
}

QString ApiDispatcher::helpText(const Action &action)
{
    QString text = QStringLiteral("livesnapctl %1 [--Param value]...\n%2\n\n")
                       .arg(action.name, action.summary);
    if (action.parameters.isEmpty()) {
        text += ApiDispatcher::tr("No parameters.\n");
    }
    for (const Parameter &p : action.parameters) {
        text += QStringLiteral("  --%1 %2%3\n")
                    .arg(p.name, -22)
                    .arg(p.required ? ApiDispatcher::tr("(required) ") : QString(), p.help);
    }
    return text;
}

} // namespace livesnap
