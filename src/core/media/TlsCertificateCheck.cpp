#include "media/TlsCertificateCheck.h"

#include <QScopeGuard>
#include <QUrl>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

extern "C" {
#include <libavutil/error.h>
}

#include <cerrno>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace livesnap {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kPollSliceMs = 100;

// Waits until fd is ready for `events`, the deadline passes or `interrupted` says stop.
bool waitReady(int fd, short events, Clock::time_point deadline,
               const std::function<bool()> &interrupted)
{
    for (;;) {
        if (interrupted && interrupted()) {
            return false;
        }
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            return false;
        }
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, int(std::min<qint64>(left, kPollSliceMs)));
        if (n > 0) {
            return true;
        }
        if (n < 0 && errno != EINTR) {
            return false;
        }
    }
}

// A non-blocking TCP connection to host:port, or -1.
int connectTo(const QString &host, int port, Clock::time_point deadline,
              const std::function<bool()> &interrupted)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *addresses = nullptr;
    if (::getaddrinfo(host.toUtf8().constData(), QByteArray::number(port).constData(), &hints,
                      &addresses) != 0) {
        return -1;
    }
    const auto freeAddresses = qScopeGuard([addresses] { ::freeaddrinfo(addresses); });
    for (const addrinfo *a = addresses; a; a = a->ai_next) {
        const int fd =
            ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            continue;
        }
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            return fd;
        }
        if (errno == EINPROGRESS && waitReady(fd, POLLOUT, deadline, interrupted)) {
            int error = 0;
            socklen_t size = sizeof error;
            if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0) {
                return fd;
            }
        }
        ::close(fd);
    }
    return -1;
}

bool isNumericHost(const QString &host)
{
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST;
    addrinfo *address = nullptr;
    if (::getaddrinfo(host.toUtf8().constData(), nullptr, &hints, &address) != 0) {
        return false;
    }
    ::freeaddrinfo(address);
    return true;
}

QString gnutlsText(int code)
{
    return QString::fromUtf8(gnutls_strerror(code));
}

TlsCertificateCheck::Outcome outcomeOf(unsigned int status)
{
    using Outcome = TlsCertificateCheck::Outcome;
    if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA)) {
        return Outcome::UnknownCa;
    }
    if (status & GNUTLS_CERT_EXPIRED) {
        return Outcome::Expired;
    }
    if (status & GNUTLS_CERT_NOT_ACTIVATED) {
        return Outcome::NotYetValid;
    }
    if (status & GNUTLS_CERT_UNEXPECTED_OWNER) {
        return Outcome::WrongHost;
    }
    return Outcome::Rejected;
}

int defaultPort(const QString &scheme)
{
    return scheme == QLatin1String("rtsps") ? 322 : 443; // FFmpeg's for rtmps, rtsps, https
}

} // namespace

TlsCertificateCheck::Result TlsCertificateCheck::run(const QString &host, int port,
                                                     const QString &caFile, bool verify,
                                                     milliseconds timeout,
                                                     const std::function<bool()> &interrupted)
{
    const auto deadline = Clock::now() + timeout;
    gnutls_certificate_credentials_t credentials = nullptr;
    if (const int rc = gnutls_certificate_allocate_credentials(&credentials); rc < 0) {
        return {Outcome::Handshake, gnutlsText(rc)};
    }
    const auto freeCredentials =
        qScopeGuard([credentials] { gnutls_certificate_free_credentials(credentials); });
    if (!caFile.isEmpty()) {
        const int loaded = gnutls_certificate_set_x509_trust_file(
            credentials, caFile.toUtf8().constData(), GNUTLS_X509_FMT_PEM);
        if (loaded <= 0) {
            return {Outcome::CaFileFailed,
                    loaded < 0 ? gnutlsText(loaded) : tr("it holds no PEM certificate")};
        }
    } else {
        gnutls_certificate_set_x509_system_trust(credentials);
    }
    // As FFmpeg does.
    gnutls_certificate_set_verify_flags(credentials, GNUTLS_VERIFY_ALLOW_X509_V1_CA_CRT);

    const int fd = connectTo(host, port, deadline, interrupted);
    if (fd < 0) {
        return {Outcome::NoAnswer, QString()};
    }
    const auto closeSocket = qScopeGuard([fd] { ::close(fd); });

    gnutls_session_t session = nullptr;
    if (const int rc = gnutls_init(&session, GNUTLS_CLIENT | GNUTLS_NONBLOCK); rc < 0) {
        return {Outcome::Handshake, gnutlsText(rc)};
    }
    const auto freeSession = qScopeGuard([session] { gnutls_deinit(session); });
    const QByteArray hostUtf8 = host.toUtf8();
    if (!isNumericHost(host)) {
        gnutls_server_name_set(session, GNUTLS_NAME_DNS, hostUtf8.constData(),
                               size_t(hostUtf8.size()));
    }
    gnutls_set_default_priority(session);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, credentials);
    gnutls_transport_set_int(session, fd);
    for (;;) {
        const int rc = gnutls_handshake(session);
        if (rc == GNUTLS_E_SUCCESS) {
            break;
        }
        if (gnutls_error_is_fatal(rc)) {
            return {Outcome::Handshake, gnutlsText(rc)};
        }
        const short events = gnutls_record_get_direction(session) ? POLLOUT : POLLIN;
        if (!waitReady(fd, events, deadline, interrupted)) {
            return {Outcome::NoAnswer, QString()};
        }
    }
    if (!verify) {
        return {Outcome::Verified, QString()};
    }
    unsigned int status = 0;
    if (const int rc = gnutls_certificate_verify_peers3(session, hostUtf8.constData(), &status);
        rc < 0) {
        return {Outcome::Rejected, gnutlsText(rc)};
    }
    if (status == 0) {
        return {Outcome::Verified, QString()};
    }
    gnutls_datum_t text{};
    QString detail;
    if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &text, 0) == 0) {
        detail = QString::fromUtf8(reinterpret_cast<const char *>(text.data), int(text.size));
        gnutls_free(text.data);
    }
    return {outcomeOf(status), detail.trimmed()};
}

QString TlsCertificateCheck::describe(const Result &result, const QString &host,
                                      const QString &caFile)
{
    QString reason;
    switch (result.outcome) {
    case Outcome::Verified:
    case Outcome::NoAnswer:
        return QString();
    case Outcome::CaFileFailed:
        reason = tr("cannot load the CA file %1 (%2); give a readable PEM file as "
                    "StreamInput.CaFile")
                     .arg(caFile, result.detail);
        break;
    case Outcome::Handshake:
        reason = tr("the TLS handshake failed (%1); is this a TLS server?").arg(result.detail);
        break;
    case Outcome::UnknownCa:
        reason = caFile.isEmpty()
                     ? tr("unknown CA: the server's certificate is not signed by a CA this "
                          "system trusts; give the CA's certificate as StreamInput.CaFile")
                     : tr("unknown CA: the server's certificate is not signed by the CA in %1")
                           .arg(caFile);
        break;
    case Outcome::Expired:
        reason = tr("expired: the server's certificate has expired; the server must renew it");
        break;
    case Outcome::NotYetValid:
        reason = tr("not yet valid: the server's certificate is not valid yet; check the "
                    "clocks of both machines");
        break;
    case Outcome::WrongHost:
        reason = tr("wrong host: the server's certificate is not for %1; connect by a name "
                    "the certificate lists")
                     .arg(host);
        break;
    case Outcome::Rejected:
        reason = tr("the server's certificate is rejected (%1)").arg(result.detail);
        break;
    }
    return errc::StreamTlsFailed + QStringLiteral(": ") + reason;
}

QString TlsCertificateCheck::explainOpenFailure(const StreamInput &input, int ffmpegError,
                                                milliseconds timeout,
                                                const std::function<bool()> &interrupted)
{
    // FFmpeg's TLS layer returns EIO for a failed handshake or check, the TCP error otherwise.
    if (!input.usesTls() || ffmpegError != AVERROR(EIO)) {
        return QString();
    }
    const QUrl url(input.url);
    const QString host = url.host();
    const QString caFile = input.tlsVerify ? input.caFile : QString();
    const Result result = run(host, url.port(defaultPort(url.scheme().toLower())), caFile,
                              input.tlsVerify, timeout, interrupted);
    return describe(result, host, caFile);
}

} // namespace livesnap
