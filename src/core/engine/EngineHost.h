#pragma once

#include "engine/Engine.h"
#include "engine/EngineEvents.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>
#include <type_traits>

namespace livesnap {

// Runs an Engine on its own thread (the catalog thread) for a GUI: operations are posted to
// that thread and their results come back to the caller's thread by queued calls, so the GUI
// thread never waits on SQLite, the network or a stream.
class EngineHost : public QObject {
    Q_OBJECT

public:
    explicit EngineHost(DataDirectory dataDirectory, QObject *parent = nullptr);
    ~EngineHost() override;

    // Capture: the engine supervises (leases and runs jobs). ConsoleOnly: it opens the catalog
    // and serves the views and commands, but runs no job (engines elsewhere do the work).
    enum class Mode { Capture, ConsoleOnly };

    // Opens the catalog on the engine thread and, in Capture mode, starts supervising; blocks
    // until opened.
    Status start(const QString &role, Supervisor::Options options = {}, Mode mode = Mode::Capture);
    void stop();

    bool isRunning() const { return m_engine != nullptr; }
    bool isConsoleOnly() const { return m_mode == Mode::ConsoleOnly; }
    // The service's change notifications, emitted on this host's thread (queued from the
    // engine thread). The engine itself is reached only through call() and callAsync().
    EngineEvents *events() { return &m_events; }
    const DataDirectory &dataDirectory() const { return m_dataDirectory; }
    // The running engine's lease owner id ("role@host:pid"); empty when not running.
    QString engineId() const { return m_engineId; }

    // Runs fn(SnapshotService&) on the engine thread, then done(result) on receiver's thread
    // (dropped if the receiver is gone by then).
    template <typename Fn, typename Done> void call(QObject *receiver, Fn fn, Done done)
    {
        using R = std::invoke_result_t<Fn, SnapshotService &>;
        callAsync<R>(
            receiver,
            [fn = std::move(fn)](SnapshotService &service, std::function<void(R)> reply) mutable {
                reply(fn(service));
            },
            std::move(done));
    }

    // For operations that answer later (they wait on the keychain or a store): runs
    // fn(SnapshotService&, reply) on the engine thread, where fn starts the operation and
    // calls reply(result) once; done(result) then runs on receiver's thread (dropped if the
    // receiver is gone by then). Not started, or stopped: never touch a missing engine; callers
    // expecting a Result hear why at once, others get no answer.
    template <typename R, typename Fn, typename Done>
    void callAsync(QObject *receiver, Fn fn, Done done)
    {
        QPointer<QObject> guard(receiver);
        Engine *engine = m_engine;
        if (!engine) {
            if constexpr (std::is_constructible_v<R, Error>) {
                QMetaObject::invokeMethod(
                    receiver,
                    [done = std::move(done)]() mutable {
                        done(R(Error::internal(errc::InternalError,
                                               tr("The engine is not running."))));
                    },
                    Qt::QueuedConnection);
            }
            return;
        }
        QMetaObject::invokeMethod(
            engine,
            [engine, guard, fn = std::move(fn), done = std::move(done)]() mutable {
                std::function<void(R)> reply = [guard, done](R result) {
                    if (!guard) {
                        return;
                    }
                    QMetaObject::invokeMethod(
                        guard.data(),
                        [done, result = std::move(result)]() mutable { done(std::move(result)); },
                        Qt::QueuedConnection);
                };
                fn(*engine->service(), std::move(reply));
            },
            Qt::QueuedConnection);
    }

private:
    void relayEvents(SnapshotService &service); // on the engine thread, before supervising

    DataDirectory m_dataDirectory;
    QThread m_thread;
    EngineEvents m_events;
    QString m_engineId;
    Mode m_mode = Mode::Capture;
    Engine *m_engine = nullptr; // lives on m_thread; deleted there
};

} // namespace livesnap
