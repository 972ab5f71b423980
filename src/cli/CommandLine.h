#pragma once

#include "common/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace livesnap::cli {

// livesnapctl [--data-dir DIR] <Action> [--Param value | --Param=value]... [--help]
struct CommandLine {
    QString dataDir;
    QString action;
    QMap<QString, QString> parameters;
    bool help = false;
    QString credentials; // serve --credentials FILE (object-storage release)

    static Result<CommandLine> parse(const QStringList &arguments);
};

} // namespace livesnap::cli
