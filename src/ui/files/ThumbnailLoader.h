#pragma once

#include <QCache>
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
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QRunnable;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// Where the bytes of one stored snapshot come from.
struct ThumbnailSource {
    QString filePath; // a local folder's object: read straight from disk
    QUrl url;         // an object behind a link that is already signed
    QString jobId;    // an OSS / S3 object: fetched through a link the engine signs
    QString ossObject;
};

// Loads JPEG snapshots as images scaled for display. GUI-thread API; the work happens on a
// small, bounded QThreadPool (disk reads and libjpeg-turbo DCT-scaled decoding) and, for
// objects in OSS / S3, on the GUI thread's QNetworkAccessManager (asynchronous downloads
// through signed links). Results are kept in a QCache costed in bytes.
//
// Callers request only what they show and cancel what scrolled away: a cancelled request that
// has not started is taken back from the pool (or never decodes when a thread already took
// it), and a cancelled request never reports a result.
class ThumbnailLoader : public QObject {
    Q_OBJECT

public:
    enum class State { None, Loading, Ready, Failed };

    struct Statistics {
        int requests = 0;         // request() calls that started work
        int decodes = 0;          // images actually decoded
        qint64 decodedPixels = 0; // pixels those decodes produced (DCT-scaled sizes)
        int takenBack = 0;        // cancelled before a thread took them
        int skipped = 0;          // taken by a thread after being cancelled: did nothing
        int downloads = 0;        // network downloads started
    };

    // host signs links for OSS / S3 objects (ThumbnailSource::jobId / ossObject); may be null
    // when every source is a file or an already signed URL.
    explicit ThumbnailLoader(EngineHost *host, QObject *parent = nullptr);
    ~ThumbnailLoader() override;

    void setMaxThreads(int threads);
    int maxThreads() const { return m_pool.maxThreadCount(); }
    void setMaxDownloads(int downloads);
    void setCacheMaxBytes(qint64 bytes);
    qint64 cacheMaxBytes() const { return m_cache.maxCost(); }
    qint64 cacheBytes() const { return m_cache.totalCost(); }
    int cachedCount() const { return static_cast<int>(m_cache.count()); }

    // Loads `source` as an image that covers `size` (the smallest libjpeg-turbo scaled size of
    // the JPEG that still covers it in both dimensions; an empty size decodes at full size).
    // `key` names that image: a key already cached, loading or failed is not loaded again.
    void request(const QString &key, const ThumbnailSource &source, QSize size);
    void cancel(const QString &key);
    // Cancels every pending request whose key is not in `keys`.
    void cancelAllExcept(const QSet<QString> &keys);
    // Forgets failures so that their keys can be requested again.
    void clearFailures();

    State state(const QString &key) const;
    QImage image(const QString &key) const; // null unless Ready
    QString errorString(const QString &key) const;
    QStringList pendingKeys() const { return m_pending.keys(); }
    Statistics statistics() const;

    // For tests and benchmarks: the pool that reads and decodes.
    QThreadPool *threadPool() { return &m_pool; }

signals:
    void thumbnailReady(const QString &key, const QImage &image);
    void thumbnailFailed(const QString &key, const QString &message);

private:
    struct Control;
    struct Pending {
        quint64 id = 0;
        ThumbnailSource source;
        QSize size;
        std::shared_ptr<Control> control; // set once a decode task exists
        QRunnable *task = nullptr;        // only used while control says it is queued
        QNetworkReply *reply = nullptr;
        bool queuedForDownload = false;
        bool downloading = false; // signing a link or downloading
    };
    class DecodeTask;
    friend class DecodeTask;

    void startDecode(const QString &key, Pending &pending, const QByteArray &bytes);
    void finishDecode(const QString &key, quint64 id, const QImage &image, const QString &error);
    void pumpDownloads();
    void startDownload(const QString &key, quint64 id, const QUrl &url);
    void finishDownload(const QString &key, quint64 id, QNetworkReply *reply);
    void stopPending(Pending &pending);
    void fail(const QString &key, const QString &message);

    EngineHost *m_host = nullptr;
    QThreadPool m_pool;
    QNetworkAccessManager *m_network = nullptr;
    QCache<QString, QImage> m_cache;
    QHash<QString, Pending> m_pending;
    QHash<QString, QString> m_failed;
    QStringList m_downloadQueue;
    int m_maxDownloads = 4;
    int m_activeDownloads = 0;
    quint64 m_nextId = 0;
    int m_requests = 0;
    int m_takenBack = 0;
    int m_downloads = 0;
    // Counted on pool threads.
    std::atomic<int> m_decodes{0};
    std::atomic<qint64> m_decodedPixels{0};
    std::atomic<int> m_skipped{0};
};

} // namespace livesnap::ui

Q_DECLARE_METATYPE(livesnap::ui::ThumbnailSource)
