#include "CommandLine.h"

#include <QCoreApplication>

namespace livesnap::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("livesnapctl", text);
}

const QString ServeAction = QStringLiteral("serve");

// serve runs the engine rather than an API action: anything but its own options is a mistake
// (a typo such as --credential would otherwise run it without the credentials file).
Error unknownServeOption(const QString &name)
{
    return invalidParameter(name, tr("serve takes no option --%1; its options are "
                                     "--credentials FILE, --data-dir DIR, --catalog URL, "
                                     "--capacity N, --lease-ttl SECONDS and --help.")
                                      .arg(name));
}

// The bare global --version: no action yet, and no value after it (the end of the line or
// another option). Any other --version is a parameter, as it was before --version existed.
bool isVersionOption(const CommandLine &cl, const QStringList &arguments, qsizetype i)
{
    if (!cl.action.isEmpty()) {
        return false;
    }
    const QString &arg = arguments.at(i);
    if (arg == QLatin1String("-V")) {
        return true;
    }
    return arg == QLatin1String("--version") &&
           (i + 1 == arguments.size() || arguments.at(i + 1).startsWith(u'-'));
}
} // namespace

Result<CommandLine> CommandLine::parse(const QStringList &arguments)
{
    CommandLine cl;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString arg = arguments.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h") ||
            arg == QLatin1String("help")) {
            cl.help = true;
            continue;
        }
        if (isVersionOption(cl, arguments, i)) {
            cl.version = true;
            continue;
        }
        if (!arg.startsWith(QLatin1String("--"))) {
            if (!cl.action.isEmpty()) {
                return Error::user(QStringLiteral("InvalidParameter"),
                                   tr("Unexpected argument \"%1\"; parameters are written "
                                      "--Name value.")
                                       .arg(arg));
            }
            cl.action = arg;
            continue;
        }
        QString name = arg.mid(2);
        const QString bareName = name.section(QLatin1Char('='), 0, 0);
        static const QStringList serveOptions{
            QStringLiteral("data-dir"), QStringLiteral("credentials"), QStringLiteral("catalog"),
            QStringLiteral("capacity"), QStringLiteral("lease-ttl")};
        if (cl.action == ServeAction && !bareName.isEmpty() && !serveOptions.contains(bareName)) {
            return unknownServeOption(bareName); // before taking the next argument as its value
        }
        QString value;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name.truncate(eq);
        } else if (i + 1 < arguments.size()) {
            value = arguments.at(++i);
        } else {
            return Error::user(QStringLiteral("MissingParameter.") + name,
                               tr("--%1 needs a value.").arg(name));
        }
        if (name.isEmpty()) {
            return Error::user(QStringLiteral("InvalidParameter"),
                               tr("An empty parameter name was given."));
        }
        if (name == QLatin1String("data-dir")) {
            cl.dataDir = value;
        } else if (name == QLatin1String("catalog")) {
            cl.catalog = value;
        } else if (name == QLatin1String("credentials")) {
            cl.credentials = value;
        } else if (cl.action == ServeAction &&
                   (name == QLatin1String("capacity") || name == QLatin1String("lease-ttl"))) {
            bool ok = false;
            const int number = value.toInt(&ok);
            const bool capacity = name == QLatin1String("capacity");
            if (!ok || number < 1 || number > (capacity ? 10000 : 3600)) {
                return invalidParameter(
                    name, capacity ? tr("--capacity is the most jobs this engine runs at once: a "
                                        "whole number from 1 to 10000.")
                                   : tr("--lease-ttl is how many seconds a stopped engine's jobs "
                                        "wait before another engine takes them: a whole number "
                                        "from 1 to 3600."));
            }
            (capacity ? cl.capacity : cl.leaseTtlSeconds) = number;
        } else if (cl.parameters.contains(name)) {
            return Error::user(QStringLiteral("InvalidParameter.") + name,
                               tr("--%1 is given twice.").arg(name));
        } else {
            cl.parameters.insert(name, value);
        }
    }
    if (cl.version && !cl.action.isEmpty()) {
        return Error::user(QStringLiteral("InvalidParameter.version"),
                           tr("--version (-V) takes no action; run livesnapctl --version alone."));
    }
    if (cl.action == ServeAction && !cl.parameters.isEmpty()) {
        return unknownServeOption(cl.parameters.firstKey()); // given before "serve"
    }
    return cl;
}

} // namespace livesnap::cli
