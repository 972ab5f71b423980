#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <array>

namespace livesnap::test {

// nginx's stream module terminating TLS on 127.0.0.1 in front of a plain TCP server (the test's
// nginx-rtmp), one port per certificate. The CA and the certificates are made by start() with
// openssl, in a temporary directory: a test CA, a valid certificate for 127.0.0.1 and localhost,
// one for another host name, and one that expired in 2020. Errors are values: start() returns
// false and errorString() says why.
class TlsFront {
public:
    enum class Certificate { Valid, WrongHost, Expired };

    TlsFront();
    ~TlsFront();
    TlsFront(const TlsFront &) = delete;
    TlsFront &operator=(const TlsFront &) = delete;

    // Makes the certificates, starts nginx proxying to 127.0.0.1:backendPort and waits until
    // every port accepts connections.
    bool start(quint16 backendPort, int timeoutMs = 10000);
    void stop();

    quint16 port(Certificate certificate) const { return m_ports[int(certificate)]; }
    // rtmps://127.0.0.1:PORT/live/STREAM on the port of `certificate`.
    QString url(Certificate certificate, const QString &stream) const;
    // The test CA's certificate (PEM): the CaFile that makes the valid certificate verify.
    QString caFile() const;
    QString errorString() const { return m_error; }
    QString errorLog() const;

private:
    bool makeCertificates();
    bool openssl(const QStringList &arguments);
    bool startOnce(quint16 backendPort, int timeoutMs);
    bool writeFile(const QString &name, const QString &text);

    QTemporaryDir m_dir;
    QProcess m_nginx;
    std::array<quint16, 3> m_ports{};
    QString m_error;
};

} // namespace livesnap::test
