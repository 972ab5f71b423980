#pragma once

// Why a TLS stream could not be opened. FFmpeg's TLS layer fails every handshake and every
// certificate check with the same EIO (its log says only "Peer certificate failed
// verification"), so after such a failure the reader asks the server once more, itself: a GnuTLS
// handshake with the trust FFmpeg used (the job's CA file, or the system store) and a check of
// the chain, the dates and the host name, which names the reason.

#include "domain/StreamInput.h"

#include <QCoreApplication>
#include <QString>

#include <chrono>
#include <functional>

namespace livesnap {

namespace errc {
// A TLS stream's handshake or certificate check failed (LastError "StreamTlsFailed: reason").
inline const QString StreamTlsFailed = QStringLiteral("StreamTlsFailed");
} // namespace errc

class TlsCertificateCheck {
    Q_DECLARE_TR_FUNCTIONS(livesnap::TlsCertificateCheck)

public:
    enum class Outcome {
        Verified,     // the server's certificate checks out (the failure was elsewhere)
        NoAnswer,     // no TCP connection (refused, unreachable, timed out, stopped)
        CaFileFailed, // the CA file cannot be loaded
        Handshake,    // the TLS handshake itself failed (not a TLS server, no common cipher)
        UnknownCa,    // not signed by a trusted CA (or a self-signed certificate)
        Expired,
        NotYetValid,
        WrongHost, // valid, but not for the URL's host
        Rejected,  // any other certificate problem (revoked, insecure algorithm...)
    };
    struct Result {
        Outcome outcome = Outcome::NoAnswer;
        QString detail; // GnuTLS's words
    };

    // Blocking, on the calling thread, for at most `timeout`; `interrupted` is polled every
    // 100 ms (a stop request). host and port: the TLS server's; with verify false only the
    // handshake is checked.
    static Result run(const QString &host, int port, const QString &caFile, bool verify,
                      std::chrono::milliseconds timeout, const std::function<bool()> &interrupted);

    // For a stream input whose open failed with FFmpeg error `ffmpegError`: "StreamTlsFailed:
    // <reason and what to do>" when the TLS layer is the cause, else an empty string (not a TLS
    // input, a connection that failed before TLS, a certificate that checks out).
    static QString explainOpenFailure(const StreamInput &input, int ffmpegError,
                                      std::chrono::milliseconds timeout,
                                      const std::function<bool()> &interrupted);
    // The LastError text of a result (empty for Verified and NoAnswer).
    static QString describe(const Result &result, const QString &host, const QString &caFile);
};

} // namespace livesnap
