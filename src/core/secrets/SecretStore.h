#pragma once

#include "common/Result.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <optional>

namespace livesnap {


// Where storage secrets live. Keys are names such as "storage/<LocationId>/AccessKeySecret";
// secret values are never logged, written to the catalog, settings files or error messages.
// Calls block until the backend answers.
class SecretStore {
public:
    virtual ~SecretStore() = default;

    // The secret stored under key, or SecretNotFound.
    virtual Result<QString> read(const QString &key) = 0;
    // Stores or replaces the secret under key. An empty secret, or one containing a NUL
    // character, is refused (InvalidParameter.Secret).
    virtual Status write(const QString &key, const QString &secret) = 0;
    // Removes the secret under key; removing a missing secret succeeds.
    virtual Status remove(const QString &key) = 0;
    // Where the secrets come from, for logs and the UI ("system keychain ...",
    // "credentials file /etc/livesnap/credentials.json ...").
    virtual QString describe() const = 0;
    // True for a store the operator manages by hand (a credentials file): nothing is written.
    virtual bool isReadOnly() const { return false; }
};

// Secrets in the system keychain through QtKeychain (Secret Service: gnome-keyring or KWallet
// on Linux), service name "LiveSnap". No insecure plain-text fallback is ever used.
//
// QtKeychain's jobs are asynchronous and its job queue is process-wide and not thread-safe, so
// every job runs on one internal "livesnap-keychain" thread (started on first use, stopped
// when the QCoreApplication is destroyed); each call here posts its job there and blocks the
// calling thread until the job finishes or `timeout` passes. Calls are thread-safe and work
// from any thread (the network thread, a CLI); they do not spin the caller's event loop. On the
// GUI thread a call freezes the UI while it waits (normally milliseconds, but an unlock prompt
// of a locked keyring waits for the user): call it off the GUI thread, or accept the short
// wait. Needs a QCoreApplication, and Qt's GLib event dispatcher (the default on Linux;
// QtKeychain's libsecret backend never answers with QT_NO_GLIB=1). All of the process's
// QtKeychain use must go through this class.
class KeychainSecretStore final : public SecretStore {
public:
    static constexpr std::chrono::milliseconds defaultTimeout = std::chrono::minutes(2);

    explicit KeychainSecretStore(std::chrono::milliseconds timeout = defaultTimeout);

    Result<QString> read(const QString &key) override;
    Status write(const QString &key, const QString &secret) override;
    Status remove(const QString &key) override;
    QString describe() const override;

    static QString serviceName() { return QStringLiteral("LiveSnap"); }

private:
    std::chrono::milliseconds m_timeout;
};

// Read-only secrets from a JSON file the operator names explicitly (livesnapctl serve
// --credentials FILE): {"storage/<LocationId>/AccessKeySecret": "secret", ...}. The file must
// be a regular file of mode exactly 0600. It is read once, by the constructor; the store is
// immutable afterwards, so it is safe to use from any thread.
class CredentialsFileSecretStore final : public SecretStore {
public:
    explicit CredentialsFileSecretStore(const QString &path);

    // Whether the file could be used: CredentialsFileUnreadable, CredentialsFileInsecure or
    // CredentialsFileInvalid if not (read() then returns the same error). Check it at start-up.
    Status check() const;

    Result<QString> read(const QString &key) override;
    // Refused with CredentialsFileReadOnly: the operator edits the file.
    Status write(const QString &key, const QString &secret) override;
    // Refused with CredentialsFileReadOnly: the operator edits the file.
    Status remove(const QString &key) override;
    QString describe() const override;
    bool isReadOnly() const override { return true; }

    QString path() const { return m_path; }

private:
    QString m_path;
    QHash<QString, QString> m_secrets;
    std::optional<Error> m_loadError;
};

} // namespace livesnap
