#include "common/UrlMasking.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

namespace livesnap {

namespace {

// Characters a generated token is made of besides letters and digits (base64, base64url, JWT,
// UUID and similar separators).
bool isTokenPunctuation(QChar c)
{
    return c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.') ||
           c == QLatin1Char('~') || c == QLatin1Char('+') || c == QLatin1Char('/') ||
           c == QLatin1Char('=');
}

bool isHexLetter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

// "a=1&b&c=" → "a=***&***&c=": every value goes, the names stay.
QString maskQuery(const QString &query)
{
    QStringList items = query.split(QLatin1Char('&'));
    for (QString &item : items) {
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        if (eq < 0) {
            if (!item.isEmpty()) {
                item = MaskedSecret; // a bare value, e.g. "?SECRETKEY"
            }
        } else if (eq + 1 < item.size()) {
            item = item.left(eq + 1) + MaskedSecret;
        }
    }
    return items.join(QLatin1Char('&'));
}

QString maskPath(const QString &path)
{
    QStringList segments = path.split(QLatin1Char('/'));
    for (QString &segment : segments) {
        if (looksLikeToken(segment)) {
            segment = MaskedSecret;
        }
    }
    return segments.join(QLatin1Char('/'));
}

// Everything after the authority: path, query, fragment.
QString maskPathQueryFragment(const QString &rest)
{
    qsizetype end = rest.size();
    QString fragment;
    if (const qsizetype hash = rest.indexOf(QLatin1Char('#')); hash >= 0) {
        fragment = QLatin1Char('#') + (hash + 1 < rest.size() ? MaskedSecret : QString());
        end = hash;
    }
    QString query;
    qsizetype pathEnd = end;
    if (const qsizetype q = rest.left(end).indexOf(QLatin1Char('?')); q >= 0) {
        query = QLatin1Char('?') + maskQuery(rest.mid(q + 1, end - q - 1));
        pathEnd = q;
    }
    return maskPath(rest.left(pathEnd)) + query + fragment;
}

bool isScheme(QStringView scheme)
{
    if (scheme.isEmpty() || !scheme.front().isLetter()) {
        return false;
    }
    for (QChar c : scheme) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('+') || c == QLatin1Char('-') ||
              c == QLatin1Char('.')) ||
            c.unicode() > 127) {
            return false;
        }
    }
    return true;
}

// Masks the parts of free text that are not URLs: query strings and secret-looking pairs.
QString maskPlainText(const QString &text)
{
    // HTTP/RTSP credentials in a request header: "Authorization: Basic dXNlcjpwYXNz".
    static const QRegularExpression authorization(
        QStringLiteral("((?:Proxy-)?Authorization:\\s*(?:Basic|Bearer)\\s+)[^\\s\"',;]+"),
        QRegularExpression::CaseInsensitiveOption);
    QString masked = text;
    if (masked.contains(QLatin1String("authorization:"), Qt::CaseInsensitive)) {
        masked.replace(authorization, QStringLiteral("\\1") + MaskedSecret);
    }
    if (!masked.contains(QLatin1Char('='))) {
        return masked;
    }
    // "?token=x&a=b" anywhere, e.g. FFmpeg's "playpath 'cam1?token=x'".
    static const QRegularExpression queryValue(
        QStringLiteral("([?&][^\\s=&?#\"'<>]+=)[^\\s&#\"'<>]+"));
    // "auth_key=x", "password=x", "X-Token=x" after a word boundary.
    static const QRegularExpression secretPair(
        QStringLiteral("((?:^|[\\s,;:(\\[{])[\\w.-]*(?:key|token|secret|sign|pass|pwd|auth|"
                       "cred|session|ticket)[\\w.-]*=)[^\\s&\"',;)\\]}]+"),
        QRegularExpression::CaseInsensitiveOption);
    masked.replace(queryValue, QStringLiteral("\\1") + MaskedSecret);
    masked.replace(secretPair, QStringLiteral("\\1") + MaskedSecret);
    return masked;
}

} // namespace

bool looksLikeToken(const QString &rawSegment)
{
    if (rawSegment.size() < 16) {
        return false;
    }
    const QString segment = rawSegment.contains(QLatin1Char('%'))
                                ? QUrl::fromPercentEncoding(rawSegment.toUtf8())
                                : rawSegment;
    // A JWT: header.payload.signature, the header base64url of '{"'.
    if (segment.startsWith(QLatin1String("eyJ")) && segment.count(QLatin1Char('.')) == 2) {
        return true;
    }
    int digits = 0;
    int lower = 0;
    int upper = 0;
    int transitions = 0; // changes between digit, lower case and upper case
    bool hexOnly = true;
    int previous = -1;
    for (QChar c : segment) {
        int kind = 0;
        const char16_t u = c.unicode();
        if (u >= u'0' && u <= u'9') {
            kind = 0;
            ++digits;
        } else if (u >= u'a' && u <= u'z') {
            kind = 1;
            ++lower;
        } else if (u >= u'A' && u <= u'Z') {
            kind = 2;
            ++upper;
        } else if (isTokenPunctuation(c)) {
            continue;
        } else {
            return false; // spaces, '@', non-ASCII letters...: a name, not a generated key
        }
        if (kind != 0 && !isHexLetter(c)) {
            hexOnly = false;
        }
        if (previous >= 0 && kind != previous) {
            ++transitions;
        }
        previous = kind;
    }
    const int letters = lower + upper;
    const int alnum = digits + letters;
    if (alnum < 16) {
        return false;
    }
    if (digits == alnum) {
        return true; // a long number
    }
    if (hexOnly && digits >= 2) {
        return true; // hex: a digest, a UUID, an Aliyun auth_key
    }
    // Generated keys mix their classes every few characters; names change class only at word
    // and number boundaries ("camera01_backup_stream2": 3 changes in 21).
    if (digits >= 2 && letters >= 2 && transitions * 4 >= alnum) {
        return true;
    }
    // Random mixed case without digits changes about every other character; CamelCase names
    // once or twice per word.
    return lower >= 2 && upper >= 2 && transitions * 5 >= alnum * 2;
}

QString maskUrl(const QString &url)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0 || !isScheme(QStringView(url).left(schemeEnd))) {
        // No URL; still never show what looks like a query string.
        const qsizetype q = url.indexOf(QLatin1Char('?'));
        return q < 0 ? url : url.left(q) + maskPathQueryFragment(url.mid(q));
    }
    const qsizetype authorityStart = schemeEnd + 3;
    qsizetype authorityEnd = authorityStart;
    while (authorityEnd < url.size() && url.at(authorityEnd) != QLatin1Char('/') &&
           url.at(authorityEnd) != QLatin1Char('?') && url.at(authorityEnd) != QLatin1Char('#')) {
        ++authorityEnd;
    }
    QString authority = url.mid(authorityStart, authorityEnd - authorityStart);
    if (const qsizetype at = authority.lastIndexOf(QLatin1Char('@')); at >= 0) {
        const bool withPassword = authority.left(at).contains(QLatin1Char(':'));
        authority = (withPassword ? MaskedSecret + QLatin1Char(':') + MaskedSecret : MaskedSecret) +
                    authority.mid(at);
    }
    return url.left(authorityStart) + authority + maskPathQueryFragment(url.mid(authorityEnd));
}

QString maskSecretsInText(const QString &text)
{
    if (!text.contains(QLatin1String("://"))) {
        return maskPlainText(text);
    }
    static const QRegularExpression urlPattern(
        QStringLiteral("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>`]+"));
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    auto it = urlPattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString url = match.captured();
        // Sentence punctuation after a URL is not part of it ("... rtmp://h/a/b: refused").
        qsizetype keep = url.size();
        while (keep > 0 && QStringLiteral(".,;:!?)]}").contains(url.at(keep - 1))) {
            --keep;
        }
        out += maskPlainText(text.mid(last, match.capturedStart() - last));
        out += maskUrl(url.left(keep));
        out += url.mid(keep);
        last = match.capturedEnd();
    }
    out += maskPlainText(text.mid(last));
    return out;
}

} // namespace livesnap
