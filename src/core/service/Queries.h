#pragma once

#include "common/Result.h"
#include "domain/SnapshotFile.h"
#include "domain/SnapshotJob.h"
#include "domain/SnapshotTemplate.h"
#include "domain/StorageLocation.h"
#include "usage/UsageReport.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

// Request and response shapes of SnapshotService, named after the reference API's fields.
namespace livesnap {

inline constexpr int DefaultPageSize = 10;
inline constexpr int MaxPageSize = 100;
inline constexpr int MaxDeleteFiles = 200;

struct PageRequest {
    int pageNo = 1;
    int pageSize = DefaultPageSize;
    QString sortBy = QStringLiteral("desc"); // by CreateTime: asc | desc
    QString searchKeyWord;                   // matches name or id
};

template <typename T> struct Page {
    QList<T> items;
    int pageNo = 1;
    int pageSize = DefaultPageSize;
    qint64 totalCount = 0;
};

struct TemplateQuery : PageRequest {
    QString type; // "", system, custom
    QStringList templateIds;
};

struct JobQuery : PageRequest {
    QString status;      // "", init, started, paused
    QDateTime startTime; // CreateTime range, optional
    QDateTime endTime;
};

struct TemplateSpec {
    QString templateName;
    int timeInterval = 0;
    QString overwriteFormat;
    QString sequenceFormat;
};

// UpdateLiveSnapshotTemplate: only the fields given are changed.
struct TemplateUpdate {
    QString templateId;
    std::optional<QString> templateName;
    std::optional<int> timeInterval;
    std::optional<QString> overwriteFormat;
    std::optional<QString> sequenceFormat;
};

struct JobSpec {
    QString jobName;
    QString templateId;
    StreamInput streamInput;
    SnapshotOutput snapshotOutput;
    QString callbackUrl;
};

struct FileQuery {
    QString jobId;
    QDateTime startTime; // inclusive; invalid = from the beginning
    QDateTime endTime;   // inclusive; invalid = no end
    int limit = DefaultPageSize;
    QString sortBy = QStringLiteral("asc");
};

struct FilePage {
    QList<SnapshotFile> files;
    QDateTime nextStartTime; // asc: pass as StartTime for the next page; invalid = no more
    QDateTime nextEndTime;   // desc: pass as EndTime for the next page; invalid = no more
};

struct FileDeleteResult {
    qint64 createTimestamp = 0;
    bool deleted = false;
    QString message;
};

struct JobEvent {
    QString jobId;
    QDateTime time;
    QString kind;
    QString message;
};

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

struct EngineSettings {
    int maxStartedJobs = 100;
    int jpegQuality = 85;    // 1-100
    int spoolLimitMb = 2048; // snapshots waiting for their store, at most
    int linkServerPort = 0;  // the engine's link server on 127.0.0.1; 0 = any free port
};

struct UsageSummary {
    QList<UsageDay> days; // per job and UTC day
    qint64 totalSeconds = 0;
};

// A link that lets anyone GET one stored object until it expires.
struct SignedLink {
    QUrl url;
    QDateTime expireTime;
};

namespace jobcommand {
inline const QString Start = QStringLiteral("start");
inline const QString Stop = QStringLiteral("stop");
inline const QString Restart = QStringLiteral("restart");
} // namespace jobcommand

// Shared checks of list requests.
Status validatePage(const PageRequest &page);
Status validateSortBy(const QString &sortBy);

} // namespace livesnap
