#pragma once

#include "domain/PictureStats.h"
#include "domain/Settings.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace livesnap {

// Judges one running job's stream health (streamhealth::Ok, Black, Frozen, Down) from its
// stream states and the statistics of the pictures it snapshots, with times in UTC ms passed
// in (no timers here: whoever runs it asks onTime() at downAtMs()).
//
// - down: not live for longer than DownGraceSeconds, counted from the start for a job that
//   never connected, and from when it stopped being live otherwise. Its since is that moment.
// - black: a picture whose mean brightness is at most BlackLumaMax and whose spread is at most
//   BlackSpreadMax; it stays black until a picture is brighter or busier by a margin
//   (hysteresis), so a picture hovering at the threshold does not flap.
// - frozen: FrozenSnapshots pictures in a row whose signatures stay within FrozenTolerance of
//   the first of them (since: that first one); it ends with a picture that differs by more
//   than the tolerance plus a margin. 0 snapshots turns it off.
// - ok: otherwise. Black wins over frozen (a black picture is also the same picture), down
//   over both. A live stream that has no picture judged yet keeps its health, except that a
//   down one is ok again (pictures from before an outage are not judged after it).
class StreamHealthJudge {
    Q_DECLARE_TR_FUNCTIONS(livesnap::StreamHealthJudge)

public:
    // Margins (0-255) a black or frozen picture must pass to count as ended.
    static constexpr double BlackLumaMargin = 4;
    static constexpr double BlackSpreadMargin = 2;
    static constexpr double FrozenMargin = 1;

    struct Change {
        QString health;
        QString previous;
        qint64 sinceMs = 0;
        QString message; // in an operator's words, for the job's events and the callback
    };

    // health: what the catalog says now (a job taken over keeps its health until judged).
    StreamHealthJudge(const StreamHealthSettings &settings, const QString &health,
                      qint64 startedMs);

    void setSettings(const StreamHealthSettings &settings) { m_settings = settings; }
    // state: a streamstate word; only live counts as live.
    std::optional<Change> onStreamState(const QString &state, qint64 nowMs);
    // A snapshot's picture (it implies the stream is live), taken at wallMs.
    std::optional<Change> onPicture(const PictureStats &stats, qint64 wallMs);
    // The down grace may have run out.
    std::optional<Change> onTime(qint64 nowMs);
    // When the job turns down if nothing else happens; empty while live or down.
    std::optional<qint64> downAtMs() const;

    QString health() const { return m_health; }
    qint64 sinceMs() const { return m_sinceMs; }

private:
    std::optional<Change> evaluate(qint64 nowMs);
    QString describe(const QString &health, const QString &previous, qint64 sinceMs) const;

    StreamHealthSettings m_settings;
    QString m_health;
    qint64 m_sinceMs = 0;
    bool m_live = false;
    qint64 m_notLiveSinceMs = 0;

    // What the pictures say (unknown until the first one).
    QString m_pictureHealth;
    qint64 m_pictureSinceMs = 0;
    PictureStats m_last;
    PictureStats m_reference; // the first of the pictures that stayed the same
    qint64 m_referenceMs = 0;
    int m_sameCount = 0;
};

} // namespace livesnap
