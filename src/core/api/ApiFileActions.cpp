// The snapshot-file actions of the ApiDispatcher.
#include "api/ApiSupport.h"

#include "common/TimeFormat.h"

namespace livesnap::api {

namespace {

Result<QJsonObject> listFiles(SnapshotService &s, const Args &a)
{
    FileQuery query;
    LS_TRY(id, a.required(QStringLiteral("JobId")));
    LS_TRY(start, a.time(QStringLiteral("StartTime")));
    LS_TRY(end, a.time(QStringLiteral("EndTime")));
    LS_TRY(limit, a.integer(QStringLiteral("Limit"), DefaultPageSize));
    query.jobId = id;
    query.startTime = start;
    query.endTime = end;
    query.limit = limit;
    query.sortBy = a.string(QStringLiteral("SortBy"), QStringLiteral("asc"));
    LS_TRY(page, s.listLiveSnapshotFiles(query));
    QJsonArray files;
    for (const SnapshotFile &f : page.files) {
        files.append(f.toJson());
    }
    QJsonObject out{{QStringLiteral("FileList"), files}};
    if (page.nextStartTime.isValid()) {
        out.insert(QStringLiteral("NextStartTime"), apiTimeMs(page.nextStartTime));
    }
    if (page.nextEndTime.isValid()) {
        out.insert(QStringLiteral("NextEndTime"), apiTimeMs(page.nextEndTime));
    }
    return out;
}

// GetLiveSnapshotFileUrl's optional store: StorageType, Endpoint and Bucket as a file's Stores
// list them.
Result<std::optional<SnapshotOutput>> fileStore(const Args &a)
{
    const QString type = a.string(QStringLiteral("StorageType"));
    const QString endpoint = a.string(QStringLiteral("Endpoint"));
    const QString bucket = a.string(QStringLiteral("Bucket"));
    if (type.isEmpty() && endpoint.isEmpty() && bucket.isEmpty()) {
        return std::optional<SnapshotOutput>();
    }
    QJsonObject json{{QStringLiteral("StorageType"), type.isEmpty() ? storage::Local : type},
                     {QStringLiteral("Endpoint"), endpoint},
                     {QStringLiteral("Bucket"), bucket}};
    if (bucket.isEmpty()) {
        return Error::user(
            errc::InvalidParameter + QStringLiteral(".Bucket"),
            ApiDispatcher::tr("Name the store with --StorageType, --Endpoint (for oss and s3) "
                              "and --Bucket, as the file's Stores list it."));
    }
    auto output = SnapshotOutput::fromJson(json);
    if (!output) {
        return output.error();
    }
    return std::optional<SnapshotOutput>(*output);
}

void fileUrl(SnapshotService &s, const Args &a, const Respond &respond)
{
    LS_ATRY(id, a.required(QStringLiteral("JobId")));
    LS_ATRY(object, a.required(QStringLiteral("OssObject")));
    LS_ATRY(ttl, a.integer(QStringLiteral("ExpireSeconds"), 1800));
    LS_ATRY(store, fileStore(a));
    s.getLiveSnapshotFileUrl(id, object, ttl, store, [respond](const Result<SignedLink> &link) {
        respond(linkJson(link));
    });
}

Result<QJsonObject> deleteResultsJson(const Result<QList<FileDeleteResult>> &results)
{
    if (!results) {
        return results.error();
    }
    QJsonArray out;
    for (const FileDeleteResult &r : *results) {
        QJsonObject item{{QStringLiteral("CreateTimestamp"), r.createTimestamp},
                         {QStringLiteral("Result"),
                          r.deleted ? QStringLiteral("success") : QStringLiteral("failed")}};
        if (!r.message.isEmpty()) {
            item.insert(QStringLiteral("Message"), r.message);
        }
        out.append(item);
    }
    return QJsonObject{{QStringLiteral("DeleteFileResultList"), out}};
}

void deleteFiles(SnapshotService &s, const Args &a, const Respond &respond)
{
    LS_ATRY(id, a.required(QStringLiteral("JobId")));
    LS_ATRY(list, a.array(QStringLiteral("CreateTimestampList")));
    LS_ATRY(deleteOriginal, a.boolean(QStringLiteral("DeleteOriginalFile"), false));
    QList<qint64> timestamps;
    for (const QJsonValue &v : list) {
        const qint64 ts = v.isString() ? v.toString().toLongLong() : qint64(v.toDouble(-1));
        if (ts <= 0) {
            respond(invalidParameter(
                QStringLiteral("CreateTimestampList"),
                ApiDispatcher::tr("CreateTimestampList must hold CreateTimestamp values "
                                  "(milliseconds) from ListLiveSnapshotFiles.")));
            return;
        }
        timestamps << ts;
    }
    s.deleteLiveSnapshotFiles(id, timestamps, deleteOriginal,
                              [respond](const Result<QList<FileDeleteResult>> &results) {
                                  respond(deleteResultsJson(results));
                              });
}

} // namespace

QList<ApiDispatcher::Action> fileActions()
{
    return {
        {QStringLiteral("ListLiveSnapshotFiles"),
         ApiDispatcher::tr(
             "List a job's snapshot files; page on with NextStartTime (asc) or NextEndTime "
             "(desc)."),
         {param("JobId", "The job's id.", true),
          param("StartTime", "From (ISO 8601 UTC or UNIX ms), inclusive."),
          param("EndTime", "To (ISO 8601 UTC or UNIX ms), inclusive."),
          param("Limit", "1-100 (default 10)."), param("SortBy", "asc (default) or desc.")},
         listFiles},
        {QStringLiteral("GetLiveSnapshotFileUrl"),
         ApiDispatcher::tr("A link to download one snapshot file until it expires."),
         {param("JobId", "The job's id.", true),
          param("OssObject", "The file's OssObject from ListLiveSnapshotFiles.", true),
          param("ExpireSeconds", "How long the link lives (default 1800)."),
          param("StorageType", "The store of the copy (local, oss, s3; default: the first "
                               "confirmed copy), as the file's Stores list it."),
          param("Endpoint", "The store's Endpoint (oss, s3)."),
          param("Bucket", "The store's Bucket.")},
         nullptr,
         fileUrl},
        {QStringLiteral("DeleteLiveSnapshotFiles"),
         ApiDispatcher::tr("Delete snapshot files of a job."),
         {param("JobId", "The job's id.", true),
          param("CreateTimestampList", "JSON array of CreateTimestamp values (1-200).", true),
          param("DeleteOriginalFile", "true to delete the stored objects too (every copy).")},
         nullptr,
         deleteFiles},
    };
}

} // namespace livesnap::api
