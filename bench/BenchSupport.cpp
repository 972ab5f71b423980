#include "BenchSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace livesnap::bench {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void say(const QString &line)
{
    err() << QStringLiteral("[gui-stall] ") << line << Qt::endl;
}

bool waitUntil(const std::function<bool()> &pred, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!pred()) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0) {
            return false;
        }
        QEventLoop loop;
        QTimer::singleShot(std::min<qint64>(left, 50), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void spin(int ms)
{
    waitUntil([] { return false; }, ms);
}

QString prepareClip(const Options &o, QString *error)
{
    QDir().mkpath(o.cacheDir);
    const QString path = QDir(o.cacheDir)
                             .filePath(QStringLiteral("gui-bench-%1x%2p%3-gop%4.flv")
                                           .arg(o.width)
                                           .arg(o.height)
                                           .arg(o.fps)
                                           .arg(o.gopSeconds));
    if (QFileInfo::exists(path)) {
        return path;
    }
    say(QStringLiteral("encoding the %1x%2 test clip once into %3 ...")
            .arg(o.width)
            .arg(o.height)
            .arg(path));
    const int gopFrames = o.fps * o.gopSeconds;
    const QString bitrate =
        o.width * o.height > 1280 * 720 ? QStringLiteral("4M") : QStringLiteral("2M");
    QProcess ffmpeg;
    ffmpeg.setProcessChannelMode(QProcess::MergedChannels);
    ffmpeg.start(
        QStringLiteral("ffmpeg"),
        {QStringLiteral("-hide_banner"),
         QStringLiteral("-loglevel"),
         QStringLiteral("error"),
         QStringLiteral("-nostdin"),
         QStringLiteral("-y"),
         QStringLiteral("-f"),
         QStringLiteral("lavfi"),
         QStringLiteral("-i"),
         QStringLiteral("testsrc2=size=%1x%2:rate=%3").arg(o.width).arg(o.height).arg(o.fps),
         QStringLiteral("-t"),
         QString::number(o.gopSeconds * 15),
         QStringLiteral("-c:v"),
         QStringLiteral("libx264"),
         QStringLiteral("-preset"),
         QStringLiteral("veryfast"),
         QStringLiteral("-b:v"),
         bitrate,
         QStringLiteral("-maxrate"),
         bitrate,
         QStringLiteral("-bufsize"),
         bitrate,
         QStringLiteral("-g"),
         QString::number(gopFrames),
         QStringLiteral("-keyint_min"),
         QString::number(gopFrames),
         QStringLiteral("-sc_threshold"),
         QStringLiteral("0"),
         QStringLiteral("-pix_fmt"),
         QStringLiteral("yuv420p"),
         QStringLiteral("-f"),
         QStringLiteral("flv"),
         path + QStringLiteral(".tmp")});
    if (!ffmpeg.waitForFinished(15 * 60 * 1000) || ffmpeg.exitCode() != 0) {
        *error = QStringLiteral("could not encode the test clip: ") +
                 QString::fromLocal8Bit(ffmpeg.readAll()) + ffmpeg.errorString();
        return {};
    }
    QFile::remove(path);
    if (!QFile::rename(path + QStringLiteral(".tmp"), path)) {
        *error = QStringLiteral("could not rename the test clip to ") + path;
        return {};
    }
    return path;
}

CatalogCounts countCatalog(SnapshotService &service, const QStringList &jobIds, qint64 fromMs,
                           qint64 toMs)
{
    CatalogCounts c;
    c.minPerJob = std::numeric_limits<qint64>::max();
    for (const QString &jobId : jobIds) {
        auto job = service.getLiveSnapshotJob(jobId);
        if (!job) {
            c.error = job.error().message;
            return c;
        }
        c.jobsWithSnapshot += job->snapshotCount > 0 ? 1 : 0;
        c.jobsLive += job->streamState == streamstate::Live ? 1 : 0;
        if (fromMs <= 0) {
            continue;
        }
        FileQuery q;
        q.jobId = jobId;
        q.startTime = QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC);
        q.endTime = QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC);
        q.limit = MaxPageSize;
        qint64 count = 0;
        while (true) {
            auto page = service.listLiveSnapshotFiles(q);
            if (!page) {
                c.error = page.error().message;
                return c;
            }
            for (const SnapshotFile &f : page->files) {
                count += f.isOverlay ? 0 : 1;
            }
            if (!page->nextStartTime.isValid()) {
                break;
            }
            q.startTime = page->nextStartTime;
        }
        c.filesInWindow += count;
        c.jobsWithFilesInWindow += count > 0 ? 1 : 0;
        c.minPerJob = std::min(c.minPerJob, count);
        c.maxPerJob = std::max(c.maxPerJob, count);
    }
    if (c.minPerJob == std::numeric_limits<qint64>::max()) {
        c.minPerJob = 0;
    }
    return c;
}

QJsonArray framesOf(const QString &file)
{
    QJsonArray frames;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return frames;
    }
    const QStringList lines = QString::fromLocal8Bit(f.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('#'))) {
            frames.append(line.left(300));
        }
    }
    return frames;
}

} // namespace livesnap::bench
