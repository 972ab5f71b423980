#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace livesnap {

// POSTs callbacks to their receivers. Lives on the engine's network thread; every send answers
// with exactly one finished() or held() signal. The AuthKey is read through `readAuthKey` (the
// keychain blocks, so that happens here, off the catalog thread) and kept for a short while.
// Signing fails closed: a callback that must be signed while the key cannot be read is not
// sent at all (held()).
class CallbackSender : public QObject {
    Q_OBJECT

public:
    // Returns the AuthKey, or why it cannot be read.
    using AuthKeyReader = std::function<Result<QString>()>;

    explicit CallbackSender(AuthKeyReader readAuthKey, QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

public slots:
    // sign: an AuthKey is set (the catalog says so); only then is the keychain asked.
    // claim: until when this engine's claim of the callback holds (a monotonic deadline, so it
    // runs on while the process is stopped); past it, another engine may be sending it, so it is
    // not sent (expired()).
    void send(const QString &eventId, const QString &eventType, const QString &url,
              const QByteArray &body, bool sign,
              QDeadlineTimer claim = QDeadlineTimer(QDeadlineTimer::Forever));
    // The AuthKey changed: read it again before the next send.
    void forgetAuthKey();
    // Reads the AuthKey afresh and answers with authKeyChecked().
    void checkAuthKey();

signals:
    // delivered: the receiver answered 2xx. Otherwise error says why (HTTP status or network).
    void finished(const QString &eventId, bool delivered, const QString &error);
    // The callback must be signed but the AuthKey cannot be read: it was not sent (no try).
    void held(const QString &eventId, const QString &reason);
    // The claim ran out before the callback was sent (the engine was paused): not sent, no try.
    void expired(const QString &eventId);
    // Answer of checkAuthKey(): readable, or the reason it is not.
    void authKeyChecked(bool readable, const QString &reason);

private:
    // The key (cached for a while once read), or the error reading it.
    Result<QString> authKey();

    AuthKeyReader m_readAuthKey;
    QNetworkAccessManager *m_network = nullptr; // created on first send, on this thread
    std::optional<QString> m_authKey;
    QDateTime m_authKeyReadAt;
    int m_timeoutMs = 10000;
};

} // namespace livesnap
