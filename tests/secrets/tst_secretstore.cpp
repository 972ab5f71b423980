#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <optional>

#include <sys/stat.h>

using namespace livesnap;

namespace {

// Every message any code (on any thread) logs while the tests run, as "category: text".
QMutex capturedLogMutex;
QStringList capturedLog;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const QMutexLocker lock(&capturedLogMutex);
        capturedLog.append(QString::fromLatin1(context.category ? context.category : "default") +
                           QStringLiteral(": ") + message);
    }
    if (previousHandler != nullptr) {
        previousHandler(type, context, message);
    }
}

QString uniqueToken()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// The ways a secret's bytes could land in a file in the clear.
QList<QByteArray> encodingsOf(const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()),
                           secret.size() * static_cast<qsizetype>(sizeof(char16_t)));
    return {utf8, utf16, utf8.toBase64()};
}

// Regular files under root (recursively, hidden ones too) that contain any of the needles.
QStringList filesContaining(const QString &root, const QList<QByteArray> &needles)
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            hits.append(path + QStringLiteral(" (unreadable, so unchecked)"));
            continue;
        }
        const QByteArray bytes = file.readAll();
        for (const QByteArray &needle : needles) {
            if (bytes.contains(needle)) {
                hits.append(path);
                break;
            }
        }
    }
    return hits;
}

bool writeFileWithMode(const QString &path, const QByteArray &bytes, mode_t mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    if (file.write(bytes) != bytes.size()) {
        return false;
    }
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

// secret-tool's view of the Secret Service: what QtKeychain stored for key, or nullopt when
// nothing is stored (secret-tool exits non-zero).
std::optional<QByteArray> secretToolLookup(const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("user"), key, QStringLiteral("server"),
                KeychainSecretStore::serviceName(), QStringLiteral("type"),
                QStringLiteral("plaintext")});
    if (!tool.waitForFinished(30000) || tool.exitStatus() != QProcess::NormalExit) {
        return QByteArray("<secret-tool did not run>");
    }
    if (tool.exitCode() != 0) {
        return std::nullopt;
    }
    return tool.readAllStandardOutput();
}

QJsonObject outcomeJson(const QString &op, const Status &status)
{
    QJsonObject o;
    o.insert(QStringLiteral("op"), op);
    o.insert(QStringLiteral("ok"), status.ok());
    if (!status.ok()) {
        o.insert(QStringLiteral("code"), status.error().code);
        o.insert(QStringLiteral("message"), status.error().message);
    }
    return o;
}

// Child process of noSessionBusGivesKeychainUnavailable: runs with no D-Bus session bus and no
// display, prints each operation's outcome as JSON. The parent judges them.
int runNoBusChild()
{
    KeychainSecretStore store(std::chrono::seconds(30));
    const QString key = QStringLiteral("storage/nobus/AccessKeySecret");
    QJsonArray results;
    results.append(outcomeJson(QStringLiteral("write"),
                               store.write(key, qEnvironmentVariable("LIVESNAP_CHILD_SECRET"))));
    const Result<QString> read = store.read(key);
    results.append(
        outcomeJson(QStringLiteral("read"), read.ok() ? Status(success()) : Status(read.error())));
    results.append(outcomeJson(QStringLiteral("remove"), store.remove(key)));
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly)) {
        return 2;
    }
    out.write(QJsonDocument(results).toJson(QJsonDocument::Compact));
    return 0;
}

} // namespace

class TestSecretStore : public QObject {
    Q_OBJECT

private:
    QString key(const QString &name) const
    {
        return QStringLiteral("storage/%1-%2/AccessKeySecret").arg(m_prefix, name);
    }
    QString m_prefix;
    QString m_sandbox;
    QStringList m_usedKeys;

private slots:
    void initTestCase()
    {
        m_sandbox = qEnvironmentVariable("LIVESNAP_KEYRING_SANDBOX");
        QVERIFY2(!m_sandbox.isEmpty() && QDir(m_sandbox).exists(),
                 "run this test under tests/support/with-keyring.sh (ctest does): it needs a "
                 "private gnome-keyring and must never touch the user's own keychain");
        QVERIFY2(QDir::homePath().startsWith(m_sandbox), "HOME is not inside the sandbox");
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "no D-Bus session bus: with-keyring.sh did not set one up");
        m_prefix = QStringLiteral("tst-") + uniqueToken();
        previousHandler = qInstallMessageHandler(captureMessage);
        QLoggingCategory::setFilterRules(QStringLiteral("livesnap.*=true"));
    }

    void cleanupTestCase()
    {
        KeychainSecretStore store;
        for (const QString &k : std::as_const(m_usedKeys)) {
            QVERIFY2(store.remove(k).ok(), qPrintable(k));
        }
        qInstallMessageHandler(previousHandler);
    }

    void keychainRoundTrip()
    {
        KeychainSecretStore store;
        QVERIFY(store.describe().contains(QStringLiteral("\"LiveSnap\"")));
        const QString k = key(QStringLiteral("roundtrip"));
        m_usedKeys.append(k);

        const Result<QString> before = store.read(k);
        QVERIFY(!before.ok());
        QCOMPARE(before.error().code, QStringLiteral("SecretNotFound"));
        QVERIFY2(before.error().message.contains(k), qPrintable(before.error().message));

        QVERIFY(store.write(k, QStringLiteral("first-secret")).ok());
        const Result<QString> first = store.read(k);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QCOMPARE(*first, QStringLiteral("first-secret"));

        // Overwriting replaces the secret.
        QVERIFY(store.write(k, QStringLiteral("second-secret")).ok());
        const Result<QString> second = store.read(k);
        QVERIFY(second.ok());
        QCOMPARE(*second, QStringLiteral("second-secret"));
        QCOMPARE(secretToolLookup(k), std::optional<QByteArray>(QByteArray("second-secret")));

        QVERIFY(store.remove(k).ok());
        const Result<QString> after = store.read(k);
        QVERIFY(!after.ok());
        QCOMPARE(after.error().code, QStringLiteral("SecretNotFound"));
        QCOMPARE(secretToolLookup(k), std::optional<QByteArray>());
        // Removing a missing secret succeeds.
        QVERIFY(store.remove(k).ok());
    }

    void keychainKeepsSecretsExactly_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("unicode") << QStringLiteral("Pässwörd–秘密–ключ 🔑");
        QTest::newRow("quotes and whitespace") << QStringLiteral(" a\"b\\c\n\td'e ");
        QTest::newRow("base64-looking") << QStringLiteral("dGVzdA==+/");
        QString longSecret;
        QRandomGenerator random(20240501);
        for (int i = 0; i < 16384; ++i) {
            longSecret.append(QChar(static_cast<char16_t>(u'!' + random.bounded(94))));
        }
        QTest::newRow("16 KiB") << longSecret;
    }

    void keychainKeepsSecretsExactly()
    {
        QFETCH(QString, secret);
        const QString k = key(QStringLiteral("exact-") + uniqueToken());
        m_usedKeys.append(k);
        KeychainSecretStore writer;
        QVERIFY(writer.write(k, secret).ok());
        const Result<QString> same = writer.read(k);
        QVERIFY(same.ok());
        QCOMPARE(*same, secret);
        // What the Secret Service itself holds, seen by another client.
        QCOMPARE(secretToolLookup(k), std::optional<QByteArray>(secret.toUtf8()));
        QVERIFY(writer.remove(k).ok());
        QCOMPARE(secretToolLookup(k), std::optional<QByteArray>());
    }

    void secondInstanceReadsWhatTheFirstWrote()
    {
        const QString k = key(QStringLiteral("shared"));
        m_usedKeys.append(k);
        const QString secret = QStringLiteral("shared-") + uniqueToken();
        {
            KeychainSecretStore first;
            QVERIFY(first.write(k, secret).ok());
        }
        KeychainSecretStore second;
        const Result<QString> read = second.read(k);
        QVERIFY(read.ok());
        QCOMPARE(*read, secret);
        QVERIFY(second.remove(k).ok());
        KeychainSecretStore third;
        QCOMPARE(third.read(k).error().code, QStringLiteral("SecretNotFound"));
    }

    void keychainRefusesBadInput()
    {
        KeychainSecretStore store;
        const QString k = key(QStringLiteral("bad-input"));
        m_usedKeys.append(k);
        QCOMPARE(store.write(QString(), QStringLiteral("x")).error().code,
                 QStringLiteral("InvalidParameter.SecretKey"));
        QCOMPARE(store.read(QString()).error().code, QStringLiteral("InvalidParameter.SecretKey"));
        QCOMPARE(store.remove(QString()).error().code,
                 QStringLiteral("InvalidParameter.SecretKey"));
        QCOMPARE(store.write(k, QString()).error().code, QStringLiteral("InvalidParameter.Secret"));
        // libsecret takes C strings: a NUL would silently cut the secret short.
        const Status nul =
            store.write(k, QStringLiteral("before") + QChar(u'\0') + QStringLiteral("after"));
        QVERIFY(!nul.ok());
        QCOMPARE(nul.error().code, QStringLiteral("InvalidParameter.Secret"));
        QVERIFY(!nul.error().message.contains(QStringLiteral("before")));
        QCOMPARE(store.read(k).error().code, QStringLiteral("SecretNotFound"));
    }

    void keychainWorksFromAnyThread()
    {
        // The engine writes from its own thread and reads from the network thread.
        const QString k = key(QStringLiteral("threads"));
        m_usedKeys.append(k);
        const QString secret = QStringLiteral("threads-") + uniqueToken();
        KeychainSecretStore store;
        QVERIFY(store.write(k, secret).ok());

        constexpr int threadCount = 4;
        constexpr int readsPerThread = 5;
        QStringList results[threadCount];
        QList<QThread *> threads;
        for (int t = 0; t < threadCount; ++t) {
            threads.append(QThread::create([&store, &k, &results, t] {
                KeychainSecretStore own; // a second instance, on another thread
                for (int i = 0; i < readsPerThread; ++i) {
                    SecretStore &use = (i % 2 == 0) ? static_cast<SecretStore &>(store) : own;
                    const Result<QString> r = use.read(k);
                    results[t].append(r.ok() ? *r : QStringLiteral("error: ") + r.error().code);
                }
            }));
        }
        for (QThread *thread : threads) {
            thread->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        for (const QStringList &perThread : results) {
            QCOMPARE(perThread, QStringList(readsPerThread, secret));
        }

        // A thread without an event loop of its own can write, too.
        const QString fromThread = QStringLiteral("written-by-thread-") + uniqueToken();
        bool written = false;
        QThread *writer = QThread::create(
            [&store, &k, &fromThread, &written] { written = store.write(k, fromThread).ok(); });
        writer->start();
        QVERIFY(writer->wait(60000));
        delete writer;
        QVERIFY(written);
        QCOMPARE(*store.read(k), fromThread);
        QVERIFY(store.remove(k).ok());
    }

    void noSecretInFilesOrLogs()
    {
        const QString first = QStringLiteral("LsFirst-") + uniqueToken();
        const QString second = QStringLiteral("LsSecond-") + uniqueToken();
        const QString fileSecret = QStringLiteral("LsFile-") + uniqueToken();
        const QString k = key(QStringLiteral("leak"));
        m_usedKeys.append(k);
        {
            const QMutexLocker lock(&capturedLogMutex);
            capturedLog.clear();
        }

        {
            KeychainSecretStore store;
            QVERIFY(store.write(k, first).ok());
            QCOMPARE(*store.read(k), first);
            QVERIFY(store.write(k, second).ok());
            QCOMPARE(*store.read(k), second);
            QVERIFY(!store.read(key(QStringLiteral("leak-missing"))).ok());
            QVERIFY(!store.write(k, second + QChar(u'\0')).ok());
        }
        KeychainSecretStore other;
        QCOMPARE(*other.read(k), second);

        QTemporaryDir outside; // the operator's file holds its secret in the clear by design
        QVERIFY(outside.isValid());
        const QString credentials = outside.filePath(QStringLiteral("credentials.json"));
        QJsonObject json;
        json.insert(k, fileSecret);
        QVERIFY(writeFileWithMode(credentials, QJsonDocument(json).toJson(), 0600));
        CredentialsFileSecretStore fileStore(credentials);
        QVERIFY(fileStore.check().ok());
        QCOMPARE(*fileStore.read(k), fileSecret);
        QVERIFY(!fileStore.write(k, fileSecret).ok());
        QVERIFY(writeFileWithMode(credentials, QJsonDocument(json).toJson(), 0644));
        QVERIFY(!CredentialsFileSecretStore(credentials).check().ok());
        QVERIFY(writeFileWithMode(credentials, "{\"k\": \"" + fileSecret.toUtf8() + "\",", 0600));
        QVERIFY(!CredentialsFileSecretStore(credentials).check().ok());

        // The keyring did persist the secret somewhere in the sandbox (encrypted).
        const QStringList keyrings =
            QDir(QDir::homePath() + QStringLiteral("/.local/share/keyrings"))
                .entryList({QStringLiteral("*.keyring")}, QDir::Files);
        QVERIFY2(!keyrings.isEmpty(), "gnome-keyring wrote no keyring file under HOME");

        // The scan does find what is there: a canary in the data directory.
        const QString dataDir = qEnvironmentVariable("LIVESNAP_DATA_DIR");
        QVERIFY(dataDir.startsWith(m_sandbox));
        const QString canary = QStringLiteral("LsCanary-") + uniqueToken();
        const QString canaryPath = dataDir + QStringLiteral("/canary.txt");
        QVERIFY(writeFileWithMode(canaryPath, canary.toUtf8(), 0600));
        QCOMPARE(filesContaining(m_sandbox, encodingsOf(canary)), QStringList{canaryPath});
        QVERIFY(QFile::remove(canaryPath));

        // Home (keyrings, settings, caches), runtime dir and data dir: no secret in the clear.
        for (const QString &secret : {first, second, fileSecret}) {
            const QStringList hits = filesContaining(m_sandbox, encodingsOf(secret));
            QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QStringLiteral(", "))));
        }

        // The log was captured (it names the key) but holds no secret.
        QString log;
        {
            const QMutexLocker lock(&capturedLogMutex);
            log = capturedLog.join(QLatin1Char('\n'));
        }
        QVERIFY2(log.contains(QStringLiteral("livesnap.secrets: ")), qPrintable(log));
        QVERIFY2(log.contains(k), qPrintable(log));
        QVERIFY2(log.contains(credentials), qPrintable(log));
        for (const QString &secret : {first, second, fileSecret}) {
            QVERIFY2(!log.contains(secret), "a secret value was logged");
        }

        QVERIFY(other.remove(k).ok());
    }

    void credentialsFileIsReadOnly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("credentials.json"));
        const QByteArray bytes =
            "{\"storage/loc-1/AccessKeySecret\": \"s3cr\\u00e9t \xF0\x9F\x94\x91\","
            " \"storage/loc-2/AccessKeySecret\": \"other\"}";
        QVERIFY(writeFileWithMode(path, bytes, 0600));

        CredentialsFileSecretStore opened(path);
        const Status checked = opened.check();
        QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().message));
        SecretStore &store = opened;
        QVERIFY(store.describe().contains(path));

        const Result<QString> one = store.read(QStringLiteral("storage/loc-1/AccessKeySecret"));
        QVERIFY(one.ok());
        QCOMPARE(*one, QStringLiteral("s3crét 🔑"));
        QCOMPARE(*store.read(QStringLiteral("storage/loc-2/AccessKeySecret")),
                 QStringLiteral("other"));

        const Result<QString> missing = store.read(QStringLiteral("storage/loc-3/AccessKeySecret"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("SecretNotFound"));
        QVERIFY(missing.error().message.contains(QStringLiteral("storage/loc-3/AccessKeySecret")));
        QVERIFY(missing.error().message.contains(path));

        const Status write =
            store.write(QStringLiteral("storage/loc-3/AccessKeySecret"), QStringLiteral("new"));
        QVERIFY(!write.ok());
        QCOMPARE(write.error().code, QStringLiteral("CredentialsFileReadOnly"));
        QVERIFY(write.error().message.contains(path));
        QVERIFY(write.error().message.contains(QStringLiteral("operator")));
        const Status remove = store.remove(QStringLiteral("storage/loc-1/AccessKeySecret"));
        QVERIFY(!remove.ok());
        QCOMPARE(remove.error().code, QStringLiteral("CredentialsFileReadOnly"));

        // Nothing changed: the file, and what the store serves.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bytes);
        QCOMPARE(*store.read(QStringLiteral("storage/loc-1/AccessKeySecret")), *one);
        QVERIFY(!store.read(QStringLiteral("storage/loc-3/AccessKeySecret")).ok());
    }

    void credentialsFileRefusedUnless0600_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("shown");
        QTest::newRow("0644") << 0644 << QStringLiteral("0644");
        QTest::newRow("0640") << 0640 << QStringLiteral("0640");
        QTest::newRow("0604") << 0604 << QStringLiteral("0604");
        QTest::newRow("0660") << 0660 << QStringLiteral("0660");
        QTest::newRow("0666") << 0666 << QStringLiteral("0666");
        QTest::newRow("0700") << 0700 << QStringLiteral("0700");
        QTest::newRow("0400") << 0400 << QStringLiteral("0400");
    }

    void credentialsFileRefusedUnless0600()
    {
        QFETCH(int, mode);
        QFETCH(QString, shown);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("credentials.json"));
        QVERIFY(writeFileWithMode(path, "{\"storage/loc-1/AccessKeySecret\": \"LsModeSecret\"}",
                                  static_cast<mode_t>(mode)));
        CredentialsFileSecretStore opened(path);
        const Status checked = opened.check();
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, QStringLiteral("CredentialsFileInsecure"));
        const QString message = checked.error().message;
        // Every read gives the same refusal; nothing from the file is served.
        const Result<QString> read = opened.read(QStringLiteral("storage/loc-1/AccessKeySecret"));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, QStringLiteral("CredentialsFileInsecure"));
        QVERIFY2(message.contains(QStringLiteral("mode ") + shown), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("chmod 600 ") + path), qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("LsModeSecret")));

        // The same file becomes usable once fixed.
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0600), 0);
        CredentialsFileSecretStore fixed(path);
        QVERIFY(fixed.check().ok());
        QCOMPARE(*fixed.read(QStringLiteral("storage/loc-1/AccessKeySecret")),
                 QStringLiteral("LsModeSecret"));
    }

    void credentialsFileInvalid_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("truncated") << QByteArray("{\"storage/a/AccessKeySecret\": \"LsBad1");
        QTest::newRow("trailing comma") << QByteArray("{\"storage/a/AccessKeySecret\": "
                                                      "\"LsBad2\",}");
        QTest::newRow("array") << QByteArray("[\"LsBad3\"]");
        QTest::newRow("number value") << QByteArray("{\"storage/a/AccessKeySecret\": 12345}");
        QTest::newRow("object value")
            << QByteArray("{\"storage/a/AccessKeySecret\": {\"v\": \"LsBad4\"}}");
        QTest::newRow("empty") << QByteArray();
    }

    void credentialsFileInvalid()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("credentials.json"));
        QVERIFY(writeFileWithMode(path, bytes, 0600));
        const Status checked = CredentialsFileSecretStore(path).check();
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, QStringLiteral("CredentialsFileInvalid"));
        QVERIFY2(checked.error().message.contains(path), qPrintable(checked.error().message));
        QVERIFY2(!checked.error().message.contains(QStringLiteral("LsBad")),
                 qPrintable(checked.error().message));
    }

    void credentialsFileMissing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("absent.json"));
        const Status checked = CredentialsFileSecretStore(path).check();
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, QStringLiteral("CredentialsFileUnreadable"));
        QVERIFY(checked.error().message.contains(path));
        QVERIFY(checked.error().message.contains(QStringLiteral("--credentials")));
    }

    void noSessionBusGivesKeychainUnavailable()
    {
        QTemporaryDir runtimeDir; // empty: no $XDG_RUNTIME_DIR/bus to fall back on
        QVERIFY(runtimeDir.isValid());
        const QString secret = QStringLiteral("LsChild-") + uniqueToken();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"DBUS_SESSION_BUS_ADDRESS", "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE",
              "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION",
              "KDE_FULL_SESSION", "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID"}) {
            env.remove(QString::fromLatin1(name));
        }
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir.path());
        env.insert(QStringLiteral("LIVESNAP_SECRETS_CHILD"), QStringLiteral("nobus"));
        env.insert(QStringLiteral("LIVESNAP_CHILD_SECRET"), secret);

        QProcess child;
        child.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(60000));
        QVERIFY2(clock.elapsed() < 30000, "the keychain hung instead of failing at once");
        const QByteArray out = child.readAllStandardOutput();
        const QByteArray err = child.readAllStandardError();
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QVERIFY2(child.exitCode() == 0, err.constData());

        const QJsonArray results = QJsonDocument::fromJson(out).array();
        QCOMPARE(results.size(), 3);
        for (const QJsonValue &value : results) {
            const QJsonObject o = value.toObject();
            const QString op = o.value(QStringLiteral("op")).toString();
            const QString message = o.value(QStringLiteral("message")).toString();
            QVERIFY2(!o.value(QStringLiteral("ok")).toBool(), qPrintable(op));
            QCOMPARE(o.value(QStringLiteral("code")).toString(),
                     QStringLiteral("KeychainUnavailable"));
            for (const QString &needle :
                 {QStringLiteral("no D-Bus session bus"),
                  QStringLiteral("DBUS_SESSION_BUS_ADDRESS is not set"),
                  QStringLiteral("Cannot autolaunch D-Bus"), QStringLiteral("Secret Service"),
                  QStringLiteral("gnome-keyring"), QStringLiteral("KWallet"),
                  QStringLiteral("livesnapctl serve --credentials FILE"), QStringLiteral("0600")}) {
                QVERIFY2(message.contains(needle),
                         qPrintable(op + QStringLiteral(": missing \"") + needle +
                                    QStringLiteral("\" in: ") + message));
            }
        }
        QVERIFY(!out.contains(secret.toUtf8()));
        QVERIFY(!err.contains(secret.toUtf8()));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariable("LIVESNAP_SECRETS_CHILD") == QStringLiteral("nobus")) {
        return runNoBusChild();
    }
    TestSecretStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
