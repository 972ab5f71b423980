#include "../../support/Await.h"
#include "JobTestSupport.h"
#include "engine/EngineHost.h"
#include "jobs/SubmitJobDialog.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

// The Submit Job dialog driven like a user: inline validation with the core's rules, a valid
// form creating the job in the catalog, and a refusal from the service shown with the input
// kept.
class TestSubmitJobDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void listsTemplatesAndLocationsDefaultFirst();
    void httpStreamIsRefused();
    void ftpCallbackIsRefused();
    void clearedNameIsRefused();
    void validFormCreatesJob();
    void streamTypeChoiceHintsAndSubmits();
    void serviceErrorIsShownAndInputKept();
    void locationListFollowsChangesAndConfigureAsks();
    void longLocationFitsTheDialog();
    void tlsFieldsForRtmpsOnly();

private:
    template <typename T> T *child(const char *name)
    {
        T *widget = m_dialog->findChild<T *>(QString::fromLatin1(name));
        if (!widget) {
            qWarning("no child %s", name);
        }
        return widget;
    }
    QPushButton *okButton() { return child<QPushButton>("submitJobOk"); }
    void fillValidForm(const QString &name);

    QTemporaryDir m_dir;
    QTemporaryDir m_archiveDir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<SubmitJobDialog> m_dialog;
    QString m_templateId; // custom
    QString m_archiveId;  // a second local location
};

void TestSubmitJobDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_archiveDir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());

    TemplateSpec spec;
    spec.templateName = QStringLiteral("every 20 s");
    spec.timeInterval = 20;
    spec.overwriteFormat = QStringLiteral("snapshot/{JobId}.jpg");
    const auto created = callEngine(
        *m_host, [spec](SnapshotService &s) { return s.createLiveSnapshotTemplate(spec); });
    QVERIFY(created && created->ok());
    m_templateId = created->value();

    StorageLocation archive;
    archive.storageType = storage::Local;
    archive.bucket = QStringLiteral("archive");
    archive.path = m_archiveDir.path();
    const auto added =
        test::awaitEngine<Result<QString>>(*m_host, [archive](SnapshotService &s, auto reply) {
            s.addStorageLocation(archive, StorageCredentials(), reply);
        });
    QVERIFY2(added && added->ok(), added && !added->ok() ? qPrintable(added->error().message) : "");
    m_archiveId = added->value();
}

void TestSubmitJobDialog::cleanupTestCase()
{
    m_host.reset();
}

void TestSubmitJobDialog::init()
{
    m_dialog = std::make_unique<SubmitJobDialog>(*m_host);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    QTRY_VERIFY(m_dialog->isLoaded());
}

void TestSubmitJobDialog::cleanup()
{
    m_dialog.reset();
}

void TestSubmitJobDialog::fillValidForm(const QString &name)
{
    QTest::keyClicks(child<QLineEdit>("jobNameEdit"), name);
    QTest::keyClicks(child<QLineEdit>("streamUrlEdit"), SecretUrl);
}

void TestSubmitJobDialog::listsTemplatesAndLocationsDefaultFirst()
{
    auto *templates = child<QComboBox>("templateCombo");
    auto *locations = child<QComboBox>("storageLocationCombo");
    QVERIFY(templates && locations);
    QCOMPARE(templates->count(), 4); // three system templates and ours
    QVERIFY(templates->findData(m_templateId) >= 0);
    QVERIFY(templates->itemText(templates->findData(m_templateId))
                .contains(QStringLiteral("every 20 s")));
    QCOMPARE(locations->count(), 2);
    QCOMPARE(locations->currentIndex(), 0);
    QVERIFY2(locations->itemText(0).contains(QStringLiteral("default")),
             qPrintable(locations->itemText(0)));
    QCOMPARE(locations->itemData(1).toString(), m_archiveId);
    // Nothing typed yet: OK is disabled but no error shouts at the user.
    QVERIFY(!okButton()->isEnabled());
    QVERIFY(!child<QLabel>("jobNameError")->isVisible());
    QVERIFY(!child<QLabel>("streamUrlError")->isVisible());
}

void TestSubmitJobDialog::httpStreamIsRefused()
{
    QTest::keyClicks(child<QLineEdit>("jobNameEdit"), QStringLiteral("cam"));
    auto *stream = child<QLineEdit>("streamUrlEdit");
    QTest::keyClicks(stream, QStringLiteral("http://127.0.0.1/live/x?token=SECRET"));
    auto *error = child<QLabel>("streamUrlError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("rtmp://")), qPrintable(error->text()));
    QVERIFY2(!error->text().contains(QStringLiteral("SECRET")), qPrintable(error->text()));
    QVERIFY(!okButton()->isEnabled());

    stream->clear();
    QTest::keyClicks(stream, QStringLiteral("rtmp://127.0.0.1/live/x"));
    QVERIFY(!error->isVisible());
    QVERIFY(okButton()->isEnabled());
}

void TestSubmitJobDialog::ftpCallbackIsRefused()
{
    fillValidForm(QStringLiteral("cam"));
    QVERIFY(okButton()->isEnabled());
    auto *callback = child<QLineEdit>("callbackUrlEdit");
    QTest::keyClicks(callback, QStringLiteral("ftp://127.0.0.1/cb"));
    auto *error = child<QLabel>("callbackUrlError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("http")), qPrintable(error->text()));
    QVERIFY(!okButton()->isEnabled());

    callback->clear();
    QTest::keyClicks(callback, QStringLiteral("https://127.0.0.1/cb"));
    QVERIFY(!error->isVisible());
    QVERIFY(okButton()->isEnabled());
}

void TestSubmitJobDialog::clearedNameIsRefused()
{
    fillValidForm(QStringLiteral("x"));
    QVERIFY(okButton()->isEnabled());
    auto *name = child<QLineEdit>("jobNameEdit");
    QTest::keyClick(name, Qt::Key_Backspace);
    QVERIFY(child<QLabel>("jobNameError")->isVisible());
    QVERIFY(!child<QLabel>("jobNameError")->text().isEmpty());
    QVERIFY(!okButton()->isEnabled());
}

void TestSubmitJobDialog::validFormCreatesJob()
{
    fillValidForm(QStringLiteral("lobby camera"));
    auto *templates = child<QComboBox>("templateCombo");
    templates->setCurrentIndex(templates->findData(m_templateId));
    auto *locations = child<QComboBox>("storageLocationCombo");
    locations->setCurrentIndex(locations->findData(m_archiveId));
    QTest::keyClicks(child<QLineEdit>("callbackUrlEdit"), QStringLiteral("http://127.0.0.1:9/cb"));
    QVERIFY(okButton()->isEnabled());

    QSignalSpy submitted(m_dialog.get(), &SubmitJobDialog::jobSubmitted);
    QTest::mouseClick(okButton(), Qt::LeftButton);
    // In flight: nothing can be changed or sent twice.
    QVERIFY(m_dialog->isSubmitting());
    QVERIFY(!okButton()->isEnabled());
    QVERIFY(!child<QLineEdit>("jobNameEdit")->isEnabled());
    QVERIFY(child<QLabel>("submitProgress")->isVisible());

    QTRY_COMPARE(submitted.size(), 1);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QVERIFY(!m_dialog->isVisible());
    const QString jobId = submitted.at(0).at(0).toString();
    QCOMPARE(m_dialog->submittedJobId(), jobId);

    const Result<SnapshotJob> job = catalogJob(*m_host, jobId);
    QVERIFY2(job.ok(), job.ok() ? "" : qPrintable(job.error().message));
    QCOMPARE(job->jobName, QStringLiteral("lobby camera"));
    QCOMPARE(job->templateId, m_templateId);
    QCOMPARE(job->locationId, m_archiveId);
    QCOMPARE(job->snapshotOutput.bucket, QStringLiteral("archive"));
    QCOMPARE(job->streamInput.url, SecretUrl);
    QCOMPARE(job->callbackUrl, QStringLiteral("http://127.0.0.1:9/cb"));
    QCOMPARE(job->status, jobstatus::Init);
}

// RTMP is the first and default type; each type has its own URL hint and rules, and the chosen
// type is the job's StreamInput.Type.
void TestSubmitJobDialog::streamTypeChoiceHintsAndSubmits()
{
    auto *types = child<QComboBox>("streamTypeCombo");
    auto *stream = child<QLineEdit>("streamUrlEdit");
    QVERIFY(types && stream);
    QCOMPARE(types->count(), 4);
    QCOMPARE(types->currentData().toString(), QStringLiteral("rtmp"));
    QCOMPARE(types->itemData(1).toString(), QStringLiteral("rtsp"));
    QVERIFY2(stream->placeholderText().startsWith(QLatin1String("rtmp://")),
             qPrintable(stream->placeholderText()));
    const QString cameraUrl = QStringLiteral("rtsp://admin:CAMSECRET@127.0.0.1:1/stream1");

    // A camera URL under RTMP: refused, naming the type to choose, the password masked.
    QTest::keyClicks(child<QLineEdit>("jobNameEdit"), QStringLiteral("door camera"));
    QTest::keyClicks(stream, cameraUrl);
    auto *error = child<QLabel>("streamUrlError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("rtsp")), qPrintable(error->text()));
    QVERIFY2(!error->text().contains(QLatin1String("CAMSECRET")), qPrintable(error->text()));
    QVERIFY(!okButton()->isEnabled());

    types->setCurrentIndex(types->findData(QStringLiteral("srt")));
    QVERIFY2(stream->placeholderText().startsWith(QLatin1String("srt://")),
             qPrintable(stream->placeholderText()));
    QVERIFY(!okButton()->isEnabled());
    types->setCurrentIndex(types->findData(QStringLiteral("hls")));
    QVERIFY2(stream->placeholderText().contains(QLatin1String(".m3u8")),
             qPrintable(stream->placeholderText()));
    types->setCurrentIndex(types->findData(QStringLiteral("rtsp")));
    QVERIFY2(stream->placeholderText().startsWith(QLatin1String("rtsp://")),
             qPrintable(stream->placeholderText()));
    QVERIFY(!error->isVisible());
    QVERIFY(okButton()->isEnabled());

    QSignalSpy submitted(m_dialog.get(), &SubmitJobDialog::jobSubmitted);
    QTest::mouseClick(okButton(), Qt::LeftButton);
    QTRY_COMPARE(submitted.size(), 1);
    const Result<SnapshotJob> job = catalogJob(*m_host, submitted.at(0).at(0).toString());
    QVERIFY2(job.ok(), job.ok() ? "" : qPrintable(job.error().message));
    QCOMPARE(job->streamInput.type, QStringLiteral("rtsp"));
    QCOMPARE(job->streamInput.url, cameraUrl);
}

void TestSubmitJobDialog::serviceErrorIsShownAndInputKept()
{
    TemplateSpec spec;
    spec.templateName = QStringLiteral("doomed");
    spec.timeInterval = 30;
    spec.overwriteFormat = QStringLiteral("snapshot/{JobId}.jpg");
    const auto created = callEngine(
        *m_host, [spec](SnapshotService &s) { return s.createLiveSnapshotTemplate(spec); });
    QVERIFY(created && created->ok());
    const QString doomed = created->value();
    auto *templates = child<QComboBox>("templateCombo");
    QTRY_VERIFY(templates->findData(doomed) >= 0); // the dialog follows templatesChanged
    templates->setCurrentIndex(templates->findData(doomed));
    fillValidForm(QStringLiteral("orphan"));
    QTest::keyClicks(child<QLineEdit>("callbackUrlEdit"), QStringLiteral("https://127.0.0.1/cb"));
    QVERIFY(okButton()->isEnabled());

    // The template is deleted by someone else just before the submit reaches the service
    // (the engine thread runs the two calls in this order).
    QObject receiver;
    bool deleted = false;
    m_host->call(
        &receiver, [doomed](SnapshotService &s) { return s.deleteLiveSnapshotTemplate(doomed); },
        [&deleted](Status status) { deleted = status.ok(); });
    QSignalSpy submitted(m_dialog.get(), &SubmitJobDialog::jobSubmitted);
    QTest::mouseClick(okButton(), Qt::LeftButton);

    auto *error = child<QLabel>("submitError");
    QTRY_VERIFY(error->isVisible());
    QVERIFY(deleted);
    QVERIFY2(error->text().contains(doomed), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QStringLiteral("does not exist")), qPrintable(error->text()));
    QCOMPARE(submitted.size(), 0);
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_dialog->isSubmitting());
    QVERIFY(child<QLineEdit>("jobNameEdit")->isEnabled());
    QCOMPARE(child<QLineEdit>("jobNameEdit")->text(), QStringLiteral("orphan"));
    QCOMPARE(child<QLineEdit>("streamUrlEdit")->text(), SecretUrl);
    QCOMPARE(child<QLineEdit>("callbackUrlEdit")->text(), QStringLiteral("https://127.0.0.1/cb"));
    // Then the template list catches up: the choice is gone, and the dialog says so.
    QTRY_VERIFY(child<QLabel>("templateError")->isVisible());
    QCOMPARE(templates->findData(doomed), -1);
    QVERIFY(!okButton()->isEnabled());

    // No job was created.
    JobQuery query;
    query.searchKeyWord = QStringLiteral("orphan");
    const auto listed =
        callEngine(*m_host, [query](SnapshotService &s) { return s.listLiveSnapshotJobs(query); });
    QVERIFY(listed && listed->ok());
    QCOMPARE(listed->value().totalCount, 0);

    // Choosing another template makes the form valid again.
    templates->setCurrentIndex(templates->findData(m_templateId));
    QVERIFY(!child<QLabel>("templateError")->isVisible());
    QVERIFY(okButton()->isEnabled());
}

void TestSubmitJobDialog::locationListFollowsChangesAndConfigureAsks()
{
    auto *locations = child<QComboBox>("storageLocationCombo");
    locations->setCurrentIndex(locations->findData(m_archiveId));
    QTemporaryDir otherDir;
    QVERIFY(otherDir.isValid());
    StorageLocation other;
    other.storageType = storage::Local;
    other.bucket = QStringLiteral("other");
    other.path = otherDir.path();
    const auto added =
        test::awaitEngine<Result<QString>>(*m_host, [other](SnapshotService &s, auto reply) {
            s.addStorageLocation(other, StorageCredentials(), reply);
        });
    QVERIFY(added && added->ok());
    QTRY_COMPARE(locations->count(), 3);
    // The operator's choice survives the reload.
    QCOMPARE(locations->currentData().toString(), m_archiveId);

    QSignalSpy configure(m_dialog.get(), &SubmitJobDialog::configureStorageRequested);
    QTest::mouseClick(child<QPushButton>("configureStorageButton"), Qt::LeftButton);
    QCOMPARE(configure.size(), 1);
}

void TestSubmitJobDialog::longLocationFitsTheDialog()
{
    // A folder deep enough that its location's text is wider than the dialog.
    const QString deep =
        m_archiveDir.filePath(QStringLiteral("snapshots of the north entrance cameras/level 2 "
                                             "parking/kept for the quarterly review"));
    QVERIFY(QDir().mkpath(deep));
    StorageLocation location;
    location.storageType = storage::Local;
    location.bucket = QStringLiteral("review");
    location.path = deep;
    const auto added =
        test::awaitEngine<Result<QString>>(*m_host, [location](SnapshotService &s, auto reply) {
            s.addStorageLocation(location, StorageCredentials(), reply);
        });
    QVERIFY(added && added->ok());
    auto *combo = child<QComboBox>("storageLocationCombo");
    QTRY_VERIFY(combo->findData(added->value()) >= 0);
    combo->setCurrentIndex(combo->findData(added->value()));
    const QString text = combo->currentText();
    QVERIFY2(text.contains(QStringLiteral("quarterly review")), qPrintable(text));

    // The dialog keeps a size that fits in the 1100 px window; nothing in it is squeezed.
    QVERIFY2(m_dialog->minimumSizeHint().width() <= 700,
             qPrintable(QString::number(m_dialog->minimumSizeHint().width())));
    QVERIFY(m_dialog->width() <= 700);
    QVERIFY(combo->width() >= combo->minimumSizeHint().width());
    // What the combo cannot show, its tooltip and its open list do.
    QVERIFY(combo->fontMetrics().horizontalAdvance(text) > combo->width());
    QVERIFY2(combo->toolTip().contains(text), qPrintable(combo->toolTip()));
    QVERIFY(combo->view()->minimumWidth() >= combo->fontMetrics().horizontalAdvance(text));
}

// The CA file and "verify" apply to rtmps:// only; verification off shows a warning; a relative
// CA path is refused with the core's rule; a CA file and the check reach the job.
void TestSubmitJobDialog::tlsFieldsForRtmpsOnly()
{
    auto *stream = child<QLineEdit>("streamUrlEdit");
    auto *caFile = child<QLineEdit>("caFileEdit");
    auto *verify = child<QCheckBox>("tlsVerifyCheck");
    auto *warning = child<QLabel>("tlsVerifyWarning");
    QVERIFY(caFile && verify && warning);
    QTest::keyClicks(child<QLineEdit>("jobNameEdit"), QStringLiteral("tls cam"));
    QTest::keyClicks(stream, QStringLiteral("rtmp://127.0.0.1/live/x"));
    QVERIFY(!caFile->isEnabled());
    QVERIFY(!verify->isEnabled());

    stream->clear();
    QTest::keyClicks(stream, QStringLiteral("rtmps://127.0.0.1/live/x"));
    QVERIFY(caFile->isEnabled());
    QVERIFY(verify->isEnabled() && verify->isChecked());
    QVERIFY(!warning->isVisible());
    verify->setChecked(false);
    QVERIFY(warning->isVisible());
    QVERIFY(okButton()->isEnabled()); // allowed, but flagged
    verify->setChecked(true);
    QVERIFY(!warning->isVisible());

    QTest::keyClicks(caFile, QStringLiteral("ca.pem"));
    auto *error = child<QLabel>("streamUrlError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("CaFile")), qPrintable(error->text()));
    QVERIFY(!okButton()->isEnabled());

    const QString pem = m_archiveDir.filePath(QStringLiteral("ca.pem"));
    QFile file(pem);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("-----BEGIN CERTIFICATE-----\n") > 0);
    file.close();
    caFile->clear();
    QTest::keyClicks(caFile, pem);
    QVERIFY(!error->isVisible());
    QVERIFY(okButton()->isEnabled());
    QSignalSpy submitted(m_dialog.get(), &SubmitJobDialog::jobSubmitted);
    QTest::mouseClick(okButton(), Qt::LeftButton);
    QTRY_COMPARE(submitted.size(), 1);
    const Result<SnapshotJob> job = catalogJob(*m_host, submitted.at(0).at(0).toString());
    QVERIFY2(job.ok(), job.ok() ? "" : qPrintable(job.error().message));
    QCOMPARE(job->streamInput.caFile, pem);
    QVERIFY(job->streamInput.tlsVerify);
}

QTEST_MAIN(TestSubmitJobDialog)
#include "tst_submitjobdialog.moc"
