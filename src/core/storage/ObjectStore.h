#pragma once

#include "common/Result.h"
#include "common/ThreadAffinity.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace livesnap {

// One storage location's objects. Local folders, OSS and S3-compatible stores implement it.
//
// Every operation is asynchronous: it starts the request and returns at once; its callback runs
// later (never inside the call), exactly once, on the thread that started the request, which
// must run an event loop. While a store has requests in flight, every asynchronous call must
// come from the thread that started them (checked: LIVESNAP_ASSERT_THREAD); an idle store may
// move to another thread (built on a pool thread, used on the network thread). No call ever waits
// in a nested event loop. A store must outlive its requests: destroying it with requests in flight
// aborts them and drops their callbacks (the owner, e.g. the UploadQueue, keeps it alive until
// inFlight() is 0).
class ObjectStore {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ObjectStore)

public:
    using Done = std::function<void(Status)>;
    using BytesDone = std::function<void(Result<QByteArray>)>;

    virtual ~ObjectStore() = default;

    // Writes an object atomically: a reader sees the old bytes or the new, never a part. Done
    // succeeds only once the store holds the object whole (a store checks what it can: the
    // size written, or the Content-MD5 the server verified).
    virtual void put(const QString &key, const QByteArray &bytes, Done done) = 0;
    // Stores a file's bytes (the spooled JPEG). Stores that can do better than reading it
    // (a local folder on the same disk: a hard link) override it.
    virtual void putFile(const QString &key, const QString &path, Done done);
    virtual void get(const QString &key, BytesDone done) = 0;
    // Removing a missing object succeeds.
    virtual void remove(const QString &key, Done done) = 0;
    // Writes, reads back and removes a probe object: does this location work?
    void probe(Done done);
    // Requests started and not yet answered.
    virtual int inFlight() const { return m_posted; }
    // A URL anyone can GET the object with until now + ttlSeconds (the store's presigned URL,
    // or for a local folder a signed link served by the engine's link server). No I/O.
    virtual Result<QUrl> presignGet(const QString &key, int ttlSeconds, const QDateTime &now) const;
    // The file holding key when this store is a folder on this machine (readers here may open
    // it directly instead of going through a link); empty for remote stores.
    virtual QString localPathOf(const QString &key) const;

protected:
    // The thread the asynchronous calls belong to: the one whose requests are in flight; an
    // idle store follows its caller. Each entry point asserts
    // LIVESNAP_ASSERT_THREAD(requestThread()).
    const ThreadAffinity &requestThread();
    // Runs fn from this thread's event loop, after the current call returned; dropped if the
    // store is destroyed first. Counted in inFlight() until it ran.
    void later(std::function<void()> fn);

private:
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
    int m_posted = 0;
    ThreadAffinity m_affinity;
};

} // namespace livesnap
