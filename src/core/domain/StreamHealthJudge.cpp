#include "domain/StreamHealthJudge.h"

#include "domain/SnapshotJob.h"

#include <QDateTime>
#include <QTimeZone>

namespace livesnap {

namespace {
QString clockTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
               .toString(QStringLiteral("HH:mm:ss")) +
           QStringLiteral(" UTC");
}
} // namespace

StreamHealthJudge::StreamHealthJudge(const StreamHealthSettings &settings, const QString &health,
                                     qint64 startedMs)
    : m_settings(settings)
    , m_health(health.isEmpty() ? streamhealth::Unknown : health)
    , m_sinceMs(startedMs)
    , m_notLiveSinceMs(startedMs)
    , m_pictureHealth(streamhealth::Unknown)
{}

std::optional<StreamHealthJudge::Change> StreamHealthJudge::onStreamState(const QString &state,
                                                                          qint64 nowMs)
{
    const bool live = state == streamstate::Live;
    if (m_live && !live) {
        m_notLiveSinceMs = nowMs;
    }
    m_live = live;
    return evaluate(nowMs);
}

std::optional<StreamHealthJudge::Change> StreamHealthJudge::onPicture(const PictureStats &stats,
                                                                      qint64 wallMs)
{
    m_live = true;
    if (!stats.valid) {
        // Nothing to judge the picture by (no luma plane we read): the stream delivers, so ok.
        m_reference = {};
        m_sameCount = 0;
        if (m_pictureHealth != streamhealth::Ok) {
            m_pictureHealth = streamhealth::Ok;
            m_pictureSinceMs = wallMs;
        }
        return evaluate(wallMs);
    }
    const bool wasBlack = m_pictureHealth == streamhealth::Black;
    const double lumaMax = m_settings.blackLumaMax + (wasBlack ? BlackLumaMargin : 0);
    const double spreadMax = m_settings.blackSpreadMax + (wasBlack ? BlackSpreadMargin : 0);
    const bool black = stats.meanLuma <= lumaMax && stats.lumaSpread <= spreadMax;

    const bool wasFrozen = m_pictureHealth == streamhealth::Frozen;
    const double tolerance = m_settings.frozenTolerance + (wasFrozen ? FrozenMargin : 0);
    if (m_reference.valid && m_reference.difference(stats) <= tolerance) {
        ++m_sameCount;
    } else {
        m_reference = stats;
        m_referenceMs = wallMs;
        m_sameCount = 1;
    }
    const bool frozen = m_settings.frozenSnapshots > 0 && m_sameCount >= m_settings.frozenSnapshots;
    m_last = stats;

    const QString verdict = black    ? streamhealth::Black
                            : frozen ? streamhealth::Frozen
                                     : streamhealth::Ok;
    if (verdict != m_pictureHealth) {
        m_pictureHealth = verdict;
        m_pictureSinceMs = verdict == streamhealth::Frozen ? m_referenceMs : wallMs;
    }
    return evaluate(wallMs);
}

std::optional<StreamHealthJudge::Change> StreamHealthJudge::onTime(qint64 nowMs)
{
    return evaluate(nowMs);
}

std::optional<qint64> StreamHealthJudge::downAtMs() const
{
    if (m_live || m_health == streamhealth::Down) {
        return std::nullopt;
    }
    return m_notLiveSinceMs + qint64(m_settings.downGraceSeconds) * 1000;
}

std::optional<StreamHealthJudge::Change> StreamHealthJudge::evaluate(qint64 nowMs)
{
    QString health = m_health;
    qint64 since = m_sinceMs;
    if (!m_live) {
        if (nowMs - m_notLiveSinceMs >= qint64(m_settings.downGraceSeconds) * 1000) {
            health = streamhealth::Down;
            since = m_notLiveSinceMs;
            // Pictures from before the outage say nothing about those after it.
            m_pictureHealth = streamhealth::Unknown;
        }
    } else if (m_pictureHealth != streamhealth::Unknown) {
        health = m_pictureHealth;
        since = m_pictureSinceMs;
    } else if (m_health == streamhealth::Down) {
        health = streamhealth::Ok;
        since = nowMs;
    }
    if (health == m_health) {
        return std::nullopt;
    }
    Change change{health, m_health, since, describe(health, m_health, since)};
    m_health = health;
    m_sinceMs = since;
    return change;
}

QString StreamHealthJudge::describe(const QString &health, const QString &previous,
                                    qint64 sinceMs) const
{
    const QString at = clockTime(sinceMs);
    if (health == streamhealth::Down) {
        return tr("Stream down since %1: not live for more than %n second(s).", nullptr,
                  m_settings.downGraceSeconds)
            .arg(at);
    }
    if (health == streamhealth::Black) {
        return tr("Black picture since %1 (brightness %2, spread %3 of 255).")
            .arg(at)
            .arg(qRound(m_last.meanLuma))
            .arg(qRound(m_last.lumaSpread));
    }
    if (health == streamhealth::Frozen) {
        return tr("Frozen picture since %1: the same picture in %n snapshot(s) in a row.", nullptr,
                  m_sameCount)
            .arg(at);
    }
    if (previous == streamhealth::Down) {
        return tr("Stream live again since %1.").arg(at);
    }
    if (previous == streamhealth::Black) {
        return tr("Picture no longer black since %1.").arg(at);
    }
    if (previous == streamhealth::Frozen) {
        return tr("Picture moving again since %1.").arg(at);
    }
    return tr("Picture ok since %1.").arg(at);
}

} // namespace livesnap
