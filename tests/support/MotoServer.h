#pragma once

// A moto_server on a free loopback port, with IAM on so that it checks SigV4 (the recipe in
// tests/support/moto_setup.py). Header-only test support.
#include "domain/StorageLocation.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

namespace livesnap::test {

inline const QString Bucket = QStringLiteral("livesnap-test");

inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return server.serverPort();
}

inline QByteArray runHelper(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("python3"),
                  QStringList{qEnvironmentVariable("LIVESNAP_TEST_SUPPORT") +
                              QStringLiteral("/moto_setup.py")} +
                      arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        qWarning("moto_setup.py %s failed: %s %s", qPrintable(arguments.value(0)),
                 qPrintable(process.errorString()), process.readAllStandardError().constData());
        return {};
    }
    return process.readAllStandardOutput();
}

// A moto_server on a free loopback port. With auth, moto checks SigV4 from its fifth request
// on (INITIAL_NO_AUTH_ACTION_COUNT=4: the IAM setup and CreateBucket go first).
class MotoServer {
public:
    ~MotoServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }

    // Empty on success, else why not.
    QString start(bool checkSignatures)
    {
        const QString moto = QStandardPaths::findExecutable(QStringLiteral("moto_server"));
        if (moto.isEmpty()) {
            return QStringLiteral("moto_server is not on PATH: install it with "
                                  "pip install 'moto[server]' (Python moto 5)");
        }
        const quint16 port = freePort();
        if (port == 0) {
            return QStringLiteral("no free loopback port");
        }
        endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (checkSignatures) {
            env.insert(QStringLiteral("INITIAL_NO_AUTH_ACTION_COUNT"), QStringLiteral("4"));
        } else {
            env.remove(QStringLiteral("INITIAL_NO_AUTH_ACTION_COUNT"));
        }
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(moto, {QStringLiteral("-H"), QStringLiteral("127.0.0.1"),
                               QStringLiteral("-p"), QString::number(port)});
        if (!m_process.waitForStarted(10000)) {
            return m_process.errorString();
        }
        QElapsedTimer waited;
        waited.start();
        bool up = false;
        while (!up && waited.elapsed() < 30000 && m_process.state() == QProcess::Running) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            up = socket.waitForConnected(500);
            if (!up) {
                QTest::qWait(200);
            }
        }
        if (!up) {
            return QStringLiteral("moto_server did not start listening within 30 s");
        }
        const QJsonObject key = QJsonDocument::fromJson(runHelper({QStringLiteral("setup"),
                                                                   endpoint.toString(), Bucket}))
                                    .object();
        credentials = {key.value(QStringLiteral("accessKeyId")).toString(),
                       key.value(QStringLiteral("accessKeySecret")).toString()};
        if (credentials.accessKeyId.isEmpty() || credentials.accessKeySecret.isEmpty()) {
            return QStringLiteral("moto IAM setup failed (python3 with botocore needed)");
        }
        return {};
    }

    QStringList listedKeys() const
    {
        const QByteArray json = runHelper({QStringLiteral("list"), endpoint.toString(), Bucket,
                                           credentials.accessKeyId, credentials.accessKeySecret});
        QStringList keys;
        for (const QJsonValue &v : QJsonDocument::fromJson(json).array()) {
            keys.append(v.toString());
        }
        return keys;
    }

    QUrl endpoint;
    StorageCredentials credentials;

private:
    QProcess m_process;
};

} // namespace livesnap::test
