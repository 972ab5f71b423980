// The data directory is private and must be writable: created 0700 with its catalog (and the
// catalog's -wal/-shm) 0600 whatever the umask, old ones tightened at start; a read-only data
// directory or catalog is refused with DataDirectoryReadOnly by the engine, the CLI and serve.
// The read-only cases are real read-only bind mounts (root ignores file modes): CTest runs this
// test in a private mount namespace (support/in-private-mount.sh).
#include "engine/Engine.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <sys/stat.h>

using namespace livesnap;

namespace {

int modeOf(const QString &path)
{
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
}

QString octal(int mode)
{
    return QString::number(mode, 8);
}

// Makes `path` (a directory or a file) read-only by bind-mounting it over itself read-only.
bool mountReadOnly(const QString &path)
{
    const QByteArray p = QFile::encodeName(path);
    return ::mount(p.constData(), p.constData(), nullptr, MS_BIND, nullptr) == 0 &&
           ::mount(nullptr, p.constData(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0;
}

} // namespace

class TestDataDirectory : public QObject {
    Q_OBJECT

private:
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    mode_t m_umask = 0;

    struct Run {
        int exitCode = -1;
        QJsonObject json;
        QByteArray err;
    };

    Run ctl(const QString &dataDir, const QStringList &args, int timeoutMs = 30000)
    {
        QProcess p;
        p.start(m_ctl, QStringList{QStringLiteral("--data-dir"), dataDir} + args);
        Run r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        r.err = p.readAllStandardError();
        return r;
    }

    void checkPrivate(const QString &root)
    {
        const QString catalog = DataDirectory(root).catalogPath();
        QCOMPARE(octal(modeOf(root)), octal(0700));
        QCOMPARE(octal(modeOf(catalog)), octal(0600));
        // An open catalog in WAL mode has both; SQLite gives them the catalog's mode.
        QVERIFY(QFile::exists(catalog + QStringLiteral("-wal")));
        QVERIFY(QFile::exists(catalog + QStringLiteral("-shm")));
        QCOMPARE(octal(modeOf(catalog + QStringLiteral("-wal"))), octal(0600));
        QCOMPARE(octal(modeOf(catalog + QStringLiteral("-shm"))), octal(0600));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(!m_ctl.isEmpty());
        // No umask to help: every mode below is set by LiveSnap itself.
        m_umask = ::umask(0);
    }
    void cleanupTestCase() { ::umask(m_umask); }

    void createdPrivate()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("parent/data"));
        Engine engine{DataDirectory(root)};
        const Status opened = engine.open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        checkPrivate(root);
    }

    void oldModesTightened()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("data"));
        const QString catalog = DataDirectory(root).catalogPath();
        Engine first{DataDirectory(root)};
        QVERIFY(first.open().ok());
        // As an older LiveSnap left them (while an engine has the catalog open).
        for (const auto &[path, mode] :
             {std::pair{root, 0755}, std::pair{catalog, 0644},
              std::pair{QString(catalog + QStringLiteral("-wal")), 0644},
              std::pair{QString(catalog + QStringLiteral("-shm")), 0644}}) {
            QVERIFY(::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0);
        }
        QCOMPARE(octal(modeOf(catalog)), octal(0644));
        Engine second{DataDirectory(root)};
        QVERIFY(second.open().ok());
        checkPrivate(root);

        // The CLI tightens too.
        QVERIFY(::chmod(QFile::encodeName(root).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(catalog).constData(), 0644) == 0);
        const Run run = ctl(root, {QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(octal(modeOf(root)), octal(0700));
        QCOMPARE(octal(modeOf(catalog)), octal(0600));
    }

    void readOnlyDataDirectoryNamedAsSuch()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("data"));
        QCOMPARE(ctl(root, {QStringLiteral("ListLiveSnapshotJobs")}).exitCode, 0);
        QVERIFY2(mountReadOnly(root), "a read-only bind mount failed: run this test through CTest "
                                      "(it wraps it in a private mount namespace)");
        const auto unmount = qScopeGuard([&] { ::umount(QFile::encodeName(root).constData()); });

        Engine engine{DataDirectory(root)};
        const Status opened = engine.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, QStringLiteral("DataDirectoryReadOnly"));
        QVERIFY2(opened.error().message.contains(root) &&
                     opened.error().message.contains(QStringLiteral("read-only")) &&
                     opened.error().message.contains(QStringLiteral("--data-dir")),
                 qPrintable(opened.error().message));

        const Run run = ctl(root, {QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("DataDirectoryReadOnly"));
        QVERIFY(run.json.value(QStringLiteral("Message")).toString().contains(root));

        const Run serve = ctl(root, {QStringLiteral("serve")}, 10000);
        QVERIFY2(serve.exitCode > 0, serve.err.constData()); // refused at once, not running
        QVERIFY2(serve.err.contains("is read-only") && serve.err.contains(root.toUtf8()),
                 serve.err.constData());
    }

    void readOnlyCatalogNamedAsSuch()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("data"));
        const QString catalog = DataDirectory(root).catalogPath();
        QCOMPARE(ctl(root, {QStringLiteral("ListLiveSnapshotJobs")}).exitCode, 0);
        QVERIFY(mountReadOnly(catalog));
        const auto unmount = qScopeGuard([&] { ::umount(QFile::encodeName(catalog).constData()); });

        const Run run = ctl(root, {QStringLiteral("GetCallbackSettings")});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("DataDirectoryReadOnly"));
        const QString message = run.json.value(QStringLiteral("Message")).toString();
        QVERIFY2(message.contains(catalog) && message.contains(QStringLiteral("read-only")),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestDataDirectory)
#include "tst_datadirectory.moc"
