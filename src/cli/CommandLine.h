#pragma once

#include "common/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace livesnap::cli {

// livesnapctl [--data-dir DIR] [--catalog URL] <Action> [--Param value | --Param=value]... [--help]
// livesnapctl --version | -V
struct CommandLine {
    QString dataDir;
    QString catalog; // --catalog URL: a shared PostgreSQL catalog (else LIVESNAP_CATALOG)
    QString action;
    QMap<QString, QString> parameters;
    bool help = false;
    // --version (or -V) before any action, with no value after it: print the versions. After an
    // action, or followed by a value, --version stays a parameter as it always was.
    bool version = false;
    QString credentials;     // serve --credentials FILE (object-storage release)
    int capacity = 0;        // serve --capacity N: most jobs this engine runs (0: the default)
    int leaseTtlSeconds = 0; // serve --lease-ttl S: how long a dead engine's jobs wait

    static Result<CommandLine> parse(const QStringList &arguments);
};

} // namespace livesnap::cli
