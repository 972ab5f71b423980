#include "TlsFront.h"

#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTcpSocket>
#include <QThread>

namespace livesnap::test {

namespace {

constexpr int kPortAttempts = 5;
const char *const kStreamModule = "/usr/lib/nginx/modules/ngx_stream_module.so";

// The test CA (openssl req -x509) and `openssl ca`, which alone in OpenSSL 3.0 can date a
// certificate in the past (-startdate/-enddate) for the expired one.
const char *const kOpensslConfig = R"([ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = LiveSnap Test CA
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
certificate = ./ca.pem
private_key = ./ca.key
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
commonName = supplied
[ server_valid ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
[ server_wrong_host ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong-host.example
)";

struct Leaf {
    const char *name;
    const char *extensions;
    QStringList dates;
};

const QStringList kEcKey{QStringLiteral("-newkey"), QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                         QStringLiteral("-nodes")};

} // namespace

TlsFront::TlsFront()
    : m_dir(QDir::tempPath() + QStringLiteral("/livesnap-tls-XXXXXX"))
{}

TlsFront::~TlsFront()
{
    stop();
}

QString TlsFront::url(Certificate certificate, const QString &stream) const
{
    return QStringLiteral("rtmps://127.0.0.1:%1/live/%2").arg(port(certificate)).arg(stream);
}

QString TlsFront::caFile() const
{
    return m_dir.filePath(QStringLiteral("ca.pem"));
}

QString TlsFront::errorLog() const
{
    return readText(m_dir.filePath(QStringLiteral("logs/error.log")));
}

bool TlsFront::writeFile(const QString &name, const QString &text)
{
    QFile file(m_dir.filePath(name));
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes) != bytes.size() || !file.flush()) {
        m_error = QStringLiteral("cannot write ") + file.fileName() + QStringLiteral(": ") +
                  file.errorString();
        return false;
    }
    return true;
}

bool TlsFront::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        m_error = QStringLiteral("openssl %1 failed: %2 %3")
                      .arg(arguments.join(QLatin1Char(' ')), process.errorString(),
                           QString::fromUtf8(process.readAll()));
        return false;
    }
    return true;
}

bool TlsFront::makeCertificates()
{
    if (!writeFile(QStringLiteral("openssl.cnf"), QString::fromUtf8(kOpensslConfig)) ||
        !writeFile(QStringLiteral("index.txt"), QString()) ||
        !writeFile(QStringLiteral("serial"), QStringLiteral("01\n")))
        return false;
    const QString config = QStringLiteral("openssl.cnf");
    if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509"),
                             QStringLiteral("-config"), config, QStringLiteral("-extensions"),
                             QStringLiteral("v3_ca")}
                 << kEcKey
                 << QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"),
                                QStringLiteral("-out"), QStringLiteral("ca.pem"),
                                QStringLiteral("-days"), QStringLiteral("2")}))
        return false;
    const Leaf leaves[] = {
        {"valid", "server_valid", {QStringLiteral("-days"), QStringLiteral("2")}},
        {"wrong-host", "server_wrong_host", {QStringLiteral("-days"), QStringLiteral("2")}},
        {"expired",
         "server_valid",
         {QStringLiteral("-startdate"), QStringLiteral("20200101000000Z"),
          QStringLiteral("-enddate"), QStringLiteral("20200201000000Z")}},
    };
    for (const Leaf &leaf : leaves) {
        const QString name = QString::fromLatin1(leaf.name);
        if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-new"),
                                 QStringLiteral("-config"), config, QStringLiteral("-subj"),
                                 QStringLiteral("/CN=") + name}
                     << kEcKey
                     << QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                    QStringLiteral("-out"), name + QStringLiteral(".csr")}))
            return false;
        if (!openssl(QStringList{QStringLiteral("ca"), QStringLiteral("-batch"),
                                 QStringLiteral("-config"), config, QStringLiteral("-extensions"),
                                 QString::fromLatin1(leaf.extensions), QStringLiteral("-notext"),
                                 QStringLiteral("-in"), name + QStringLiteral(".csr"),
                                 QStringLiteral("-out"), name + QStringLiteral(".pem")}
                     << leaf.dates))
            return false;
    }
    return true;
}

bool TlsFront::start(quint16 backendPort, int timeoutMs)
{
    if (processAlive(m_nginx))
        return true;
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: ") + m_dir.errorString();
        return false;
    }
    if (findProgram(QStringLiteral("openssl")).isEmpty()) {
        m_error = QStringLiteral("openssl is not installed");
        return false;
    }
    if (!QFile::exists(QString::fromLatin1(kStreamModule))) {
        m_error = QStringLiteral("the nginx stream module is not installed "
                                 "(libnginx-mod-stream; run scripts/deps.sh)");
        return false;
    }
    if (!QDir(m_dir.path()).mkpath(QStringLiteral("logs")) || !makeCertificates())
        return false;
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        if (startOnce(backendPort, timeoutMs))
            return true;
        if (!errorLog().contains(QStringLiteral("Address already in use")))
            return false;
    }
    return false;
}

bool TlsFront::startOnce(quint16 backendPort, int timeoutMs)
{
    const QString nginx = findProgram(QStringLiteral("nginx"));
    if (nginx.isEmpty()) {
        m_error = QStringLiteral("nginx is not installed (run scripts/deps.sh)");
        return false;
    }
    const QString dir = m_dir.path();
    QString servers;
    const char *const names[] = {"valid", "wrong-host", "expired"};
    for (int i = 0; i < int(m_ports.size()); ++i) {
        m_ports[i] = freeLoopbackPort();
        if (m_ports[i] == 0) {
            m_error = QStringLiteral("cannot find a free port on 127.0.0.1");
            return false;
        }
        servers += QStringLiteral("    server {\n"
                                  "        listen 127.0.0.1:%1 ssl;\n"
                                  "        ssl_certificate \"%2/%3.pem\";\n"
                                  "        ssl_certificate_key \"%2/%3.key\";\n"
                                  "        proxy_pass 127.0.0.1:%4;\n"
                                  "    }\n")
                       .arg(m_ports[i])
                       .arg(dir, QString::fromLatin1(names[i]))
                       .arg(backendPort);
    }
    const QString config = QStringLiteral("load_module \"%1\";\n"
                                          "daemon off;\n"
                                          "master_process off;\n"
                                          "worker_processes 1;\n"
                                          "pid \"%2/nginx.pid\";\n"
                                          "error_log \"%2/logs/error.log\" info;\n"
                                          "events { worker_connections 256; }\n"
                                          "stream {\n%3}\n")
                               .arg(QString::fromLatin1(kStreamModule), dir, servers);
    if (!writeFile(QStringLiteral("nginx.conf"), config))
        return false;
    QFile::remove(m_dir.filePath(QStringLiteral("logs/error.log")));
    m_nginx.setProgram(nginx);
    m_nginx.setArguments({QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                          QStringLiteral("-p"), dir + QLatin1Char('/'), QStringLiteral("-e"),
                          dir + QStringLiteral("/logs/error.log")});
    m_nginx.setStandardInputFile(QProcess::nullDevice());
    m_nginx.setProcessChannelMode(QProcess::MergedChannels);
    m_nginx.setStandardOutputFile(m_dir.filePath(QStringLiteral("logs/nginx.out")),
                                  QIODevice::Append);
    m_nginx.start();
    if (!m_nginx.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start nginx: ") + m_nginx.errorString();
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    int ready = 0;
    while (ready < int(m_ports.size()) && !deadline.hasExpired()) {
        if (!processAlive(m_nginx)) {
            m_error =
                QStringLiteral("nginx (TLS front) exited at start-up: ") + errorLog().trimmed();
            return false;
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_ports[ready]);
        if (socket.waitForConnected(250)) {
            socket.abort();
            ++ready;
            continue;
        }
        QThread::msleep(50);
    }
    if (ready < int(m_ports.size())) {
        m_error =
            QStringLiteral("the TLS front did not accept connections within %1 ms").arg(timeoutMs);
        stop();
        return false;
    }
    return true;
}

void TlsFront::stop()
{
    endProcess(m_nginx, 3000);
}

} // namespace livesnap::test
