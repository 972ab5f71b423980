#include "api/ApiArguments.h"

#include "common/TimeFormat.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace livesnap {

namespace {
Result<QJsonDocument> parseJson(const QString &name, const QString &text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        return invalidParameter(name, ApiArguments::tr("%1 is not valid JSON (%2 at offset %3).")
                                          .arg(name, error.errorString())
                                          .arg(error.offset));
    }
    return doc;
}
} // namespace

QString ApiArguments::string(const QString &name, const QString &fallback) const
{
    return m_values.value(name, fallback);
}

std::optional<QString> ApiArguments::optionalString(const QString &name) const
{
    if (!m_values.contains(name)) {
        return std::nullopt;
    }
    return m_values.value(name);
}

Result<QString> ApiArguments::required(const QString &name) const
{
    const QString value = m_values.value(name);
    if (value.isEmpty()) {
        return Error::user(errc::MissingParameter + QLatin1Char('.') + name,
                           ApiArguments::tr("--%1 is required.").arg(name));
    }
    return value;
}

Result<int> ApiArguments::integer(const QString &name, int fallback) const
{
    if (!m_values.contains(name)) {
        return fallback;
    }
    static const QRegularExpression integerPattern(QStringLiteral("^[+-]?[0-9]{1,9}$"));
    const QString text = m_values.value(name).trimmed();
    if (!integerPattern.match(text).hasMatch()) {
        return invalidParameter(name, ApiArguments::tr("%1 must be a whole number (got \"%2\").")
                                          .arg(name, m_values.value(name)));
    }
    return text.toInt();
}

Result<bool> ApiArguments::boolean(const QString &name, bool fallback) const
{
    if (!m_values.contains(name)) {
        return fallback;
    }
    const QString text = m_values.value(name).trimmed().toLower();
    if (text == QLatin1String("true") || text == QLatin1String("1")) {
        return true;
    }
    if (text == QLatin1String("false") || text == QLatin1String("0")) {
        return false;
    }
    return invalidParameter(
        name,
        ApiArguments::tr("%1 must be true or false (got \"%2\").").arg(name, m_values.value(name)));
}

Result<QJsonObject> ApiArguments::object(const QString &name) const
{
    if (!m_values.contains(name)) {
        return QJsonObject();
    }
    auto doc = parseJson(name, m_values.value(name));
    if (!doc) {
        return doc.error();
    }
    if (!doc->isObject()) {
        return invalidParameter(
            name,
            ApiArguments::tr("%1 must be a JSON object such as {\"Key\":\"value\"}.").arg(name));
    }
    return doc->object();
}

Result<QJsonArray> ApiArguments::array(const QString &name) const
{
    if (!m_values.contains(name)) {
        return QJsonArray();
    }
    auto doc = parseJson(name, m_values.value(name));
    if (!doc) {
        return doc.error();
    }
    if (!doc->isArray()) {
        return invalidParameter(
            name, ApiArguments::tr("%1 must be a JSON array such as [1, 2].").arg(name));
    }
    return doc->array();
}

Result<QJsonValue> ApiArguments::objectOrArray(const QString &name) const
{
    if (!m_values.contains(name)) {
        return QJsonValue(QJsonValue::Undefined);
    }
    auto doc = parseJson(name, m_values.value(name));
    if (!doc) {
        return doc.error();
    }
    if (doc->isArray()) {
        return QJsonValue(doc->array());
    }
    if (!doc->isObject()) {
        return invalidParameter(name, ApiArguments::tr("%1 must be a JSON object such as "
                                                       "{\"Key\":\"value\"} or an array of them.")
                                          .arg(name));
    }
    return QJsonValue(doc->object());
}

Result<QDateTime> ApiArguments::time(const QString &name) const
{
    if (!m_values.contains(name) || m_values.value(name).isEmpty()) {
        return QDateTime();
    }
    return parseApiTime(m_values.value(name), name);
}

} // namespace livesnap
