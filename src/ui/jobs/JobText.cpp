#include "jobs/JobText.h"

#include "domain/StreamInput.h"

#include <QDir>

namespace livesnap::ui {

QString JobText::time(const QDateTime &time)
{
    if (!time.isValid()) {
        return QString();
    }
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString JobText::engineHost(const QString &engineId)
{
    const qsizetype at = engineId.indexOf(QLatin1Char('@'));
    if (at < 0) {
        return QString();
    }
    return engineId.mid(at + 1).section(QLatin1Char(':'), 0, 0);
}

QString JobText::location(const StorageLocation &location)
{
    if (location.storageType == storage::Local) {
        const QString text =
            location.builtIn ? tr("Local folder: %1 (default, %2)") : tr("Local folder: %1 (%2)");
        return text.arg(location.bucket, QDir::toNativeSeparators(location.path));
    }
    if (location.storageType == storage::Oss) {
        return tr("OSS: %1 @ %2").arg(location.bucket, location.endpoint);
    }
    if (location.storageType == storage::S3) {
        return tr("S3: %1 @ %2").arg(location.bucket, location.endpoint);
    }
    return output(location.output());
}

QString JobText::output(const SnapshotOutput &output)
{
    if (output.endpoint.isEmpty()) {
        return tr("%1: %2").arg(output.storageType, output.bucket);
    }
    return tr("%1: %2 @ %3").arg(output.storageType, output.bucket, output.endpoint);
}

QString JobText::status(const QString &status)
{
    if (status == jobstatus::Init) {
        return tr("Not started");
    }
    if (status == jobstatus::Started) {
        return tr("Running");
    }
    if (status == jobstatus::Paused) {
        return tr("Stopped");
    }
    return status;
}

QString JobText::streamState(const QString &state)
{
    if (state == streamstate::Idle) {
        return tr("Idle");
    }
    if (state == streamstate::Waiting) {
        return tr("Waiting for an engine");
    }
    if (state == streamstate::Connecting) {
        return tr("Connecting");
    }
    if (state == streamstate::Live) {
        return tr("Live");
    }
    if (state == streamstate::Reconnecting) {
        return tr("Reconnecting");
    }
    if (state == streamstate::Failed) {
        return tr("Failed");
    }
    return state;
}

QString JobText::streamHealth(const QString &health)
{
    if (health == streamhealth::Ok) {
        return tr("OK");
    }
    if (health == streamhealth::Black) {
        return tr("Black picture");
    }
    if (health == streamhealth::Frozen) {
        return tr("Frozen picture");
    }
    if (health == streamhealth::Down) {
        return tr("Stream down");
    }
    if (health == streamhealth::Unknown) {
        return tr("Not judged yet");
    }
    return health;
}

JobText::Condition JobText::condition(const SnapshotJob &job)
{
    if (job.status != jobstatus::Started) {
        return Condition::Stopped;
    }
    if (job.streamHealth == streamhealth::Down) {
        return Condition::Down;
    }
    if (job.streamHealth == streamhealth::Black) {
        return Condition::Black;
    }
    if (job.streamHealth == streamhealth::Frozen) {
        return Condition::Frozen;
    }
    if (job.streamState == streamstate::Reconnecting || job.streamState == streamstate::Failed) {
        return Condition::Reconnecting;
    }
    if (job.streamState == streamstate::Live) {
        return Condition::Live;
    }
    return Condition::Starting;
}

QColor JobText::healthColor(const SnapshotJob &job)
{
    switch (condition(job)) {
    case Condition::Down:
        return QColor(0xc6, 0x28, 0x28); // red
    case Condition::Black:
        return QColor(0x6a, 0x1b, 0x9a); // purple
    case Condition::Frozen:
        return QColor(0x15, 0x65, 0xc0); // blue
    case Condition::Reconnecting:
        return QColor(0xef, 0x6c, 0x00); // orange
    case Condition::Live:
        return QColor(0x2e, 0x7d, 0x32); // green
    case Condition::Starting:
    case Condition::Stopped:
        break;
    }
    return QColor();
}

QString JobText::problem(const SnapshotJob &job)
{
    const Condition c = condition(job);
    if (!isProblem(c)) {
        return QString();
    }
    QString text = c == Condition::Reconnecting ? streamState(job.streamState)
                                                : streamHealth(job.streamHealth);
    if (!job.lastError.isEmpty()) {
        text = tr("%1: %2").arg(text, job.lastError);
    }
    return text;
}

QString JobText::jobNames(const QStringList &names, int shown)
{
    QStringList quoted;
    for (qsizetype i = 0; i < names.size() && i < shown; ++i) {
        quoted.append(tr("“%1”").arg(names.at(i)));
    }
    const auto more = static_cast<int>(names.size() - quoted.size());
    if (more <= 0) {
        if (quoted.size() < 2) {
            return quoted.join(QString());
        }
        const QString last = quoted.takeLast();
        return tr("%1 and %2").arg(quoted.join(tr(", ")), last);
    }
    return tr("%1 and %n more", nullptr, more).arg(quoted.join(tr(", ")));
}

QString JobText::failure(const Error &error, const QString &jobId, const QString &jobName)
{
    if (error.code == errc::JobAlreadyStarted) {
        return tr("it is already running");
    }
    if (error.code == errc::JobNotStarted) {
        return tr("it is not running");
    }
    if (error.code == errc::JobNotStopped) {
        return tr("it is running; stop it first");
    }
    if (error.code == errc::JobNotFound) {
        return tr("it has been deleted");
    }
    QString message = maskSecretsInText(error.message);
    if (!jobId.isEmpty() && !jobName.isEmpty()) {
        message.replace(jobId, tr("“%1”").arg(jobName));
    }
    return message;
}

} // namespace livesnap::ui
