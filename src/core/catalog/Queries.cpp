#include "catalog/Queries.h"

#include <QCoreApplication>

namespace livesnap {

namespace {
// The translation context of this file's messages.
class Queries {
    Q_DECLARE_TR_FUNCTIONS(livesnap::Queries)
};
} // namespace

Status validatePage(const PageRequest &page)
{
    if (page.pageNo < 1) {
        return invalidParameter(
            QStringLiteral("PageNo"),
            Queries::tr("PageNo is %1; pages are numbered from 1.").arg(page.pageNo));
    }
    if (page.pageSize < 1 || page.pageSize > MaxPageSize) {
        return invalidParameter(
            QStringLiteral("PageSize"),
            Queries::tr("PageSize is %1; use 1 to %2.").arg(page.pageSize).arg(MaxPageSize));
    }
    return validateSortBy(page.sortBy);
}

Status validateSortBy(const QString &sortBy)
{
    if (sortBy != QLatin1String("asc") && sortBy != QLatin1String("desc")) {
        return invalidParameter(QStringLiteral("SortBy"),
                                Queries::tr("SortBy is \"%1\"; use asc or desc.").arg(sortBy));
    }
    return success();
}

} // namespace livesnap
