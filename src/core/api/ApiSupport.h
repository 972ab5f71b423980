#pragma once

// Internal to the ApiDispatcher's translation units: the helpers its action handlers share.
#include "api/ApiArguments.h"
#include "api/ApiDispatcher.h"
#include "common/TimeFormat.h"
#include "service/SnapshotService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

// Unwraps a Result into `var`, or returns its error from the enclosing function.
#define LS_TRY(var, expr)                                                                          \
    auto var##Result = (expr);                                                                     \
    if (!var##Result) {                                                                            \
        return var##Result.error();                                                                \
    }                                                                                              \
    auto var = std::move(*var##Result)

#define LS_CHECK(expr)                                                                             \
    if (auto status_ = (expr); !status_) {                                                         \
        return status_.error();                                                                    \
    }

// The same for an asynchronous action: answers the error through `respond` and returns.
#define LS_ATRY(var, expr)                                                                         \
    auto var##Result = (expr);                                                                     \
    if (!var##Result) {                                                                            \
        respond(var##Result.error());                                                              \
        return;                                                                                    \
    }                                                                                              \
    auto var = std::move(*var##Result)

namespace livesnap::api {

using Respond = ApiDispatcher::Respond;

using Args = ApiArguments;
using Params = QList<ApiDispatcher::Parameter>;

inline QString apiTimeMs(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz'Z'"))
                          : QString();
}

// {"Url", "ExpireTime"} of a signed link (a file's, a usage export's).
inline Result<QJsonObject> linkJson(const Result<SignedLink> &link)
{
    if (!link) {
        return link.error();
    }
    return QJsonObject{{QStringLiteral("Url"), link->url.toString(QUrl::FullyEncoded)},
                       {QStringLiteral("ExpireTime"), formatApiTime(link->expireTime)}};
}

inline ApiDispatcher::Parameter param(const char *name, const char *help, bool required = false)
{
    return {QString::fromLatin1(name), ApiDispatcher::tr(help), required};
}

inline Params pagingParams()
{
    return {
        param("PageNo", "Page number, from 1 (default 1)."),
        param("PageSize", "Items per page, 1-100 (default 10)."),
        param("SortBy", "asc or desc by CreateTime (default desc)."),
        param("SearchKeyWord", "Matches names and ids."),
    };
}

inline Result<PageRequest> paging(const Args &a)
{
    PageRequest page;
    LS_TRY(pageNo, a.integer(QStringLiteral("PageNo"), 1));
    LS_TRY(pageSize, a.integer(QStringLiteral("PageSize"), DefaultPageSize));
    page.pageNo = pageNo;
    page.pageSize = pageSize;
    page.sortBy = a.string(QStringLiteral("SortBy"), QStringLiteral("desc"));
    page.searchKeyWord = a.string(QStringLiteral("SearchKeyWord"));
    return page;
}

template <typename T> QJsonObject pageJson(const Page<T> &page, const QString &listName)
{
    QJsonArray items;
    for (const T &item : page.items) {
        items.append(item.toJson());
    }
    return QJsonObject{{listName, items},
                       {QStringLiteral("PageNo"), page.pageNo},
                       {QStringLiteral("PageSize"), page.pageSize},
                       {QStringLiteral("TotalCount"), page.totalCount}};
}

inline QJsonObject empty()
{
    return QJsonObject();
}

// SendLiveSnapshotJobCommand and DeleteLiveSnapshotJob, with --JobId or --JobIds, and the help
// of --JobIds (ApiJobCommands.cpp).
Result<QJsonObject> commandJob(SnapshotService &s, const Args &a);
Result<QJsonObject> deleteJob(SnapshotService &s, const Args &a);
ApiDispatcher::Parameter bulkJobIdsParam();

// The template actions (ApiTemplateActions.cpp), first in the help's list.
QList<ApiDispatcher::Action> templateActions();

// Storage locations and engine settings (ApiStorageActions.cpp).
QList<ApiDispatcher::Action> storageActions();
// ListEngines (ApiEngineActions.cpp).
QList<ApiDispatcher::Action> engineActions();
// ListLiveSnapshotFiles, GetLiveSnapshotFileUrl, DeleteLiveSnapshotFiles.
QList<ApiDispatcher::Action> fileActions();

} // namespace livesnap::api
