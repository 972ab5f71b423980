#include "common/ThreadAffinity.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QObject>
#include <QThread>

namespace livesnap {

void ThreadAffinity::bindToCurrentThread()
{
    bind(QThread::currentThread());
}

void ThreadAffinity::bind(QThread *thread) const
{
    const QMutexLocker lock(&m_nameLock);
    m_ownerName = threadcheck::describe(thread);
    m_thread.store(thread, std::memory_order_release);
}

void ThreadAffinity::check(const char *where) const
{
    QThread *current = QThread::currentThread();
    QThread *owner = m_thread.load(std::memory_order_acquire);
    if (Q_LIKELY(owner == current)) {
        return;
    }
    if (!owner) {
        const QMutexLocker lock(&m_nameLock);
        // First call: binds, unless another thread got here first.
        owner = m_thread.load(std::memory_order_acquire);
        if (!owner) {
            m_ownerName = threadcheck::describe(current);
            m_thread.store(current, std::memory_order_release);
            return;
        }
        if (owner == current) {
            return;
        }
    }
    QByteArray ownerName;
    {
        const QMutexLocker lock(&m_nameLock);
        ownerName = m_ownerName;
    }
    threadcheck::fail(where, ownerName);
}

namespace threadcheck {

QByteArray describe(QThread *thread)
{
    // The object name is set before a thread starts and never changed (reading it from another
    // thread would race only with a rename).
    QByteArray name = thread->objectName().toUtf8();
    if (name.isEmpty()) {
        const QCoreApplication *app = QCoreApplication::instance();
        name = app && app->thread() == thread ? QByteArrayLiteral("main thread")
                                              : QByteArrayLiteral("unnamed thread");
    }
    return name + " (0x" + QByteArray::number(quintptr(thread), 16) + ')';
}

void fail(const char *where, const QByteArray &owner)
{
    qFatal("LiveSnap thread rule broken: %s was called on %s, but its object belongs to %s. "
           "Reach it from its own thread (a queued call: QMetaObject::invokeMethod).",
           where, describe(QThread::currentThread()).constData(), owner.constData());
}

void check(const QObject *object, const char *where)
{
    QThread *owner = object->thread();
    if (Q_UNLIKELY(owner != QThread::currentThread())) {
        fail(where, owner ? describe(owner) : QByteArrayLiteral("no thread"));
    }
}

} // namespace threadcheck

} // namespace livesnap
