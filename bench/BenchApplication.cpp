#include "BenchApplication.h"

#include <QEvent>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace livesnap::bench {

namespace {

QString describe(const QMetaObject *meta, const QString &name)
{
    if (!meta) {
        return QStringLiteral("-");
    }
    const QString cls = QString::fromLatin1(meta->className());
    return name.isEmpty() ? cls : cls + QStringLiteral(" \"") + name + QLatin1Char('"');
}

QString eventTypeName(int type)
{
    const char *key = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
    return key ? QString::fromLatin1(key) : QString::number(type);
}

std::int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

} // namespace

bool hasDisplay(const char *program, const char *runner)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fprintf(stderr,
                     "%s: setup failed: no display; run it with %s (xvfb-run -a) or with "
                     "QT_QPA_PLATFORM=offscreen\n",
                     program, runner);
        return false;
    }
    return true;
}

void setUpBenchSettings(const QString &program)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnapBench"));
    QCoreApplication::setApplicationName(program);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("livesnap.*.info=false"));
    }
}

BenchApplication::BenchApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{}

bool BenchApplication::notify(QObject *receiver, QEvent *event)
{
    // notify() runs for events of every thread; only the GUI thread's are timed.
    if (!m_context || QThread::currentThread() != thread()) {
        return QApplication::notify(receiver, event);
    }
    // The receiver (or its parent) may be deleted while its event runs: read them first.
    const QMetaObject *meta = receiver->metaObject();
    const QString name = receiver->objectName();
    const QObject *parentObject = receiver->parent();
    const QMetaObject *parentMeta = parentObject ? parentObject->metaObject() : nullptr;
    const QString parentName = parentObject ? parentObject->objectName() : QString();
    const int type = event->type();
    const Phase phase = m_context->phase;
    ++m_depth;
    const std::int64_t cpuStart = threadCpuNs();
    const std::int64_t start = nowNs();
    const bool result = QApplication::notify(receiver, event);
    const std::int64_t end = nowNs();
    const std::int64_t cpuEnd = threadCpuNs();
    const int depth = m_depth--;
    const double ms = static_cast<double>(end - start) / 1e6;

    if (depth == 1) {
        const QString key =
            QString::fromLatin1(meta->className()) + QLatin1Char('/') + QString::number(type);
        Totals &totals = m_totals[static_cast<int>(phase)][key];
        if (totals.count == 0) {
            totals.receiverClass = QString::fromLatin1(meta->className());
            totals.eventType = type;
        }
        ++totals.count;
        totals.totalMs += ms;
        totals.maxMs = std::max(totals.maxMs, ms);
    }
    if (ms >= SlowEventMs) {
        m_slow.append(SlowEvent{phase, m_context->secondsSinceStart(end), ms,
                                static_cast<double>(cpuEnd - cpuStart) / 1e6, depth,
                                describe(meta, name), describe(parentMeta, parentName),
                                eventTypeName(type), m_context->activity});
    }
    return result;
}

QJsonArray BenchApplication::slowEvents(Phase phase, int limit) const
{
    QList<SlowEvent> events;
    for (const SlowEvent &e : m_slow) {
        if (e.phase == phase) {
            events.append(e);
        }
    }
    std::sort(events.begin(), events.end(),
              [](const SlowEvent &a, const SlowEvent &b) { return a.ms > b.ms; });
    QJsonArray out;
    for (const SlowEvent &e : events.first(std::min<qsizetype>(limit, events.size()))) {
        out.append(QJsonObject{{QStringLiteral("at_s"), round2(e.atSeconds)},
                               {QStringLiteral("ms"), round2(e.ms)},
                               {QStringLiteral("gui_thread_cpu_ms"), round2(e.cpuMs)},
                               {QStringLiteral("depth"), e.depth},
                               {QStringLiteral("receiver"), e.receiver},
                               {QStringLiteral("parent"), e.parent},
                               {QStringLiteral("event"), e.eventType},
                               {QStringLiteral("operator_action"), e.activity}});
    }
    return out;
}

QJsonArray BenchApplication::busiestReceivers(Phase phase, int limit) const
{
    QList<Totals> totals = m_totals[static_cast<int>(phase)].values();
    std::sort(totals.begin(), totals.end(),
              [](const Totals &a, const Totals &b) { return a.totalMs > b.totalMs; });
    QJsonArray out;
    for (const Totals &t : totals.first(std::min<qsizetype>(limit, totals.size()))) {
        out.append(QJsonObject{{QStringLiteral("receiver_class"), t.receiverClass},
                               {QStringLiteral("event"), eventTypeName(t.eventType)},
                               {QStringLiteral("count"), t.count},
                               {QStringLiteral("total_ms"), round2(t.totalMs)},
                               {QStringLiteral("max_ms"), round2(t.maxMs)}});
    }
    return out;
}

double BenchApplication::deliveredMs(Phase phase) const
{
    double total = 0;
    for (const Totals &t : m_totals[static_cast<int>(phase)]) {
        total += t.totalMs;
    }
    return total;
}

} // namespace livesnap::bench
