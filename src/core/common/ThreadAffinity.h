#pragma once

#include <QByteArray>
#include <QMutex>
#include <QtGlobal>

#include <atomic>

class QObject;
class QThread;

// Thread rules in code: an object that must only be used from one thread says so at each entry
// point with one line,
//     LIVESNAP_ASSERT_THREAD(this);         // a QObject: its thread()
//     LIVESNAP_ASSERT_THREAD(m_affinity);   // anything else: a ThreadAffinity member
// and a call from another thread stops the process with a message that names the function (its
// class included), the calling thread and the owning one.
//
// When the check runs: always in Debug builds (like Q_ASSERT), and in every other build while
// the CMake option LIVESNAP_THREAD_CHECKS is ON (the default). Q_ASSERT alone would not do:
// Qt defines QT_NO_DEBUG for every configuration but Debug, so our default RelWithDebInfo build,
// the one scripts/test.sh runs the whole suite in, GUI tests included (the GUI drives the engine
// across threads), would check nothing. The check is a thread-local read and a pointer compare
// at calls that go on to run SQL or network I/O; and a call on the wrong thread is a programmer
// error whose effects (a SQLite connection or a QNetworkAccessManager used from two threads) are
// undefined, so stopping with a clear message beats carrying on in a shipped build too.
// Packagers who disagree configure with -DLIVESNAP_THREAD_CHECKS=OFF.
#if defined(LIVESNAP_THREAD_CHECKS) || !defined(QT_NO_DEBUG)
#define LIVESNAP_THREAD_CHECKS_ACTIVE 1
#else
#define LIVESNAP_THREAD_CHECKS_ACTIVE 0
#endif

namespace livesnap {

inline constexpr bool threadChecksActive = LIVESNAP_THREAD_CHECKS_ACTIVE;

// The thread an object that is not a QObject belongs to. Unbound at first: the first check binds
// it to the thread it runs on (a store is built on a pool thread and then used, from its first
// call on, only on the thread that drives its requests). bindToCurrentThread() binds it
// explicitly where the owner moves by design (the catalog belongs to the thread that opened it).
// Thread-safe. A check compares thread pointers: after the owner finished, a new thread whose
// QThread happens to get the same address would pass; every other thread is caught.
class ThreadAffinity {
public:
    ThreadAffinity() = default;
    ThreadAffinity(const ThreadAffinity &) = delete;
    ThreadAffinity &operator=(const ThreadAffinity &) = delete;

    void bindToCurrentThread();
    // The owning thread, nullptr while unbound.
    QThread *thread() const { return m_thread.load(std::memory_order_acquire); }

    // Binds if unbound; stops the process if bound to another thread. `where`: the caller.
    void check(const char *where) const;

private:
    void bind(QThread *thread) const;

    mutable std::atomic<QThread *> m_thread{nullptr};
    // The owner as the message names it, taken when bound: by the time a call breaks the rule
    // the owning thread may have finished and its QThread be gone.
    mutable QMutex m_nameLock;
    mutable QByteArray m_ownerName;
};

namespace threadcheck {
// "livesnap-engine (0x...)", "main thread (0x...)". Only for a thread that still runs.
QByteArray describe(QThread *thread);
// Stops the process: `where` was called on the current thread, but belongs to `owner`.
[[noreturn]] void fail(const char *where, const QByteArray &owner);
void check(const QObject *object, const char *where);
inline void check(const ThreadAffinity &affinity, const char *where)
{
    affinity.check(where);
}
} // namespace threadcheck

} // namespace livesnap

#if LIVESNAP_THREAD_CHECKS_ACTIVE
#define LIVESNAP_ASSERT_THREAD(owner) ::livesnap::threadcheck::check((owner), Q_FUNC_INFO)
#else
#define LIVESNAP_ASSERT_THREAD(owner) static_cast<void>(sizeof(owner))
#endif
