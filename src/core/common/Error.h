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
inline const QString SpoolFull = QStringLiteral("SpoolFull");
inline const QString KeychainUnavailable = QStringLiteral("KeychainUnavailable");
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
