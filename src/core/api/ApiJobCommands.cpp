// SendLiveSnapshotJobCommand and DeleteLiveSnapshotJob of the ApiDispatcher: one job (--JobId)
// or several (--JobIds, a result per job).
#include "api/ApiSupport.h"

namespace livesnap::api {

namespace {

// --JobIds '["id1","id2"]': the jobs of a bulk call; nothing when the call names one job with
// --JobId (both at once is an error).
Result<std::optional<QStringList>> bulkJobIds(const Args &a)
{
    const QString field = QStringLiteral("JobIds");
    if (!a.has(field)) {
        return std::optional<QStringList>();
    }
    if (a.has(QStringLiteral("JobId"))) {
        return invalidParameter(
            field, ApiDispatcher::tr("Give --JobId for one job or --JobIds for several, "
                                     "not both."));
    }
    LS_TRY(array, a.array(field));
    QStringList ids;
    for (const QJsonValue &v : array) {
        if (!v.isString()) {
            return invalidParameter(
                field, ApiDispatcher::tr("JobIds must be a JSON array of job ids (strings), "
                                         "e.g. [\"id1\",\"id2\"]."));
        }
        ids << v.toString();
    }
    return std::optional<QStringList>(ids);
}

// A bulk call's answer: one result per job, in the order given, and the counts.
QJsonObject outcomesJson(const QList<JobOutcome> &outcomes)
{
    QJsonArray results;
    int succeeded = 0;
    for (const JobOutcome &o : outcomes) {
        QJsonObject item{{QStringLiteral("JobId"), o.jobId}};
        if (o.status) {
            item.insert(QStringLiteral("Code"), QStringLiteral("OK"));
            ++succeeded;
        } else {
            item.insert(QStringLiteral("Code"), o.status.error().code);
            item.insert(QStringLiteral("Message"), o.status.error().message);
        }
        results.append(item);
    }
    return QJsonObject{{QStringLiteral("Results"), results},
                       {QStringLiteral("SucceededCount"), succeeded},
                       {QStringLiteral("FailedCount"), int(outcomes.size()) - succeeded}};
}

// --JobId of a call that names one job; without it (and without --JobIds) the code stays
// MissingParameter.JobId, as before --JobIds.
Result<QString> singleJobId(const Args &a)
{
    const QString id = a.string(QStringLiteral("JobId"));
    if (id.isEmpty()) {
        return Error::user(
            errc::MissingParameter + QStringLiteral(".JobId"),
            ApiDispatcher::tr("--JobId is required, or --JobIds '[\"id1\",\"id2\"]' for "
                              "several jobs."));
    }
    return id;
}

} // namespace

Result<QJsonObject> commandJob(SnapshotService &s, const Args &a)
{
    LS_TRY(bulk, bulkJobIds(a));
    if (bulk) {
        LS_TRY(command, a.required(QStringLiteral("Command")));
        LS_TRY(outcomes, s.sendLiveSnapshotJobCommand(*bulk, command));
        return outcomesJson(outcomes);
    }
    LS_TRY(id, singleJobId(a));
    LS_TRY(command, a.required(QStringLiteral("Command")));
    LS_CHECK(s.sendLiveSnapshotJobCommand(id, command));
    return QJsonObject{{QStringLiteral("JobId"), id}};
}

Result<QJsonObject> deleteJob(SnapshotService &s, const Args &a)
{
    LS_TRY(bulk, bulkJobIds(a));
    if (bulk) {
        LS_TRY(outcomes, s.deleteLiveSnapshotJob(*bulk));
        return outcomesJson(outcomes);
    }
    LS_TRY(id, singleJobId(a));
    LS_CHECK(s.deleteLiveSnapshotJob(id));
    return QJsonObject{{QStringLiteral("JobId"), id}};
}

ApiDispatcher::Parameter bulkJobIdsParam()
{
    return param("JobIds",
                 "Instead of --JobId: a JSON array of job ids, e.g. [\"id1\",\"id2\"]; "
                 "prints a result per job (Results: JobId, Code OK or the error's Code and "
                 "Message; SucceededCount, FailedCount). Exits 0 when the call is valid, even if "
                 "some jobs failed.");
}

} // namespace livesnap::api
