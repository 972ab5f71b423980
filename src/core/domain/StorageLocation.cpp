#include "domain/StorageLocation.h"

#include "common/TimeFormat.h"
#include "domain/TemplateRules.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace livesnap {

namespace {
Status validateType(const QString &type)
{
    if (!storage::isKnownType(type)) {
        return invalidParameter(
            QStringLiteral("StorageType"),
            StorageLocation::tr("The storage type is \"%1\"; use local, oss or s3.").arg(type));
    }
    return success();
}

// Where `path` really is: the deepest existing ancestor with its links resolved, plus the rest.
QString realPathOf(const QString &path)
{
    QString existing = QDir::cleanPath(path);
    QStringList missing;
    while (!QFileInfo::exists(existing) && existing != QDir::rootPath()) {
        missing.prepend(QFileInfo(existing).fileName());
        existing = QFileInfo(existing).path();
    }
    const QString real = QFileInfo(existing).canonicalFilePath();
    missing.prepend(real.isEmpty() ? existing : real);
    return QDir::cleanPath(missing.join(QLatin1Char('/')));
}

bool isAtOrUnder(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

// Folders that belong to the system, with everything under them.
const QStringList &systemTrees()
{
    static const QStringList trees{
        QStringLiteral("/etc"),   QStringLiteral("/usr"),     QStringLiteral("/bin"),
        QStringLiteral("/sbin"),  QStringLiteral("/lib"),     QStringLiteral("/lib32"),
        QStringLiteral("/lib64"), QStringLiteral("/libx32"),  QStringLiteral("/boot"),
        QStringLiteral("/dev"),   QStringLiteral("/proc"),    QStringLiteral("/sys"),
        QStringLiteral("/run"),   QStringLiteral("/var/run"), QStringLiteral("/var/lock")};
    return trees;
}

// Shared roots: a folder of its own below them is fine, the root itself is not.
const QStringList &systemRoots()
{
    static const QStringList roots{
        QStringLiteral("/"),        QStringLiteral("/home"),    QStringLiteral("/root"),
        QStringLiteral("/var"),     QStringLiteral("/var/lib"), QStringLiteral("/var/cache"),
        QStringLiteral("/var/log"), QStringLiteral("/var/tmp"), QStringLiteral("/srv"),
        QStringLiteral("/mnt"),     QStringLiteral("/media"),   QStringLiteral("/opt"),
        QStringLiteral("/tmp")};
    return roots;
}

Status refusePath(const QString &path, const QString &real, const QString &why)
{
    const QString shown = real == QDir::cleanPath(path)
                              ? path
                              : StorageLocation::tr("%1 (really %2)").arg(path, real);
    return invalidParameter(QStringLiteral("Path"),
                            StorageLocation::tr("The folder %1 %2").arg(shown, why));
}
} // namespace

Status storage::validateLocalFolder(const QString &path, const QString &dataDirectory,
                                    const QString &homeDirectory)
{
    const QString real = realPathOf(path);
    for (const QString &tree : systemTrees()) {
        if (isAtOrUnder(real, tree)) {
            return refusePath(
                path, real,
                StorageLocation::tr("is a system folder; snapshots must not be written there. "
                                    "Choose a folder of their own, such as /srv/livesnap or "
                                    "~/LiveSnap."));
        }
    }
    if (systemRoots().contains(real)) {
        return refusePath(
            path, real,
            StorageLocation::tr("is a system folder shared by everything on the machine; choose a "
                                "folder of its own inside it, such as %1/livesnap.")
                .arg(real == QLatin1String("/") ? QStringLiteral("/srv") : real));
    }
    if (!homeDirectory.isEmpty() && real == realPathOf(homeDirectory)) {
        return refusePath(
            path, real,
            StorageLocation::tr("is your home folder itself; choose a folder inside it, such as "
                                "%1/LiveSnap.")
                .arg(homeDirectory));
    }
    if (!dataDirectory.isEmpty() && real == realPathOf(dataDirectory)) {
        return refusePath(
            path, real,
            StorageLocation::tr("is LiveSnap's data directory itself (it holds the catalog); "
                                "choose a subfolder such as %1/storage/<Bucket>, or another "
                                "folder.")
                .arg(dataDirectory));
    }
    return success();
}

bool storage::isKnownType(const QString &type)
{
    return type == Local || type == Oss || type == S3;
}

QString storage::normalizeEndpoint(const QString &storageType, const QString &endpoint)
{
    QString e = endpoint.trimmed();
    if (storageType == Local || e.isEmpty()) {
        return storageType == Local ? QString() : e;
    }
    if (!e.contains(QLatin1String("://"))) {
        e.prepend(QLatin1String("https://"));
    }
    while (e.endsWith(QLatin1Char('/'))) {
        e.chop(1);
    }
    return e;
}

QJsonObject SnapshotOutput::toJson() const
{
    QJsonObject o{{QStringLiteral("StorageType"), storageType}, {QStringLiteral("Bucket"), bucket}};
    if (!endpoint.isEmpty()) {
        o.insert(QStringLiteral("Endpoint"), endpoint);
    }
    return o;
}

Result<SnapshotOutput> SnapshotOutput::fromJson(const QJsonObject &json)
{
    SnapshotOutput out;
    // The reference API calls it "Type" in some places; accept both spellings.
    out.storageType = json.value(QStringLiteral("StorageType"))
                          .toString(json.value(QStringLiteral("Type")).toString(storage::Local))
                          .toLower();
    if (auto s = validateType(out.storageType); !s) {
        return s.error();
    }
    out.endpoint = storage::normalizeEndpoint(out.storageType,
                                              json.value(QStringLiteral("Endpoint")).toString());
    out.bucket = json.value(QStringLiteral("Bucket")).toString();
    if (out.bucket.isEmpty()) {
        return invalidParameter(
            QStringLiteral("SnapshotOutput.Bucket"),
            StorageLocation::tr(
                "SnapshotOutput.Bucket is empty; name a configured storage "
                "location, e.g. {\"StorageType\":\"local\",\"Bucket\":\"default\"}."));
    }
    return out;
}

Result<QList<SnapshotOutput>> SnapshotOutput::listFromJson(const QJsonValue &json)
{
    if (json.isObject()) {
        auto one = fromJson(json.toObject());
        if (!one) {
            return one.error();
        }
        return QList<SnapshotOutput>{*one};
    }
    const QJsonArray array = json.toArray();
    if (!json.isArray() || array.isEmpty() || array.size() > MaxOutputs) {
        return invalidParameter(
            QStringLiteral("SnapshotOutput"),
            StorageLocation::tr("SnapshotOutput must be one store or an array of 1 to %1 stores, "
                                "e.g. [{\"StorageType\":\"local\",\"Bucket\":\"default\"},"
                                "{\"StorageType\":\"s3\",\"Endpoint\":\"https://s3.example.com\","
                                "\"Bucket\":\"snapshots\"}].")
                .arg(MaxOutputs));
    }
    QList<SnapshotOutput> outputs;
    for (const QJsonValue &item : array) {
        if (!item.isObject()) {
            return invalidParameter(QStringLiteral("SnapshotOutput"),
                                    StorageLocation::tr("Each SnapshotOutput in the array must be "
                                                        "an object such as {\"StorageType\":"
                                                        "\"local\",\"Bucket\":\"default\"}."));
        }
        auto output = fromJson(item.toObject());
        if (!output) {
            return output.error();
        }
        if (outputs.contains(*output)) {
            QString named = output->storageType + QLatin1Char(' ');
            if (!output->endpoint.isEmpty()) {
                named += output->endpoint + QLatin1Char(' ');
            }
            named += output->bucket;
            return invalidParameter(
                QStringLiteral("SnapshotOutput"),
                StorageLocation::tr("SnapshotOutput names the store %1 twice; list each store "
                                    "once.")
                    .arg(named));
        }
        outputs << *output;
    }
    return outputs;
}

QJsonValue SnapshotOutput::listToJson(const QList<SnapshotOutput> &outputs)
{
    if (outputs.size() == 1) {
        return outputs.constFirst().toJson();
    }
    QJsonArray array;
    for (const SnapshotOutput &output : outputs) {
        array.append(output.toJson());
    }
    return array;
}

QJsonObject StorageLocation::toJson() const
{
    QJsonObject o{{QStringLiteral("LocationId"), locationId},
                  {QStringLiteral("StorageType"), storageType},
                  {QStringLiteral("Bucket"), bucket},
                  {QStringLiteral("BuiltIn"), builtIn},
                  {QStringLiteral("CreateTime"), formatApiTime(createTime)},
                  {QStringLiteral("ModifiedTime"), formatApiTime(modifiedTime)}};
    if (storageType == storage::Local) {
        o.insert(QStringLiteral("Path"), path);
        o.insert(QStringLiteral("Host"), host);
        o.insert(QStringLiteral("SharedMount"), sharedMount);
    } else {
        o.insert(QStringLiteral("Endpoint"), endpoint);
        o.insert(QStringLiteral("Region"), region);
        o.insert(QStringLiteral("PathStyle"), pathStyle);
        if (storageType == storage::Oss) {
            o.insert(QStringLiteral("SignatureVersion"), signatureVersion);
        }
    }
    return o;
}

Status StorageLocation::validate() const
{
    if (auto s = validateType(storageType); !s) {
        return s;
    }
    if (storageType == storage::Local) {
        static const QRegularExpression localName(
            QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
        if (!localName.match(bucket).hasMatch() || bucket.contains(QLatin1String(".."))) {
            return invalidParameter(
                QStringLiteral("Bucket"),
                StorageLocation::tr("The name \"%1\" is not valid: use 1-63 letters, "
                                    "digits, '.', '_' or '-', starting with a letter or digit.")
                    .arg(bucket));
        }
        if (path.isEmpty() || !QDir::isAbsolutePath(path)) {
            return invalidParameter(
                QStringLiteral("Path"),
                StorageLocation::tr("The folder \"%1\" must be an absolute path.").arg(path));
        }
        return rules::validateNameCharacters(path, QStringLiteral("Path"));
    }
    if (auto s = rules::validateNameCharacters(region, QStringLiteral("Region")); !s) {
        return s;
    }
    if (storageType == storage::Oss && signatureVersion != QLatin1String("v4") &&
        signatureVersion != QLatin1String("v1")) {
        return invalidParameter(
            QStringLiteral("SignatureVersion"),
            StorageLocation::tr("The signature version is \"%1\"; use v4 (OSS4-HMAC-SHA256) or v1 "
                                "for older endpoints.")
                .arg(signatureVersion));
    }
    static const QRegularExpression cloudName(QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
    if (!cloudName.match(bucket).hasMatch() || bucket.contains(QLatin1String(".."))) {
        return invalidParameter(
            QStringLiteral("Bucket"),
            StorageLocation::tr("The bucket name \"%1\" is not valid: use 3-63 lower-case "
                                "letters, digits, '-' or '.', starting and ending with a "
                                "letter or digit.")
                .arg(bucket));
    }
    const QUrl url(endpoint, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (endpoint.isEmpty() || !url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http")) ||
        (!url.path().isEmpty() && url.path() != QLatin1String("/"))) {
        return invalidParameter(
            QStringLiteral("Endpoint"),
            StorageLocation::tr(
                "The endpoint \"%1\" is not valid; give a host such as "
                "oss-cn-hangzhou.aliyuncs.com or https://s3.us-east-1.amazonaws.com.")
                .arg(endpoint));
    }
    return success();
}

} // namespace livesnap
