#include "../../support/Await.h"
#include "JobTestSupport.h"
#include "engine/EngineHost.h"
#include "jobs/SubmitJobDialog.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

// The Submit Job dialog's "Also keep a copy in" list: the locations besides the chosen Storage
// Location, checked ones becoming the job's further stores (a copy in each).
class TestSubmitJobStores : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid() && m_archiveDir.isValid());
        LIVESNAP_START_HOST(m_host, m_dir.path());
        m_archiveId = addLocalLocation(*m_host, QStringLiteral("archive"), m_archiveDir.path());
        QVERIFY(!m_archiveId.isEmpty());
    }

    void cleanupTestCase() { m_host.reset(); }

    void checkedLocationsBecomeMoreStores()
    {
        SubmitJobDialog dialog(*m_host);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTRY_VERIFY(dialog.isLoaded());
        auto *locations = dialog.findChild<QComboBox *>(QStringLiteral("storageLocationCombo"));
        auto *extra = dialog.findChild<QListWidget *>(QStringLiteral("extraStoresList"));
        QVERIFY(locations && extra);
        QCOMPARE(extra->count(), 2);
        // The first store is not offered again.
        QCOMPARE(locations->currentIndex(), 0);
        QVERIFY(extra->item(0)->isHidden());
        QVERIFY(!extra->item(1)->isHidden());
        QCOMPARE(extra->item(1)->data(Qt::UserRole).toString(), m_archiveId);
        // Choosing the archive as the first store hides it and offers the default instead.
        locations->setCurrentIndex(1);
        QVERIFY(extra->item(1)->isHidden());
        QVERIFY(!extra->item(0)->isHidden());
        locations->setCurrentIndex(0);
        extra->item(1)->setCheckState(Qt::Checked);

        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("jobNameEdit")),
                         QStringLiteral("two stores"));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("streamUrlEdit")),
                         QStringLiteral("rtmp://127.0.0.1/live/two"));
        auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("submitJobOk"));
        QVERIFY(ok->isEnabled());
        QSignalSpy submitted(&dialog, &SubmitJobDialog::jobSubmitted);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE(submitted.size(), 1);
        const Result<SnapshotJob> job = catalogJob(*m_host, submitted.at(0).at(0).toString());
        QVERIFY2(job.ok(), job.ok() ? "" : qPrintable(job.error().message));
        QCOMPARE(job->locationIds, (QStringList{QStringLiteral("local-default"), m_archiveId}));
        QCOMPARE(job->snapshotOutputs.at(1).bucket, QStringLiteral("archive"));
    }

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_archiveDir;
    std::unique_ptr<EngineHost> m_host;
    QString m_archiveId;
};

QTEST_MAIN(TestSubmitJobStores)
#include "tst_submitjobstores.moc"
