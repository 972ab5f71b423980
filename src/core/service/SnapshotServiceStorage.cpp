// SnapshotService: storage locations and links to stored files (jobs and templates are in
// SnapshotService.cpp, files in SnapshotServiceFiles.cpp, settings in
// SnapshotServiceSettings.cpp).
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
constexpr int MaxLinkSeconds = 7 * 24 * 3600;

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
                                         const StorageCredentials &credentials, Reply<QString> done)
{
    using Id = Result<QString>;
    StorageLocation location = input;
    location.storageType = location.storageType.toLower();
    if (!storage::isKnownType(location.storageType)) {
        answer(done,
               Id(invalidParameter(
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

void SnapshotService::insertStorageLocation(const StorageLocation &location, bool wroteCredentials,
                                            Reply<QString> done)
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
    offThread(
        [secrets = m_secrets, locationId] { return removeCredentials(secrets.get(), locationId); },
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
        store->setLinkSigner(LinkSigner(m_linkKey, quint16(linkServerPort())), location.locationId);
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
        auto local = openLocalStore(location);
        auto store = std::make_shared<Result<std::unique_ptr<ObjectStore>>>(
            local ? Result<std::unique_ptr<ObjectStore>>(std::move(*local))
                  : Result<std::unique_ptr<ObjectStore>>(local.error()));
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
            return SignedLink{*url,
                              QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() + ttlSeconds,
                                                            QTimeZone::utc()),
                              (*store)->localPathOf(ossObject)};
        },
        std::move(done));
}

} // namespace livesnap
