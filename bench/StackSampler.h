#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <sys/types.h>

#include <vector>

namespace livesnap::bench {

// Where a blocked thread is: its kernel state (from /proc: R running, S sleeping, D
// uninterruptible; the kernel function it waits in; the system call it is in) and its stack,
// which the thread records itself in a signal handler (SIGUSR2 + backtrace()). A thread asleep
// in a system call (a futex, poll) runs the handler at once; one in an uninterruptible wait
// (e.g. a page fault waiting for the address-space lock) runs it when that wait ends, so its
// stack is the place that waited.
class StackSampler {
public:
    struct Sample {
        double waitedMs = 0; // how long the GUI thread had not answered when sampled
        QString state;       // R, S, D ...
        QString wchan;       // kernel wait channel
        QString syscall;     // "running", or the system call number and arguments
        std::vector<void *> frames;
        bool gotStack = false;
    };

    // Installs the handler for the calling thread (the GUI thread); call once.
    static void install();
    // From another thread: reads the GUI thread's state, then asks it for its stack (waits up
    // to timeoutMs for the handler to run).
    static Sample sample(double waitedMs, int timeoutMs);
    // Function names (demangled; file:line for the benchmark's own binary), outermost last.
    static QStringList symbolize(const std::vector<void *> &frames);
    static QJsonObject toJson(const Sample &sample, const QString &phase, double atSeconds,
                              const QString &activity);
};

} // namespace livesnap::bench
