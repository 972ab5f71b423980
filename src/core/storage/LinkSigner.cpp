#include "storage/LinkSigner.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace livesnap {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

bool hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            return true;
        }
    }
    return false;
}

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    {}
    ~FileDescriptor()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

Error keyFileError(const QString &path, const QString &why)
{
    return Error::user(
        errc::StorageUnavailable,
        LinkSigner::tr("Cannot use the link key file %1: %2. Local storage links are "
                       "unavailable until this is fixed; deleting the file makes a new key "
                       "(links made before stop working).")
            .arg(path, why));
}

// Reads an existing key file; reports a missing one through *missing.
Result<QByteArray> readKeyFile(const QString &path, bool *missing)
{
    *missing = false;
    const QByteArray native = QFile::encodeName(path);
    const FileDescriptor fd(::open(native.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) {
        const int error = errno;
        if (error == ENOENT) {
            *missing = true;
            return QByteArray();
        }
        if (error == ELOOP) {
            return keyFileError(path, LinkSigner::tr("it is a symbolic link"));
        }
        return keyFileError(path, systemError(error));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return keyFileError(path, systemError(errno));
    }
    if (!S_ISREG(info.st_mode)) {
        return keyFileError(path, LinkSigner::tr("it is not a regular file"));
    }
    if (info.st_uid != ::geteuid()) {
        return keyFileError(path, LinkSigner::tr("it belongs to another user"));
    }
    QByteArray key(LinkSigner::KeySize + 1, '\0');
    qsizetype total = 0;
    while (total < key.size()) {
        const ssize_t n =
            ::read(fd.get(), key.data() + total, static_cast<size_t>(key.size() - total));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return keyFileError(path, systemError(errno));
        }
        if (n == 0) {
            break;
        }
        total += n;
    }
    if (total != LinkSigner::KeySize) {
        return keyFileError(
            path, LinkSigner::tr("it does not hold exactly %1 bytes").arg(LinkSigner::KeySize));
    }
    key.truncate(total);
    if ((info.st_mode & 07777) != 0600) {
        // Only the owner may read the key; a looser mode (a copy, a restore from backup, an
        // editor) is tightened rather than refused so that links keep working.
        qCWarning(lcStorage).noquote()
            << "link key file" << path << "had mode"
            << QStringLiteral("0%1").arg(info.st_mode & 07777, 0, 8)
            << "- set to 0600; delete it to make a new key if it may have leaked";
        if (::fchmod(fd.get(), 0600) != 0) {
            return keyFileError(
                path, LinkSigner::tr("cannot set its mode to 0600: %1").arg(systemError(errno)));
        }
    }
    return key;
}

// Writes a new key to a private temporary file and links it into place; fails with EEXIST
// (reported through *raced) when another process made the file first.
Result<QByteArray> createKeyFile(const QString &path, bool *raced)
{
    *raced = false;
    // QRandomGenerator::system() is the operating system's cryptographic generator.
    std::array<quint32, LinkSigner::KeySize / sizeof(quint32)> words{};
    QRandomGenerator::system()->fillRange(words.data(), static_cast<qsizetype>(words.size()));
    const QByteArray key(reinterpret_cast<const char *>(words.data()), LinkSigner::KeySize);

    const QByteArray native = QFile::encodeName(path);
    const QByteArray temporary = native + ".tmp." +
                                 QByteArray::number(QCoreApplication::applicationPid()) + '.' +
                                 QByteArray::number(QRandomGenerator::system()->generate(), 16);
    {
        const FileDescriptor fd(::open(temporary.constData(),
                                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!fd.valid()) {
            return keyFileError(path, systemError(errno));
        }
        // The umask can only narrow 0600; set it exactly anyway.
        bool written = ::fchmod(fd.get(), 0600) == 0;
        qsizetype total = 0;
        while (written && total < key.size()) {
            const ssize_t n =
                ::write(fd.get(), key.constData() + total, static_cast<size_t>(key.size() - total));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            written = n > 0;
            total += written ? n : 0;
        }
        if (!written || ::fsync(fd.get()) != 0) {
            const int error = errno;
            ::unlink(temporary.constData());
            return keyFileError(path, systemError(error));
        }
    }
    // link() never replaces an existing file, unlike rename().
    if (::link(temporary.constData(), native.constData()) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        if (error == EEXIST) {
            *raced = true;
            return QByteArray();
        }
        return keyFileError(path, systemError(error));
    }
    ::unlink(temporary.constData());
    const QByteArray folder = QFile::encodeName(QFileInfo(path).absolutePath());
    const FileDescriptor dir(::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.valid()) {
        ::fsync(dir.get());
    }
    return key;
}

} // namespace

LinkSigner::LinkSigner(QByteArray key, quint16 port)
    : m_key(std::move(key))
    , m_port(port)
{}

QString LinkSigner::pathFor(const QString &locationId, const QString &key)
{
    return QStringLiteral("/o/") + QString::fromLatin1(QUrl::toPercentEncoding(locationId)) +
           QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(key, "/"));
}

QByteArray LinkSigner::signature(const QString &path, qint64 expiresUnix) const
{
    const QByteArray message = "GET\n" + path.toUtf8() + '\n' + QByteArray::number(expiresUnix);
    return QMessageAuthenticationCode::hash(message, m_key, QCryptographicHash::Sha256).toHex();
}

QUrl LinkSigner::sign(const QString &locationId, const QString &key, qint64 expiresUnix) const
{
    const QString path = pathFor(locationId, key);
    const QByteArray encoded = "http://127.0.0.1:" + QByteArray::number(m_port) + path.toLatin1() +
                               "?Expires=" + QByteArray::number(expiresUnix) +
                               "&Signature=" + signature(path, expiresUnix);
    return QUrl::fromEncoded(encoded, QUrl::StrictMode);
}

LinkSigner::Verdict LinkSigner::verify(const QString &path, qint64 expiresUnix,
                                       const QByteArray &signatureHex, const QDateTime &now) const
{
    if (!constantTimeEquals(signatureHex, signature(path, expiresUnix))) {
        return Verdict::BadSignature;
    }
    // Valid while now < Expires (whole seconds: at Expires itself the link is dead).
    return now.toSecsSinceEpoch() >= expiresUnix ? Verdict::Expired : Verdict::Valid;
}

bool LinkSigner::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Every byte of the longer input is visited and nothing branches on the bytes' values, so
    // the time depends on the lengths only (the attacker's own input and a fixed-size MAC).
    const qsizetype length = std::max(a.size(), b.size());
    volatile unsigned int difference = a.size() == b.size() ? 0U : 1U;
    for (qsizetype i = 0; i < length; ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a.at(i) : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b.at(i) : 0);
        difference = difference | static_cast<unsigned int>(x ^ y);
    }
    return difference == 0U;
}

bool LinkSigner::isSafeKey(const QString &key)
{
    if (key.isEmpty() || key.startsWith(QLatin1Char('/')) || key.contains(QLatin1Char('\\')) ||
        hasControlCharacter(key)) {
        return false;
    }
    const QStringList segments = key.split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String("..")) {
            return false;
        }
    }
    return true;
}

bool LinkSigner::isSafeLocationId(const QString &locationId)
{
    return !locationId.isEmpty() && !locationId.contains(QLatin1Char('/')) &&
           !locationId.contains(QLatin1Char('\\')) && !hasControlCharacter(locationId) &&
           locationId != QLatin1String(".") && locationId != QLatin1String("..");
}

QString LinkSigner::keyFilePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("link-key"));
}

Result<QByteArray> LinkSigner::loadOrCreateKey(const QString &dataDir)
{
    const QString path = keyFilePath(dataDir);
    if (!QDir().mkpath(dataDir)) {
        return keyFileError(path, LinkSigner::tr("cannot create the folder %1").arg(dataDir));
    }
    // Two rounds: if another engine creates the file between our read and our create, read it.
    for (int round = 0; round < 2; ++round) {
        bool missing = false;
        auto existing = readKeyFile(path, &missing);
        if (!existing || !missing) {
            return existing;
        }
        bool raced = false;
        auto created = createKeyFile(path, &raced);
        if (!created || !raced) {
            return created;
        }
    }
    return keyFileError(path, LinkSigner::tr("it keeps changing"));
}

QDateTime LinkSigner::expiryOf(const QUrl &link)
{
    bool ok = false;
    const qint64 expires =
        QUrlQuery(link).queryItemValue(QStringLiteral("Expires")).toLongLong(&ok);
    return ok ? QDateTime::fromSecsSinceEpoch(expires, Qt::UTC) : QDateTime();
}

} // namespace livesnap
