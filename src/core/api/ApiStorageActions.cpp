// The storage-location and settings actions of the ApiDispatcher.
#include "api/ApiSupport.h"

#include "common/TimeFormat.h"
#include "common/UrlMasking.h"

namespace livesnap::api {

namespace {

// A location named by LocationId, or by StorageType + Endpoint + Bucket.
Result<StorageLocation> namedLocation(SnapshotService &s, const Args &a)
{
    if (a.has(QStringLiteral("LocationId"))) {
        return s.storageLocation(a.string(QStringLiteral("LocationId")));
    }
    if (!a.has(QStringLiteral("Bucket"))) {
        return Error::user(
            errc::MissingParameter + QStringLiteral(".LocationId"),
            ApiDispatcher::tr("Name the location with --LocationId, or with --StorageType, "
                              "--Endpoint and --Bucket."));
    }
    return s.storageLocation(
        SnapshotOutput{a.string(QStringLiteral("StorageType"), QStringLiteral("local")).toLower(),
                       a.string(QStringLiteral("Endpoint")), a.string(QStringLiteral("Bucket"))});
}

void addLocation(SnapshotService &s, const Args &a, const Respond &respond)
{
    StorageLocation l;
    LS_ATRY(type, a.required(QStringLiteral("StorageType")));
    LS_ATRY(bucket, a.required(QStringLiteral("Bucket")));
    LS_ATRY(pathStyle, a.boolean(QStringLiteral("PathStyle"), false));
    LS_ATRY(sharedMount, a.boolean(QStringLiteral("SharedMount"), false));
    l.sharedMount = sharedMount;
    l.storageType = type;
    l.bucket = bucket;
    l.endpoint = a.string(QStringLiteral("Endpoint"));
    l.region = a.string(QStringLiteral("Region"));
    l.pathStyle = pathStyle;
    l.path = a.string(QStringLiteral("Path"));
    l.signatureVersion =
        a.string(QStringLiteral("SignatureVersion"), QStringLiteral("v4")).toLower();
    const StorageCredentials credentials{a.string(QStringLiteral("AccessKeyId")),
                                         a.string(QStringLiteral("AccessKeySecret"))};
    const bool remote = l.storageType.toLower() != storage::Local;
    s.addStorageLocation(l, credentials, [respond, remote](const Result<QString> &id) {
        if (!id) {
            respond(id.error());
            return;
        }
        QJsonObject out{{QStringLiteral("LocationId"), *id}};
        if (remote) {
            out.insert(QStringLiteral("CredentialKeys"),
                       QJsonArray::fromStringList(SnapshotService::credentialKeys(*id)));
        }
        respond(out);
    });
}

// Answers {"LocationId": id} once `status` says the change is done.
SnapshotService::Done respondWithLocation(const Respond &respond, const QString &locationId)
{
    return [respond, locationId](const Status &status) {
        if (!status) {
            respond(status.error());
        } else {
            respond(QJsonObject{{QStringLiteral("LocationId"), locationId}});
        }
    };
}

void updateLocation(SnapshotService &s, const Args &a, const Respond &respond)
{
    LS_ATRY(location, namedLocation(s, a));
    LS_ATRY(pathStyle, a.boolean(QStringLiteral("PathStyle"), location.pathStyle));
    LS_ATRY(sharedMount, a.boolean(QStringLiteral("SharedMount"), location.sharedMount));
    StorageLocation update = location;
    update.sharedMount = sharedMount;
    update.region = a.string(QStringLiteral("Region"));
    update.pathStyle = pathStyle;
    update.path = a.string(QStringLiteral("Path"));
    update.signatureVersion =
        a.string(QStringLiteral("SignatureVersion"), location.signatureVersion).toLower();
    s.updateStorageLocation(update,
                            StorageCredentials{a.string(QStringLiteral("AccessKeyId")),
                                               a.string(QStringLiteral("AccessKeySecret"))},
                            respondWithLocation(respond, location.locationId));
}

void deleteLocation(SnapshotService &s, const Args &a, const Respond &respond)
{
    LS_ATRY(location, namedLocation(s, a));
    s.deleteStorageLocation(location.locationId, respondWithLocation(respond, location.locationId));
}

Result<QJsonObject> listLocations(SnapshotService &s, const Args &)
{
    LS_TRY(all, s.listStorageLocations());
    QJsonArray list;
    for (const StorageLocation &l : all) {
        list.append(l.toJson());
    }
    return QJsonObject{{QStringLiteral("StorageLocationList"), list},
                       {QStringLiteral("TotalCount"), list.size()}};
}

void testLocation(SnapshotService &s, const Args &a, const Respond &respond)
{
    LS_ATRY(location, namedLocation(s, a));
    s.testStorageLocation(
        location.locationId, [respond, id = location.locationId](const Status &status) {
            if (!status) {
                respond(status.error());
                return;
            }
            respond(QJsonObject{{QStringLiteral("LocationId"), id},
                                {QStringLiteral("Result"), QStringLiteral("success")}});
        });
}

void setCallback(SnapshotService &s, const Args &a, const Respond &respond)
{
    CallbackSettings settings = CallbackSettings::withUrl(a.string(QStringLiteral("CallbackUrl")));
    settings.authKey = a.string(QStringLiteral("AuthKey"));
    LS_ATRY(clear, a.boolean(QStringLiteral("ClearAuthKey"), false));
    settings.clearAuthKey = clear;
    if (!a.has(QStringLiteral("CallbackUrl")) &&
        (a.has(QStringLiteral("AuthKey")) || a.has(QStringLiteral("ClearAuthKey")))) {
        // Only the key changes: keep the URL.
        LS_ATRY(current, s.getCallbackSettings());
        settings.callbackUrl = current.callbackUrl;
    }
    s.setCallbackSettings(settings, [respond](const Status &status) {
        respond(status ? Result<QJsonObject>(empty()) : Result<QJsonObject>(status.error()));
    });
}

Result<QJsonObject> getCallback(SnapshotService &s, const Args &a)
{
    LS_TRY(reveal, a.boolean(QStringLiteral("Reveal"), false));
    LS_TRY(settings, s.getCallbackSettings());
    QJsonObject out{{QStringLiteral("CallbackUrl"),
                     reveal ? settings.callbackUrl : maskUrl(settings.callbackUrl)},
                    {QStringLiteral("AuthKeySet"), settings.hasAuthKey},
                    // Fail closed: a key that is set but cannot be read holds callbacks back.
                    {QStringLiteral("DeliveryHeld"), !settings.authKeyProblem.isEmpty()}};
    if (!settings.authKeyProblem.isEmpty()) {
        out.insert(QStringLiteral("AuthKeyProblem"), settings.authKeyProblem);
    }
    return out;
}

Result<QJsonObject> getEngine(SnapshotService &s, const Args &)
{
    LS_TRY(settings, s.getEngineSettings());
    return QJsonObject{{QStringLiteral("MaxStartedJobs"), settings.maxStartedJobs},
                       {QStringLiteral("JpegQuality"), settings.jpegQuality},
                       {QStringLiteral("SpoolLimitMb"), settings.spoolLimitMb},
                       {QStringLiteral("LinkServerPort"), settings.linkServerPort},
                       {QStringLiteral("BlackLumaMax"), settings.health.blackLumaMax},
                       {QStringLiteral("BlackSpreadMax"), settings.health.blackSpreadMax},
                       {QStringLiteral("FrozenSnapshots"), settings.health.frozenSnapshots},
                       {QStringLiteral("FrozenTolerance"), settings.health.frozenTolerance},
                       {QStringLiteral("DownGraceSeconds"), settings.health.downGraceSeconds}};
}

Result<QJsonObject> updateEngine(SnapshotService &s, const Args &a)
{
    LS_TRY(current, s.getEngineSettings());
    LS_TRY(max, a.integer(QStringLiteral("MaxStartedJobs"), current.maxStartedJobs));
    LS_TRY(quality, a.integer(QStringLiteral("JpegQuality"), current.jpegQuality));
    LS_TRY(spool, a.integer(QStringLiteral("SpoolLimitMb"), current.spoolLimitMb));
    LS_TRY(port, a.integer(QStringLiteral("LinkServerPort"), current.linkServerPort));
    current.linkServerPort = port;
    current.maxStartedJobs = max;
    current.jpegQuality = quality;
    current.spoolLimitMb = spool;
    StreamHealthSettings &health = current.health;
    LS_TRY(blackLuma, a.integer(QStringLiteral("BlackLumaMax"), health.blackLumaMax));
    LS_TRY(blackSpread, a.integer(QStringLiteral("BlackSpreadMax"), health.blackSpreadMax));
    LS_TRY(frozen, a.integer(QStringLiteral("FrozenSnapshots"), health.frozenSnapshots));
    LS_TRY(tolerance, a.integer(QStringLiteral("FrozenTolerance"), health.frozenTolerance));
    LS_TRY(grace, a.integer(QStringLiteral("DownGraceSeconds"), health.downGraceSeconds));
    health = {blackLuma, blackSpread, frozen, tolerance, grace};
    LS_CHECK(s.updateEngineSettings(current));
    return getEngine(s, a);
}

} // namespace

QList<ApiDispatcher::Action> storageActions()
{
    const Params locationName{
        param("LocationId", "The location's id (from AddStorageLocation)."),
        param("StorageType", "local, oss or s3 (with --Endpoint and --Bucket)."),
        param("Endpoint", "The store's endpoint (oss/s3)."),
        param("Bucket", "The bucket (or, for local, the location's name)."),
    };
    return {
        {QStringLiteral("AddStorageLocation"),
         ApiDispatcher::tr("Configure a storage location."),
         {param("StorageType", "local, oss or s3.", true),
          param("Bucket", "Bucket name (for local: the location's name).", true),
          param("Endpoint", "Endpoint (oss/s3), e.g. oss-cn-hangzhou.aliyuncs.com."),
          param("Region", "Region (oss/s3), e.g. cn-hangzhou or us-east-1."),
          param("PathStyle", "true for path-style S3 addressing (MinIO and similar)."),
          param("SignatureVersion", "oss: v4 (default) or v1 for older endpoints."),
          param("AccessKeyId", "oss/s3: the access key id (kept in the keychain)."),
          param("AccessKeySecret",
                "oss/s3: the secret (kept in the keychain); '-' reads it from stdin."),
          param("Path", "local: the folder (default <data-dir>/storage/<Bucket>)."),
          param("SharedMount",
                "local, shared catalog: true when every engine's machine mounts the folder at "
                "the same path; otherwise only engines on this host run its jobs.")},
         nullptr,
         addLocation},
        {QStringLiteral("UpdateStorageLocation"), ApiDispatcher::tr("Change a storage location."),
         locationName + Params{param("Region", "Region (oss/s3)."),
                               param("PathStyle", "true for path-style S3 addressing."),
                               param("SignatureVersion", "oss: v4 or v1."),
                               param("AccessKeyId", "oss/s3: a new access key id."),
                               param("AccessKeySecret", "oss/s3: its secret; '-' reads stdin."),
                               param("Path", "local: the folder."),
                               param("SharedMount", "local: true when every engine's machine "
                                                    "mounts the folder at the same path.")},
         nullptr, updateLocation},
        {QStringLiteral("DeleteStorageLocation"),
         ApiDispatcher::tr("Delete a storage location no job uses."), locationName, nullptr,
         deleteLocation},
        {QStringLiteral("ListStorageLocations"),
         ApiDispatcher::tr("List the configured storage locations."),
         {},
         listLocations},
        {QStringLiteral("TestStorageLocation"),
         ApiDispatcher::tr("Write, read back and delete a probe object in a location."),
         locationName, nullptr, testLocation},
        {QStringLiteral("SetCallbackSettings"),
         ApiDispatcher::tr("Set the global callback URL and the key callbacks are signed with."),
         {param("CallbackUrl", "http(s):// URL; empty to clear (kept when only the key changes)."),
          param("AuthKey", "Key of the X-LiveSnap-Signature HMAC-SHA256 header (kept in the "
                           "keychain); '-' reads it from stdin."),
          param("ClearAuthKey", "true: remove the key; callbacks go unsigned.")},
         nullptr,
         setCallback},
        {QStringLiteral("GetCallbackSettings"),
         ApiDispatcher::tr(
             "Show the global callback URL (masked), whether an AuthKey is set and whether "
             "callbacks are held because it cannot be read."),
         {param("Reveal", "true: show the callback URL unmasked.")},
         getCallback},
        {QStringLiteral("GetEngineSettings"),
         ApiDispatcher::tr("Show engine settings."),
         {},
         getEngine},
        {QStringLiteral("UpdateEngineSettings"),
         ApiDispatcher::tr("Change engine settings."),
         {param("MaxStartedJobs", "Most jobs started at once (default 100)."),
          param("JpegQuality", "JPEG quality of new snapshots, 1-100 (default 85)."),
          param("SpoolLimitMb", "Most MB of snapshots waiting for their store (default 2048)."),
          param("LinkServerPort",
                "Port of the link server on 127.0.0.1 for links to local files (0: any)."),
          param("BlackLumaMax", "Stream health: a picture at most this bright (0-255) and ..."
                                " (default 24)."),
          param("BlackSpreadMax", "... whose brightness varies at most this much (standard "
                                  "deviation, 0-255) is black (default 10)."),
          param("FrozenSnapshots", "Stream health: this many snapshots in a row of the same "
                                   "picture are frozen; 0: never (default 3)."),
          param("FrozenTolerance", "How much any part of the same picture may differ in "
                                   "brightness between snapshots, 0-255 (default 1)."),
          param("DownGraceSeconds", "Stream health: a started job whose stream is not live for "
                                    "longer than this is down (default 30).")},
         updateEngine},
    };
}

} // namespace livesnap::api
