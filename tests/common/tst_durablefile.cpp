// DurableFile on real file systems: a tiny tmpfs that fills mid-write, one remounted read-only,
// a folder removed under an open descriptor. CTest runs it under `unshare --mount` (see
// tests/support/in-private-mount.sh), so the mounts are private.
#include "common/DurableFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

using namespace livesnap;

class TestDurableFile : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_tiny; // a 256 KiB tmpfs

    // Fills the tmpfs so that only about `left` bytes remain.
    void fill(qint64 left)
    {
        QFile filler(m_tiny + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray chunk(4096, 'f');
        while (filler.write(chunk) == chunk.size() && filler.flush()) {
        }
        filler.close();
        QVERIFY(QFile::resize(filler.fileName(), qMax<qint64>(0, filler.size() - left)));
    }
    QStringList entries(const QString &folder) const
    {
        return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    }

private slots:
    void initTestCase()
    {
        m_tiny = m_dir.filePath(QStringLiteral("tiny"));
        QVERIFY(QDir().mkpath(m_tiny));
        QVERIFY2(::mount("tmpfs", QFile::encodeName(m_tiny).constData(), "tmpfs", 0, "size=256k") ==
                     0,
                 "mounting a tmpfs failed: run this test through CTest");
    }
    void cleanupTestCase() { ::umount(QFile::encodeName(m_tiny).constData()); }
    void cleanup()
    {
        for (const QString &name : entries(m_tiny)) {
            QFile::remove(m_tiny + QLatin1Char('/') + name);
        }
    }

    void writesTheWholeFilePrivately()
    {
        const QString path = m_dir.filePath(QStringLiteral("a.jpg"));
        const QByteArray bytes(300 * 1024, 'x');
        QVERIFY(DurableFile::write(path, bytes).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bytes);
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        // Overwritten in place of the old, and no temporary file is left.
        QVERIFY(DurableFile::write(path, "new").ok());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("new"));
        QCOMPARE(entries(m_dir.path()), QStringList{QStringLiteral("a.jpg")});
        QVERIFY(QFile::remove(path));
    }

    // What QSaveFile gets wrong in Qt 6.4: a small write sits in its buffer, the flush at
    // commit fails, and commit() still returns true with a 0-byte file.
    void smallWriteOnAFullDiskFails()
    {
        fill(0);
        const QString path = m_tiny + QStringLiteral("/small.jpg");
        const Status s = DurableFile::write(path, QByteArray(9 * 1024, 's'));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageFull"));
        QVERIFY2(s.error().message.contains(path), qPrintable(s.error().message));
        QCOMPARE(entries(m_tiny), QStringList{QStringLiteral("filler")});
    }

    // The first write() is short (the disk fills part way), the next one fails with ENOSPC:
    // neither a target nor the temporary file is left, and an old target keeps its bytes.
    void diskFillingMidWriteLeavesNothing()
    {
        const QString path = m_tiny + QStringLiteral("/big.jpg");
        QVERIFY(DurableFile::write(path, "old").ok());
        fill(16 * 1024);
        const Status s = DurableFile::write(path, QByteArray(128 * 1024, 'b'));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageFull"));
        QCOMPARE(entries(m_tiny),
                 (QStringList{QStringLiteral("big.jpg"), QStringLiteral("filler")}));
        QFile old(path);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("old"));
    }

    void readOnlyFileSystemIsStorageReadOnly()
    {
        const QByteArray mount = QFile::encodeName(m_tiny);
        QVERIFY(::mount(nullptr, mount.constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0);
        const Status s = DurableFile::write(m_tiny + QStringLiteral("/ro.jpg"), "x");
        QVERIFY(::mount(nullptr, mount.constData(), nullptr, MS_REMOUNT, nullptr) == 0);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageReadOnly"));
        QVERIFY2(s.error().message.contains(QStringLiteral("read-only")),
                 qPrintable(s.error().message));
    }

    // The folder disappears under an open descriptor (a vanished mount looks the same).
    void vanishedFolderIsStorageUnavailable()
    {
        const QString folder = m_dir.filePath(QStringLiteral("gone"));
        QVERIFY(QDir().mkpath(folder));
        const FileDescriptor fd(
            ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        QVERIFY(fd.isValid());
        QVERIFY(QDir().rmdir(folder));
        const Status s = DurableFile::write(fd.get(), QStringLiteral("a.jpg"), "x",
                                            folder + QStringLiteral("/a.jpg"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageUnavailable"));
    }

    void makePathReportsAFileInTheWay()
    {
        QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!DurableFile::makePath(blocker.fileName() + QStringLiteral("/sub")).ok());
        const QString made = m_dir.filePath(QStringLiteral("x/y/z"));
        QVERIFY(DurableFile::makePath(made).ok());
        QVERIFY(QFileInfo(made).isDir());
    }

    void readAllReadsEverything()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.bin"));
        QByteArray bytes(200 * 1024, '\0');
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            bytes[i] = char(i * 7);
        }
        QVERIFY(DurableFile::write(path, bytes).ok());
        const FileDescriptor fd(::open(QFile::encodeName(path).constData(), O_RDONLY));
        auto back = DurableFile::readAll(fd.get(), path);
        QVERIFY(back);
        QCOMPARE(*back, bytes);
    }
};

QTEST_GUILESS_MAIN(TestDurableFile)
#include "tst_durablefile.moc"
