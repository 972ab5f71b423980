#include "engine/StreamReaders.h"

#include "common/Logging.h"
#include "domain/StreamInput.h"
#include "engine/SnapshotSink.h"
#include "engine/StreamHealthMonitor.h"
#include "spool/Spool.h"

#include <algorithm>

namespace livesnap {

// A job's place on its stream's reader.
class StreamReaders::Subscription final : public RunningJob {
public:
    Subscription(StreamReaders *readers, QString key, QString jobId, CaptureWorker *worker)
        : m_readers(readers)
        , m_key(std::move(key))
        , m_jobId(std::move(jobId))
        , m_worker(worker)
    {}
    ~Subscription() override { requestStop(); }

    void requestStop() override
    {
        if (m_worker) {
            m_worker = nullptr;
            m_readers->unsubscribe(m_key, m_jobId);
        }
    }
    void requestSnapshot() override
    {
        if (m_worker)
            m_worker->requestSnapshot(m_jobId);
    }

private:
    StreamReaders *m_readers;
    QString m_key; // the reader's: StreamInput::readerKey()
    QString m_jobId;
    CaptureWorker *m_worker; // nullptr once unsubscribed
};

StreamReaders::StreamReaders(const Spool &spool, SnapshotSink *sink, StreamHealthMonitor *health,
                             QObject *parent)
    : QObject(parent)
    , m_spool(spool)
    , m_sink(sink)
    , m_health(health)
{}

StreamReaders::~StreamReaders()
{
    for (auto &[url, reader] : m_readers)
        reader->worker->requestStop();
    for (auto &[url, reader] : m_readers)
        stopAndJoin(*reader);
    for (auto &reader : m_closing)
        stopAndJoin(*reader);
}

std::unique_ptr<RunningJob> StreamReaders::subscribe(const CaptureOptions &job)
{
    const QString key = job.streamInput().readerKey();
    auto it = m_readers.find(key);
    if (it == m_readers.end()) {
        CaptureOptions options = job;
        options.jobId.clear(); // subscribed below, like every other job on the stream
        auto reader = std::make_unique<Reader>();
        reader->url = job.url;
        reader->worker = std::make_unique<CaptureWorker>(options);
        CaptureWorker *worker = reader->worker.get();
        worker->moveToThread(&reader->thread);
        reader->thread.setObjectName(QStringLiteral("capture-") + job.jobId.left(8));
        connect(&reader->thread, &QThread::started, worker, &CaptureWorker::run);
        // run() returned: let the thread end (quit is thread-safe), then clean up here.
        connect(
            worker, &CaptureWorker::finished, worker,
            [thread = &reader->thread] { thread->quit(); }, Qt::DirectConnection);
        connect(
            &reader->thread, &QThread::finished, this,
            [this, raw = reader.get()] { onReaderFinished(raw); }, Qt::QueuedConnection);
        // Runs where the keyframe was decoded: the picture to the health monitor, then spool
        // and tell the sink.
        const Spool &spool = m_spool;
        SnapshotSink *sink = m_sink;
        StreamHealthMonitor *health = m_health;
        connect(
            worker, &CaptureWorker::snapshotTaken, worker,
            [&spool, sink, health](const CapturedSnapshot &snapshot) {
                if (health) {
                    StreamHealthMonitor::postPicture(health, snapshot.jobId, snapshot.stats,
                                                     snapshot.wallMs);
                }
                SnapshotSink::spoolAndStore(sink, spool, snapshot);
            },
            Qt::DirectConnection);
        connect(worker, &CaptureWorker::streamStateChanged, m_sink,
                &SnapshotSink::reportStreamState, Qt::QueuedConnection);
        if (m_health) {
            connect(worker, &CaptureWorker::streamStateChanged, m_health,
                    &StreamHealthMonitor::onStreamState, Qt::QueuedConnection);
        }
        reader->thread.start();
        it = m_readers.emplace(key, std::move(reader)).first;
        qCInfo(lcCapture).noquote() << "opened a reader for" << maskStreamUrl(job.url) << "("
                                    << m_readers.size() << "stream(s))";
    }
    CaptureWorker *worker = it->second->worker.get();
    worker->addSubscriber(job.subscriber());
    return std::make_unique<Subscription>(this, key, job.jobId, worker);
}

int StreamReaders::subscriberCount(const QString &url) const
{
    int count = 0;
    for (const auto &[key, reader] : m_readers) {
        if (reader->url == url)
            count += reader->worker->subscriberCount();
    }
    return count;
}

void StreamReaders::unsubscribe(const QString &key, const QString &jobId)
{
    const auto it = m_readers.find(key);
    if (it == m_readers.end())
        return;
    it->second->worker->removeSubscriber(jobId);
    if (it->second->worker->subscriberCount() > 0)
        return;
    // The last job out closes the connection; the thread ends on its own, and a job that
    // subscribes to the stream meanwhile gets a new reader.
    qCInfo(lcCapture).noquote() << "closing the reader of" << maskStreamUrl(it->second->url);
    it->second->worker->requestStop();
    m_closing.push_back(std::move(it->second));
    m_readers.erase(it);
}

void StreamReaders::onReaderFinished(Reader *reader)
{
    const auto it = std::find_if(m_closing.begin(), m_closing.end(),
                                 [reader](const auto &r) { return r.get() == reader; });
    if (it == m_closing.end())
        return; // still in m_readers: it stopped on its own, which only a stop request does
    stopAndJoin(**it);
    m_closing.erase(it);
}

void StreamReaders::stopAndJoin(Reader &reader)
{
    reader.worker->requestStop();
    reader.thread.quit();
    reader.thread.wait();
    reader.worker.reset();
}

} // namespace livesnap
