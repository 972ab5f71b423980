#pragma once

#include "service/Requests.h"

#include <QCache>
#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QRunnable;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// Where the bytes of one image come from.
struct ImageSource {
    QString filePath;  // a file on this machine: read on the pool, never over HTTP
    QUrl url;          // a link that is already signed: downloaded, then decoded on the pool
    QString jobId;     // a stored snapshot: the engine links it (SignedLink); its localPath is
    QString ossObject; // read directly when it has one (a local folder), else its url is fetched

    static ImageSource file(const QString &path) { return {path, {}, {}, {}}; }
    static ImageSource link(const QUrl &url) { return {{}, url, {}, {}}; }
    static ImageSource object(const QString &jobId, const QString &ossObject)
    {
        return {{}, {}, jobId, ossObject};
    }
};

// The GUI's one image pipeline: the file grid's thumbnails, the viewer's full images and the
// monitor wall's tiles all come through one instance (MainWindow creates it). GUI-thread API.
//
// It owns one bounded QThreadPool that reads files and decodes (libjpeg-turbo DCT scaling),
// one QCache of decoded images costed in bytes, and one QNetworkAccessManager for images behind
// links (OSS / S3), with a bound on concurrent downloads and engine calls. A stored snapshot is
// linked by one asynchronous engine call (getLiveSnapshotFileUrl), remembered until shortly
// before the link expires; a snapshot in a local folder is then read straight from its file.
//
// A key names one decoded image (callers put the size in it when they ask for several sizes).
// Requests for a key that is loading join it; a key already cached or failed is not loaded
// again. Each request has an owner (any pointer, e.g. the model that asks): an owner cancels
// only its own requests, and work stops when no owner wants the key any more. A cancelled
// request that has not reached a pool thread is taken back (or never decodes when a thread has
// just taken it), and never reports a result.
class ImagePipeline : public QObject {
    Q_OBJECT

public:
    enum class State { None, Loading, Ready, Failed };
    enum class Fit {
        Cover,  // the DCT-scaled decode that still covers the size (cheapest; never upscaled)
        Within, // that decode, then scaled down to fit inside the size
    };

    struct Statistics {
        int requests = 0;         // request() calls that started work
        int joined = 0;           // request() calls that joined a key already loading
        int decodes = 0;          // images actually decoded
        qint64 decodedPixels = 0; // pixels those decodes produced (DCT-scaled sizes)
        int takenBack = 0;        // cancelled before a pool thread took them
        int skipped = 0;          // taken by a thread after being cancelled: did nothing
        int fileReads = 0;        // files read on the pool (local snapshots)
        int downloads = 0;        // HTTP downloads started
        int linkCalls = 0;        // engine calls that linked a stored snapshot
    };

    // host links stored snapshots (ImageSource::jobId / ossObject); may be null when every
    // source is a file or an already signed URL.
    explicit ImagePipeline(EngineHost *host, QObject *parent = nullptr);
    ~ImagePipeline() override;

    void setMaxThreads(int threads);
    int maxThreads() const { return m_pool.maxThreadCount(); }
    // Downloads and engine link calls in flight at once.
    void setMaxDownloads(int downloads);
    void setCacheMaxBytes(qint64 bytes);
    qint64 cacheMaxBytes() const { return m_cache.maxCost(); }
    qint64 cacheBytes() const { return m_cache.totalCost(); }
    int cachedCount() const { return static_cast<int>(m_cache.count()); }

    // Loads `source` as the image `key` names, at `size` as `fit` says (an empty size decodes
    // at full size), on behalf of `owner`.
    void request(const QString &key, const ImageSource &source, QSize size,
                 const void *owner = nullptr, Fit fit = Fit::Cover);
    // Withdraws owner's request for key; the work stops when no other owner wants it.
    void cancel(const QString &key, const void *owner = nullptr);
    // Withdraws every request of owner whose key is not in `keys`.
    void cancelAllExcept(const QSet<QString> &keys, const void *owner = nullptr);
    // Forgets failures so that their keys can be requested again.
    void clearFailures();

    // The link of a stored snapshot (cached like the ones the pipeline uses), handed to done on
    // this thread; dropped when context is gone first.
    void resolveLink(const QString &jobId, const QString &ossObject, QObject *context,
                     std::function<void(const Result<SignedLink> &)> done);

    State state(const QString &key) const;
    QImage image(const QString &key) const; // null unless Ready
    QString errorString(const QString &key) const;
    QStringList pendingKeys() const { return m_pending.keys(); }
    Statistics statistics() const;

    // The key of a stored snapshot's capture: an overwrite object keeps its name but not its
    // content, so the capture time is part of it.
    static QString snapshotKey(const QString &jobId, const QString &ossObject,
                               qint64 createTimestamp);

    // For tests and benchmarks: the pool that reads and decodes.
    QThreadPool *threadPool() { return &m_pool; }

signals:
    void imageReady(const QString &key, const QImage &image);
    void imageFailed(const QString &key, const QString &message);

private:
    struct Control;
    struct Pending {
        quint64 id = 0;
        ImageSource source;
        QSize size;
        Fit fit = Fit::Cover;
        QSet<const void *> owners;
        std::shared_ptr<Control> control; // set once a decode task exists
        QRunnable *task = nullptr;        // only used while control says it is queued
        QNetworkReply *reply = nullptr;
        bool queuedForFetch = false;
        bool fetching = false; // linking through the engine or downloading: holds a slot
    };
    class DecodeTask;
    friend class DecodeTask;

    void startDecode(const QString &key, Pending &pending, const QByteArray &bytes);
    void finishDecode(const QString &key, quint64 id, const QImage &image, const QString &error);
    void pumpFetches();
    void linkReady(const QString &key, quint64 id, const Result<SignedLink> &link);
    void startDownload(const QString &key, Pending &pending, const QUrl &url);
    void finishDownload(const QString &key, quint64 id, QNetworkReply *reply);
    void releaseSlot(Pending &pending);
    void stopPending(Pending &pending);
    void drop(const QString &key);
    void fail(const QString &key, const QString &message);

    EngineHost *m_host = nullptr;
    QThreadPool m_pool;
    QNetworkAccessManager *m_network = nullptr;
    QCache<QString, QImage> m_cache;
    QHash<QString, Pending> m_pending;
    QHash<QString, QString> m_failed;
    QHash<QString, SignedLink> m_links; // jobId '\n' ossObject
    QStringList m_fetchQueue;
    int m_maxFetches = 4;
    int m_activeFetches = 0;
    quint64 m_nextId = 0;
    int m_requests = 0;
    int m_joined = 0;
    int m_takenBack = 0;
    int m_downloads = 0;
    int m_linkCalls = 0;
    // Counted on pool threads.
    std::atomic<int> m_decodes{0};
    std::atomic<qint64> m_decodedPixels{0};
    std::atomic<int> m_skipped{0};
    std::atomic<int> m_fileReads{0};
};

} // namespace livesnap::ui

Q_DECLARE_METATYPE(livesnap::ui::ImageSource)
