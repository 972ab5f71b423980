#include "service/StorageLocationOperations.h"

#include "secrets/SecretStore.h"
#include "service/LocationCredentials.h"
#include "service/SettingsOperations.h"
#include "storage/LinkSigner.h"
#include "storage/LocalFolderStore.h"
#include "storage/StoreFactory.h"

#include <QDir>
#include <QHostInfo>

namespace livesnap {

namespace {
Error locationNotFound(const QString &what)
{
    return Error::user(
        errc::StorageLocationNotFound,
        StorageLocationOperations::tr("No storage location %1 is configured; add it with "
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

StorageLocationOperations::StorageLocationOperations(ServiceContext &context,
                                                     SettingsOperations &settings)
    : m_context(context)
    , m_settings(settings)
{}

StorageLocation StorageLocationOperations::withResolvedPath(StorageLocation location) const
{
    if (location.builtIn && location.storageType == storage::Local && location.path.isEmpty()) {
        location.path = m_context.dataDirectory().builtInStoragePath(location.bucket);
    }
    return location;
}

Status StorageLocationOperations::bindToHost(StorageLocation &location) const
{
    if (location.storageType != storage::Local) {
        location.host.clear();
        if (location.sharedMount) {
            return invalidParameter(QStringLiteral("SharedMount"),
                                    tr("SharedMount is for local folders; an OSS or S3 location "
                                       "works from every engine. Leave SharedMount out."));
        }
        return success();
    }
    // Only engines on this machine reach its folder, unless the operator says every engine
    // mounts it at the same path. In a catalog of one machine (SQLite) every engine is local.
    if (location.builtIn || location.sharedMount || !m_context.catalog().isPostgres()) {
        location.host.clear();
    } else if (location.host.isEmpty()) {
        location.host = QHostInfo::localHostName();
    }
    return success();
}

void StorageLocationOperations::addStorageLocation(const StorageLocation &input,
                                                   const StorageCredentials &credentials,
                                                   Reply<QString> done)
{
    using Id = Result<QString>;
    StorageLocation location = input;
    location.storageType = location.storageType.toLower();
    if (!storage::isKnownType(location.storageType)) {
        m_context.answer(done,
                         Id(invalidParameter(QStringLiteral("StorageType"),
                                             tr("The storage type is \"%1\"; use local, oss or s3.")
                                                 .arg(location.storageType))));
        return;
    }
    const bool local = location.storageType == storage::Local;
    location.endpoint = storage::normalizeEndpoint(location.storageType, location.endpoint);
    if (local && location.path.isEmpty() && !location.bucket.isEmpty()) {
        location.path = m_context.dataDirectory().builtInStoragePath(location.bucket);
    }
    if (!local) {
        location.path.clear();
    } else if (!location.path.isEmpty()) {
        location.path = QDir::cleanPath(location.path);
    }
    location.builtIn = false;
    if (auto s = bindToHost(location); !s) {
        m_context.answer(done, Id(s.error()));
        return;
    }
    if (auto s = validateLocation(location, m_context.dataDirectory()); !s) {
        m_context.answer(done, Id(s.error()));
        return;
    }
    auto existing = m_context.locations().find(location.output());
    if (!existing) {
        m_context.answer(done, Id(existing.error()));
        return;
    }
    if (existing->has_value()) {
        m_context.answer(
            done, Id(Error::user(
                      errc::StorageLocationExists,
                      tr("A %1 location with bucket \"%2\" already exists (%3); use "
                         "UpdateStorageLocation to change it.")
                          .arg(location.storageType, location.bucket, (*existing)->locationId))));
        return;
    }
    // Credentials may be left out only where the operator keeps them in a credentials file.
    const bool fromFile =
        m_context.secrets() && m_context.secrets()->isReadOnly() && credentials.isEmpty();
    if (!local && !fromFile &&
        (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty())) {
        m_context.answer(
            done, Id(Error::user(errc::MissingParameter + QStringLiteral(".AccessKeySecret"),
                                 tr("An %1 location needs --AccessKeyId and --AccessKeySecret "
                                    "(or, on a machine without a keychain, --credentials FILE "
                                    "holding them).")
                                     .arg(location.storageType))));
        return;
    }
    location.locationId = ServiceContext::newId();
    location.createTime = location.modifiedTime = m_context.clock().now();
    if (local || fromFile) {
        insertStorageLocation(location, false, std::move(done));
        return;
    }
    // Secrets first: if the keychain refuses, the catalog stays as it was.
    m_context.offThread(
        [secrets = m_context.secrets(), id = location.locationId, credentials] {
            return locationcredentials::write(secrets.get(), id, credentials);
        },
        [this, location, done = std::move(done)](const Status &written) {
            if (!written) {
                done(written.error());
                return;
            }
            insertStorageLocation(location, true, done);
        });
}

void StorageLocationOperations::insertStorageLocation(const StorageLocation &location,
                                                      bool wroteCredentials, Reply<QString> done)
{
    if (auto s = m_context.locations().insert(location); !s) {
        if (wroteCredentials) {
            m_context.offThread(
                [secrets = m_context.secrets(), id = location.locationId] {
                    locationcredentials::remove(secrets.get(), id);
                    return success();
                },
                [](const Status &) {});
        }
        m_context.answer(done, Result<QString>(s.error()));
        return;
    }
    emit m_context.notifier().storageLocationsChanged();
    m_context.answer(done, Result<QString>(location.locationId));
}

void StorageLocationOperations::updateStorageLocation(const StorageLocation &input,
                                                      const StorageCredentials &credentials,
                                                      Done done)
{
    auto current = storageLocation(input.locationId);
    if (!current) {
        m_context.answer(done, Status(current.error()));
        return;
    }
    if (current->builtIn) {
        m_context.answer(done,
                         Status(Error::user(errc::StorageLocationReadOnly,
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
    if (updated.sharedMount != input.sharedMount) {
        updated.sharedMount = input.sharedMount;
        updated.host.clear();
        if (auto s = bindToHost(updated); !s) {
            m_context.answer(done, s);
            return;
        }
    }
    if (auto s = validateLocation(updated, m_context.dataDirectory()); !s) {
        m_context.answer(done, s);
        return;
    }
    updated.modifiedTime = m_context.clock().now();
    if (updated.storageType == storage::Local || credentials.isEmpty()) {
        finishUpdateStorageLocation(updated, std::move(done));
        return;
    }
    if (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty()) {
        m_context.answer(
            done, Status(Error::user(errc::MissingParameter + QStringLiteral(".AccessKeySecret"),
                                     tr("Give both --AccessKeyId and --AccessKeySecret to change "
                                        "the access key."))));
        return;
    }
    m_context.offThread(
        [secrets = m_context.secrets(), id = updated.locationId, credentials] {
            return locationcredentials::write(secrets.get(), id, credentials);
        },
        [this, updated, done = std::move(done)](const Status &written) {
            if (!written) {
                done(written);
                return;
            }
            finishUpdateStorageLocation(updated, done);
        });
}

void StorageLocationOperations::finishUpdateStorageLocation(const StorageLocation &updated,
                                                            Done done)
{
    if (auto s = m_context.locations().update(updated); !s) {
        m_context.answer(done, s);
        return;
    }
    emit m_context.notifier().storageLocationsChanged();
    m_context.answer(done, success());
}

void StorageLocationOperations::deleteStorageLocation(const QString &locationId, Done done)
{
    CatalogTransaction tx(m_context.catalog());
    auto current = storageLocation(locationId);
    if (!current) {
        m_context.answer(done, Status(current.error()));
        return;
    }
    if (current->builtIn) {
        m_context.answer(
            done, Status(Error::user(errc::StorageLocationReadOnly,
                                     tr("The built-in default location cannot be deleted."))));
        return;
    }
    auto users = m_context.locations().jobCount(locationId);
    if (!users) {
        m_context.answer(done, Status(users.error()));
        return;
    }
    if (*users > 0) {
        m_context.answer(done,
                         Status(Error::user(
                             errc::StorageLocationInUse,
                             (*users == 1 ? tr("Storage location \"%1\" is used by a job; delete "
                                               "that job first.")
                                          : tr("Storage location \"%1\" is used by %n jobs; delete "
                                               "those jobs first.",
                                               nullptr, int(*users)))
                                 .arg(current->bucket))));
        return;
    }
    if (auto r = m_context.locations().remove(locationId); !r) {
        m_context.answer(done, Status(r.error()));
        return;
    }
    if (auto s = tx.commit(); !s) {
        m_context.answer(done, s);
        return;
    }
    emit m_context.notifier().storageLocationsChanged();
    // The catalog no longer names them; the keychain entries go when the keychain answers.
    m_context.offThread(
        [secrets = m_context.secrets(), locationId] {
            locationcredentials::remove(secrets.get(), locationId);
            return success();
        },
        [done = std::move(done)](const Status &) { done(success()); });
}

Result<QList<StorageLocation>> StorageLocationOperations::listStorageLocations()
{
    auto all = m_context.locations().list();
    if (!all) {
        return all.error();
    }
    for (StorageLocation &l : *all) {
        l = withResolvedPath(l);
    }
    return all;
}

Result<StorageLocation> StorageLocationOperations::storageLocation(const QString &locationId)
{
    auto found = m_context.locations().find(locationId);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return locationNotFound(locationId);
    }
    return withResolvedPath(**found);
}

Result<StorageLocation> StorageLocationOperations::storageLocation(const SnapshotOutput &output)
{
    SnapshotOutput normalized = output;
    normalized.storageType = normalized.storageType.toLower();
    normalized.endpoint = storage::normalizeEndpoint(normalized.storageType, normalized.endpoint);
    auto found = m_context.locations().find(normalized);
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
StorageLocationOperations::openLocalStore(const StorageLocation &location)
{
    if (location.storageType != storage::Local) {
        return Error::internal(errc::InternalError,
                               tr("Location %1 is not a local folder.").arg(location.locationId));
    }
    auto store = std::make_unique<LocalFolderStore>(withResolvedPath(location).path);
    if (m_linkKey.isEmpty()) {
        if (auto key = LinkSigner::loadOrCreateKey(m_context.dataDirectory().root())) {
            m_linkKey = *key;
        }
    }
    if (!m_linkKey.isEmpty()) {
        store->setLinkSigner(LinkSigner(m_linkKey, quint16(m_settings.linkServerPort())),
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
        return Error::user(
            errc::KeychainUnavailable,
            StorageLocationOperations::tr("No keychain is available to this engine, so it "
                                          "cannot read the access key of location %1.")
                .arg(location.locationId));
    }
    auto credentials = locationcredentials::read(*secrets, location.locationId);
    if (!credentials) {
        return credentials.error();
    }
    return openRemoteStore(location, *credentials);
}
} // namespace

StoreTasks::Opener StorageLocationOperations::openerFor(const StorageLocation &location)
{
    if (location.storageType == storage::Local) {
        auto local = openLocalStore(location);
        auto store = std::make_shared<Result<std::unique_ptr<ObjectStore>>>(
            local ? Result<std::unique_ptr<ObjectStore>>(std::move(*local))
                  : Result<std::unique_ptr<ObjectStore>>(local.error()));
        return [store] { return std::move(*store); };
    }
    return
        [secrets = m_context.secrets(), location] { return openRemote(secrets.get(), location); };
}

void StorageLocationOperations::testStorageLocation(const QString &locationId, Done done)
{
    auto location = storageLocation(locationId);
    if (!location) {
        m_context.answer(done, Status(location.error()));
        return;
    }
    m_context.storeTasks().run<Status>(
        openerFor(*location),
        [](ObjectStore &store, std::function<void(Status)> finish) { store.probe(finish); },
        m_context.channel(), std::move(done));
}

} // namespace livesnap
