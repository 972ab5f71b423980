#include "domain/TemplateRules.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace livesnap::rules {

namespace {

// The translation context of this file's messages.
class TemplateRules {
    Q_DECLARE_TR_FUNCTIONS(livesnap::TemplateRules)
};

const QStringList &allowedSequenceTokens()
{
    static const QStringList tokens{QStringLiteral("{JobId}"), QStringLiteral("{Date}"),
                                    QStringLiteral("{Sequence}"),
                                    QStringLiteral("{UnixTimestamp}")};
    return tokens;
}

// Shared shape rules of both formats; `field` is the API field name.
Status validateFormatShape(const QString &format, const QString &field)
{
    if (format.size() > MaxFormatLength) {
        return invalidParameter(field,
                                TemplateRules::tr("%1 is %2 characters long; use at most %3.")
                                    .arg(fieldWords(field))
                                    .arg(format.size())
                                    .arg(MaxFormatLength));
    }
    if (format.startsWith(QLatin1Char('/'))) {
        return invalidParameter(
            field,
            TemplateRules::tr("%1 must not start with '/'; write a relative object key such as %2.")
                .arg(fieldWords(field), field == QLatin1String("OverwriteFormat")
                                            ? DefaultOverwriteFormat
                                            : DefaultSequenceFormat));
    }
    if (!format.endsWith(QLatin1String(".jpg"))) {
        return invalidParameter(
            field, TemplateRules::tr("%1 must end in '.jpg' (JPG is the only output format).")
                       .arg(fieldWords(field)));
    }
    if (format.contains(QLatin1String(".."))) {
        return invalidParameter(
            field, TemplateRules::tr("%1 must not contain '..'.").arg(fieldWords(field)));
    }
    if (format.contains(QLatin1Char('\\')) || format.contains(QLatin1String("//"))) {
        return invalidParameter(
            field, TemplateRules::tr("%1 must not contain '\\' or an empty path segment ('//').")
                       .arg(fieldWords(field)));
    }
    return validateNameCharacters(format, field);
}

// `format` must name {JobId}, so that the keys of two jobs always differ (job ids are unique).
Status requireJobId(const QString &format, const QString &field, const QString &example)
{
    if (!format.contains(QLatin1String("{JobId}"))) {
        return invalidParameter(
            field, TemplateRules::tr(
                       "%1 \"%2\" must contain {JobId}, so that two jobs never write, overwrite "
                       "or delete each other's files; for example %3.")
                       .arg(fieldWords(field), format, example));
    }
    return success();
}

// Every "{...}" in `format` must be one of `allowed`; unbalanced braces are refused.
Status validateTokens(const QString &format, const QString &field, const QStringList &allowed)
{
    static const QRegularExpression token(QStringLiteral("\\{[^{}]*\\}"));
    QString rest = format;
    for (auto it = token.globalMatch(format); it.hasNext();) {
        const QString t = it.next().captured(0);
        if (!allowed.contains(t)) {
            return invalidParameter(
                field, TemplateRules::tr("%1 uses the unknown token %2; allowed tokens: %3.")
                           .arg(fieldWords(field), t, allowed.join(QStringLiteral(", "))));
        }
        rest.replace(t, QString());
    }
    if (rest.contains(QLatin1Char('{')) || rest.contains(QLatin1Char('}'))) {
        return invalidParameter(
            field, TemplateRules::tr("%1 has an unmatched '{' or '}'.").arg(fieldWords(field)));
    }
    return success();
}

} // namespace

QString fieldWords(const QString &field)
{
    // The words of the console's forms, so a message reads right beside its field; the
    // InvalidParameter.<Field> code keeps the API's name.
    if (field == QLatin1String("OverwriteFormat")) {
        return TemplateRules::tr("The overwrite object key");
    }
    if (field == QLatin1String("SequenceFormat")) {
        return TemplateRules::tr("The real-time object key");
    }
    if (field == QLatin1String("TemplateName")) {
        return TemplateRules::tr("The template name");
    }
    if (field == QLatin1String("JobName")) {
        return TemplateRules::tr("The job name");
    }
    if (field == QLatin1String("CallbackUrl")) {
        return TemplateRules::tr("The callback URL");
    }
    if (field == QLatin1String("Width")) {
        return TemplateRules::tr("The snapshot width");
    }
    if (field == QLatin1String("Height")) {
        return TemplateRules::tr("The snapshot height");
    }
    if (field == QLatin1String("JpegQuality")) {
        return TemplateRules::tr("The JPEG quality");
    }
    if (field == QLatin1String("CaptureMode")) {
        return TemplateRules::tr("The capture mode");
    }
    return field;
}

bool isForbiddenInName(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == 0x2028 || u == 0x2029 ||
           (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
}

Status validateNameCharacters(const QString &text, const QString &field)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (isForbiddenInName(text.at(i))) {
            return invalidParameter(
                field, TemplateRules::tr(
                           "%1 contains the invisible character U+%2 at position %3; control "
                           "characters, line breaks and text-direction overrides are not "
                           "allowed. Retype it without them.")
                           .arg(fieldWords(field))
                           .arg(int(text.at(i).unicode()), 4, 16, QLatin1Char('0'))
                           .arg(i + 1));
        }
    }
    return success();
}

Status validateTemplateName(const QString &name)
{
    if (name.trimmed().isEmpty()) {
        return invalidParameter(
            QStringLiteral("TemplateName"),
            TemplateRules::tr("The template name is empty; give the template a name."));
    }
    if (name.size() > MaxTemplateNameLength) {
        return invalidParameter(
            QStringLiteral("TemplateName"),
            TemplateRules::tr("The template name is %1 characters long; use at most %2.")
                .arg(name.size())
                .arg(MaxTemplateNameLength));
    }
    return validateNameCharacters(name, QStringLiteral("TemplateName"));
}

Result<int> parseTimeInterval(const QString &text)
{
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]{1,9}$"));
    if (!integer.match(text.trimmed()).hasMatch()) {
        return invalidParameter(
            QStringLiteral("TimeInterval"),
            TemplateRules::tr("The snapshot interval must be a whole number of seconds "
                              "between %1 and %2, without a unit (got \"%3\").")
                .arg(MinTimeInterval)
                .arg(MaxTimeInterval)
                .arg(text));
    }
    const int seconds = text.trimmed().toInt();
    if (auto s = validateTimeInterval(seconds); !s) {
        return s.error();
    }
    return seconds;
}

Status validateTimeInterval(int seconds)
{
    if (seconds < MinTimeInterval || seconds > MaxTimeInterval) {
        return invalidParameter(
            QStringLiteral("TimeInterval"),
            TemplateRules::tr(
                "The snapshot interval is %1 s; it must be between %2 and %3 seconds.")
                .arg(seconds)
                .arg(MinTimeInterval)
                .arg(MaxTimeInterval));
    }
    return success();
}

Status validateOverwriteFormat(const QString &format)
{
    const QString field = QStringLiteral("OverwriteFormat");
    if (auto s = validateFormatShape(format, field); !s) {
        return s;
    }
    if (auto s = validateTokens(format, field, {QStringLiteral("{JobId}")}); !s) {
        return s;
    }
    return requireJobId(format, field, DefaultOverwriteFormat);
}

Status validateSequenceFormat(const QString &format)
{
    const QString field = QStringLiteral("SequenceFormat");
    if (auto s = validateFormatShape(format, field); !s) {
        return s;
    }
    if (auto s = validateTokens(format, field, allowedSequenceTokens()); !s) {
        return s;
    }
    if (auto s = requireJobId(format, field, DefaultSequenceFormat); !s) {
        return s;
    }
    if (!format.contains(QLatin1String("{Sequence}")) &&
        !format.contains(QLatin1String("{UnixTimestamp}"))) {
        return invalidParameter(
            field, TemplateRules::tr("The real-time object key must contain {Sequence} or "
                                     "{UnixTimestamp} so that every snapshot is kept "
                                     "under its own name."));
    }
    return success();
}

Status validateFormats(const QString &overwriteFormat, const QString &sequenceFormat)
{
    if (overwriteFormat.isEmpty() && sequenceFormat.isEmpty()) {
        return invalidParameter(
            QStringLiteral("Format"),
            TemplateRules::tr("Set an overwrite object key, a real-time object key or "
                              "both; for example %1 or %2.")
                .arg(DefaultOverwriteFormat, DefaultSequenceFormat));
    }
    if (!overwriteFormat.isEmpty()) {
        if (auto s = validateOverwriteFormat(overwriteFormat); !s) {
            return s;
        }
    }
    if (!sequenceFormat.isEmpty()) {
        if (auto s = validateSequenceFormat(sequenceFormat); !s) {
            return s;
        }
    }
    return success();
}

Status validateTemplateForJobs(const QString &templateId, const QString &templateName,
                               const QString &overwriteFormat, const QString &sequenceFormat)
{
    const Status formats = validateFormats(overwriteFormat, sequenceFormat);
    if (formats) {
        return success();
    }
    QString field = formats.error().code.section(QLatin1Char('.'), 1);
    if (field == QLatin1String("Format")) { // neither format set
        field = QStringLiteral("SequenceFormat");
    }
    return Error::user(
        errc::TemplateFormatUnsafe,
        TemplateRules::tr("Template \"%1\" was saved before the current naming rules and "
                          "cannot be used by a job until it is edited: %3 Edit it in the "
                          "Templates tab (or with UpdateLiveSnapshotTemplate --TemplateId %2 "
                          "--%4 <new format>), or use another template. Files already stored "
                          "keep their names.")
            .arg(templateName, templateId, formats.error().message, field));
}

Status validateOutputSide(int pixels, const QString &field)
{
    if (pixels == 0 || (pixels >= MinOutputSide && pixels <= MaxOutputSide)) {
        return success();
    }
    return invalidParameter(
        field, TemplateRules::tr("%1 is %2 pixels; use 0 to keep the stream's size, or %3 to %4 "
                                 "pixels (give one side and the other follows the picture's "
                                 "aspect ratio).")
                   .arg(fieldWords(field))
                   .arg(pixels)
                   .arg(MinOutputSide)
                   .arg(MaxOutputSide));
}

Status validateOutputSize(int width, int height)
{
    if (auto s = validateOutputSide(width, QStringLiteral("Width")); !s) {
        return s;
    }
    return validateOutputSide(height, QStringLiteral("Height"));
}

Status validateJpegQuality(int quality)
{
    if (quality >= 0 && quality <= MaxJpegQuality) {
        return success();
    }
    return invalidParameter(QStringLiteral("JpegQuality"),
                            TemplateRules::tr("The JPEG quality is %1; use 1 (smallest files) to "
                                              "%2 (best pictures), or 0 for the engine setting.")
                                .arg(quality)
                                .arg(MaxJpegQuality));
}

Status validateCaptureMode(const QString &mode)
{
    if (mode == CaptureModeKeyframe || mode == CaptureModeExact) {
        return success();
    }
    return invalidParameter(
        QStringLiteral("CaptureMode"),
        TemplateRules::tr("The capture mode \"%1\" is not known; use %2 (the first keyframe at "
                          "or after the due time) or %3 (the frame of the due time, at a higher "
                          "decoding cost).")
            .arg(mode, CaptureModeKeyframe, CaptureModeExact));
}

Result<QString> parseCaptureMode(const QString &text)
{
    const QString mode = text.trimmed().toLower();
    if (mode.isEmpty()) {
        return CaptureModeKeyframe;
    }
    if (mode == CaptureModeKeyframe || mode == CaptureModeExact) {
        return mode;
    }
    return validateCaptureMode(text).error(); // names the mode as given
}

Status validateJobName(const QString &name)
{
    if (name.trimmed().isEmpty()) {
        return invalidParameter(QStringLiteral("JobName"),
                                TemplateRules::tr("The job name is empty; give the job a name."));
    }
    if (name.size() > MaxJobNameLength) {
        return invalidParameter(
            QStringLiteral("JobName"),
            TemplateRules::tr("The job name is %1 characters long; use at most %2.")
                .arg(name.size())
                .arg(MaxJobNameLength));
    }
    return validateNameCharacters(name, QStringLiteral("JobName"));
}

Status validateCallbackUrl(const QString &url, const QString &field)
{
    if (url.isEmpty()) {
        return success();
    }
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!parsed.isValid() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        parsed.host().isEmpty() || url.size() > MaxUrlLength) {
        return invalidParameter(
            field, TemplateRules::tr("%1 must be an http:// or https:// URL with a host, "
                                     "e.g. https://example.com/livesnap/callback.")
                       .arg(fieldWords(field)));
    }
    return success();
}

} // namespace livesnap::rules
