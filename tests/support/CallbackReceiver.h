#pragma once

// A real HTTP/1.1 server on 127.0.0.1 that receives callbacks for the tests: it records every
// request (path, headers, body) and answers with the statuses it is told to, then 200.

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace livesnap::test {

struct ReceivedCallback {
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    int answeredStatus = 0;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString eventType() const { return json().value(QStringLiteral("EventType")).toString(); }
    QJsonObject message() const { return json().value(QStringLiteral("MessageBody")).toObject(); }
};

class CallbackReceiver {
public:
    CallbackReceiver()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] { accept(); });
    }

    // port 0: any free port.
    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const char *path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(QLatin1String(path));
    }

    // The statuses of the next requests to `path` (then 200).
    void failNext(const QByteArray &path, QList<int> statuses) { m_plan[path] = statuses; }
    // Every request to `path` gets `status`.
    void alwaysAnswer(const QByteArray &path, int status) { m_always[path] = status; }

    const QList<ReceivedCallback> &received() const { return m_received; }
    // The requests to `path` that were answered 2xx, in arrival order.
    QList<ReceivedCallback> delivered(const QByteArray &path) const
    {
        QList<ReceivedCallback> out;
        for (const ReceivedCallback &r : m_received) {
            if (r.path == path && r.answeredStatus / 100 == 2) {
                out.append(r);
            }
        }
        return out;
    }
    QList<ReceivedCallback> to(const QByteArray &path) const
    {
        QList<ReceivedCallback> out;
        for (const ReceivedCallback &r : m_received) {
            if (r.path == path) {
                out.append(r);
            }
        }
        return out;
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [this, socket] { readFrom(socket); });
        }
    }

    void readFrom(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        ReceivedCallback request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0) {
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length) {
            return; // the body is still coming
        }
        request.body = buffer.mid(headerEnd + 4, length);
        m_buffers.remove(socket);

        int status = 200;
        if (m_always.contains(request.path)) {
            status = m_always.value(request.path);
        } else if (QList<int> &plan = m_plan[request.path]; !plan.isEmpty()) {
            status = plan.takeFirst();
        }
        request.answeredStatus = status;
        m_received.append(request);
        socket->write(QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) +
                      (status / 100 == 2 ? " OK" : " Failed") +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QByteArray, QList<int>> m_plan;
    QHash<QByteArray, int> m_always;
    QList<ReceivedCallback> m_received;
};

} // namespace livesnap::test
