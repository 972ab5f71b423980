// livesnapctl: the reference API's actions on the command line, and `serve`, the headless
// engine. One JSON object on stdout per call; exit 2 for a user error, 1 for an internal one.
#include "CatalogPasswordCommand.h"
#include "CommandLine.h"
#include "ServeCommand.h"

#include "api/ApiDispatcher.h"
#include "common/ComponentVersion.h"
#include "common/DataDirectory.h"
#include "engine/Engine.h"
#include "secrets/SecretStore.h"
#include "service/ComponentVersions.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <optional>

using namespace livesnap;

namespace {

void printJson(const QJsonObject &object)
{
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(const Error &error)
{
    printJson(QJsonObject{{QStringLiteral("Code"), error.code},
                          {QStringLiteral("Message"), error.message}});
    return error.isUserError() ? 2 : 1;
}

void printText(const QString &text)
{
    std::fputs(qPrintable(text), stdout);
    std::fflush(stdout);
}

// The actions' help, and the global options only the command line has.
QString globalHelp()
{
    return ApiDispatcher::helpText() +
           QCoreApplication::translate("livesnapctl",
                                       "\nlivesnapctl --version (or -V) prints the version of "
                                       "livesnapctl and of the libraries it uses.\n");
}

// "livesnapctl 0.1.0", then one line per library (for bug reports).
QString versionText()
{
    return QStringLiteral("livesnapctl ") + applicationVersion() + u'\n' +
           versionLines(componentVersions());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("livesnapctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnap"));
    QCoreApplication::setApplicationVersion(applicationVersion());
    // Logs go to stderr; stdout carries only the JSON answer. Quiet by default.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("livesnap.*.info=false"));
    }

    auto parsed = cli::CommandLine::parse(QCoreApplication::arguments());
    if (!parsed) {
        return fail(parsed.error());
    }
    const cli::CommandLine &cl = *parsed;
    if (cl.version) {
        printText(versionText());
        return 0;
    }
    if (cl.action.isEmpty()) {
        printText(globalHelp());
        return cl.help ? 0 : 2;
    }
    const DataDirectory dataDirectory = DataDirectory::resolve(cl.dataDir, cl.catalog);

    if (cl.action == QLatin1String("set-catalog-password")) {
        return cli::setCatalogPassword(dataDirectory, cl.help);
    }

    if (cl.action == QLatin1String("serve")) {
        if (cl.help) {
            printText(QCoreApplication::translate(
                "livesnapctl",
                "livesnapctl [--data-dir DIR] [--catalog URL] serve [--credentials FILE] "
                "[--capacity N] [--lease-ttl SECONDS]\nRuns the engine "
                "headless: leases started jobs and runs them until SIGINT/SIGTERM.\n"
                "--credentials FILE: take OSS/S3 access keys from FILE (JSON, mode 0600) instead "
                "of the keychain, for servers without a desktop session.\n"
                "--catalog URL: share a PostgreSQL catalog with other engines, as "
                "postgresql://user@host:port/database (also LIVESNAP_CATALOG); the password "
                "comes from PGPASSWORD, ~/.pgpass or the keychain (set-catalog-password).\n"
                "--capacity N: run at most N jobs on this engine (default 1000).\n"
                "--lease-ttl SECONDS: how long the jobs of an engine that stopped answering wait "
                "before another engine takes them (default 10).\n"));
            return 0;
        }
        return cli::runServe(dataDirectory, {cl.credentials, cl.capacity, cl.leaseTtlSeconds});
    }

    const ApiDispatcher::Action *action = ApiDispatcher::find(cl.action);
    if (cl.help) {
        if (!action) {
            printText(globalHelp());
            return 2;
        }
        printText(ApiDispatcher::helpText(*action));
        return 0;
    }

    // A secret on the command line shows in `ps`; '-' reads it from stdin instead.
    QMap<QString, QString> parameters = cl.parameters;
    for (const QString &secret : {QStringLiteral("AccessKeySecret"), QStringLiteral("AuthKey")}) {
        if (parameters.value(secret) == QLatin1String("-")) {
            QTextStream in(stdin);
            parameters.insert(secret, in.readLine().trimmed());
        }
    }

    Engine engine(dataDirectory);
    if (!cl.credentials.isEmpty()) {
        auto file = std::make_unique<CredentialsFileSecretStore>(cl.credentials);
        if (auto s = file->check(); !s) {
            return fail(s.error());
        }
        engine.setSecretStore(std::move(file));
    }
    if (auto s = engine.open(); !s) {
        return fail(s.error());
    }
    // One request: most actions answer at once; those that wait on the keychain or a store
    // answer from the event loop, which runs until then.
    std::optional<int> exitCode;
    ApiDispatcher::call(*engine.service(), cl.action, parameters,
                        [&exitCode](const Result<QJsonObject> &result) {
                            if (!result) {
                                exitCode = fail(result.error());
                            } else {
                                printJson(*result);
                                exitCode = 0;
                            }
                            QCoreApplication::exit(*exitCode);
                        });
    if (!exitCode) {
        QCoreApplication::exec();
    }
    return *exitCode;
}
