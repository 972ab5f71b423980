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

// The location's own rules, and for a local one that its folder is not a system folder, the
// home folder or the data directory itself.
Status validateLocation(const StorageLocation &location, const DataDirectory &dataDirectory)
{
    if (auto s = location.validate(); !s) {
        return s;
    }
    if (location.storageType != storage::Local) {
        return success();
    }
    return storage::validateLocalFolder(location.path, dataDirectory.root(), QDir::homePath());
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

namespace {
// Removes keys[i..] one after the other; finish gets the failures by key.
void removeEach(ObjectStore &store, const QStringList &keys, int i,
                std::shared_ptr<QHash<QString, QString>> failures,
                std::function<void(Result<QHash<QString, QString>>)> finish)
{
    if (i >= keys.size()) {
        finish(*failures);
        return;
    }
    store.remove(keys.at(i), [&store, keys, i, failures, finish](const Status &s) {
        if (!s) {
            failures->insert(keys.at(i), s.error().message);
        }
        removeEach(store, keys, i + 1, failures, finish);
    });
}
} // namespace

Result<FileDeleteResult> SnapshotService::deleteRecordsOf(const QString &jobId,
                                                          FileDeleteResult result,
                                                          const QList<SnapshotFile> &files,
                                                          const QHash<QString, QString> &failures)
{
    if (files.isEmpty()) {
        result.message =
            tr("No snapshot of this job has CreateTimestamp %1.").arg(result.createTimestamp);
        return result;
    }
    bool allDeleted = true;
    for (const SnapshotFile &f : files) {
        if (failures.contains(f.ossObject)) {
            // Keep the record: the object is still there and can be deleted again.
            result.message = failures.value(f.ossObject);
            allDeleted = false;
            continue;
        }
        if (auto s = m_files.remove(jobId, f.ossObject); !s) {
            return s.error();
        }
    }
    result.deleted = allDeleted;
    return result;
}

void SnapshotService::deleteLiveSnapshotFiles(const QString &jobId,
                                              const QList<qint64> &createTimestamps,
                                              bool deleteOriginalFile,
                                              Reply<QList<FileDeleteResult>> done)
{
    using Results = Result<QList<FileDeleteResult>>;
    using Failures = Result<QHash<QString, QString>>;
    auto job = requireJob(jobId);
    if (!job) {
        answer(done, Results(job.error()));
        return;
    }
    if (createTimestamps.isEmpty() || createTimestamps.size() > MaxDeleteFiles) {
        answer(done, Results(invalidParameter(
                         QStringLiteral("CreateTimestampList"),
                         tr("CreateTimestampList has %1 entries; give 1 to %2 "
                            "CreateTimestamp values from ListLiveSnapshotFiles.")
                             .arg(createTimestamps.size())
                             .arg(MaxDeleteFiles))));
        return;
    }
    QList<std::pair<qint64, QList<SnapshotFile>>> found;
    QStringList keys;
    std::optional<SnapshotFile> first;
    for (const qint64 ts : createTimestamps) {
        auto files = m_files.withTimestamp(jobId, ts);
        if (!files) {
            answer(done, Results(files.error()));
            return;
        }
        for (const SnapshotFile &f : *files) {
            keys << f.ossObject;
            if (!first) {
                first = f;
            }
        }
        found.append({ts, *files});
    }
    // Records go once their objects are gone; `failures` says which objects are not.
    auto settle = [this, jobId, found, done](const Failures &failures) {
        QList<FileDeleteResult> results;
        for (const auto &[ts, files] : found) {
            FileDeleteResult result{ts, false, QString()};
            if (!failures && !files.isEmpty()) {
                result.message = failures.error().message;
                results << result;
                continue;
            }
            auto settled = deleteRecordsOf(jobId, result, files,
                                           failures ? *failures : QHash<QString, QString>());
            if (!settled) {
                done(settled.error());
                return;
            }
            results << *settled;
        }
        emit filesChanged(jobId);
        done(results);
    };
    if (!deleteOriginalFile || !first) {
        answer<Failures>(settle, QHash<QString, QString>());
        return;
    }
    auto location = storageLocation(
        SnapshotOutput{job->snapshotOutput.storageType, first->ossEndpoint, first->ossBucket});
    if (!location) {
        answer<Failures>(settle, location.error());
        return;
    }
    storeTasks().run<Failures>(
        openerFor(*location),
        [keys](ObjectStore &store, std::function<void(Failures)> finish) {
            removeEach(store, keys, 0, std::make_shared<QHash<QString, QString>>(), finish);
        },
        m_channel, settle);
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

namespace {
Error noKeychain()
{
    return Error::user(errc::KeychainUnavailable,
                       SnapshotService::tr("No keychain is available to keep the access key: run "
                                           "LiveSnap in a desktop session with a Secret Service "
                                           "(GNOME Keyring, KWallet), or give a headless engine a "
                                           "credentials file."));
}

// Blocks on the keychain: run it on a pool thread.
Status writeCredentials(SecretStore *secrets, const QString &locationId,
                        const StorageCredentials &credentials)
{
    if (!secrets) {
        return noKeychain();
    }
    if (auto s = secrets->write(secretKey(locationId, "AccessKeyId"), credentials.accessKeyId);
        !s) {
        return s;
    }
    return secrets->write(secretKey(locationId, "AccessKeySecret"), credentials.accessKeySecret);
}

// Blocks on the keychain: run it on a pool thread.
Status removeCredentials(SecretStore *secrets, const QString &locationId)
{
    if (secrets && !secrets->isReadOnly()) {
        (void)secrets->remove(secretKey(locationId, "AccessKeyId"));
        (void)secrets->remove(secretKey(locationId, "AccessKeySecret"));
    }
    return success();
}
} // namespace

void SnapshotService::addStorageLocation(const StorageLocation &input,
                                         const StorageCredentials &credentials,
                                         Reply<QString> done)
{
    using Id = Result<QString>;
    StorageLocation location = input;
    location.storageType = location.storageType.toLower();
    if (!storage::isKnownType(location.storageType)) {
        answer(done, Id(invalidParameter(
                         QStringLiteral("StorageType"),
                         tr("StorageType is \"%1\"; use local, oss or s3.").arg(location.storageType))));
        return;
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
    if (auto s = validateLocation(location, m_dataDirectory); !s) {
        answer(done, Id(s.error()));
        return;
    }
    auto existing = m_locations.find(location.output());
    if (!existing) {
        answer(done, Id(existing.error()));
        return;
    }
    if (existing->has_value()) {
        answer(done, Id(Error::user(errc::StorageLocationExists,
                                    tr("A %1 location with bucket \"%2\" already exists (%3); use "
                                       "UpdateStorageLocation to change it.")
                                        .arg(location.storageType, location.bucket,
                                             (*existing)->locationId))));
        return;
    }
    // Credentials may be left out only where the operator keeps them in a credentials file.
    const bool fromFile = m_secrets && m_secrets->isReadOnly() && credentials.isEmpty();
    if (!local && !fromFile &&
        (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty())) {
        answer(done, Id(Error::user(errc::MissingParameter + QStringLiteral(".AccessKeySecret"),
                                    tr("An %1 location needs --AccessKeyId and --AccessKeySecret "
                                       "(or, on a machine without a keychain, --credentials FILE "
                                       "holding them).")
                                        .arg(location.storageType))));
        return;
    }
    location.locationId = newId();
    location.createTime = location.modifiedTime = m_clock.now();
    if (local || fromFile) {
        insertStorageLocation(location, false, std::move(done));
        return;
    }
    // Secrets first: if the keychain refuses, the catalog stays as it was.
    offThread([secrets = m_secrets, id = location.locationId,
               credentials] { return writeCredentials(secrets.get(), id, credentials); },
              [this, location, done = std::move(done)](const Status &written) {
                  if (!written) {
                      done(written.error());
                      return;
                  }
                  insertStorageLocation(location, true, done);
              });
}

void SnapshotService::insertStorageLocation(const StorageLocation &location,
                                            bool wroteCredentials, Reply<QString> done)
{
    if (auto s = m_locations.insert(location); !s) {
        if (wroteCredentials) {
            offThread([secrets = m_secrets,
                       id = location.locationId] { return removeCredentials(secrets.get(), id); },
                      [](const Status &) {});
        }
        answer(done, Result<QString>(s.error()));
        return;
    }
    emit storageLocationsChanged();
    answer(done, Result<QString>(location.locationId));
}

void SnapshotService::updateStorageLocation(const StorageLocation &input,
                                            const StorageCredentials &credentials, Done done)
{
    auto current = storageLocation(input.locationId);
    if (!current) {
        answer(done, Status(current.error()));
        return;
    }
    if (current->builtIn) {
        answer(done, Status(Error::user(errc::StorageLocationReadOnly,
                                        tr("The built-in default location cannot be changed; "
                                           "add another location instead."))));
        return;
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
    if (auto s = validateLocation(updated, m_dataDirectory); !s) {
        answer(done, s);
        return;
    }
    updated.modifiedTime = m_clock.now();
    if (updated.storageType == storage::Local || credentials.isEmpty()) {
        finishUpdateStorageLocation(updated, std::move(done));
        return;
    }
    if (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty()) {
        answer(done,
               Status(Error::user(errc::MissingParameter + QStringLiteral(".AccessKeySecret"),
                                  tr("Give both --AccessKeyId and --AccessKeySecret to change "
                                     "the access key."))));
        return;
    }
    offThread([secrets = m_secrets, id = updated.locationId,
               credentials] { return writeCredentials(secrets.get(), id, credentials); },
              [this, updated, done = std::move(done)](const Status &written) {
                  if (!written) {
                      done(written);
                      return;
                  }
                  finishUpdateStorageLocation(updated, done);
              });
}

void SnapshotService::finishUpdateStorageLocation(const StorageLocation &updated, Done done)
{
    if (auto s = m_locations.update(updated); !s) {
        answer(done, s);
        return;
    }
    emit storageLocationsChanged();
    answer(done, success());
}

void SnapshotService::deleteStorageLocation(const QString &locationId, Done done)
{
    CatalogTransaction tx(m_catalog);
    auto current = storageLocation(locationId);
    if (!current) {
        answer(done, Status(current.error()));
        return;
    }
    if (current->builtIn) {
        answer(done, Status(Error::user(errc::StorageLocationReadOnly,
                                        tr("The built-in default location cannot be deleted."))));
        return;
    }
    auto users = m_locations.jobCount(locationId);
    if (!users) {
        answer(done, Status(users.error()));
        return;
    }
    if (*users > 0) {
        answer(done, Status(Error::user(
                         errc::StorageLocationInUse,
                         tr("Storage location %1 is used by %n job(s); delete those jobs first.",
                            nullptr, int(*users))
                             .arg(locationId))));
        return;
    }
    if (auto r = m_locations.remove(locationId); !r) {
        answer(done, Status(r.error()));
        return;
    }
    if (auto s = tx.commit(); !s) {
        answer(done, s);
        return;
    }
    emit storageLocationsChanged();
    // The catalog no longer names them; the keychain entries go when the keychain answers.
    offThread([secrets = m_secrets,
               locationId] { return removeCredentials(secrets.get(), locationId); },
              [done = std::move(done)](const Status &) { done(success()); });
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

Result<std::unique_ptr<LocalFolderStore>>
SnapshotService::openLocalStore(const StorageLocation &location)
{
    if (location.storageType != storage::Local) {
        return Error::internal(errc::InternalError,
                               tr("Location %1 is not a local folder.").arg(location.locationId));
    }
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
    return store;
}

namespace {
// Reads the keychain: run it off the engine thread.
Result<std::unique_ptr<ObjectStore>> openRemote(SecretStore *secrets,
                                                const StorageLocation &location)
{
    if (!secrets) {
        return Error::user(errc::KeychainUnavailable,
                           SnapshotService::tr("No keychain is available to this engine, so it "
                                               "cannot read the access key of location %1.")
                               .arg(location.locationId));
    }
    auto credentials = SnapshotService::readCredentials(*secrets, location.locationId);
    if (!credentials) {
        return credentials.error();
    }
    return openRemoteStore(location, *credentials);
}
} // namespace

Result<std::unique_ptr<ObjectStore>>
SnapshotService::openStoreOffThread(const StorageLocation &location)
{
    if (location.storageType == storage::Local) {
        auto local = openLocalStore(location);
        if (!local) {
            return local.error();
        }
        return std::unique_ptr<ObjectStore>(std::move(*local));
    }
    return openRemote(m_secrets.get(), location);
}

StoreTasks &SnapshotService::storeTasks()
{
    if (!m_storeTasks) {
        m_storeTasks = std::make_unique<StoreTasks>();
    }
    return *m_storeTasks;
}

StoreTasks::Opener SnapshotService::openerFor(const StorageLocation &location)
{
    if (location.storageType == storage::Local) {
        auto store =
            std::make_shared<Result<std::unique_ptr<ObjectStore>>>(openStoreOffThread(location));
        return [store] { return std::move(*store); };
    }
    return [secrets = m_secrets, location] { return openRemote(secrets.get(), location); };
}

void SnapshotService::testStorageLocation(const QString &locationId, Done done)
{
    auto location = storageLocation(locationId);
    if (!location) {
        answer(done, Status(location.error()));
        return;
    }
    storeTasks().run<Status>(
        openerFor(*location),
        [](ObjectStore &store, std::function<void(Status)> finish) { store.probe(finish); },
        m_channel, std::move(done));
}

void SnapshotService::getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject,
                                             int ttlSeconds, Reply<SignedLink> done)
{
    using Link = Result<SignedLink>;
    if (auto job = requireJob(jobId); !job) {
        answer(done, Link(job.error()));
        return;
    }
    if (ttlSeconds < 1 || ttlSeconds > MaxLinkSeconds) {
        answer(done, Link(invalidParameter(QStringLiteral("ExpireSeconds"),
                                           tr("ExpireSeconds is %1; use 1 to %2 (7 days).")
                                               .arg(ttlSeconds)
                                               .arg(MaxLinkSeconds))));
        return;
    }
    auto locationId = m_files.locationOf(jobId, ossObject);
    if (!locationId) {
        answer(done, Link(locationId.error()));
        return;
    }
    if (!locationId->has_value()) {
        answer(done, Link(invalidParameter(QStringLiteral("OssObject"),
                                           tr("Job %1 has no stored object \"%2\"; take "
                                              "OssObject from ListLiveSnapshotFiles.")
                                               .arg(jobId, ossObject))));
        return;
    }
    auto location = storageLocation(**locationId);
    if (!location) {
        answer(done, Link(location.error()));
        return;
    }
    // Signing needs no I/O, but an OSS / S3 key comes from the keychain: read it off thread.
    offThread(
        [open = openerFor(*location), ossObject, ttlSeconds, now = m_clock.now()]() -> Link {
            auto store = open();
            if (!store) {
                return store.error();
            }
            auto url = (*store)->presignGet(ossObject, ttlSeconds, now);
            if (!url) {
                return url.error();
            }
            return SignedLink{*url, QDateTime::fromSecsSinceEpoch(
                                        now.toSecsSinceEpoch() + ttlSeconds, QTimeZone::utc())};
        },
        std::move(done));
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

void SnapshotService::setCallbackSettings(const CallbackSettings &settings, Done done)
{
    if (auto s = rules::validateCallbackUrl(settings.callbackUrl); !s) {
        answer(done, s);
        return;
    }
    if (settings.authKey.contains(QChar::Null) || settings.authKey.size() > 256) {
        answer(done, Status(invalidParameter(
                         QStringLiteral("AuthKey"),
                         tr("AuthKey must be at most 256 characters, without NUL."))));
        return;
    }
    if (settings.authKey.isEmpty() && !settings.clearAuthKey) {
        finishCallbackSettings(settings, false, std::move(done));
        return;
    }
    if (!m_secrets) {
        answer(done, Status(Error::user(
                         errc::KeychainUnavailable,
                         tr("No keychain is available to keep the callback AuthKey: run "
                            "LiveSnap in a desktop session with a Secret Service (GNOME "
                            "Keyring, KWallet), or put the key in the credentials file "
                            "under \"%1\".")
                             .arg(callbackhttp::AuthKeySecret))));
        return;
    }
    // The key first, off this thread: if the keychain refuses, nothing changes.
    offThread(
        [secrets = m_secrets, key = settings.authKey] {
            return key.isEmpty() ? secrets->remove(callbackhttp::AuthKeySecret)
                                 : secrets->write(callbackhttp::AuthKeySecret, key);
        },
        [this, settings, done = std::move(done)](const Status &stored) {
            if (!stored) {
                done(stored);
                return;
            }
            finishCallbackSettings(settings, true, done);
        });
}

void SnapshotService::finishCallbackSettings(const CallbackSettings &settings, bool keyChanged,
                                             Done done)
{
    CatalogTransaction tx(m_catalog);
    if (keyChanged) {
        if (auto s = m_catalog.setSetting(CallbackAuthKeySetting, settings.authKey.isEmpty()
                                                                      ? QStringLiteral("0")
                                                                      : QStringLiteral("1"));
            !s) {
            answer(done, s);
            return;
        }
        // A new key, or none: whether it can be read is found out again by the next delivery.
        setCallbackDeliveryHeld(QString());
    }
    if (auto s = m_catalog.setSetting(CallbackUrlSetting, settings.callbackUrl); !s) {
        answer(done, s);
        return;
    }
    if (auto s = tx.commit(); !s) {
        answer(done, s);
        return;
    }
    emit callbackSettingsChanged();
    answer(done, success());
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
        fileKey = readCallbackAuthKey(m_secrets.get());
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
