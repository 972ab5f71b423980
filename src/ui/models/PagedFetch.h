#pragma once

#include "common/Result.h"
#include "service/Requests.h"

#include <QList>

namespace livesnap::ui {

// Runs a paged list operation page by page (PageSize 100) and returns every item. Call it on
// the engine thread only, i.e. inside an EngineHost::call.
template <typename T, typename Query, typename ListFn>
Result<QList<T>> fetchAllPages(Query query, ListFn listPage)
{
    query.pageSize = MaxPageSize;
    query.pageNo = 1;
    QList<T> all;
    for (;;) {
        Result<Page<T>> page = listPage(query);
        if (!page) {
            return page.error();
        }
        all.append(page->items);
        // Stop on a short page too, so rows deleted meanwhile cannot make this loop forever.
        if (page->items.size() < query.pageSize || all.size() >= page->totalCount) {
            return all;
        }
        ++query.pageNo;
    }
}

} // namespace livesnap::ui
