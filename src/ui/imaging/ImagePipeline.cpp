#include "imaging/ImagePipeline.h"

#include "engine/EngineHost.h"
#include "imaging/ScaledJpegDecoder.h"

#include <QFile>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRunnable>

namespace livesnap::ui {

namespace {
constexpr qint64 DefaultCacheBytes = 128LL * 1024 * 1024;
constexpr int DefaultThreads = 2;
constexpr int LinkSeconds = 600;
// A cached link is used only while it has this long left: a download must finish before it.
constexpr int LinkMarginSeconds = 120;
constexpr int MaxCachedLinks = 10000;
constexpr int DownloadTimeoutMs = 30000;
constexpr int MaxRememberedFailures = 10000;

QString linkKey(const QString &jobId, const QString &ossObject)
{
    return jobId + QLatin1Char('\n') + ossObject;
}

QString downloadError(const QNetworkReply *reply)
{
    // Never errorString(): it quotes the signed link.
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        return ImagePipeline::tr("Cannot download the snapshot (HTTP %1).").arg(status.toInt());
    }
    const char *name =
        QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error());
    return ImagePipeline::tr("Cannot download the snapshot (%1).")
        .arg(name ? QString::fromLatin1(name) : QString::number(reply->error()));
}
} // namespace

// Shared by a decode task and its pending entry: the one place where "cancelled before it
// started" is decided, whichever thread gets there first.
struct ImagePipeline::Control {
    enum Phase { Queued, Running, Cancelled };
    std::atomic<int> phase{Queued};
};

class ImagePipeline::DecodeTask : public QRunnable {
public:
    DecodeTask(ImagePipeline *pipeline, std::shared_ptr<Control> control, QString key, quint64 id,
               QString path, QByteArray bytes, QSize size, Fit fit)
        : m_pipeline(pipeline)
        , m_control(std::move(control))
        , m_key(std::move(key))
        , m_id(id)
        , m_path(std::move(path))
        , m_bytes(std::move(bytes))
        , m_size(size)
        , m_fit(fit)
    {}

    void run() override
    {
        int expected = Control::Queued;
        if (!m_control->phase.compare_exchange_strong(expected, Control::Running)) {
            ++m_pipeline->m_skipped;
            return;
        }
        QImage image;
        QString error;
        if (!m_path.isEmpty()) {
            ++m_pipeline->m_fileReads;
            QFile file(m_path);
            if (file.open(QIODevice::ReadOnly)) {
                m_bytes = file.readAll();
            } else {
                error = ImagePipeline::tr("Cannot read %1: %2").arg(m_path, file.errorString());
            }
        }
        if (error.isEmpty()) {
            ScaledJpegDecoder::Result decoded = ScaledJpegDecoder::decode(m_bytes, m_size);
            ++m_pipeline->m_decodes;
            if (decoded.ok()) {
                image = std::move(decoded.image);
                m_pipeline->m_decodedPixels += qint64(image.width()) * image.height();
                if (m_fit == Fit::Within && !m_size.isEmpty() &&
                    (image.width() > m_size.width() || image.height() > m_size.height())) {
                    image = image.scaled(m_size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                }
            } else {
                error = decoded.error;
            }
        }
        // The pipeline waits for its pool before it is destroyed, so it is alive here; the
        // queued call is dropped if it is destroyed before the call runs.
        QMetaObject::invokeMethod(
            m_pipeline,
            [pipeline = m_pipeline, key = m_key, id = m_id, image = std::move(image), error] {
                pipeline->finishDecode(key, id, image, error);
            },
            Qt::QueuedConnection);
    }

private:
    ImagePipeline *m_pipeline;
    std::shared_ptr<Control> m_control;
    QString m_key;
    quint64 m_id;
    QString m_path;
    QByteArray m_bytes;
    QSize m_size;
    Fit m_fit;
};

ImagePipeline::ImagePipeline(EngineHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_network(new QNetworkAccessManager(this))
{
    m_pool.setObjectName(QStringLiteral("ImagePipeline"));
    m_pool.setMaxThreadCount(DefaultThreads);
    m_cache.setMaxCost(DefaultCacheBytes);
}

ImagePipeline::~ImagePipeline()
{
    for (Pending &pending : m_pending) {
        stopPending(pending);
    }
    m_pending.clear();
    m_pool.clear();
    // At most one decode per thread is still running; its result is dropped with this object.
    m_pool.waitForDone();
}

QString ImagePipeline::snapshotKey(const QString &jobId, const QString &ossObject,
                                   qint64 createTimestamp)
{
    return jobId + QLatin1Char('|') + ossObject + QLatin1Char('|') +
           QString::number(createTimestamp);
}

void ImagePipeline::setMaxThreads(int threads)
{
    m_pool.setMaxThreadCount(qMax(1, threads));
}

void ImagePipeline::setMaxDownloads(int downloads)
{
    m_maxFetches = qMax(1, downloads);
    pumpFetches();
}

void ImagePipeline::setCacheMaxBytes(qint64 bytes)
{
    m_cache.setMaxCost(static_cast<qsizetype>(qMax<qint64>(0, bytes)));
}

ImagePipeline::State ImagePipeline::state(const QString &key) const
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

QImage ImagePipeline::image(const QString &key) const
{
    const QImage *cached = m_cache.object(key);
    return cached ? *cached : QImage();
}

QString ImagePipeline::errorString(const QString &key) const
{
    return m_failed.value(key);
}

ImagePipeline::Statistics ImagePipeline::statistics() const
{
    Statistics stats;
    stats.requests = m_requests;
    stats.joined = m_joined;
    stats.decodes = m_decodes.load();
    stats.decodedPixels = m_decodedPixels.load();
    stats.takenBack = m_takenBack;
    stats.skipped = m_skipped.load();
    stats.fileReads = m_fileReads.load();
    stats.downloads = m_downloads;
    stats.linkCalls = m_linkCalls;
    return stats;
}

void ImagePipeline::request(const QString &key, const ImageSource &source, QSize size,
                            const void *owner, Fit fit)
{
    if (key.isEmpty() || m_cache.contains(key) || m_failed.contains(key)) {
        return;
    }
    if (const auto loading = m_pending.find(key); loading != m_pending.end()) {
        if (!loading->owners.contains(owner)) {
            loading->owners.insert(owner);
            ++m_joined;
        }
        return;
    }
    ++m_requests;
    Pending pending;
    pending.id = ++m_nextId;
    pending.source = source;
    pending.size = size;
    pending.fit = fit;
    pending.owners.insert(owner);
    if (!source.filePath.isEmpty()) {
        startDecode(key, m_pending.insert(key, pending).value(), QByteArray());
        return;
    }
    const bool signedUrl = source.url.isValid();
    const bool stored = !source.jobId.isEmpty() && !source.ossObject.isEmpty() && m_host;
    if (!signedUrl && !stored) {
        // Reported from the event loop, like every other result: callers may be painting.
        m_failed.insert(key, tr("There is no file or link to read this snapshot from."));
        QMetaObject::invokeMethod(
            this,
            [this, key] {
                if (m_failed.contains(key)) {
                    emit imageFailed(key, m_failed.value(key));
                }
            },
            Qt::QueuedConnection);
        return;
    }
    pending.queuedForFetch = true;
    m_pending.insert(key, pending);
    m_fetchQueue.append(key);
    pumpFetches();
}

void ImagePipeline::startDecode(const QString &key, Pending &pending, const QByteArray &bytes)
{
    pending.control = std::make_shared<Control>();
    auto *task = new DecodeTask(this, pending.control, key, pending.id, pending.source.filePath,
                                bytes, pending.size, pending.fit);
    pending.task = task;
    m_pool.start(task);
}

void ImagePipeline::finishDecode(const QString &key, quint64 id, const QImage &image,
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
    emit imageReady(key, image);
}

void ImagePipeline::pumpFetches()
{
    while (m_activeFetches < m_maxFetches && !m_fetchQueue.isEmpty()) {
        const QString key = m_fetchQueue.takeFirst();
        const auto it = m_pending.find(key);
        if (it == m_pending.end()) {
            continue;
        }
        it->queuedForFetch = false;
        it->fetching = true;
        ++m_activeFetches;
        if (it->source.url.isValid()) {
            startDownload(key, *it, it->source.url);
            continue;
        }
        const quint64 id = it->id;
        resolveLink(it->source.jobId, it->source.ossObject, this,
                    [this, key, id](const Result<SignedLink> &link) { linkReady(key, id, link); });
    }
}

void ImagePipeline::resolveLink(const QString &jobId, const QString &ossObject, QObject *context,
                                std::function<void(const Result<SignedLink> &)> done)
{
    const QString cacheKey = linkKey(jobId, ossObject);
    const auto cached = m_links.constFind(cacheKey);
    if (cached != m_links.cend() &&
        QDateTime::currentDateTimeUtc().secsTo(cached->expireTime) > LinkMarginSeconds) {
        // Still answered from the event loop, as a fresh link would be.
        QMetaObject::invokeMethod(
            context, [done = std::move(done), link = *cached] { done(link); },
            Qt::QueuedConnection);
        return;
    }
    if (!m_host) {
        QMetaObject::invokeMethod(
            context,
            [done = std::move(done)] {
                done(Error::internal(QStringLiteral("EngineNotRunning"),
                                     tr("There is no engine to link this snapshot.")));
            },
            Qt::QueuedConnection);
        return;
    }
    ++m_linkCalls;
    QPointer<QObject> guard(context);
    m_host->callAsync<Result<SignedLink>>(
        this,
        [jobId, ossObject](SnapshotService &service,
                           std::function<void(Result<SignedLink>)> reply) {
            service.getLiveSnapshotFileUrl(jobId, ossObject, LinkSeconds, std::move(reply));
        },
        [this, cacheKey, guard, done = std::move(done)](Result<SignedLink> link) {
            if (link) {
                if (m_links.size() >= MaxCachedLinks) {
                    m_links.clear();
                }
                m_links.insert(cacheKey, *link);
            }
            if (guard) {
                done(link);
            }
        });
}

void ImagePipeline::linkReady(const QString &key, quint64 id, const Result<SignedLink> &link)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end() || it->id != id) {
        return; // cancelled meanwhile (and its slot given back then)
    }
    if (!link) {
        releaseSlot(*it);
        fail(key, link.error().message);
        pumpFetches();
        return;
    }
    if (!link->localPath.isEmpty()) {
        // A local folder's file: read it on the pool, no HTTP.
        releaseSlot(*it);
        it->source.filePath = link->localPath;
        startDecode(key, *it, QByteArray());
        pumpFetches();
        return;
    }
    startDownload(key, *it, link->url);
}

void ImagePipeline::startDownload(const QString &key, Pending &pending, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(DownloadTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    ++m_downloads;
    pending.reply = reply;
    connect(reply, &QNetworkReply::finished, this,
            [this, key, id = pending.id, reply] { finishDownload(key, id, reply); });
}

void ImagePipeline::finishDownload(const QString &key, quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_pending.find(key);
    if (it == m_pending.end() || it->id != id) {
        return;
    }
    it->reply = nullptr;
    releaseSlot(*it);
    if (reply->error() != QNetworkReply::NoError) {
        fail(key, downloadError(reply));
    } else {
        startDecode(key, *it, reply->readAll());
    }
    pumpFetches();
}

void ImagePipeline::releaseSlot(Pending &pending)
{
    if (pending.fetching) {
        pending.fetching = false;
        --m_activeFetches;
    }
}

void ImagePipeline::stopPending(Pending &pending)
{
    bool reachedThread = false;
    if (pending.control) {
        int expected = Control::Queued;
        if (pending.control->phase.compare_exchange_strong(expected, Control::Cancelled)) {
            // Not started, so still alive: take it back unless a thread has just dequeued it
            // (then it sees Cancelled and does nothing, counted as skipped). Only this thread
            // creates tasks, so the pointer cannot name a newer task.
            if (m_pool.tryTake(pending.task)) {
                delete pending.task;
            } else {
                reachedThread = true;
            }
        } else {
            reachedThread = true;
        }
        pending.task = nullptr;
    }
    if (!reachedThread) {
        ++m_takenBack; // queued for the pool, a link or a download: no thread ever saw it
    }
    if (pending.reply) {
        QNetworkReply *reply = pending.reply;
        pending.reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    releaseSlot(pending);
}

void ImagePipeline::cancel(const QString &key, const void *owner)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end() || !it->owners.remove(owner) || !it->owners.isEmpty()) {
        return;
    }
    drop(key);
}

void ImagePipeline::drop(const QString &key)
{
    const auto it = m_pending.find(key);
    const bool wasQueuedForFetch = it->queuedForFetch;
    stopPending(*it);
    m_pending.erase(it);
    if (wasQueuedForFetch) {
        m_fetchQueue.removeOne(key);
    }
    pumpFetches();
}

void ImagePipeline::cancelAllExcept(const QSet<QString> &keys, const void *owner)
{
    QStringList gone;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->owners.contains(owner) && !keys.contains(it.key())) {
            gone << it.key();
        }
    }
    for (const QString &key : std::as_const(gone)) {
        cancel(key, owner);
    }
}

void ImagePipeline::clearFailures()
{
    m_failed.clear();
}

void ImagePipeline::fail(const QString &key, const QString &message)
{
    m_pending.remove(key);
    if (m_failed.size() >= MaxRememberedFailures) {
        m_failed.clear(); // browsing far and wide: forget, and retry if seen again
    }
    m_failed.insert(key, message);
    emit imageFailed(key, message);
}

} // namespace livesnap::ui
