#include "files/ThumbnailLoader.h"

#include "engine/EngineHost.h"
#include "imaging/ScaledJpegDecoder.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRunnable>

namespace livesnap::ui {

namespace {
constexpr qint64 DefaultCacheBytes = 64LL * 1024 * 1024;
constexpr int DefaultThreads = 2;
constexpr int LinkSeconds = 600;
constexpr int DownloadTimeoutMs = 30000;
constexpr int MaxRememberedFailures = 10000;
} // namespace

// Shared by a decode task and its pending entry: the one place where "cancelled before it
// started" is decided, whichever thread gets there first.
struct ThumbnailLoader::Control {
    enum Phase { Queued, Running, Cancelled };
    std::atomic<int> phase{Queued};
};

class ThumbnailLoader::DecodeTask : public QRunnable {
public:
    DecodeTask(ThumbnailLoader *loader, std::shared_ptr<Control> control, QString key, quint64 id,
               QString path, QByteArray bytes, QSize size)
        : m_loader(loader)
        , m_control(std::move(control))
        , m_key(std::move(key))
        , m_id(id)
        , m_path(std::move(path))
        , m_bytes(std::move(bytes))
        , m_size(size)
    {}

    void run() override
    {
        int expected = Control::Queued;
        if (!m_control->phase.compare_exchange_strong(expected, Control::Running)) {
            ++m_loader->m_skipped;
            return;
        }
        QImage image;
        QString error;
        if (!m_path.isEmpty()) {
            QFile file(m_path);
            if (file.open(QIODevice::ReadOnly)) {
                m_bytes = file.readAll();
            } else {
                error = ThumbnailLoader::tr("Cannot read %1: %2").arg(m_path, file.errorString());
            }
        }
        if (error.isEmpty()) {
            ScaledJpegDecoder::Result decoded = ScaledJpegDecoder::decode(m_bytes, m_size);
            ++m_loader->m_decodes;
            if (decoded.ok()) {
                image = std::move(decoded.image);
                m_loader->m_decodedPixels += qint64(image.width()) * image.height();
            } else {
                error = decoded.error;
            }
        }
        // The loader waits for its pool before it is destroyed, so it is alive here; the
        // queued call is dropped if it is destroyed before the call runs.
        QMetaObject::invokeMethod(
            m_loader,
            [loader = m_loader, key = m_key, id = m_id, image = std::move(image), error] {
                loader->finishDecode(key, id, image, error);
            },
            Qt::QueuedConnection);
    }

private:
    ThumbnailLoader *m_loader;
    std::shared_ptr<Control> m_control;
    QString m_key;
    quint64 m_id;
    QString m_path;
    QByteArray m_bytes;
    QSize m_size;
};

ThumbnailLoader::ThumbnailLoader(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_network(new QNetworkAccessManager(this))
{
    m_pool.setObjectName(QStringLiteral("ThumbnailLoader"));
    m_pool.setMaxThreadCount(DefaultThreads);
    m_cache.setMaxCost(DefaultCacheBytes);
}

ThumbnailLoader::~ThumbnailLoader()
{
    for (Pending &pending : m_pending) {
        stopPending(pending);
    }
    m_pending.clear();
    m_pool.clear();
    // At most one decode per thread is still running; its result is dropped with this object.
    m_pool.waitForDone();
}

void ThumbnailLoader::setMaxThreads(int threads)
{
    m_pool.setMaxThreadCount(qMax(1, threads));
}

void ThumbnailLoader::setMaxDownloads(int downloads)
{
    m_maxDownloads = qMax(1, downloads);
    pumpDownloads();
}

void ThumbnailLoader::setCacheMaxBytes(qint64 bytes)
{
    m_cache.setMaxCost(static_cast<qsizetype>(qMax<qint64>(0, bytes)));
}

ThumbnailLoader::State ThumbnailLoader::state(const QString &key) const
{
    if (m_cache.contains(key)) {
        return State::Ready;
    }
    if (m_pending.contains(key)) {
        return State::Loading;
    }
    if (m_failed.contains(key)) {
        return State::Failed;
    }
    return State::None;
}

QImage ThumbnailLoader::image(const QString &key) const
{
    const QImage *cached = m_cache.object(key);
    return cached ? *cached : QImage();
}

QString ThumbnailLoader::errorString(const QString &key) const
{
    return m_failed.value(key);
}

ThumbnailLoader::Statistics ThumbnailLoader::statistics() const
{
    Statistics stats;
    stats.requests = m_requests;
    stats.decodes = m_decodes.load();
    stats.decodedPixels = m_decodedPixels.load();
    stats.takenBack = m_takenBack;
    stats.skipped = m_skipped.load();
    stats.downloads = m_downloads;
    return stats;
}

void ThumbnailLoader::request(const QString &key, const ThumbnailSource &source, QSize size)
{
    if (key.isEmpty() || m_cache.contains(key) || m_pending.contains(key) ||
        m_failed.contains(key)) {
        return;
    }
    ++m_requests;
    Pending pending;
    pending.id = ++m_nextId;
    pending.source = source;
    pending.size = size;
    if (!source.filePath.isEmpty()) {
        Pending &stored = m_pending.insert(key, pending).value();
        startDecode(key, stored, QByteArray());
        return;
    }
    const bool signedUrl = source.url.isValid();
    const bool engineLink = !source.jobId.isEmpty() && !source.ossObject.isEmpty() && m_host;
    if (!signedUrl && !engineLink) {
        // Reported from the event loop, like every other result: callers may be painting.
        m_failed.insert(key, tr("There is no file or link to read this snapshot from."));
        QMetaObject::invokeMethod(
            this,
            [this, key] {
                if (m_failed.contains(key)) {
                    emit thumbnailFailed(key, m_failed.value(key));
                }
            },
            Qt::QueuedConnection);
        return;
    }
    pending.queuedForDownload = true;
    m_pending.insert(key, pending);
    m_downloadQueue.append(key);
    pumpDownloads();
}

void ThumbnailLoader::startDecode(const QString &key, Pending &pending, const QByteArray &bytes)
{
    pending.control = std::make_shared<Control>();
    auto *task = new DecodeTask(this, pending.control, key, pending.id, pending.source.filePath,
                                bytes, pending.size);
    pending.task = task;
    m_pool.start(task);
}

void ThumbnailLoader::finishDecode(const QString &key, quint64 id, const QImage &image,
                                   const QString &error)
{
    const auto it = m_pending.constFind(key);
    if (it == m_pending.cend() || it->id != id) {
        return; // cancelled meanwhile
    }
    m_pending.erase(it);
    if (image.isNull()) {
        fail(key, error);
        return;
    }
    // An image bigger than the whole cache is not kept (QCache deletes it), but still shown.
    m_cache.insert(key, new QImage(image), static_cast<qsizetype>(image.sizeInBytes()));
    emit thumbnailReady(key, image);
}

void ThumbnailLoader::pumpDownloads()
{
    while (m_activeDownloads < m_maxDownloads && !m_downloadQueue.isEmpty()) {
        const QString key = m_downloadQueue.takeFirst();
        const auto it = m_pending.find(key);
        if (it == m_pending.end()) {
            continue;
        }
        it->queuedForDownload = false;
        it->downloading = true;
        ++m_activeDownloads;
        const quint64 id = it->id;
        if (it->source.url.isValid()) {
            startDownload(key, id, it->source.url);
            continue;
        }
        const QString jobId = it->source.jobId;
        const QString object = it->source.ossObject;
        m_host->callAsync<Result<SignedLink>>(
            this,
            [jobId, object](SnapshotService &service,
                            std::function<void(Result<SignedLink>)> reply) {
                service.getLiveSnapshotFileUrl(jobId, object, LinkSeconds, std::move(reply));
            },
            [this, key, id](Result<SignedLink> link) {
                const auto found = m_pending.constFind(key);
                if (found == m_pending.cend() || found->id != id) {
                    return; // cancelled meanwhile (and no longer counted as active)
                }
                if (!link) {
                    --m_activeDownloads;
                    fail(key, link.error().message);
                    pumpDownloads();
                    return;
                }
                startDownload(key, id, link->url);
            });
    }
}

void ThumbnailLoader::startDownload(const QString &key, quint64 id, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(DownloadTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    ++m_downloads;
    m_pending[key].reply = reply;
    connect(reply, &QNetworkReply::finished, this,
            [this, key, id, reply] { finishDownload(key, id, reply); });
}

void ThumbnailLoader::finishDownload(const QString &key, quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_pending.find(key);
    if (it == m_pending.end() || it->id != id) {
        return;
    }
    it->reply = nullptr;
    it->downloading = false;
    --m_activeDownloads;
    if (reply->error() != QNetworkReply::NoError) {
        fail(key, tr("Cannot download the snapshot: %1").arg(reply->errorString()));
    } else {
        startDecode(key, *it, reply->readAll());
    }
    pumpDownloads();
}

void ThumbnailLoader::stopPending(Pending &pending)
{
    if (pending.control) {
        int expected = Control::Queued;
        if (pending.control->phase.compare_exchange_strong(expected, Control::Cancelled)) {
            // Not started, so still alive: take it back unless a thread has just dequeued it
            // (then it sees Cancelled and does nothing). Only this thread creates tasks, so
            // the pointer cannot name a newer task.
            if (m_pool.tryTake(pending.task)) {
                delete pending.task;
                ++m_takenBack;
            }
        }
        pending.task = nullptr;
    }
    if (pending.reply) {
        QNetworkReply *reply = pending.reply;
        pending.reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    if (pending.downloading) {
        pending.downloading = false;
        --m_activeDownloads;
    }
}

void ThumbnailLoader::cancel(const QString &key)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end()) {
        return;
    }
    const bool wasQueuedForDownload = it->queuedForDownload;
    stopPending(*it);
    m_pending.erase(it);
    if (wasQueuedForDownload) {
        m_downloadQueue.removeOne(key);
    }
    pumpDownloads();
}

void ThumbnailLoader::cancelAllExcept(const QSet<QString> &keys)
{
    QStringList gone;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (!keys.contains(it.key())) {
            gone << it.key();
        }
    }
    for (const QString &key : std::as_const(gone)) {
        cancel(key);
    }
}

void ThumbnailLoader::clearFailures()
{
    m_failed.clear();
}

void ThumbnailLoader::fail(const QString &key, const QString &message)
{
    m_pending.remove(key);
    if (m_failed.size() >= MaxRememberedFailures) {
        m_failed.clear(); // browsing far and wide: forget, and retry if seen again
    }
    m_failed.insert(key, message);
    emit thumbnailFailed(key, message);
}

} // namespace livesnap::ui
