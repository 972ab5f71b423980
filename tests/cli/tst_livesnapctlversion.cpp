// `livesnapctl --version`: the build's version, then the libraries in use, each with the version
// this test reads from the library itself (or, for those without a run-time query, from the
// package CMake found); and --version after an action still a parameter, as before it existed.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

namespace {

struct Output {
    int exitCode = -1;
    QString out;
    QByteArray err;
};

Output livesnapctl(const QStringList &args)
{
    QProcess process;
    process.start(qEnvironmentVariable("LIVESNAPCTL"), args);
    Output output;
    if (process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit) {
        output.exitCode = process.exitCode();
    }
    output.out = QString::fromUtf8(process.readAllStandardOutput());
    output.err = process.readAllStandardError();
    return output;
}

QString errorCode(const Output &output)
{
    return QJsonDocument::fromJson(output.out.toUtf8())
        .object()
        .value(QStringLiteral("Code"))
        .toString();
}

} // namespace

class TestLivesnapctlVersion : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("LIVESNAPCTL")), "LIVESNAPCTL is not set");
    }

    void versionNamesTheBuildAndEveryLibrary()
    {
        const Output output = livesnapctl({QStringLiteral("--version")});
        QCOMPARE(output.exitCode, 0);
        QCOMPARE(output.err, QByteArray());
        const QStringList lines = output.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines.at(0), QStringLiteral("livesnapctl " LIVESNAP_EXPECTED_VERSION));

        // Qt: the run-time version (this test loads the same libQt6Core).
        QVERIFY2(lines.at(1) == QStringLiteral("Qt ") + QLatin1String(qVersion()) ||
                     lines.at(1).startsWith(QStringLiteral("Qt ") + QLatin1String(qVersion()) +
                                            QStringLiteral(" (built with ")),
                 qPrintable(lines.at(1)));
        // FFmpeg: av_version_info() and each library's run-time version.
        const QString ffmpeg = lines.at(2);
        QVERIFY2(ffmpeg.startsWith(QStringLiteral("FFmpeg ") +
                                   QString::fromUtf8(av_version_info()) + QStringLiteral(" (")),
                 qPrintable(ffmpeg));
        const unsigned format = avformat_version();
        const unsigned util = avutil_version();
        QVERIFY2(ffmpeg.contains(QStringLiteral("libavformat %1.%2.%3")
                                     .arg(AV_VERSION_MAJOR(format))
                                     .arg(AV_VERSION_MINOR(format))
                                     .arg(AV_VERSION_MICRO(format))),
                 qPrintable(ffmpeg));
        QVERIFY2(ffmpeg.contains(QStringLiteral("libavutil %1.%2.%3")
                                     .arg(AV_VERSION_MAJOR(util))
                                     .arg(AV_VERSION_MINOR(util))
                                     .arg(AV_VERSION_MICRO(util))),
                 qPrintable(ffmpeg));
        QVERIFY2(ffmpeg.contains(QStringLiteral("libavcodec ")) &&
                     ffmpeg.contains(QStringLiteral("libswscale ")),
                 qPrintable(ffmpeg));
        // No run-time query in these two: the versions of the packages CMake found, said so.
        QCOMPARE(lines.at(3), QStringLiteral("libjpeg-turbo " LIVESNAP_EXPECTED_TURBOJPEG_VERSION
                                             " (build-time version)"));
        QCOMPARE(lines.at(4), QStringLiteral("QtKeychain " LIVESNAP_EXPECTED_QTKEYCHAIN_VERSION
                                             " (build-time version)"));
    }

    void shortOptionAndOtherOptionsPrintTheSame()
    {
        const QString expected = livesnapctl({QStringLiteral("--version")}).out;
        QVERIFY(!expected.isEmpty());
        for (const QStringList &args :
             {QStringList{QStringLiteral("-V")},
              QStringList{QStringLiteral("--version"), QStringLiteral("--help")},
              QStringList{QStringLiteral("--data-dir"), QStringLiteral("/nonexistent"),
                          QStringLiteral("--version")}}) {
            const Output output = livesnapctl(args);
            QCOMPARE(output.exitCode, 0);
            QCOMPARE(output.out, expected);
        }
    }

    void helpMentionsVersion()
    {
        const Output output = livesnapctl({QStringLiteral("--help")});
        QCOMPARE(output.exitCode, 0);
        QVERIFY2(output.out.contains(QStringLiteral("livesnapctl --version (or -V)")),
                 qPrintable(output.out));
    }

    // What --version meant before it existed stays: a parameter with a value, or an error.
    void versionWithAnActionOrAValueIsAParameterAsBefore()
    {
        QTemporaryDir dir;
        const QStringList data{QStringLiteral("--data-dir"), dir.path()};
        const QString list = QStringLiteral("ListLiveSnapshotJobs");
        const QString version = QStringLiteral("--version");

        Output output = livesnapctl(data + QStringList{list, version, QStringLiteral("x")});
        QCOMPARE(output.exitCode, 2);
        QCOMPARE(errorCode(output), QStringLiteral("InvalidParameter.version"));

        output = livesnapctl(data + QStringList{list, version});
        QCOMPARE(output.exitCode, 2);
        QCOMPARE(errorCode(output), QStringLiteral("MissingParameter.version"));

        output = livesnapctl(data + QStringList{list, QStringLiteral("-V")});
        QCOMPARE(output.exitCode, 2);
        QCOMPARE(errorCode(output), QStringLiteral("InvalidParameter"));

        output = livesnapctl({version, QStringLiteral("x")}); // no action: the help, exit 2
        QCOMPARE(output.exitCode, 2);
        QVERIFY2(output.out.startsWith(QStringLiteral("Usage: livesnapctl")),
                 qPrintable(output.out));
    }

    void versionBeforeAnActionIsRefused()
    {
        const Output output =
            livesnapctl({QStringLiteral("-V"), QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(output.exitCode, 2);
        QCOMPARE(errorCode(output), QStringLiteral("InvalidParameter.version"));
    }
};

QTEST_GUILESS_MAIN(TestLivesnapctlVersion)
#include "tst_livesnapctlversion.moc"
