#pragma once

#include "BenchClock.h"

#include <QApplication>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <cstdint>

namespace livesnap::bench {

// A QApplication that times every event it delivers on the GUI thread, to name what a stall
// was busy with: per receiver class and event type, the total and largest time of outermost
// deliveries, and every delivery (at any nesting depth) that took SlowEventMs or more, with its
// receiver, the receiver's parent, the phase, the operator's action and the GUI thread's CPU
// time in it (wall time far above CPU time: the thread was runnable but waited for a CPU).
// Costs two clock reads, two thread-CPU reads and a hash update per event.
// What both GUI benchmarks do before their window: false (and a message naming `program` on
// stderr) without a display to run on.
bool hasDisplay(const char *program, const char *runner);
// Settings in test mode (nothing reaches the user's), the program's name, info logs off unless
// QT_LOGGING_RULES says otherwise.
void setUpBenchSettings(const QString &program);

class BenchApplication : public QApplication {
    Q_OBJECT

public:
    static constexpr double SlowEventMs = 16.0;

    BenchApplication(int &argc, char **argv);

    // Starts (or stops) the timing; context must outlive the timing.
    void setTracing(BenchContext *context) { m_context = context; }

    bool notify(QObject *receiver, QEvent *event) override;

    // The slowest deliveries of a phase (all depths), longest first.
    QJsonArray slowEvents(Phase phase, int limit) const;
    // Where the GUI thread's event time went in a phase: receiver class / event type, by total
    // time of outermost deliveries.
    QJsonArray busiestReceivers(Phase phase, int limit) const;
    // Total time of outermost deliveries in a phase (ms).
    double deliveredMs(Phase phase) const;

private:
    struct SlowEvent {
        Phase phase;
        double atSeconds;
        double ms;
        double cpuMs; // the GUI thread's CPU time in it: far below ms means it waited for a CPU
        int depth;
        QString receiver; // Class "objectName"
        QString parent;   // the same for the receiver's parent
        QString eventType;
        QString activity;
    };
    struct Totals {
        QString receiverClass;
        int eventType = 0;
        qint64 count = 0;
        double totalMs = 0;
        double maxMs = 0;
    };

    BenchContext *m_context = nullptr;
    int m_depth = 0;
    QList<SlowEvent> m_slow;
    QHash<QString, Totals> m_totals[PhaseCount];
};

} // namespace livesnap::bench
