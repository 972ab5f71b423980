#include "storage/StoreTasks.h"

#include "storage/ObjectStore.h"

namespace livesnap {

// Holds the stores of the operations under way, on the I/O thread.
class StoreTasks::Worker : public QObject {
public:
    void run(std::unique_ptr<ObjectStore> store, const Start &op)
    {
        const quint64 id = ++m_next;
        ObjectStore &ref = *store;
        m_stores.emplace(id, std::move(store));
        op(ref, [this, id] {
            // Released from the event loop: this runs inside one of the store's callbacks.
            QMetaObject::invokeMethod(
                this, [this, id] { m_stores.erase(id); }, Qt::QueuedConnection);
        });
    }

private:
    std::map<quint64, std::unique_ptr<ObjectStore>> m_stores;
    quint64 m_next = 0;
};

StoreTasks::StoreTasks()
{
    m_thread.setObjectName(QStringLiteral("livesnap-store-tasks"));
    m_worker = new Worker;
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_toWorker = std::make_shared<ReplyChannel>(m_worker);
    m_thread.start();
}

StoreTasks::~StoreTasks()
{
    // Operations still under way are dropped with their stores (their requests abort).
    m_toWorker->close();
    m_thread.quit();
    m_thread.wait();
}

void StoreTasks::start(Opener open, Start op, std::function<void(const Error &)> failed)
{
    QThreadPool::globalInstance()->start([open = std::move(open), op = std::move(op),
                                          failed = std::move(failed), to = m_toWorker,
                                          worker = m_worker]() mutable {
        auto opened = open();
        if (!opened) {
            failed(opened.error());
            return;
        }
        auto store = std::make_shared<std::unique_ptr<ObjectStore>>(std::move(*opened));
        to->post([worker, store, op = std::move(op)] { worker->run(std::move(*store), op); });
    });
}

} // namespace livesnap
