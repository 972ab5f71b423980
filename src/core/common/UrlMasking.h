#pragma once

#include <QString>

namespace livesnap {

// Masks the secrets of a URL for every output of the service (CLI, GUI, events, logs,
// callbacks) while keeping its shape readable:
//   rtmp://user:pw@cdn.example.com:1935/live/9f86d081884c7d659a2feaa0c55ad015?auth_key=1-0-0-abc
//   → rtmp://***:***@cdn.example.com:1935/live/***?auth_key=***
// The same for every stream type: rtsp://admin:pw@cam/stream1 → rtsp://***:***@cam/stream1,
// srt://h:9000?passphrase=x&streamid=y → srt://h:9000?passphrase=***&streamid=***, and an HLS
// playlist's https://cdn/live/index.m3u8?token=x → https://cdn/live/index.m3u8?token=***.
// The scheme, host, port and ordinary path segments stay; the userinfo (user and password),
// EVERY query value (the names stay), a fragment, and path segments that look like tokens
// (see looksLikeToken) become "***". Something that is no URL at all is returned unchanged,
// except a query string ("?a=b"), whose values are masked.
QString maskUrl(const QString &url);

// The same for free text (error messages, FFmpeg log lines, events): every URL in it is masked
// as by maskUrl, and so are query-string values outside URLs ("app 'live?token=x'") and the
// values of secret-looking "name=value" pairs ("password=x", "auth_key=x", "passphrase=x") and
// of Basic/Bearer credentials in an "Authorization:" header line.
QString maskSecretsInText(const QString &text);

// A path segment that looks like a token or stream key rather than a name: at least 16
// characters and a hex string with digits, a long number, a JWT, or letters and digits (or
// both cases) mixed as randomly as in generated keys ("live", "cam1", "stream_720p",
// "camera01_backup_stream2" are names; "550e8400-e29b-41d4-a716-446655440000",
// "live_123456789_AbCdEfGhIjKlMnOpQr" are tokens).
bool looksLikeToken(const QString &segment);

// The placeholder every masked part is replaced with.
inline const QString MaskedSecret = QStringLiteral("***");

} // namespace livesnap
