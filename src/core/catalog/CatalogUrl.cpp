#include "catalog/CatalogUrl.h"

#include "common/Error.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace livesnap {

namespace {
Error invalid(const QString &message)
{
    return Error::user(QStringLiteral("InvalidParameter.Catalog"), message);
}
} // namespace

bool CatalogUrl::libpqHasPassword()
{
    if (!qEnvironmentVariableIsEmpty("PGPASSWORD")) {
        return true;
    }
    const QString file = qEnvironmentVariableIsEmpty("PGPASSFILE")
                             ? QDir::homePath() + QStringLiteral("/.pgpass")
                             : qEnvironmentVariable("PGPASSFILE");
    return QFileInfo::exists(file);
}

bool CatalogUrl::looksLikeUrl(const QString &text)
{
    return text.contains(QLatin1String("://"));
}

CatalogUrl CatalogUrl::sqliteFile(const QString &path)
{
    CatalogUrl url;
    url.m_kind = Kind::SqliteFile;
    url.m_filePath = path;
    url.m_display = path;
    return url;
}

Result<CatalogUrl> CatalogUrl::parse(const QString &text)
{
    if (!looksLikeUrl(text)) {
        return sqliteFile(text);
    }
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() ||
        (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))) {
        return invalid(tr("The catalog \"%1\" is not a file path or a postgresql:// URL. Give "
                          "a PostgreSQL database as postgresql://user@host:port/database, or "
                          "leave the catalog unset for the embedded one in the data directory.")
                           .arg(url.isValid() ? url.toString(QUrl::RemovePassword) : text));
    }
    if (!url.password().isEmpty()) {
        return invalid(tr("The catalog URL must not hold a password: it is shown in the status "
                          "bar and in logs. Put the password in PGPASSWORD or ~/.pgpass, or in "
                          "the keychain with livesnapctl --catalog URL set-catalog-password."));
    }
    const QString database = url.path().mid(1);
    if (database.isEmpty() || database.contains(QLatin1Char('/'))) {
        return invalid(tr("The catalog URL %1 names no database: add it after the host, as in "
                          "postgresql://livesnap@db.example.com:5432/livesnap.")
                           .arg(text));
    }
    CatalogUrl result;
    result.m_kind = Kind::Postgres;
    result.m_host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    result.m_port = url.port(5432);
    result.m_user = url.userName();
    result.m_database = database;
    QStringList options;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("password")) {
            return invalid(tr("The catalog URL must not hold a password: put it in PGPASSWORD "
                              "or ~/.pgpass."));
        }
        options << key + QLatin1Char('=') + value;
    }
    result.m_options = options.join(QLatin1Char(';'));
    result.m_display = url.toString();
    return result;
}

} // namespace livesnap
