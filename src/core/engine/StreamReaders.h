#pragma once

#include "capture/CaptureWorker.h"
#include "engine/Supervisor.h"

#include <QObject>
#include <QThread>

#include <map>
#include <memory>
#include <vector>

namespace livesnap {

class SnapshotSink;
class Spool;
class StreamHealthMonitor;

// The engine's stream readers: one CaptureWorker (on its own thread) per distinct stream (URL and
// input options), shared
// by every job that captures it. subscribe() gives a running job its place on the reader of its
// stream, opening the connection when it is the first; the last job out closes it. Snapshots are
// spooled where the keyframe was decoded (fsync off the engine thread) and handed to the sink by
// queued calls; picture statistics and stream states go to the health monitor the same way.
// Lives on the engine thread; destroying it stops every reader and joins its thread.
class StreamReaders : public QObject {
    Q_OBJECT

public:
    StreamReaders(const Spool &spool, SnapshotSink *sink, StreamHealthMonitor *health,
                  QObject *parent = nullptr);
    ~StreamReaders() override;

    // `job` names the job, its stream and its schedule; the timeouts of the first job on a
    // stream are the reader's. Destroying the result (or its requestStop()) unsubscribes.
    std::unique_ptr<RunningJob> subscribe(const CaptureOptions &job);

    // Streams with a connection (or trying to make one) for at least one job.
    int openStreamCount() const { return int(m_readers.size()); }
    // Jobs subscribed to a reader of `url` (with any input options).
    int subscriberCount(const QString &url) const;

private:
    struct Reader {
        QString url;
        QThread thread;
        std::unique_ptr<CaptureWorker> worker; // runs on thread
    };
    class Subscription;
    void unsubscribe(const QString &key, const QString &jobId);
    void onReaderFinished(Reader *reader);
    static void stopAndJoin(Reader &reader);

    const Spool &m_spool;
    SnapshotSink *m_sink;
    StreamHealthMonitor *m_health;
    // By StreamInput::readerKey(): jobs share a reader when URL and input options are equal.
    std::map<QString, std::unique_ptr<Reader>> m_readers;
    std::vector<std::unique_ptr<Reader>> m_closing; // stopping; deleted once finished
};

} // namespace livesnap
