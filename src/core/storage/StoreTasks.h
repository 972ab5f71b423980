#pragma once

#include "common/ReplyChannel.h"
#include "common/Result.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <map>
#include <memory>

namespace livesnap {

class ObjectStore;

// One-off operations on stores (a probe, deletes, an export's upload) away from the caller's
// thread: the store is opened on a pool thread (reading credentials may wait on the keychain),
// the operation runs on a thread of its own whose event loop drives the requests, and the
// result comes back to the caller's thread through its ReplyChannel. Each store lives until its
// operation finished. Nothing here waits: a store that never answers times out on its own.
class StoreTasks {
public:
    // Runs on a pool thread: credentials and the store object, no I/O.
    using Opener = std::function<Result<std::unique_ptr<ObjectStore>>()>;

    StoreTasks();
    ~StoreTasks();
    StoreTasks(const StoreTasks &) = delete;
    StoreTasks &operator=(const StoreTasks &) = delete;

    // open() on a pool thread, then op(store, finish) on the I/O thread; finish(result) sends
    // the result to `back`, where done(result) runs. T is Status or a Result.
    template <typename T>
    void run(Opener open, std::function<void(ObjectStore &, std::function<void(T)>)> op,
             ReplyChannelPtr back, std::function<void(T)> done)
    {
        start(
            std::move(open),
            [op = std::move(op), back, done](ObjectStore &store, std::function<void()> release) {
                op(store, [back, done, release = std::move(release)](T result) {
                    back->post([done, result = std::move(result)] { done(result); });
                    release();
                });
            },
            [back, done](const Error &error) { back->post([done, error] { done(T(error)); }); });
    }

private:
    class Worker;
    using Start = std::function<void(ObjectStore &, std::function<void()> release)>;
    void start(Opener open, Start op, std::function<void(const Error &)> failed);

    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    ReplyChannelPtr m_toWorker;
};

} // namespace livesnap
