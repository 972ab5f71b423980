#pragma once

// Tests drive the asynchronous core with these: start an operation, then spin the test's event
// loop (QTest::qWaitFor) until its answer arrived.
#include "common/Result.h"
#include "storage/ObjectStore.h"

#include <QObject>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

namespace livesnap::test {

// start(reply) starts the operation; its answer (or a timeout error) is returned.
template <typename R>
R await(const std::function<void(std::function<void(R)>)> &start, int timeoutMs = 180000)
{
    auto result = std::make_shared<std::optional<R>>();
    start([result](R r) { *result = std::move(r); });
    (void)QTest::qWaitFor([&] { return result->has_value(); }, timeoutMs);
    if (!result->has_value()) {
        return R(Error::internal(QStringLiteral("TestTimeout"),
                                 QStringLiteral("no answer within %1 ms").arg(timeoutMs)));
    }
    return std::move(**result);
}

inline Status awaitPut(ObjectStore &store, const QString &key, const QByteArray &bytes)
{
    return await<Status>([&](auto reply) { store.put(key, bytes, reply); });
}

inline Status awaitPutFile(ObjectStore &store, const QString &key, const QString &path)
{
    return await<Status>([&](auto reply) { store.putFile(key, path, reply); });
}

inline Result<QByteArray> awaitGet(ObjectStore &store, const QString &key)
{
    return await<Result<QByteArray>>([&](auto reply) { store.get(key, reply); });
}

inline Status awaitRemove(ObjectStore &store, const QString &key)
{
    return await<Status>([&](auto reply) { store.remove(key, reply); });
}

inline Status awaitProbe(ObjectStore &store)
{
    return await<Status>([&](auto reply) { store.probe(reply); });
}

// Runs fn(SnapshotService&, reply) on an EngineHost's engine thread the way the GUI does
// (EngineHost::callAsync) and waits for its answer here; empty if none came within timeoutMs
// (an empty answer makes the caller's QVERIFY fail).
template <typename R, typename Host, typename Fn>
std::optional<R> awaitEngine(Host &host, Fn fn, int timeoutMs = 10000)
{
    std::optional<R> out;
    QObject receiver; // a late answer is dropped with it
    host.template callAsync<R>(&receiver, std::move(fn),
                               [&out](R result) { out.emplace(std::move(result)); });
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs);
    return out;
}

} // namespace livesnap::test
