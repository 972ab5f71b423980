#include "CatalogPasswordCommand.h"

#include "catalog/CatalogUrl.h"
#include "common/DataDirectory.h"
#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace livesnap::cli {

namespace {
int answer(const QJsonObject &object, int code)
{
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fputc('\n', stdout);
    return code;
}
int fail(const Error &error)
{
    return answer(
        {{QStringLiteral("Code"), error.code}, {QStringLiteral("Message"), error.message}},
        error.isUserError() ? 2 : 1);
}
} // namespace

int setCatalogPassword(const DataDirectory &dataDirectory, bool help)
{
    if (help) {
        std::fputs(qPrintable(QCoreApplication::translate(
                       "livesnapctl",
                       "livesnapctl --catalog URL set-catalog-password < password-file\nKeeps the "
                       "password of a PostgreSQL catalog in the keychain (read from stdin, one "
                       "line; an empty line removes it). Engines and the console use it when "
                       "neither PGPASSWORD nor ~/.pgpass gives one.\n")),
                   stdout);
        return 0;
    }
    auto url = CatalogUrl::parse(dataDirectory.catalogLocation());
    if (!url) {
        return fail(url.error());
    }
    if (!url->isPostgres()) {
        return fail(Error::user(
            QStringLiteral("InvalidParameter.Catalog"),
            QCoreApplication::translate("livesnapctl",
                                        "set-catalog-password is for a PostgreSQL catalog: give "
                                        "it with --catalog postgresql://user@host:port/database "
                                        "or LIVESNAP_CATALOG.")));
    }
    QTextStream in(stdin);
    const QString password = in.readLine();
    KeychainSecretStore keychain;
    const Status stored = password.isEmpty() ? keychain.remove(url->secretKey())
                                             : keychain.write(url->secretKey(), password);
    if (!stored) {
        return fail(stored.error());
    }
    return answer({{QStringLiteral("Catalog"), url->display()},
                   {QStringLiteral("PasswordStored"), !password.isEmpty()}},
                  0);
}

} // namespace livesnap::cli
