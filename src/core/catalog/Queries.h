#pragma once

#include "common/Result.h"
#include "domain/SnapshotFile.h"
#include "domain/SnapshotJob.h"
#include "domain/SnapshotTemplate.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

// Paging and filters of the catalog's lists, named after the reference API's fields.
namespace livesnap {

inline constexpr int DefaultPageSize = 10;
inline constexpr int MaxPageSize = 100;

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

struct FileQuery {
    QString jobId;
    QDateTime startTime; // inclusive; invalid = from the beginning
    QDateTime endTime;   // inclusive; invalid = no end
    int limit = DefaultPageSize;
    QString sortBy = QStringLiteral("asc");
};

// What recording one store's copy of a snapshot did.
struct FileRecord {
    bool newSnapshot = false; // its first copy: the job counted it (callbacks go out once)
    bool whole = false;       // every store of the job holds it now: its claim is settled
};

struct FilePage {
    QList<SnapshotFile> files;
    QDateTime nextStartTime; // asc: pass as StartTime for the next page; invalid = no more
    QDateTime nextEndTime;   // desc: pass as EndTime for the next page; invalid = no more
};

struct JobEvent {
    QString jobId;
    QDateTime time;
    QString kind;
    QString message;
};

// Shared checks of list requests.
Status validatePage(const PageRequest &page);
Status validateSortBy(const QString &sortBy);

} // namespace livesnap
