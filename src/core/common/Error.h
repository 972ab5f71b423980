#pragma once

#include <QString>

namespace livesnap {

// An error a caller can act on: a stable machine code (the reference API's, e.g.
// "InvalidParameter.TimeInterval") and a message that says how to fix it.
struct Error {
    enum class Kind { User, Internal };

    QString code;
    QString message;
    Kind kind = Kind::User;

    static Error user(const QString &code, const QString &message)
    {
        return Error{code, message, Kind::User};
    }
    static Error internal(const QString &code, const QString &message)
    {
        return Error{code, message, Kind::Internal};
    }
    bool isUserError() const { return kind == Kind::User; }
};

namespace errc {
inline const QString InvalidParameter = QStringLiteral("InvalidParameter");
inline const QString MissingParameter = QStringLiteral("MissingParameter");
inline const QString TemplateNotFound = QStringLiteral("TemplateNotFound");
inline const QString TemplateInUse = QStringLiteral("TemplateInUse");
inline const QString TemplateReadOnly = QStringLiteral("TemplateReadOnly");
// A stored template breaks a rule added after it was saved (e.g. a format without {JobId});
// jobs may not use it until it is edited.
inline const QString TemplateFormatUnsafe = QStringLiteral("TemplateFormatUnsafe");
inline const QString JobNotFound = QStringLiteral("JobNotFound");
inline const QString JobAlreadyStarted = QStringLiteral("JobAlreadyStarted");
inline const QString JobNotStarted = QStringLiteral("JobNotStarted");
inline const QString JobNotStopped = QStringLiteral("JobNotStopped");
inline const QString JobLimitExceeded = QStringLiteral("JobLimitExceeded");
inline const QString StorageLocationNotFound = QStringLiteral("StorageLocationNotFound");
inline const QString StorageLocationExists = QStringLiteral("StorageLocationAlreadyExists");
inline const QString StorageLocationInUse = QStringLiteral("StorageLocationInUse");
inline const QString StorageLocationReadOnly = QStringLiteral("StorageLocationReadOnly");
inline const QString StorageUnavailable = QStringLiteral("StorageUnavailable");
// A local write failed: the disk (or the user's quota) is full.
inline const QString StorageFull = QStringLiteral("StorageFull");
// A local write failed: the folder or its file system is read-only, or permission is denied.
inline const QString StorageReadOnly = QStringLiteral("StorageReadOnly");
inline const QString SpoolFull = QStringLiteral("SpoolFull");
// No keychain service can be reached (no D-Bus session bus, no Secret Service, no KWallet).
inline const QString KeychainUnavailable = QStringLiteral("KeychainUnavailable");
// No secret is stored under the key.
inline const QString SecretNotFound = QStringLiteral("SecretNotFound");
// The keychain is locked or the user refused access.
inline const QString KeychainAccessDenied = QStringLiteral("KeychainAccessDenied");
// The keychain did not answer in time (e.g. an unlock prompt nobody answered).
inline const QString KeychainTimeout = QStringLiteral("KeychainTimeout");
// Anything else the keychain reported; the message carries its own words.
inline const QString KeychainError = QStringLiteral("KeychainError");
// The credentials file's mode is not exactly 0600 (or it is not a regular file).
inline const QString CredentialsFileInsecure = QStringLiteral("CredentialsFileInsecure");
// The credentials file is not a JSON object of string values.
inline const QString CredentialsFileInvalid = QStringLiteral("CredentialsFileInvalid");
// The credentials file does not exist or cannot be opened.
inline const QString CredentialsFileUnreadable = QStringLiteral("CredentialsFileUnreadable");
// Writes and removals: the credentials file is managed by the operator, not by LiveSnap.
inline const QString CredentialsFileReadOnly = QStringLiteral("CredentialsFileReadOnly");
// Cloud stores (anything else the server or the transfer reports is StorageUnavailable).
// Wrong access key id or secret, a signature the server rejects, no permission, clock skew.
inline const QString StorageAuthFailed = QStringLiteral("StorageAuthFailed");
// The bucket does not exist at this endpoint.
inline const QString StorageBucketNotFound = QStringLiteral("StorageBucketNotFound");
// get() of a key that does not exist.
inline const QString StorageObjectNotFound = QStringLiteral("StorageObjectNotFound");
// Connection refused, unknown host, no route, timeout: nothing answered.
inline const QString StorageUnreachable = QStringLiteral("StorageUnreachable");
// The TLS handshake failed, typically a certificate that does not verify.
inline const QString StorageTlsFailed = QStringLiteral("StorageTlsFailed");

// The data directory or the catalog in it cannot be written (a read-only mount, no write
// permission, an immutable file).
inline const QString DataDirectoryReadOnly = QStringLiteral("DataDirectoryReadOnly");

inline const QString UnknownAction = QStringLiteral("UnknownAction");
inline const QString CatalogError = QStringLiteral("InternalError.Catalog");
inline const QString InternalError = QStringLiteral("InternalError");
} // namespace errc

// "InvalidParameter.TimeInterval" etc.
inline Error invalidParameter(const QString &field, const QString &message)
{
    return Error::user(errc::InvalidParameter + QLatin1Char('.') + field, message);
}

} // namespace livesnap
