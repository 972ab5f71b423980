#include "jobs/JobBatch.h"

#include "domain/StreamInput.h"
#include "engine/EngineHost.h"
#include "jobs/JobText.h"

namespace livesnap::ui {

namespace {
// How many failures the summary line names; details() lists them all.
constexpr int NamedFailures = 3;

// Why a job failed, as a clause ending a sentence of ours.
QString reason(const JobBatch::Failure &f)
{
    QString why = JobText::failure(f.error, f.job.id, f.job.name);
    while (why.endsWith(QLatin1Char('.'))) {
        why.chop(1);
    }
    return why;
}
} // namespace

JobBatch::JobBatch(EngineHost &host, const QString &command, const QList<Job> &jobs,
                   QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_command(command)
    , m_jobs(jobs)
{}

void JobBatch::start()
{
    if (m_started) {
        return;
    }
    m_started = true;
    runNext();
}

void JobBatch::runNext()
{
    if (isFinished()) {
        emit finished();
        return;
    }
    const Job job = m_jobs.at(m_done);
    const QString command = m_command;
    m_host.call(
        this,
        [id = job.id, command](SnapshotService &service) {
            return command == jobaction::Delete ? service.deleteLiveSnapshotJob(id)
                                                : service.sendLiveSnapshotJobCommand(id, command);
        },
        [this, job](Status status) {
            if (!status) {
                m_failures.append({job, status.error()});
            }
            ++m_done;
            emit progressed(m_done, total());
            runNext();
        });
}

QString JobBatch::progressText() const
{
    const int n = total();
    const int current = qMin(m_done + 1, n);
    if (m_command == jobcommand::Start) {
        return tr("Starting %1 of %n jobs…", nullptr, n).arg(current);
    }
    if (m_command == jobcommand::Stop) {
        return tr("Stopping %1 of %n jobs…", nullptr, n).arg(current);
    }
    if (m_command == jobcommand::Restart) {
        return tr("Restarting %1 of %n jobs…", nullptr, n).arg(current);
    }
    if (m_command == jobaction::Snapshot) {
        return tr("Asking %1 of %n jobs for a snapshot…", nullptr, n).arg(current);
    }
    return tr("Deleting %1 of %n jobs…", nullptr, n).arg(current);
}

QString JobBatch::summary() const
{
    const int n = total();
    const auto failed = static_cast<int>(m_failures.size());
    const int succeeded = m_done - failed;
    if (n == 1) {
        const QString name = m_jobs.constFirst().name;
        if (failed == 0) {
            if (m_command == jobcommand::Start) {
                return tr("Started “%1”.").arg(name);
            }
            if (m_command == jobcommand::Stop) {
                return tr("Stopped “%1”.").arg(name);
            }
            if (m_command == jobcommand::Restart) {
                return tr("Restarted “%1”.").arg(name);
            }
            if (m_command == jobaction::Snapshot) {
                return tr("“%1” takes a snapshot at the next keyframe.").arg(name);
            }
            return tr("Deleted “%1”.").arg(name);
        }
        const Failure &f = m_failures.constFirst();
        const QString why = reason(f);
        if (m_command == jobcommand::Start) {
            return tr("Could not start “%1”: %2.").arg(name, why);
        }
        if (m_command == jobcommand::Stop) {
            return tr("Could not stop “%1”: %2.").arg(name, why);
        }
        if (m_command == jobcommand::Restart) {
            return tr("Could not restart “%1”: %2.").arg(name, why);
        }
        if (m_command == jobaction::Snapshot) {
            return tr("Could not take a snapshot of “%1”: %2.").arg(name, why);
        }
        return tr("Could not delete “%1”: %2.").arg(name, why);
    }

    if (failed == 0) {
        if (m_command == jobcommand::Start) {
            return tr("Started %n jobs.", nullptr, n);
        }
        if (m_command == jobcommand::Stop) {
            return tr("Stopped %n jobs.", nullptr, n);
        }
        if (m_command == jobcommand::Restart) {
            return tr("Restarted %n jobs.", nullptr, n);
        }
        if (m_command == jobaction::Snapshot) {
            return tr("Asked %n jobs for a snapshot.", nullptr, n);
        }
        return tr("Deleted %n jobs.", nullptr, n);
    }
    QString text;
    if (m_command == jobcommand::Start) {
        text = tr("Started %1 of %n jobs.", nullptr, n).arg(succeeded);
    } else if (m_command == jobcommand::Stop) {
        text = tr("Stopped %1 of %n jobs.", nullptr, n).arg(succeeded);
    } else if (m_command == jobcommand::Restart) {
        text = tr("Restarted %1 of %n jobs.", nullptr, n).arg(succeeded);
    } else if (m_command == jobaction::Snapshot) {
        text = tr("Asked %1 of %n jobs for a snapshot.", nullptr, n).arg(succeeded);
    } else {
        text = tr("Deleted %1 of %n jobs.", nullptr, n).arg(succeeded);
    }
    QStringList named;
    for (const Failure &f : m_failures.mid(0, NamedFailures)) {
        named.append(tr("“%1”: %2").arg(f.job.name, reason(f)));
    }
    QString failures = named.join(tr("; "));
    if (failed > NamedFailures) {
        failures = tr("%1; and %n more", nullptr, failed - NamedFailures).arg(failures);
    }
    return tr("%1 %n failed: %2", nullptr, failed).arg(text, failures);
}

QString JobBatch::details() const
{
    QStringList lines;
    for (const Failure &f : m_failures) {
        lines.append(
            tr("%1 (%2): %3 [%4]")
                .arg(f.job.name, f.job.id, maskSecretsInText(f.error.message), f.error.code));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace livesnap::ui
