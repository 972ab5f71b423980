#include "storage/ObjectStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QUuid>

namespace livesnap {

Status ObjectStore::probe()
{
    const QString key = QStringLiteral(".livesnap-probe/%1.txt")
                            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QByteArray bytes = "LiveSnap storage probe " +
                             QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8();
    if (auto s = put(key, bytes); !s) {
        return s;
    }
    auto back = get(key);
    if (!back) {
        return back.error();
    }
    if (*back != bytes) {
        return Error::user(errc::StorageUnavailable,
                           QCoreApplication::translate("livesnap::ObjectStore",
                                                       "The probe object read back differs from "
                                                       "what was written; check the location."));
    }
    return remove(key);
}

} // namespace livesnap
