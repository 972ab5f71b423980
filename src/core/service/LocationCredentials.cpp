#include "service/LocationCredentials.h"

#include "secrets/SecretStore.h"

#include <QCoreApplication>

namespace livesnap::locationcredentials {

namespace {
QString secretKey(const QString &locationId, const char *field)
{
    return QStringLiteral("storage/%1/%2").arg(locationId, QLatin1String(field));
}
} // namespace

QStringList keys(const QString &locationId)
{
    return {secretKey(locationId, "AccessKeyId"), secretKey(locationId, "AccessKeySecret")};
}

Result<StorageCredentials> read(SecretStore &secrets, const QString &locationId)
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

Status write(SecretStore *secrets, const QString &locationId, const StorageCredentials &credentials)
{
    if (!secrets) {
        return Error::user(
            errc::KeychainUnavailable,
            QCoreApplication::translate("livesnap::LocationCredentials",
                                        "No keychain is available to keep the access key: run "
                                        "LiveSnap in a desktop session with a Secret Service "
                                        "(GNOME Keyring, KWallet), or give a headless engine a "
                                        "credentials file."));
    }
    if (auto s = secrets->write(secretKey(locationId, "AccessKeyId"), credentials.accessKeyId);
        !s) {
        return s;
    }
    return secrets->write(secretKey(locationId, "AccessKeySecret"), credentials.accessKeySecret);
}

void remove(SecretStore *secrets, const QString &locationId)
{
    if (secrets && !secrets->isReadOnly()) {
        (void)secrets->remove(secretKey(locationId, "AccessKeyId"));
        (void)secrets->remove(secretKey(locationId, "AccessKeySecret"));
    }
}

} // namespace livesnap::locationcredentials
