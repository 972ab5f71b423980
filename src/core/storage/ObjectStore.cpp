#include "storage/ObjectStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QUuid>

namespace livesnap {

Status ObjectStore::putFile(const QString &key, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::internal(
            errc::StorageUnavailable,
            QCoreApplication::translate("livesnap::ObjectStore", "Cannot read %1: %2")
                .arg(path, file.errorString()));
    }
    return put(key, file.readAll());
}

Result<QUrl> ObjectStore::presignGet(const QString &, int, const QDateTime &) const
{
    return Error::user(errc::StorageUnavailable,
                       QCoreApplication::translate("livesnap::ObjectStore",
                                                   "This storage location cannot make links."));
}

Status ObjectStore::probe()
{
    const QString key = QStringLiteral(".livesnap-probe/%1.txt")
                            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QByteArray bytes =
        "LiveSnap storage probe " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8();
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
