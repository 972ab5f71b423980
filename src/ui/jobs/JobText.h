#pragma once

#include "common/Error.h"
#include "domain/SnapshotJob.h"
#include "domain/StorageLocation.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace livesnap::ui {

// How the jobs area writes times and storage locations, in one place.
class JobText {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::JobText)

public:
    // Local time with seconds; empty for an invalid time.
    static QString time(const QDateTime &time);
    // "Local folder: default (/path)", "OSS: bucket @ endpoint", ...
    static QString location(const StorageLocation &location);
    // A SnapshotOutput as the service names it, for when no location row is at hand.
    static QString output(const SnapshotOutput &output);

    // The host in an engine id ("role@host:pid:nonce"); empty when it has none.
    static QString engineHost(const QString &engineId);

    // The console's words for the service's values (translated), never the raw API word.
    static QString status(const QString &status);       // init → "Not started", ...
    static QString streamState(const QString &state);   // reconnecting → "Reconnecting"
    static QString streamHealth(const QString &health); // black → "Black picture"
    // A badge colour per health/state; invalid for "nothing to flag".
    static QColor healthColor(const SnapshotJob &job);

    // How a job looks to an operator watching many: what the wall, the status bar and the tray
    // count and sort by. Lower ranks are worse: down, black, frozen, reconnecting/failed, then
    // live, then the rest.
    enum class Condition { Down, Black, Frozen, Reconnecting, Live, Starting, Stopped };
    static Condition condition(const SnapshotJob &job);
    static bool isProblem(Condition condition) { return condition <= Condition::Reconnecting; }
    // One line saying what is wrong with a job (empty when nothing is).
    static QString problem(const SnapshotJob &job);

    // Jobs named for a confirmation or a summary: "a", "b", "c" and 27 more (quoted, at most
    // `shown` names).
    static QString jobNames(const QStringList &names, int shown = 3);
    // Why the service refused or failed a command on a job, in the console's words: a known
    // refusal by what it means for the operator, otherwise the service's message with the job's
    // id replaced by its name. Stream secrets masked. The API code belongs in a Details section.
    static QString failure(const Error &error, const QString &jobId, const QString &jobName);
};

} // namespace livesnap::ui
