#pragma once

#include <QDateTime>

#include <functional>

namespace livesnap {

// Wall clock, injectable so that tests can move time (lease expiry, link expiry).
class Clock {
public:
    using NowFn = std::function<QDateTime()>;

    Clock() = default;
    explicit Clock(NowFn now)
        : m_now(std::move(now))
    {}

    QDateTime now() const { return m_now ? m_now() : QDateTime::currentDateTimeUtc(); }
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }

private:
    NowFn m_now;
};

} // namespace livesnap
