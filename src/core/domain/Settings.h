#pragma once

#include <QString>

namespace livesnap {

struct CallbackSettings {
    QString callbackUrl;
    // The HMAC-SHA256 key callbacks are signed with. Write-only: it lives in the secret store;
    // on set, an empty authKey keeps the stored one unless clearAuthKey; on get it is empty and
    // hasAuthKey tells whether one is stored.
    QString authKey;
    bool clearAuthKey = false;
    bool hasAuthKey = false;
    // On get: set when callbacks are held (not sent unsigned) because the AuthKey is set but
    // cannot be read, saying why and what to do.
    QString authKeyProblem;

    static CallbackSettings withUrl(const QString &url)
    {
        CallbackSettings settings;
        settings.callbackUrl = url;
        return settings;
    }
};

// When a running job's stream health (StreamHealthJudge) turns black, frozen or down.
struct StreamHealthSettings {
    int blackLumaMax = 24;     // BlackLumaMax: mean brightness at most this (0-255) ...
    int blackSpreadMax = 10;   // BlackSpreadMax: ... and its spread (std. deviation) at most this
    int frozenSnapshots = 3;   // FrozenSnapshots: this many snapshots in a row the same picture
    int frozenTolerance = 1;   // FrozenTolerance: the most a 16x9 grid cell may differ (0-255)
    int downGraceSeconds = 30; // DownGraceSeconds: not live for longer than this is down
};

struct EngineSettings {
    int maxStartedJobs = 100;
    int jpegQuality = 85;    // 1-100
    int spoolLimitMb = 2048; // snapshots waiting for their store, at most
    int linkServerPort = 0;  // the engine's link server on 127.0.0.1; 0 = any free port
    StreamHealthSettings health{};
};

} // namespace livesnap
