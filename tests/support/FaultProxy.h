#pragma once

// A TCP relay on a free loopback port in front of a real server, whose behaviour a test switches
// while clients use it: Pass (relay both ways), BlackHole (accept, read, never answer), Refuse
// (nothing listens: connections are refused) and Slow (the server's bytes reach the client
// after a delay). Connections keep the mode they were accepted in, as a real hung server would.
// Runs on the thread that creates it (which needs an event loop). Header-only test support.
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace livesnap::test {

class FaultProxy : public QObject {
public:
    enum class Mode { Pass, BlackHole, Refuse, Slow };

    FaultProxy(quint16 upstreamPort, QObject *parent = nullptr)
        : QObject(parent)
        , m_upstreamPort(upstreamPort)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }

    // Listens on a free port (kept across Refuse phases). False when nothing is free.
    bool start()
    {
        if (!m_server.listen(QHostAddress::LocalHost, m_port)) {
            return false;
        }
        m_port = m_server.serverPort();
        return true;
    }

    quint16 port() const { return m_port; }
    int accepted() const { return m_accepted; }
    int open() const { return int(m_clients.size()); }

    void setMode(Mode mode, int slowMs = 0)
    {
        m_mode = mode;
        m_slowMs = slowMs;
        if (mode == Mode::Refuse) {
            m_server.close();
            // The hung connections go too, as when a server process dies.
            for (const QPointer<QTcpSocket> &client : std::as_const(m_clients)) {
                if (client) {
                    client->abort();
                }
            }
        } else if (!m_server.isListening()) {
            m_server.listen(QHostAddress::LocalHost, m_port);
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            ++m_accepted;
            client->setParent(this);
            m_clients << client;
            QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            if (m_mode == Mode::BlackHole) {
                // Read and drop whatever comes; answer nothing, ever.
                QObject::connect(client, &QTcpSocket::readyRead, client,
                                 [client] { client->readAll(); });
                continue;
            }
            relay(client, m_mode == Mode::Slow ? m_slowMs : 0);
        }
    }

    void relay(QTcpSocket *client, int delayMs)
    {
        auto *upstream = new QTcpSocket(client);
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        QObject::connect(client, &QTcpSocket::readyRead, upstream,
                         [client, upstream] { upstream->write(client->readAll()); });
        QObject::connect(upstream, &QTcpSocket::readyRead, client, [client, upstream, delayMs] {
            const QByteArray bytes = upstream->readAll();
            if (delayMs <= 0) {
                client->write(bytes);
                return;
            }
            // Timers of one delay fire in the order they were started: bytes stay in order.
            QTimer::singleShot(delayMs, client, [client, bytes] { client->write(bytes); });
        });
        QObject::connect(upstream, &QTcpSocket::disconnected, client, [client, delayMs] {
            QTimer::singleShot(delayMs, client, [client] { client->disconnectFromHost(); });
        });
        QObject::connect(client, &QTcpSocket::disconnected, upstream,
                         [upstream] { upstream->disconnectFromHost(); });
        if (client->bytesAvailable() > 0) {
            upstream->write(client->readAll()); // sent before the relay was wired
        }
    }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    quint16 m_port = 0;
    Mode m_mode = Mode::Pass;
    int m_slowMs = 0;
    int m_accepted = 0;
    QList<QPointer<QTcpSocket>> m_clients;
};

} // namespace livesnap::test
