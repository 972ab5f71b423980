#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace livesnap {

// Typed access to an action's string parameters; each conversion failure is an
// InvalidParameter.<Name> error that says what was expected.
class ApiArguments {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ApiArguments)

public:
    explicit ApiArguments(QMap<QString, QString> values)
        : m_values(std::move(values))
    {}

    bool has(const QString &name) const { return m_values.contains(name); }
    QString string(const QString &name, const QString &fallback = QString()) const;
    std::optional<QString> optionalString(const QString &name) const;
    Result<QString> required(const QString &name) const;
    Result<int> integer(const QString &name, int fallback) const;
    Result<bool> boolean(const QString &name, bool fallback) const;
    Result<QJsonObject> object(const QString &name) const;
    Result<QJsonArray> array(const QString &name) const;
    // A JSON object or array; undefined when absent.
    Result<QJsonValue> objectOrArray(const QString &name) const;
    Result<QDateTime> time(const QString &name) const; // invalid when absent

private:
    QMap<QString, QString> m_values;
};

} // namespace livesnap
