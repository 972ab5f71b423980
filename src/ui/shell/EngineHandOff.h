#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace livesnap {
class DataDirectory;
}

namespace livesnap::ui {

// Hands the jobs of a closing window to the headless engine: starts `livesnapctl --data-dir
// DIR [--catalog URL] serve` detached (its own session, its output appended to DIR/serve.log), so
// it keeps capturing after the GUI quits. The GUI's engine releases its leases when it stops and
// the serve engine takes the jobs.
class EngineHandOff {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::EngineHandOff)

public:
    struct Started {
        qint64 pid = 0;
        QString error; // empty when started
    };

    // livesnapctl next to this program (an installation), in a build tree's src/cli, or on
    // PATH; empty when there is none.
    static QString findProgram();
    static Started start(const QString &program, const DataDirectory &dataDirectory);
    // The service's arguments: the same data directory and, on a shared catalog, its URL.
    static QStringList arguments(const DataDirectory &dataDirectory);
    static QString logPath(const DataDirectory &dataDirectory);
};

} // namespace livesnap::ui
