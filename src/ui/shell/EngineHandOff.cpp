#include "shell/EngineHandOff.h"

#include "common/DataDirectory.h"
#include "shell/ShellLogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <unistd.h>

namespace livesnap::ui {

QString EngineHandOff::findProgram()
{
    const QString name = QStringLiteral("livesnapctl");
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const QString &candidate :
         {appDir.filePath(name), appDir.filePath(QStringLiteral("../cli/") + name)}) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable()) {
            return info.canonicalFilePath();
        }
    }
    return QStandardPaths::findExecutable(name);
}

QString EngineHandOff::logPath(const DataDirectory &dataDirectory)
{
    return QDir(dataDirectory.root()).filePath(QStringLiteral("serve.log"));
}

QStringList EngineHandOff::arguments(const DataDirectory &dataDirectory)
{
    QStringList arguments{QStringLiteral("--data-dir"), dataDirectory.root()};
    if (dataDirectory.hasSharedCatalog()) {
        arguments << QStringLiteral("--catalog") << dataDirectory.catalogLocation();
    }
    arguments << QStringLiteral("serve");
    return arguments;
}

EngineHandOff::Started EngineHandOff::start(const QString &program,
                                            const DataDirectory &dataDirectory)
{
    Started started;
    if (program.isEmpty()) {
        started.error =
            tr("The background service (livesnapctl) was not found next to LiveSnap or on the "
               "PATH. Install it, or choose to stop capture instead.");
        return started;
    }
    // The log is private like the rest of the data directory, and created before the
    // process so its mode is ours.
    const QString log = logPath(dataDirectory);
    QFile file(log);
    if (!file.open(QIODevice::Append) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        started.error = tr("Cannot write the background service's log %1: %2")
                            .arg(QDir::toNativeSeparators(log), file.errorString());
        return started;
    }
    file.close();

    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments(dataDirectory));
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(log, QIODevice::Append);
    process.setStandardErrorFile(log, QIODevice::Append);
    // Its own session: closing the terminal the GUI was started from does not end it.
    process.setChildProcessModifier([] { ::setsid(); });
    if (!process.startDetached(&started.pid)) {
        started.error = tr("Cannot start the background service %1: %2")
                            .arg(QDir::toNativeSeparators(program), process.errorString());
        return started;
    }
    qCInfo(lcShell) << "handed the jobs to" << program << "serve, pid" << started.pid;
    return started;
}

} // namespace livesnap::ui
