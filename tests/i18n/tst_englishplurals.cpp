#include "I18nTestSupport.h"
#include "api/ApiDispatcher.h"
#include "common/DataDirectory.h"
#include "engine/Engine.h"
#include "engine/EngineHost.h"
#include "files/DeleteFilesDialog.h"
#include "jobs/JobBatch.h"
#include "shell/AppTranslations.h"

#include <QApplication>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

using Parameters = QMap<QString, QString>;

// Where LiveSnap speaks English (an English desktop, registered with LANG=en_US.UTF-8, and the
// C locale, registered a second time with LANG=C), the application's translators give the %n
// messages their English singular and plural: "1 job is already running", "3 snapshots", not
// "1 jobs are" or "3 snapshot(s)". A core message reached through the API dispatcher and UI
// ones, for n = 1 and n = 3; before the translators are installed the sources show through,
// so the catalogue (embedded under :/i18n with zh_CN, as in the application) is what fixes them.
class TestEnglishPlurals : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sourcesShowWithoutTranslators();
    void installTranslators();
    void runningJobsLimit_data();
    void runningJobsLimit();
    void deleteFilesQuestion_data();
    void deleteFilesQuestion();
    void batchProgress_data();
    void batchProgress();

private:
    Result<QJsonObject> call(const QString &action, const Parameters &parameters);
    QString submitJob(const QString &name);
    void startJob(const QString &jobId);
    static QString deleteFilesText(int count);

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    QStringList m_jobs;
};

void TestEnglishPlurals::initTestCase()
{
    // The locale ctest gives this run (en_US or C): so a run in another locale cannot pass.
    QCOMPARE(QLocale().name(), qEnvironmentVariable("LIVESNAP_EXPECTED_LOCALE"));
    QVERIFY(m_dir.isValid());
    m_engine = std::make_unique<Engine>(DataDirectory(m_dir.path()));
    const Status opened = m_engine->open();
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    // Four jobs on a stream nobody serves; no supervisor, so starting one only marks it started.
    for (int i = 0; i < 4; ++i) {
        m_jobs << submitJob(QStringLiteral("cam%1").arg(i));
        QVERIFY(!m_jobs.last().isEmpty());
    }
}

Result<QJsonObject> TestEnglishPlurals::call(const QString &action, const Parameters &parameters)
{
    return i18ntest::callApi(*m_engine->service(), action, parameters);
}

QString TestEnglishPlurals::submitJob(const QString &name)
{
    const auto submitted =
        call(QStringLiteral("SubmitLiveSnapshotJob"),
             {{QStringLiteral("JobName"), name},
              {QStringLiteral("TemplateId"), QStringLiteral("system-realtime-10s")},
              {QStringLiteral("StreamInput"),
               QStringLiteral(R"({"Type":"rtmp","Url":"rtmp://127.0.0.1:9/live/%1"})").arg(name)},
              {QStringLiteral("SnapshotOutput"),
               QStringLiteral(R"({"StorageType":"local","Bucket":"default"})")}});
    return submitted ? submitted->value(QStringLiteral("JobId")).toString() : QString();
}

void TestEnglishPlurals::startJob(const QString &jobId)
{
    const auto started = call(
        QStringLiteral("SendLiveSnapshotJobCommand"),
        {{QStringLiteral("JobId"), jobId}, {QStringLiteral("Command"), QStringLiteral("start")}});
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
}

QString TestEnglishPlurals::deleteFilesText(int count)
{
    ui::DeleteFilesDialog dialog(count, false);
    auto *text = dialog.findChild<QLabel *>(QStringLiteral("deleteFilesText"));
    return text ? text->text() : QString();
}

void TestEnglishPlurals::sourcesShowWithoutTranslators()
{
    QCOMPARE(deleteFilesText(3), QStringLiteral("Delete 3 snapshot(s) from the file list?"));
    QCOMPARE(ui::JobBatch::tr("Starting %1 of %n jobs…", nullptr, 1).arg(1),
             QStringLiteral("Starting 1 of 1 jobs…"));
}

void TestEnglishPlurals::installTranslators()
{
    ui::installTranslators(*QCoreApplication::instance());
    QCOMPARE(ui::JobBatch::tr("Starting %1 of %n jobs…", nullptr, 1).arg(1),
             QStringLiteral("Starting 1 of 1 job…"));
}

void TestEnglishPlurals::runningJobsLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1 job") << 1
                           << QStringLiteral("1 job is already running, the most allowed; stop a "
                                             "job or raise the running jobs limit in Settings "
                                             "first.");
    QTest::newRow("3 jobs") << 3
                            << QStringLiteral("3 jobs are already running, the most allowed; stop "
                                              "a job or raise the running jobs limit in Settings "
                                              "first.");
}

// The limit of running jobs (MaxStartedJobs) reached: the first `limit` jobs run, the next is
// refused with the core's numerus message.
void TestEnglishPlurals::runningJobsLimit()
{
    QFETCH(int, limit);
    QFETCH(QString, expected);
    const auto updated = call(QStringLiteral("UpdateEngineSettings"),
                              {{QStringLiteral("MaxStartedJobs"), QString::number(limit)}});
    QVERIFY2(updated.ok(), qPrintable(updated.ok() ? QString() : updated.error().message));
    for (int i = 0; i < limit; ++i) {
        const auto job =
            call(QStringLiteral("GetLiveSnapshotJob"), {{QStringLiteral("JobId"), m_jobs.at(i)}});
        QVERIFY(job.ok());
        if (job->value(QStringLiteral("Status")).toString() != QStringLiteral("started")) {
            startJob(m_jobs.at(i));
        }
    }
    const auto refused = call(QStringLiteral("SendLiveSnapshotJobCommand"),
                              {{QStringLiteral("JobId"), m_jobs.at(limit)},
                               {QStringLiteral("Command"), QStringLiteral("start")}});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, QStringLiteral("JobLimitExceeded"));
    QCOMPARE(refused.error().message, expected);
}

void TestEnglishPlurals::deleteFilesQuestion_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1") << 1 << QStringLiteral("Delete 1 snapshot from the file list?");
    QTest::newRow("3") << 3 << QStringLiteral("Delete 3 snapshots from the file list?");
}

// The question the file list asks, read from the real dialog.
void TestEnglishPlurals::deleteFilesQuestion()
{
    QFETCH(int, count);
    QFETCH(QString, expected);
    QCOMPARE(deleteFilesText(count), expected);
}

void TestEnglishPlurals::batchProgress_data()
{
    QTest::addColumn<int>("jobs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1") << 1 << QStringLiteral("Starting 1 of 1 job…");
    QTest::newRow("3") << 3 << QStringLiteral("Starting 1 of 3 jobs…");
}

// The progress a batch command shows before its first call (a batch that is not started never
// reaches its engine host, so the host is not started either).
void TestEnglishPlurals::batchProgress()
{
    QFETCH(int, jobs);
    QFETCH(QString, expected);
    EngineHost host{DataDirectory(m_dir.path())};
    QList<ui::JobBatch::Job> selected;
    for (int i = 0; i < jobs; ++i) {
        selected.append({m_jobs.at(i), QStringLiteral("cam%1").arg(i)});
    }
    const ui::JobBatch batch(host, jobcommand::Start, selected);
    QCOMPARE(batch.progressText(), expected);
}

QTEST_MAIN(TestEnglishPlurals)
#include "tst_englishplurals.moc"
