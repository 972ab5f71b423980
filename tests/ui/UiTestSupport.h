#pragma once

// What the GUI tests share: running a call on the engine thread the way the GUI does, and
// reading what a model shows.

#include "engine/EngineHost.h"
#include "models/ServiceTableModel.h"

#include <QAbstractItemModel>
#include <QObject>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>
#include <QTest>

#include <optional>
#include <type_traits>
#include <utility>

namespace livesnap::uitest {

// Runs fn on the engine thread the way the GUI does and waits for its result (empty if it
// never came back within timeoutMs).
template <typename Fn> auto callEngine(EngineHost &host, Fn fn, int timeoutMs = 5000)
{
    using R = std::invoke_result_t<Fn, SnapshotService &>;
    std::optional<R> out;
    QObject receiver;
    host.call(&receiver, std::move(fn), [&out](R result) { out.emplace(std::move(result)); });
    // An empty result makes the caller's QVERIFY fail.
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs);
    return out;
}

// Every text a model shows (display and tooltip) for every cell, for leak checks.
inline QStringList shownTexts(const QAbstractItemModel &model)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            texts << index.data(Qt::DisplayRole).toString()
                  << index.data(Qt::ToolTipRole).toString();
        }
    }
    return texts;
}

// The row whose IdRole is id (ServiceTableModel and its proxies), or -1.
inline int rowOf(const QAbstractItemModel &model, const QString &id)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(ui::ServiceTableModel::IdRole).toString() == id) {
            return row;
        }
    }
    return -1;
}

// Settings (window geometry, column layouts) kept apart from the user's, and empty: a layout a
// previous run saved must not change what this run sees.
inline void useFreshSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

// Starts an engine on a data directory for a GUI test; fails the test when it cannot.
#define LIVESNAP_START_HOST(host, dir)                                                             \
    do {                                                                                           \
        (host) = std::make_unique<EngineHost>(DataDirectory(dir));                                 \
        const Status started_ = (host)->start(QStringLiteral("gui-test"));                         \
        QVERIFY2(started_.ok(), qPrintable(started_.ok() ? QString() : started_.error().message)); \
    } while (false)

// Publishes a small camera on an RtmpServer (width x height at fps, a keyframe a second) and
// waits until it is live. The test includes tests/support/RtmpServer.h.
#define LIVESNAP_PUBLISH_CAMERA(server, name, w, h, rate)                                          \
    do {                                                                                           \
        test::RtmpServer::PublisherOptions options_;                                               \
        options_.width = (w);                                                                      \
        options_.height = (h);                                                                     \
        options_.fps = (rate);                                                                     \
        options_.gopSeconds = 1;                                                                   \
        test::RtmpPublisher *publisher_ = (server).startPublisher(QStringLiteral(name), options_); \
        QVERIFY2(publisher_, qPrintable((server).errorString()));                                  \
        QVERIFY((server).waitForPublishing(publisher_));                                           \
    } while (false)

// Like LIVESNAP_START_HOST, with the supervisor ticking every 200 ms: a start takes effect at
// once. The test includes engine/Supervisor.h.
#define LIVESNAP_START_TICKING_HOST(host, dir, engineName)                                         \
    do {                                                                                           \
        (host) = std::make_unique<EngineHost>(DataDirectory(dir));                                 \
        Supervisor::Options supervisor_;                                                           \
        supervisor_.tickMs = 200;                                                                  \
        const Status started_ = (host)->start(QStringLiteral(engineName), supervisor_);            \
        QVERIFY2(started_.ok(), qPrintable(started_.ok() ? QString() : started_.error().message)); \
    } while (false)

} // namespace livesnap::uitest
