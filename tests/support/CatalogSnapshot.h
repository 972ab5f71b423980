#pragma once

#include "catalog/Catalog.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>

namespace livesnap::test {

// Every row of every table as text: equal before and after an operation means the operation
// changed nothing in the catalog.
inline QString catalogSnapshot(Catalog &catalog)
{
    QString dump;
    QStringList tables = catalog.database().tables();
    tables.sort();
    for (const QString &table : tables) {
        QSqlQuery q(catalog.database());
        q.exec(QStringLiteral("SELECT * FROM ") + table + QStringLiteral(" ORDER BY 1, 2"));
        dump += QStringLiteral("[%1]\n").arg(table);
        while (q.next()) {
            QStringList cells;
            for (int i = 0; i < q.record().count(); ++i) {
                cells << q.value(i).toString();
            }
            dump += cells.join(QLatin1Char('|')) + QLatin1Char('\n');
        }
    }
    return dump;
}

} // namespace livesnap::test
