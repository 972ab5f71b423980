#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QThread>

#include <qt6keychain/keychain.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include <sys/stat.h>

namespace livesnap {

namespace {

Q_LOGGING_CATEGORY(lcSecrets, "livesnap.secrets", QtInfoMsg)

const QString headlessHint =
    QStringLiteral("Run LiveSnap in a desktop session with a Secret Service (gnome-keyring or "
                   "KWallet), or start a headless engine with `livesnapctl serve --credentials "
                   "FILE`, FILE being a JSON object of secrets (mode 0600).");

Status checkKey(const QString &key)
{
    if (key.isEmpty()) {
        return invalidParameter(QStringLiteral("SecretKey"),
                                QStringLiteral("A secret needs a non-empty key, such as "
                                               "\"storage/<LocationId>/AccessKeySecret\"."));
    }
    return success();
}

Status checkSecret(const QString &secret)
{
    if (secret.isEmpty()) {
        return invalidParameter(QStringLiteral("Secret"),
                                QStringLiteral("The secret is empty; to delete a secret remove "
                                               "it instead of writing an empty one."));
    }
    if (secret.contains(QChar(u'\0'))) {
        return invalidParameter(QStringLiteral("Secret"),
                                QStringLiteral("The secret contains a NUL character, which the "
                                               "keychain cannot store; check what was pasted."));
    }
    return success();
}

// Does QtKeychain's error text say that the keychain service itself cannot be reached?
bool soundsUnreachable(const QString &detail)
{
    static const QString markers[] = {
        QStringLiteral("d-bus"),          QStringLiteral("dbus"),
        QStringLiteral("autolaunch"),     QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("secret service"), QStringLiteral("no keychain service"),
        QStringLiteral("keyring daemon"), QStringLiteral("kwalletd"),
    };
    for (const QString &marker : markers) {
        if (detail.contains(marker, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

Error unavailable(const QString &detail)
{
    QString why;
    if (detail.contains(QStringLiteral("autolaunch"), Qt::CaseInsensitive)) {
        why = QStringLiteral("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set "
                             "and there is no X11 display to start one)");
    } else {
        why = QStringLiteral("no keychain service answered on the D-Bus session bus");
    }
    return Error::user(errc::KeychainUnavailable,
                       QStringLiteral("The system keychain is not available: %1 (QtKeychain: "
                                      "\"%2\"). LiveSnap keeps storage secrets only in a "
                                      "keychain, never in its catalog or settings. %3")
                           .arg(why, detail, headlessHint));
}

Error mapKeychainError(QKeychain::Error error, const QString &detail, const QString &key)
{
    switch (error) {
    case QKeychain::EntryNotFound:
        return Error::user(errc::SecretNotFound,
                           QStringLiteral("No secret named \"%1\" is stored in the system "
                                          "keychain (service \"%2\"). Enter it again, e.g. "
                                          "with UpdateStorageLocation --AccessKeySecret.")
                               .arg(key, KeychainSecretStore::serviceName()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return unavailable(detail);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::user(errc::KeychainAccessDenied,
                           QStringLiteral("The system keychain refused access to \"%1\" (%2). "
                                          "Unlock your login keyring (or allow LiveSnap access "
                                          "when asked) and try again.")
                               .arg(key, detail));
    case QKeychain::OtherError:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoError:
        break;
    }
    if (soundsUnreachable(detail)) {
        return unavailable(detail);
    }
    return Error::internal(errc::KeychainError,
                           QStringLiteral("The system keychain failed on \"%1\": %2. Check that "
                                          "the keyring service (gnome-keyring or KWallet) is "
                                          "running and unlocked.")
                               .arg(key, detail));
}

// What a keychain job reported (finished is false if it did not answer in time).
struct JobOutcome {
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;
};

// One keychain call: filled in on the keychain thread, awaited by the calling thread.
struct PendingCall {
    std::mutex mutex;
    std::condition_variable done;
    JobOutcome outcome;
};

// The thread every QtKeychain job runs on, and a context object living there.
std::mutex keychainThreadMutex;
QThread *keychainThread = nullptr;
QObject *keychainContext = nullptr;
bool keychainThreadStopped = false;

// Called from ~QCoreApplication (qAddPostRoutine), while event dispatching still works.
void stopKeychainThread()
{
    const std::lock_guard lock(keychainThreadMutex);
    if (keychainThread != nullptr) {
        keychainThread->quit();
        keychainThread->wait();
        delete keychainContext;
        delete keychainThread;
        keychainContext = nullptr;
        keychainThread = nullptr;
    }
    keychainThreadStopped = true;
}

Result<QObject *> keychainThreadContext()
{
    const std::lock_guard lock(keychainThreadMutex);
    if (keychainContext != nullptr) {
        return keychainContext;
    }
    if (QCoreApplication::instance() == nullptr || keychainThreadStopped) {
        return Error::internal(errc::KeychainError,
                               QStringLiteral("The system keychain needs a running "
                                              "QCoreApplication; create one before using "
                                              "KeychainSecretStore, and stop using it once the "
                                              "application is destroyed."));
    }
    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("livesnap-keychain"));
    thread->moveToThread(QCoreApplication::instance()->thread());
    auto *context = new QObject;
    context->moveToThread(thread);
    thread->start();
    keychainThread = thread;
    keychainContext = context;
    qAddPostRoutine(stopKeychainThread);
    return context;
}

// Starts the QtKeychain job that makeJob creates on the keychain thread and waits until it
// finishes or the timeout passes (then the job carries on, and deletes itself whenever the
// backend answers: the backend holds a pointer to it).
Result<JobOutcome> runJob(std::function<QKeychain::Job *()> makeJob, bool wantText,
                          std::chrono::milliseconds timeout)
{
    const Result<QObject *> context = keychainThreadContext();
    if (!context) {
        return context.error();
    }
    auto call = std::make_shared<PendingCall>();
    QObject *const receiver = *context;
    const bool posted = QMetaObject::invokeMethod(
        receiver,
        [call, makeJob = std::move(makeJob), wantText, receiver] {
            QKeychain::Job *job = makeJob();
            job->setAutoDelete(true);
            job->setInsecureFallback(false);
            QObject::connect(
                job, &QKeychain::Job::finished, receiver, [call, wantText](QKeychain::Job *done) {
                    const std::lock_guard lock(call->mutex);
                    JobOutcome &outcome = call->outcome;
                    outcome.error = done->error();
                    outcome.errorString = done->errorString();
                    if (wantText && done->error() == QKeychain::NoError) {
                        outcome.text = static_cast<QKeychain::ReadPasswordJob *>(done)->textData();
                    }
                    outcome.finished = true;
                    call->done.notify_all();
                });
            job->start();
        },
        Qt::QueuedConnection);
    if (!posted) {
        return Error::internal(errc::KeychainError,
                               QStringLiteral("Could not hand the request to the keychain "
                                              "thread."));
    }
    std::unique_lock lock(call->mutex);
    call->done.wait_for(lock, timeout, [&call] { return call->outcome.finished; });
    return call->outcome;
}

Error timedOut(const QString &what, const QString &key, std::chrono::milliseconds timeout)
{
    return Error::user(errc::KeychainTimeout,
                       QStringLiteral("The system keychain did not answer within %1 s while "
                                      "%2 \"%3\". Unlock the keyring (an unlock prompt may be "
                                      "waiting) and try again.")
                           .arg(QString::number(timeout.count() / 1000.0), what, key));
}

} // namespace

KeychainSecretStore::KeychainSecretStore(std::chrono::milliseconds timeout)
    : m_timeout(timeout)
{}

Result<QString> KeychainSecretStore::read(const QString &key)
{
    if (Status s = checkKey(key); !s) {
        return s.error();
    }
    const QString service = serviceName();
    const Result<JobOutcome> outcome = runJob(
        [service, key]() -> QKeychain::Job * {
            auto *job = new QKeychain::ReadPasswordJob(service);
            job->setKey(key);
            return job;
        },
        true, m_timeout);
    if (!outcome) {
        return outcome.error();
    }
    if (!outcome->finished) {
        qCWarning(lcSecrets) << "keychain read timed out for key" << key;
        return timedOut(QStringLiteral("reading"), key, m_timeout);
    }
    if (outcome->error != QKeychain::NoError) {
        Error error = mapKeychainError(outcome->error, outcome->errorString, key);
        if (outcome->error == QKeychain::EntryNotFound) {
            qCDebug(lcSecrets) << "keychain has no secret for key" << key;
        } else {
            qCWarning(lcSecrets) << "keychain read failed for key" << key << error.code
                                 << outcome->errorString;
        }
        return error;
    }
    qCDebug(lcSecrets) << "read secret for key" << key << "from the keychain";
    return outcome->text;
}

Status KeychainSecretStore::write(const QString &key, const QString &secret)
{
    if (Status s = checkKey(key); !s) {
        return s;
    }
    if (Status s = checkSecret(secret); !s) {
        return s;
    }
    const QString service = serviceName();
    const Result<JobOutcome> outcome = runJob(
        [service, key, secret]() -> QKeychain::Job * {
            auto *job = new QKeychain::WritePasswordJob(service);
            job->setKey(key);
            job->setTextData(secret);
            return job;
        },
        false, m_timeout);
    if (!outcome) {
        return outcome.error();
    }
    if (!outcome->finished) {
        qCWarning(lcSecrets) << "keychain write timed out for key" << key;
        return timedOut(QStringLiteral("storing"), key, m_timeout);
    }
    if (outcome->error != QKeychain::NoError) {
        Error error = mapKeychainError(outcome->error, outcome->errorString, key);
        qCWarning(lcSecrets) << "keychain write failed for key" << key << error.code
                             << outcome->errorString;
        return error;
    }
    qCDebug(lcSecrets) << "stored secret for key" << key << "in the keychain";
    return success();
}

Status KeychainSecretStore::remove(const QString &key)
{
    if (Status s = checkKey(key); !s) {
        return s;
    }
    const QString service = serviceName();
    const Result<JobOutcome> outcome = runJob(
        [service, key]() -> QKeychain::Job * {
            auto *job = new QKeychain::DeletePasswordJob(service);
            job->setKey(key);
            return job;
        },
        false, m_timeout);
    if (!outcome) {
        return outcome.error();
    }
    if (!outcome->finished) {
        qCWarning(lcSecrets) << "keychain delete timed out for key" << key;
        return timedOut(QStringLiteral("removing"), key, m_timeout);
    }
    if (outcome->error == QKeychain::EntryNotFound) {
        qCDebug(lcSecrets) << "keychain had no secret to remove for key" << key;
        return success();
    }
    if (outcome->error != QKeychain::NoError) {
        Error error = mapKeychainError(outcome->error, outcome->errorString, key);
        qCWarning(lcSecrets) << "keychain delete failed for key" << key << error.code
                             << outcome->errorString;
        return error;
    }
    qCDebug(lcSecrets) << "removed secret for key" << key << "from the keychain";
    return success();
}

QString KeychainSecretStore::describe() const
{
    return QStringLiteral("system keychain (QtKeychain, service \"%1\")").arg(serviceName());
}

namespace {

// The secrets of a credentials file, after checking that only its owner can read it.
Result<QHash<QString, QString>> loadCredentialsFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::user(errc::CredentialsFileUnreadable,
                           QStringLiteral("Cannot open the credentials file %1: %2. Pass an "
                                          "existing file readable by the engine's user to "
                                          "--credentials.")
                               .arg(path, file.errorString()));
    }
    // The mode of the file actually opened, not of whatever the path names a moment later.
    struct stat st {};
    if (::fstat(file.handle(), &st) != 0) {
        return Error::user(
            errc::CredentialsFileUnreadable,
            QStringLiteral("Cannot check the mode of the credentials file %1.").arg(path));
    }
    if (!S_ISREG(st.st_mode)) {
        return Error::user(errc::CredentialsFileInsecure,
                           QStringLiteral("The credentials file %1 is not a regular file; pass "
                                          "a regular file of mode 0600 to --credentials.")
                               .arg(path));
    }
    const unsigned mode = static_cast<unsigned>(st.st_mode) & 07777u;
    if (mode != 0600u) {
        qCWarning(lcSecrets) << "credentials file" << path << "refused: mode"
                             << QString::number(mode, 8);
        return Error::user(
            errc::CredentialsFileInsecure,
            QStringLiteral("The credentials file %1 has mode %2; it holds storage secrets, so "
                           "it must have mode 0600 (read and write for its owner only). Fix it "
                           "with: chmod 600 %1")
                .arg(path, QStringLiteral("0%1").arg(mode, 3, 8, QLatin1Char('0'))));
    }

    const QByteArray bytes = file.readAll();
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // The parser's message and offset only; never the file's text, which holds secrets.
        return Error::user(
            errc::CredentialsFileInvalid,
            QStringLiteral("The credentials file %1 is not valid JSON (%2 at "
                           "byte %3). It must be one object of strings: "
                           "{\"storage/<LocationId>/AccessKeySecret\": "
                           "\"...\"}.")
                .arg(path, parseError.errorString(), QString::number(parseError.offset)));
    }
    if (!document.isObject()) {
        return Error::user(errc::CredentialsFileInvalid,
                           QStringLiteral("The credentials file %1 must hold one JSON object of "
                                          "strings: {\"storage/<LocationId>/AccessKeySecret\": "
                                          "\"...\"}.")
                               .arg(path));
    }
    QHash<QString, QString> secrets;
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            return Error::user(errc::CredentialsFileInvalid,
                               QStringLiteral("In the credentials file %1 the value of \"%2\" "
                                              "is not a string; every secret must be a JSON "
                                              "string.")
                                   .arg(path, it.key()));
        }
        secrets.insert(it.key(), it.value().toString());
    }
    qCInfo(lcSecrets) << "using" << secrets.size() << "secrets from the credentials file" << path;
    return secrets;
}

} // namespace

CredentialsFileSecretStore::CredentialsFileSecretStore(const QString &path)
    : m_path(path)
{
    if (auto secrets = loadCredentialsFile(path)) {
        m_secrets = std::move(*secrets);
    } else {
        m_loadError = secrets.error();
    }
}

Status CredentialsFileSecretStore::check() const
{
    if (m_loadError) {
        return *m_loadError;
    }
    return success();
}

Result<QString> CredentialsFileSecretStore::read(const QString &key)
{
    if (m_loadError) {
        return *m_loadError;
    }
    if (Status s = checkKey(key); !s) {
        return s.error();
    }
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.constEnd()) {
        qCDebug(lcSecrets) << "credentials file has no secret for key" << key;
        return Error::user(errc::SecretNotFound,
                           QStringLiteral("The credentials file %1 has no entry \"%2\". Add "
                                          "\"%2\": \"<secret>\" to it (keep its mode 0600) and "
                                          "restart the engine.")
                               .arg(m_path, key));
    }
    qCDebug(lcSecrets) << "read secret for key" << key << "from the credentials file";
    return it.value();
}

Status CredentialsFileSecretStore::write(const QString &key, const QString &secret)
{
    Q_UNUSED(secret)
    return Error::user(errc::CredentialsFileReadOnly,
                       QStringLiteral("This engine takes its secrets from the credentials file "
                                      "%1, which the operator manages; LiveSnap does not change "
                                      "it. To set \"%2\", edit the file (keep its mode 0600) and "
                                      "restart the engine.")
                           .arg(m_path, key));
}

Status CredentialsFileSecretStore::remove(const QString &key)
{
    return Error::user(errc::CredentialsFileReadOnly,
                       QStringLiteral("This engine takes its secrets from the credentials file "
                                      "%1, which the operator manages; LiveSnap does not change "
                                      "it. To remove \"%2\", edit the file and restart the "
                                      "engine.")
                           .arg(m_path, key));
}

QString CredentialsFileSecretStore::describe() const
{
    return QStringLiteral("credentials file %1 (read-only, managed by the operator)").arg(m_path);
}

} // namespace livesnap
