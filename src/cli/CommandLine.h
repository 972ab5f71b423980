#pragma once

#include "common/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace livesnap::cli {

// livesnapctl [--data-dir DIR] <Action> [--Param value | --Param=value]... [--help]
// livesnapctl --version | -V
struct CommandLine {
    QString dataDir;
    QString action;
    QMap<QString, QString> parameters;
    bool help = false;
    // --version (or -V) before any action, with no value after it: print the versions. After an
    // action, or followed by a value, --version stays a parameter as it always was.
    bool version = false;
    QString credentials; // serve --credentials FILE (object-storage release)

    static Result<CommandLine> parse(const QStringList &arguments);
};

} // namespace livesnap::cli
