#pragma once

// Tests drive the asynchronous core with these: start an operation, then spin the test's event
// loop (QTest::qWaitFor) until its answer arrived.
#include "common/Result.h"
#include "storage/ObjectStore.h"

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

} // namespace livesnap::test
