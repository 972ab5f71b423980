#include "RtmpServer.h"

#include "ProcessTools.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <sys/types.h>

namespace livesnap::test {

namespace {

constexpr int kPortAttempts = 5;

bool sendSignal(qint64 pid, int signal)
{
    return pid > 0 && ::kill(static_cast<pid_t>(pid), signal) == 0;
}

QString publishMarker(const QString &stream)
{
    return QStringLiteral("publish: name='") + stream + QLatin1Char('\'');
}

} // namespace

// ---------------------------------------------------------------------------------------

RtmpPublisher::RtmpPublisher(const QString &stream, const QString &url, const QString &logPath)
    : m_stream(stream)
    , m_url(url)
    , m_logPath(logPath)
{}

RtmpPublisher::~RtmpPublisher()
{
    terminate();
}

bool RtmpPublisher::start(const QStringList &arguments)
{
    const QString ffmpeg = findProgram(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        m_error = QStringLiteral("ffmpeg is not installed (run scripts/deps.sh)");
        return false;
    }
    m_process.setProgram(ffmpeg);
    m_process.setArguments(arguments);
    m_process.setStandardInputFile(QProcess::nullDevice());
    // A file, not a pipe: nobody has to drain it, so ffmpeg never blocks on its own output.
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_logPath, QIODevice::Append);
    m_process.start();
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start ffmpeg: ") + m_process.errorString();
        return false;
    }
    return true;
}

bool RtmpPublisher::isRunning()
{
    return processAlive(m_process);
}

qint64 RtmpPublisher::processId() const
{
    return m_process.processId();
}

QString RtmpPublisher::log() const
{
    return readText(m_logPath);
}

void RtmpPublisher::terminate(int timeoutMs)
{
    if (m_paused)
        resume();
    endProcess(m_process, timeoutMs);
}

void RtmpPublisher::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(3000);
    m_paused = false;
}

bool RtmpPublisher::pause()
{
    if (!isRunning() || !sendSignal(m_process.processId(), SIGSTOP)) {
        m_error = QStringLiteral("cannot pause the publisher: it is not running");
        return false;
    }
    m_paused = true;
    return true;
}

bool RtmpPublisher::resume()
{
    if (!m_paused)
        return true;
    if (!sendSignal(m_process.processId(), SIGCONT)) {
        m_error = QStringLiteral("cannot resume the publisher: it is not running");
        return false;
    }
    m_paused = false;
    return true;
}

// ---------------------------------------------------------------------------------------

RtmpServer::RtmpServer()
    : m_dir(QDir::tempPath() + QStringLiteral("/livesnap-rtmp-XXXXXX"))
{}

RtmpServer::~RtmpServer()
{
    stop();
}

QString RtmpServer::directory() const
{
    return m_dir.path();
}

QString RtmpServer::url(const QString &stream) const
{
    return QStringLiteral("rtmp://127.0.0.1:%1/live/%2").arg(m_port).arg(stream);
}

QString RtmpServer::errorLog() const
{
    return readText(m_dir.filePath(QStringLiteral("logs/error.log")));
}

qsizetype RtmpServer::playCount(const QString &stream) const
{
    return errorLog().count(QStringLiteral("play: name='") + stream + QLatin1Char('\''));
}

bool RtmpServer::start(int timeoutMs)
{
    if (isRunning())
        return true;
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: ") + m_dir.errorString();
        return false;
    }
    if (!QDir(m_dir.path()).mkpath(QStringLiteral("logs"))) {
        m_error = QStringLiteral("cannot create ") + m_dir.filePath(QStringLiteral("logs"));
        return false;
    }
    // The free port found here can be taken by someone else before nginx binds it
    // (tests run in parallel), so a bind failure is retried on a new port.
    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        if (startOnce(timeoutMs))
            return true;
        if (!errorLog().contains(QStringLiteral("Address already in use")))
            return false;
    }
    return false;
}

bool RtmpServer::writeConfig()
{
    const QString dir = m_dir.path();
    const QString config =
        QStringLiteral(
            "load_module \"/usr/lib/nginx/modules/ngx_rtmp_module.so\";\n"
            "daemon off;\n"
            "master_process off;\n"
            "worker_processes 1;\n"
            "pid \"%1/nginx.pid\";\n"
            "error_log \"%1/logs/error.log\" info;\n"
            "events { worker_connections 1024; }\n"
            "rtmp {\n"
            "    server {\n"
            "        listen 127.0.0.1:%2;\n"
            "        chunk_size 4096;\n"
            "        application live { live on; record off; wait_key on; wait_video on; }\n"
            "    }\n"
            "}\n")
            .arg(dir)
            .arg(m_port);
    QFile file(m_dir.filePath(QStringLiteral("nginx.conf")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(config.toUtf8()) < 0) {
        m_error = QStringLiteral("cannot write ") + file.fileName() + QStringLiteral(": ") +
                  file.errorString();
        return false;
    }
    return true;
}

bool RtmpServer::startOnce(int timeoutMs)
{
    const QString nginx = findProgram(QStringLiteral("nginx"));
    if (nginx.isEmpty()) {
        m_error = QStringLiteral("nginx is not installed (run scripts/deps.sh)");
        return false;
    }
    if (!QFile::exists(QStringLiteral("/usr/lib/nginx/modules/ngx_rtmp_module.so"))) {
        m_error = QStringLiteral(
            "the nginx RTMP module is not installed (libnginx-mod-rtmp; run scripts/deps.sh)");
        return false;
    }
    m_port = freeLoopbackPort();
    if (m_port == 0) {
        m_error = QStringLiteral("cannot find a free port on 127.0.0.1");
        return false;
    }
    if (!writeConfig())
        return false;

    const QString dir = m_dir.path();
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
    while (!deadline.hasExpired()) {
        if (!processAlive(m_nginx)) {
            m_error = QStringLiteral("nginx exited at start-up: ") + errorLog().trimmed();
            return false;
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(250)) {
            socket.disconnectFromHost();
            return true;
        }
        QThread::msleep(50);
    }
    m_error = QStringLiteral("nginx did not accept connections on 127.0.0.1:%1 within %2 ms")
                  .arg(m_port)
                  .arg(timeoutMs);
    stopServer();
    return false;
}

bool RtmpServer::isRunning()
{
    return processAlive(m_nginx);
}

void RtmpServer::stop()
{
    // A stalled server would leave publishers blocked in write(), deaf to SIGTERM.
    resume();
    m_publishers.clear(); // each publisher terminates in its destructor
    stopServer();
}

void RtmpServer::stopServer()
{
    if (m_stalled)
        resume();
    endProcess(m_nginx, 3000);
    m_stalled = false;
}

RtmpPublisher *RtmpServer::startPublisher(const QString &stream, const PublisherOptions &options)
{
    if (!isRunning()) {
        m_error = QStringLiteral("start the RTMP server before a publisher");
        return nullptr;
    }
    const int gopFrames = std::max(1, options.gopSeconds * options.fps);
    QStringList arguments{QStringLiteral("-hide_banner"),
                          QStringLiteral("-nostdin"),
                          QStringLiteral("-loglevel"),
                          QStringLiteral("error"),
                          QStringLiteral("-re"),
                          QStringLiteral("-f"),
                          QStringLiteral("lavfi"),
                          QStringLiteral("-i"),
                          QStringLiteral("testsrc2=size=%1x%2:rate=%3")
                              .arg(options.width)
                              .arg(options.height)
                              .arg(options.fps),
                          QStringLiteral("-c:v"),
                          QStringLiteral("libx264"),
                          QStringLiteral("-preset"),
                          QStringLiteral("ultrafast"),
                          QStringLiteral("-tune"),
                          QStringLiteral("zerolatency"),
                          QStringLiteral("-g"),
                          QString::number(gopFrames),
                          QStringLiteral("-pix_fmt"),
                          QStringLiteral("yuv420p")};
    arguments << options.extraArguments;
    arguments << QStringLiteral("-f") << QStringLiteral("flv") << url(stream);

    const QString logPath = m_dir.filePath(
        QStringLiteral("logs/publisher-%1-%2.log").arg(++m_publisherCount).arg(stream));
    auto publisher = std::make_unique<RtmpPublisher>(stream, url(stream), logPath);
    publisher->m_publishesBefore = errorLog().count(publishMarker(stream));
    if (!publisher->start(arguments)) {
        m_error = publisher->errorString();
        return nullptr;
    }
    m_publishers.push_back(std::move(publisher));
    return m_publishers.back().get();
}

void RtmpServer::stopPublisher(RtmpPublisher *publisher)
{
    const auto it =
        std::find_if(m_publishers.begin(), m_publishers.end(),
                     [publisher](const auto &owned) { return owned.get() == publisher; });
    if (it != m_publishers.end())
        m_publishers.erase(it); // terminates in the destructor
}

bool RtmpServer::waitForPublishing(RtmpPublisher *publisher, int timeoutMs)
{
    if (publisher == nullptr) {
        m_error = QStringLiteral("no publisher to wait for");
        return false;
    }
    return waitForPublishCount(publisher->stream(), publisher->m_publishesBefore + 1, publisher,
                               timeoutMs);
}

bool RtmpServer::waitForPublishing(const QString &stream, int timeoutMs)
{
    return waitForPublishCount(stream, 1, nullptr, timeoutMs);
}

bool RtmpServer::waitForPublishCount(const QString &stream, qsizetype count,
                                     RtmpPublisher *publisher, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    const QString marker = publishMarker(stream);
    while (!deadline.hasExpired()) {
        if (errorLog().count(marker) >= count)
            return true;
        if (!isRunning()) {
            m_error = QStringLiteral("nginx is not running");
            return false;
        }
        if (publisher != nullptr && !publisher->isRunning()) {
            m_error = QStringLiteral("the publisher of '%1' exited: %2")
                          .arg(stream, publisher->log().trimmed());
            return false;
        }
        QThread::msleep(50);
    }
    m_error = QStringLiteral("nobody published '%1' within %2 ms").arg(stream).arg(timeoutMs);
    return false;
}

bool RtmpServer::stall()
{
    if (!isRunning() || !sendSignal(m_nginx.processId(), SIGSTOP)) {
        m_error = QStringLiteral("cannot stall nginx: it is not running");
        return false;
    }
    m_stalled = true;
    return true;
}

bool RtmpServer::resume()
{
    if (!m_stalled)
        return true;
    if (!sendSignal(m_nginx.processId(), SIGCONT)) {
        m_error = QStringLiteral("cannot resume nginx: it is not running");
        return false;
    }
    m_stalled = false;
    return true;
}

} // namespace livesnap::test
