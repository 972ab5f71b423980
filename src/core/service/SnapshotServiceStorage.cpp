// SnapshotService: snapshot files, storage locations and settings (jobs and templates are in
// SnapshotService.cpp).
#include "service/SnapshotService.h"

#include "catalog/Schema.h"
#include "common/Logging.h"
#include "domain/TemplateRules.h"
#include "notify/CallbackEvent.h"
#include "secrets/SecretStore.h"
#include "storage/LinkSigner.h"
#include "storage/LocalFolderStore.h"
#include "storage/StoreFactory.h"

#include <QDir>
#include <QTimeZone>

namespace livesnap {

namespace {
const QString CallbackUrlSetting = QStringLiteral("callback_url");
const QString CallbackAuthKeySetting = QStringLiteral("callback_auth_key_set");
const QString CallbackHeldSetting = QStringLiteral("callback_delivery_held");
const QString MaxStartedJobsSetting = QStringLiteral("max_started_jobs");
const QString JpegQualitySetting = QStringLiteral("jpeg_quality");
const QString SpoolLimitSetting = QStringLiteral("spool_limit_mb");
const QString LinkServerPortSetting = QStringLiteral("link_server_port");
const QString LinkServerBoundPortSetting = QStringLiteral("link_server_bound_port");
constexpr int MaxLinkSeconds = 7 * 24 * 3600;
constexpr int MaxStartedJobsCeiling = 10000;

Error locationNotFound(const QString &what)
{
    return Error::user(errc::StorageLocationNotFound,
                       SnapshotService::tr("No storage location %1 is configured; add it with "
                                           "AddStorageLocation or pick one from "
                                           "ListStorageLocations.")
                           .arg(what));
}

} // namespace

// ---- Files ----------------------------------------------------------------------------------

Status SnapshotService::validateFileQuery(const FileQuery &query, bool paged)
{
    if (auto job = requireJob(query.jobId); !job) {
        return job.error();
    }
    if (paged && (query.limit < 1 || query.limit > MaxPageSize)) {
        return invalidParameter(QStringLiteral("Limit"),
                                tr("Limit is %1; use 1 to %2.").arg(query.limit).arg(MaxPageSize));
    }
    if (auto s = validateSortBy(query.sortBy); !s) {
        return s;
    }
    if (query.startTime.isValid() && query.endTime.isValid() && query.startTime > query.endTime) {
        return invalidParameter(QStringLiteral("EndTime"), tr("EndTime is before StartTime."));
    }
    return success();
}

Result<FilePage> SnapshotService::listLiveSnapshotFiles(const FileQuery &query)
{
    if (auto s = validateFileQuery(query, true); !s) {
        return s.error();
    }
    return m_files.list(query);
}

Result<qint64> SnapshotService::countLiveSnapshotFiles(const FileQuery &query)
{
    // A count has no page: its limit is not checked.
    if (auto s = validateFileQuery(query, false); !s) {
        return s.error();
    }
    return m_files.count(query);
}

Result<QList<FileDeleteResult>> SnapshotService::deleteLiveSnapshotFiles(
    const QString &jobId, const QList<qint64> &createTimestamps, bool deleteOriginalFile)
{
    auto job = requireJob(jobId);
    if (!job) {
        return job.error();
    }
    if (createTimestamps.isEmpty() || createTimestamps.size() > MaxDeleteFiles) {
        return invalidParameter(QStringLiteral("CreateTimestampList"),
                                tr("CreateTimestampList has %1 entries; give 1 to %2 "
                                   "CreateTimestamp values from ListLiveSnapshotFiles.")
                                    .arg(createTimestamps.size())
                                    .arg(MaxDeleteFiles));
    }
    std::unique_ptr<ObjectStore> store;
    QList<FileDeleteResult> results;
    for (const qint64 ts : createTimestamps) {
        FileDeleteResult result{ts, false, QString()};
        auto files = m_files.withTimestamp(jobId, ts);
        if (!files) {
            return files.error();
        }
        if (files->isEmpty()) {
            result.message = tr("No snapshot of this job has CreateTimestamp %1.").arg(ts);
            results << result;
            continue;
        }
        bool allDeleted = true;
        for (const SnapshotFile &f : *files) {
            if (deleteOriginalFile) {
                if (!store) {
                    auto location = storageLocation(SnapshotOutput{job->snapshotOutput.storageType,
                                                                   f.ossEndpoint, f.ossBucket});
                    if (!location) {
                        result.message = location.error().message;
                        allDeleted = false;
                        break;
                    }
                    auto opened = openStore(*location);
                    if (!opened) {
                        result.message = opened.error().message;
                        allDeleted = false;
                        break;
                    }
                    store = std::move(*opened);
                }
                if (auto s = store->remove(f.ossObject); !s) {
                    // Keep the record: the object is still there and can be deleted again.
                    result.message = s.error().message;
                    allDeleted = false;
                    continue;
                }
            }
            if (auto s = m_files.remove(jobId, f.ossObject); !s) {
                return s.error();
            }
        }
        result.deleted = allDeleted;
        results << result;
    }
    emit filesChanged(jobId);
    return results;
}

// ---- Storage locations ----------------------------------------------------------------------

StorageLocation SnapshotService::withResolvedPath(StorageLocation location) const
{
    if (location.builtIn && location.storageType == storage::Local && location.path.isEmpty()) {
        location.path = m_dataDirectory.builtInStoragePath(location.bucket);
    }
    return location;
}

namespace {
QString secretKey(const QString &locationId, const char *field)
{
    return QStringLiteral("storage/%1/%2").arg(locationId, QLatin1String(field));
}
} // namespace

QStringList SnapshotService::credentialKeys(const QString &locationId)
{
    return {secretKey(locationId, "AccessKeyId"), secretKey(locationId, "AccessKeySecret")};
}

Result<StorageCredentials> SnapshotService::storageCredentials(const QString &locationId)
{
    if (!m_secrets) {
        return Error::user(errc::KeychainUnavailable,
                           tr("No keychain is available to this engine, so it cannot read the "
                              "access key of location %1.")
                               .arg(locationId));
    }
    return readCredentials(*m_secrets, locationId);
}

Result<StorageCredentials> SnapshotService::readCredentials(SecretStore &secrets,
                                                            const QString &locationId)
{
    auto id = secrets.read(secretKey(locationId, "AccessKeyId"));
    if (!id) {
        return id.error();
    }
    auto secret = secrets.read(secretKey(locationId, "AccessKeySecret"));
    if (!secret) {
        return secret.error();
    }
    return StorageCredentials{*id, *secret};
}

Result<QString> SnapshotService::addStorageLocation(const StorageLocation &input,
                                                    const StorageCredentials &credentials)
{
    StorageLocation location = input;
    location.storageType = location.storageType.toLower();
    if (!storage::isKnownType(location.storageType)) {
        return invalidParameter(
            QStringLiteral("StorageType"),
            tr("StorageType is \"%1\"; use local, oss or s3.").arg(location.storageType));
    }
    const bool local = location.storageType == storage::Local;
    location.endpoint = storage::normalizeEndpoint(location.storageType, location.endpoint);
    if (local && location.path.isEmpty() && !location.bucket.isEmpty()) {
        location.path = m_dataDirectory.builtInStoragePath(location.bucket);
    }
    if (!local) {
        location.path.clear();
    } else if (!location.path.isEmpty()) {
        location.path = QDir::cleanPath(location.path);
    }
    location.builtIn = false;
    if (auto s = location.validate(); !s) {
        return s.error();
    }
    auto existing = m_locations.find(location.output());
    if (!existing) {
        return existing.error();
    }
    if (existing->has_value()) {
        return Error::user(
            errc::StorageLocationExists,
            tr("A %1 location with bucket \"%2\" already exists (%3); use "
               "UpdateStorageLocation to change it.")
                .arg(location.storageType, location.bucket, (*existing)->locationId));
    }
    // Credentials may be left out only where the operator keeps them in a credentials file.
    const bool fromFile = m_secrets && m_secrets->isReadOnly() && credentials.isEmpty();
    if (!local && !fromFile &&
        (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty())) {
        return Error::user(errc::MissingParameter + QStringLiteral(".AccessKeySecret"),
                           tr("An %1 location needs --AccessKeyId and --AccessKeySecret (or, "
                              "on a machine without a keychain, --credentials FILE holding "
                              "them).")
                               .arg(location.storageType));
    }
    location.locationId = newId();
    location.createTime = location.modifiedTime = m_clock.now();
    // Secrets first: if the keychain refuses, the catalog stays as it was.
    if (!local && !fromFile) {
        if (auto s = writeCredentials(location.locationId, credentials); !s) {
            return s.error();
        }
    }
    if (auto s = m_locations.insert(location); !s) {
        if (!local && !fromFile) {
            removeCredentials(location.locationId);
        }
        return s.error();
    }
    emit storageLocationsChanged();
    return location.locationId;
}

Status SnapshotService::writeCredentials(const QString &locationId,
                                         const StorageCredentials &credentials)
{
    if (!m_secrets) {
        return Error::user(errc::KeychainUnavailable,
                           tr("No keychain is available to keep the access key: run LiveSnap in "
                              "a desktop session with a Secret Service (GNOME Keyring, KWallet), "
                              "or give a headless engine a credentials file."));
    }
    if (auto s = m_secrets->write(secretKey(locationId, "AccessKeyId"), credentials.accessKeyId);
        !s) {
        return s;
    }
    return m_secrets->write(secretKey(locationId, "AccessKeySecret"), credentials.accessKeySecret);
}

void SnapshotService::removeCredentials(const QString &locationId)
{
    if (m_secrets) {
        (void)m_secrets->remove(secretKey(locationId, "AccessKeyId"));
        (void)m_secrets->remove(secretKey(locationId, "AccessKeySecret"));
    }
}

Status SnapshotService::updateStorageLocation(const StorageLocation &input,
                                              const StorageCredentials &credentials)
{
    auto current = storageLocation(input.locationId);
    if (!current) {
        return current.error();
    }
    if (current->builtIn) {
        return Error::user(errc::StorageLocationReadOnly,
                           tr("The built-in default location cannot be changed; add another "
                              "location instead."));
    }
    StorageLocation updated = *current;
    if (!input.region.isEmpty()) {
        updated.region = input.region;
    }
    updated.pathStyle = input.pathStyle;
    updated.signatureVersion = input.signatureVersion;
    if (!input.path.isEmpty() && updated.storageType == storage::Local) {
        updated.path = QDir::cleanPath(input.path);
    }
    if (auto s = updated.validate(); !s) {
        return s;
    }
    updated.modifiedTime = m_clock.now();
    if (updated.storageType != storage::Local && !credentials.isEmpty()) {
        if (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty()) {
            return Error::user(errc::MissingParameter + QStringLiteral(".AccessKeySecret"),
                               tr("Give both --AccessKeyId and --AccessKeySecret to change the "
                                  "access key."));
        }
        if (auto s = writeCredentials(updated.locationId, credentials); !s) {
            return s;
        }
    }
    if (auto s = m_locations.update(updated); !s) {
        return s;
    }
    emit storageLocationsChanged();
    return success();
}

Status SnapshotService::deleteStorageLocation(const QString &locationId)
{
    CatalogTransaction tx(m_catalog);
    auto current = storageLocation(locationId);
    if (!current) {
        return current.error();
    }
    if (current->builtIn) {
        return Error::user(errc::StorageLocationReadOnly,
                           tr("The built-in default location cannot be deleted."));
    }
    auto users = m_locations.jobCount(locationId);
    if (!users) {
        return users.error();
    }
    if (*users > 0) {
        return Error::user(errc::StorageLocationInUse,
                           tr("Storage location %1 is used by %n job(s); delete those jobs first.",
                              nullptr, int(*users))
                               .arg(locationId));
    }
    if (auto r = m_locations.remove(locationId); !r) {
        return r.error();
    }
    if (auto s = tx.commit(); !s) {
        return s;
    }
    removeCredentials(locationId);
    emit storageLocationsChanged();
    return success();
}

Result<QList<StorageLocation>> SnapshotService::listStorageLocations()
{
    auto all = m_locations.list();
    if (!all) {
        return all.error();
    }
    for (StorageLocation &l : *all) {
        l = withResolvedPath(l);
    }
    return all;
}

Result<StorageLocation> SnapshotService::storageLocation(const QString &locationId)
{
    auto found = m_locations.find(locationId);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return locationNotFound(locationId);
    }
    return withResolvedPath(**found);
}

Result<StorageLocation> SnapshotService::storageLocation(const SnapshotOutput &output)
{
    SnapshotOutput normalized = output;
    normalized.storageType = normalized.storageType.toLower();
    normalized.endpoint = storage::normalizeEndpoint(normalized.storageType, normalized.endpoint);
    auto found = m_locations.find(normalized);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return locationNotFound(
            QStringLiteral("{StorageType: %1, Endpoint: %2, Bucket: %3}")
                .arg(normalized.storageType, normalized.endpoint, normalized.bucket));
    }
    return withResolvedPath(**found);
}

Result<std::unique_ptr<ObjectStore>> SnapshotService::openStore(const StorageLocation &location)
{
    if (location.storageType == storage::Local) {
        auto store = std::make_unique<LocalFolderStore>(withResolvedPath(location).path);
        if (m_linkKey.isEmpty()) {
            if (auto key = LinkSigner::loadOrCreateKey(m_dataDirectory.root())) {
                m_linkKey = *key;
            }
        }
        if (!m_linkKey.isEmpty()) {
            store->setLinkSigner(LinkSigner(m_linkKey, quint16(linkServerPort())),
                                 location.locationId);
        }
        return std::unique_ptr<ObjectStore>(std::move(store));
    }
    auto credentials = storageCredentials(location.locationId);
    if (!credentials) {
        return credentials.error();
    }
    return openRemoteStore(location, *credentials);
}

Status SnapshotService::testStorageLocation(const QString &locationId)
{
    auto location = storageLocation(locationId);
    if (!location) {
        return location.error();
    }
    auto store = openStore(*location);
    if (!store) {
        return store.error();
    }
    return (*store)->probe();
}

Result<SignedLink> SnapshotService::getLiveSnapshotFileUrl(const QString &jobId,
                                                           const QString &ossObject, int ttlSeconds)
{
    if (auto job = requireJob(jobId); !job) {
        return job.error();
    }
    if (ttlSeconds < 1 || ttlSeconds > MaxLinkSeconds) {
        return invalidParameter(
            QStringLiteral("ExpireSeconds"),
            tr("ExpireSeconds is %1; use 1 to %2 (7 days).").arg(ttlSeconds).arg(MaxLinkSeconds));
    }
    auto locationId = m_files.locationOf(jobId, ossObject);
    if (!locationId) {
        return locationId.error();
    }
    if (!locationId->has_value()) {
        return invalidParameter(QStringLiteral("OssObject"),
                                tr("Job %1 has no stored object \"%2\"; take OssObject from "
                                   "ListLiveSnapshotFiles.")
                                    .arg(jobId, ossObject));
    }
    auto location = storageLocation(**locationId);
    if (!location) {
        return location.error();
    }
    auto store = openStore(*location);
    if (!store) {
        return store.error();
    }
    const QDateTime now = m_clock.now();
    auto url = (*store)->presignGet(ossObject, ttlSeconds, now);
    if (!url) {
        return url.error();
    }
    return SignedLink{
        *url, QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() + ttlSeconds, QTimeZone::utc())};
}

int SnapshotService::linkServerPort() const
{
    return m_catalog.setting(LinkServerBoundPortSetting, QStringLiteral("0")).toInt();
}

void SnapshotService::setLinkServerPort(int port)
{
    if (auto s = m_catalog.setSetting(LinkServerBoundPortSetting, QString::number(port)); !s) {
        qCWarning(lcService) << "cannot record the link server's port:" << s.error().message;
    }
}

// ---- Settings -------------------------------------------------------------------------------

Status SnapshotService::setCallbackSettings(const CallbackSettings &settings)
{
    if (auto s = rules::validateCallbackUrl(settings.callbackUrl); !s) {
        return s;
    }
    if (settings.authKey.contains(QChar::Null) || settings.authKey.size() > 256) {
        return invalidParameter(QStringLiteral("AuthKey"),
                                tr("AuthKey must be at most 256 characters, without NUL."));
    }
    if (!settings.authKey.isEmpty() || settings.clearAuthKey) {
        if (!m_secrets) {
            return Error::user(errc::KeychainUnavailable,
                               tr("No keychain is available to keep the callback AuthKey: run "
                                  "LiveSnap in a desktop session with a Secret Service (GNOME "
                                  "Keyring, KWallet), or put the key in the credentials file "
                                  "under \"%1\".")
                                   .arg(callbackhttp::AuthKeySecret));
        }
        const Status stored = settings.authKey.isEmpty()
                                  ? m_secrets->remove(callbackhttp::AuthKeySecret)
                                  : m_secrets->write(callbackhttp::AuthKeySecret, settings.authKey);
        if (!stored) {
            return stored;
        }
        if (auto s = m_catalog.setSetting(CallbackAuthKeySetting, settings.authKey.isEmpty()
                                                                      ? QStringLiteral("0")
                                                                      : QStringLiteral("1"));
            !s) {
            return s;
        }
        // A new key, or none: whether it can be read is found out again by the next delivery.
        setCallbackDeliveryHeld(QString());
    }
    if (auto s = m_catalog.setSetting(CallbackUrlSetting, settings.callbackUrl); !s) {
        return s;
    }
    emit callbackSettingsChanged();
    return success();
}

QString SnapshotService::globalCallbackUrl() const
{
    return m_catalog.setting(CallbackUrlSetting);
}

Result<CallbackSettings> SnapshotService::getCallbackSettings()
{
    CallbackSettings settings = CallbackSettings::withUrl(globalCallbackUrl());
    const bool flagged = m_catalog.setting(CallbackAuthKeySetting) == QLatin1String("1");
    // Only a flag lives in the catalog; an operator's credentials file may hold the key too. That
    // file is read once and kept in memory, so asking it here does not block (a keychain would:
    // whether it can give the key is found out by the engine that sends, off this thread).
    std::optional<Result<QString>> fileKey;
    if (m_secrets && m_secrets->isReadOnly()) {
        fileKey = readCallbackAuthKey(m_secrets);
    }
    settings.hasAuthKey = flagged || (fileKey && fileKey->ok());
    if (flagged && fileKey && !fileKey->ok()) {
        settings.authKeyProblem = callbackAuthKeyProblem(fileKey->error());
    } else if (settings.hasAuthKey) {
        settings.authKeyProblem = callbackDeliveryHeld();
    }
    return settings;
}

QString SnapshotService::callbackAuthKeyProblem(const Error &readError)
{
    return tr("The callback AuthKey is set but cannot be read (%1). Callbacks are held, not sent "
              "unsigned: make the key readable again (unlock the keychain, or add \"%2\" to the "
              "credentials file), set it again with SetCallbackSettings --AuthKey, or remove it "
              "with SetCallbackSettings --ClearAuthKey true to send callbacks unsigned.")
        .arg(readError.message, callbackhttp::AuthKeySecret);
}

Result<QString> SnapshotService::readCallbackAuthKey(SecretStore *secrets)
{
    if (!secrets) {
        return Error::user(errc::KeychainUnavailable, tr("no keychain or credentials file"));
    }
    auto key = secrets->read(callbackhttp::AuthKeySecret);
    if (key && key->isEmpty()) {
        return Error::user(errc::SecretNotFound, tr("the stored key is empty"));
    }
    return key;
}

QString SnapshotService::callbackDeliveryHeld() const
{
    return m_catalog.setting(CallbackHeldSetting);
}

void SnapshotService::setCallbackDeliveryHeld(const QString &reason)
{
    if (callbackDeliveryHeld() == reason) {
        return;
    }
    if (auto s = m_catalog.setSetting(CallbackHeldSetting, reason); !s) {
        qCWarning(lcNotify) << "cannot record that callbacks are held:" << s.error().message;
    }
    emit callbackSettingsChanged();
}

Result<EngineSettings> SnapshotService::getEngineSettings()
{
    EngineSettings settings;
    bool ok = false;
    const int max = m_catalog.setting(MaxStartedJobsSetting).toInt(&ok);
    if (ok && max > 0) {
        settings.maxStartedJobs = max;
    }
    const int quality = m_catalog.setting(JpegQualitySetting).toInt(&ok);
    if (ok && quality >= 1 && quality <= 100) {
        settings.jpegQuality = quality;
    }
    const int spool = m_catalog.setting(SpoolLimitSetting).toInt(&ok);
    if (ok && spool >= 1) {
        settings.spoolLimitMb = spool;
    }
    const int port = m_catalog.setting(LinkServerPortSetting).toInt(&ok);
    if (ok && port >= 0 && port <= 65535) {
        settings.linkServerPort = port;
    }
    return settings;
}

Status SnapshotService::updateEngineSettings(const EngineSettings &settings)
{
    if (settings.maxStartedJobs < 1 || settings.maxStartedJobs > MaxStartedJobsCeiling) {
        return invalidParameter(QStringLiteral("MaxStartedJobs"),
                                tr("MaxStartedJobs is %1; use 1 to %2.")
                                    .arg(settings.maxStartedJobs)
                                    .arg(MaxStartedJobsCeiling));
    }
    if (settings.jpegQuality < 1 || settings.jpegQuality > 100) {
        return invalidParameter(
            QStringLiteral("JpegQuality"),
            tr("JpegQuality is %1; use 1 (smallest) to 100 (best).").arg(settings.jpegQuality));
    }
    if (settings.spoolLimitMb < 16 || settings.spoolLimitMb > 1024 * 1024) {
        return invalidParameter(
            QStringLiteral("SpoolLimitMb"),
            tr("SpoolLimitMb is %1; use 16 MB to 1 TB (in MB).").arg(settings.spoolLimitMb));
    }
    if (settings.linkServerPort < 0 || settings.linkServerPort > 65535) {
        return invalidParameter(QStringLiteral("LinkServerPort"),
                                tr("LinkServerPort is %1; use 1-65535, or 0 for any free port.")
                                    .arg(settings.linkServerPort));
    }
    CatalogTransaction tx(m_catalog);
    if (auto s =
            m_catalog.setSetting(LinkServerPortSetting, QString::number(settings.linkServerPort));
        !s) {
        return s;
    }
    if (auto s = m_catalog.setSetting(SpoolLimitSetting, QString::number(settings.spoolLimitMb));
        !s) {
        return s;
    }
    if (auto s =
            m_catalog.setSetting(MaxStartedJobsSetting, QString::number(settings.maxStartedJobs));
        !s) {
        return s;
    }
    if (auto s = m_catalog.setSetting(JpegQualitySetting, QString::number(settings.jpegQuality));
        !s) {
        return s;
    }
    return tx.commit();
}

} // namespace livesnap
