#include "storage/ObjectStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <memory>

namespace livesnap {

void ObjectStore::putFile(const QString &key, const QString &path, Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    QFile file(path);
    QByteArray bytes;
    if (file.open(QIODevice::ReadOnly)) {
        bytes = file.readAll();
    }
    if (!file.isOpen() || bytes.size() != file.size()) {
        const Error error =
            Error::internal(errc::StorageUnavailable,
                            ObjectStore::tr("Cannot read %1: %2").arg(path, file.errorString()));
        later([done = std::move(done), error] { done(error); });
        return;
    }
    put(key, bytes, std::move(done));
}

void ObjectStore::later(std::function<void()> fn)
{
    ++m_posted;
    std::weak_ptr<int> alive = m_alive;
    // No context object: the timer fires on this thread; the token tells whether we still exist.
    QTimer::singleShot(0, [this, alive, fn = std::move(fn)] {
        if (alive.expired()) {
            return;
        }
        --m_posted;
        fn();
    });
}

const ThreadAffinity &ObjectStore::requestThread()
{
    // Idle: the store moves to the caller's thread (HttpObjectStore makes its network manager
    // anew there). Busy: the owner stays, and a call from elsewhere fails the check. (Reading
    // inFlight() from a wrong thread races with the owner, but then the check stops the process.)
    if (inFlight() == 0 && m_affinity.thread() != QThread::currentThread()) {
        m_affinity.bindToCurrentThread();
    }
    return m_affinity;
}

Result<QUrl> ObjectStore::presignGet(const QString &, int, const QDateTime &) const
{
    return Error::user(errc::StorageUnavailable,
                       ObjectStore::tr("This storage location cannot make links."));
}

void ObjectStore::probe(Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    const QString key = QStringLiteral(".livesnap-probe/%1.txt")
                            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QByteArray bytes =
        "LiveSnap storage probe " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8();
    // put -> get -> compare -> remove, each step started from the previous one's callback.
    put(key, bytes, [this, key, bytes, done = std::move(done)](const Status &put) mutable {
        if (!put) {
            done(put);
            return;
        }
        get(key,
            [this, key, bytes, done = std::move(done)](const Result<QByteArray> &back) mutable {
                if (!back) {
                    done(back.error());
                    return;
                }
                if (*back != bytes) {
                    done(Error::user(
                        errc::StorageUnavailable,
                        ObjectStore::tr("The probe object read back differs from what was written; "
                                        "check the location.")));
                    return;
                }
                remove(key, std::move(done));
            });
    });
}

QString ObjectStore::localPathOf(const QString &) const
{
    return {};
}

} // namespace livesnap
