#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QUrl>

namespace livesnap {

// Signs and checks the links of the engine's link server, the local-folder counterpart of a
// cloud store's presigned URL:
//
//   http://127.0.0.1:PORT/o/<locationId>/<key>?Expires=<unix seconds>&Signature=<hex>
//
// The signature is the lowercase hex HMAC-SHA256, under a secret key, of
// "GET\n<canonical path>\n<expires>". The canonical path is pathFor(locationId, key): the
// location id and each segment of the key percent-encoded (everything but A-Z a-z 0-9 - . _ ~
// is encoded; the key's '/' separators are kept). The server decodes the request path and
// re-encodes it canonically before verifying, so any equivalent spelling of a URL verifies and
// any other location or key does not. A link is valid while now < Expires: a link made at t
// with Expires = t + 1800 lives exactly 30 minutes.
//
// Pure: no I/O except loadOrCreateKey().
class LinkSigner {
    Q_DECLARE_TR_FUNCTIONS(livesnap::LinkSigner)

public:
    enum class Verdict { Valid, BadSignature, Expired };

    static constexpr qsizetype KeySize = 32;

    // key: the HMAC key (loadOrCreateKey()); port: the link server's port, used in sign()'s URLs.
    explicit LinkSigner(QByteArray key, quint16 port = 0);

    void setPort(quint16 port) { m_port = port; }
    quint16 port() const { return m_port; }

    // The link for an object of a location. Does not check the key: callers check it with
    // isSafeKey() (LinkServer::link() does).
    QUrl sign(const QString &locationId, const QString &key, qint64 expiresUnix) const;

    // path: the canonical path (pathFor()); signatureHex: the Signature parameter as sent.
    // A bad signature is reported before expiry, so an unsigned caller learns nothing.
    Verdict verify(const QString &path, qint64 expiresUnix, const QByteArray &signatureHex,
                   const QDateTime &now) const;

    // The lowercase hex HMAC-SHA256 of "GET\n<path>\n<expires>".
    QByteArray signature(const QString &path, qint64 expiresUnix) const;

    // "/o/<encoded locationId>/<encoded key>".
    static QString pathFor(const QString &locationId, const QString &key);

    // Whether a key names a file under a root: not empty, relative, no backslash, no control
    // characters, no empty, "." or ".." segments.
    static bool isSafeKey(const QString &key);

    // Whether a location id can be one path segment: not empty, no '/', '\', control
    // characters, and not "." or "..".
    static bool isSafeLocationId(const QString &locationId);

    // Compares two byte strings in time that depends only on their lengths, never on where
    // they first differ.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

    // The HMAC key kept in <dataDir>/link-key: KeySize random bytes from the system's CSPRNG.
    // A missing file is created (mode 0600, created exclusively so that two engines starting
    // together agree on one key). An existing file must be a regular file (not a symlink) of
    // exactly KeySize bytes, or this fails and names the file to delete; if its mode lets
    // anyone but the owner read it, it is set back to 0600 and a warning is logged (the key
    // may have leaked: delete the file to make a new one, which invalidates existing links).
    static Result<QByteArray> loadOrCreateKey(const QString &dataDir);
    static QString keyFilePath(const QString &dataDir);

    // The Expires of a link made by sign(), or an invalid QDateTime.
    static QDateTime expiryOf(const QUrl &link);

private:
    QByteArray m_key;
    quint16 m_port = 0;
};

} // namespace livesnap
