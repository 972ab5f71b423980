#include "../UiTestSupport.h"
#include "catalog/Schema.h"
#include "domain/TemplateRules.h"
#include "engine/EngineHost.h"
#include "models/TemplateListModel.h"
#include "pages/TemplatePage.h"
#include "templates/TemplateDialog.h"

#include <QAbstractButton>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <algorithm>
#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {

template <typename T> T *child(QWidget *parent, const char *objectName)
{
    return parent->findChild<T *>(QString::fromLatin1(objectName));
}

// What a mouse sends for a double-click: press and release, then the double-click.
void doubleClick(QTableView *view, const QModelIndex &index)
{
    view->scrollTo(index);
    const QPoint at = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
}

} // namespace

// The Template Management tab: the list, its commands, and how it follows the service.
class TestTemplatePage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsSystemTemplates();
    void systemTemplateCannotBeEditedOrDeleted();
    void showsTemplateCreatedByServiceWithoutRefresh();
    void sortsByInterval();
    void customTemplateCanBeEditedAndDeleted();
    void newButtonCreatesTemplateShownAndSelected();
    void doubleClickEditsTemplateAndListFollows();
    void duplicateOfSystemTemplateIsCustomCopy();
    void keyboardEditsAndDeletes();
    void deleteAsksAndKeepKeepsIt();
    void deleteWithConfirmationRemovesIt();
    void deleteOfTemplateInUseNamesItsJobs();
    void errorBoxKeepsTheCodeInDetails();

private:
    QString createTemplate(const QString &name, int interval);
    bool selectTemplate(const QString &id);
    QAbstractButton *button(const char *objectName) const
    {
        return child<QAbstractButton>(m_page.get(), objectName);
    }
    QAbstractItemModel *shown() const { return m_page->view()->model(); }
    bool existsInCatalog(const QString &id);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<TemplatePage> m_page;
};

void TestTemplatePage::initTestCase()
{
    useFreshSettings();
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_page = std::make_unique<TemplatePage>(*m_host);
    m_page->resize(1000, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestTemplatePage::cleanupTestCase()
{
    m_page.reset();
    m_host.reset();
}

QString TestTemplatePage::createTemplate(const QString &name, int interval)
{
    TemplateSpec spec;
    spec.templateName = name;
    spec.timeInterval = interval;
    spec.overwriteFormat = rules::DefaultOverwriteFormat;
    const auto created = callEngine(
        *m_host, [spec](SnapshotService &s) { return s.createLiveSnapshotTemplate(spec); });
    return created && created->ok() ? created->value() : QString();
}

bool TestTemplatePage::selectTemplate(const QString &id)
{
    if (!QTest::qWaitFor([&] { return rowOf(*shown(), id) >= 0; })) {
        return false;
    }
    m_page->view()->selectRow(rowOf(*shown(), id));
    return m_page->selectedTemplateId() == id;
}

bool TestTemplatePage::existsInCatalog(const QString &id)
{
    // Queued behind anything the page sent before, on the same engine thread.
    const auto got =
        callEngine(*m_host, [id](SnapshotService &s) { return s.getLiveSnapshotTemplate(id); });
    return got.has_value() && got->ok();
}

void TestTemplatePage::listsSystemTemplates()
{
    TemplateListModel *model = m_page->model();
    QTRY_COMPARE(model->rowCount(), 3);
    QCOMPARE(shown()->rowCount(), 3);
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Type"));
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Name"));
    for (const QString &id :
         {schema::SystemOverwrite5s, schema::SystemRealtime10s, schema::SystemRealtime60s}) {
        const int row = model->rowOf(id);
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, TemplateListModel::TypeColumn).data().toString(),
                 QStringLiteral("system"));
        QVERIFY(model->templateAt(row).isSystem());
        QVERIFY(!model->index(row, TemplateListModel::NameColumn).data().toString().isEmpty());
    }
}

void TestTemplatePage::systemTemplateCannotBeEditedOrDeleted()
{
    QVERIFY(button("editTemplateButton") && button("deleteTemplateButton") &&
            button("newTemplateButton") && button("duplicateTemplateButton"));
    m_page->view()->clearSelection();
    QVERIFY(button("newTemplateButton")->isEnabled());
    QVERIFY(!button("editTemplateButton")->isEnabled());
    QVERIFY(!button("duplicateTemplateButton")->isEnabled());

    QVERIFY(selectTemplate(schema::SystemRealtime10s));
    QVERIFY(!button("editTemplateButton")->isEnabled());
    QVERIFY(!button("deleteTemplateButton")->isEnabled());
    QVERIFY(button("duplicateTemplateButton")->isEnabled());
    // Neither the slots nor a double-click get around it.
    QCOMPARE(m_page->editSelectedTemplate(), nullptr);
    m_page->deleteSelectedTemplate();
    QVERIFY(!m_page->findChild<QMessageBox *>());
    doubleClick(m_page->view(), shown()->index(rowOf(*shown(), schema::SystemRealtime10s),
                                               TemplateListModel::NameColumn));
    QVERIFY(!m_page->findChild<TemplateDialog *>());
}

void TestTemplatePage::showsTemplateCreatedByServiceWithoutRefresh()
{
    const QString id = createTemplate(QStringLiteral("made elsewhere"), 15);
    QVERIFY(!id.isEmpty());
    // Only templatesChanged tells the page.
    QTRY_VERIFY(rowOf(*shown(), id) >= 0);
    const int row = rowOf(*shown(), id);
    QCOMPARE(shown()->index(row, TemplateListModel::NameColumn).data().toString(),
             QStringLiteral("made elsewhere"));
    QCOMPARE(shown()->index(row, TemplateListModel::TypeColumn).data().toString(),
             QStringLiteral("custom"));
    QCOMPARE(shown()->index(row, TemplateListModel::IntervalColumn).data().toInt(), 15);
}

void TestTemplatePage::sortsByInterval()
{
    for (int seconds : {3600, 7, 45}) {
        QVERIFY(!createTemplate(QStringLiteral("sort %1").arg(seconds), seconds).isEmpty());
    }
    QTRY_COMPARE(shown()->rowCount(), 7);
    auto intervals = [this] {
        QList<int> values;
        for (int row = 0; row < shown()->rowCount(); ++row) {
            values << shown()->index(row, TemplateListModel::IntervalColumn).data().toInt();
        }
        return values;
    };
    QHeaderView *header = m_page->view()->horizontalHeader();
    const int column = TemplateListModel::IntervalColumn;
    const QPoint middle(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, middle);
    QCOMPARE(header->sortIndicatorSection(), column);
    const Qt::SortOrder first = header->sortIndicatorOrder();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, middle);
    QVERIFY(header->sortIndicatorOrder() != first);
    if (header->sortIndicatorOrder() != Qt::AscendingOrder) {
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, middle);
    }
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QList<int> ascending = intervals();
    QVERIFY2(std::is_sorted(ascending.begin(), ascending.end()),
             qPrintable(QString::number(ascending.size())));
    QCOMPARE(ascending.constFirst(), 5);
    QCOMPARE(ascending.constLast(), 3600);

    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, middle);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QList<int> descending = intervals();
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(descending, ascending);
}

void TestTemplatePage::customTemplateCanBeEditedAndDeleted()
{
    const QString id = createTemplate(QStringLiteral("editable"), 30);
    QVERIFY(selectTemplate(id));
    QVERIFY(button("editTemplateButton")->isEnabled());
    QVERIFY(button("deleteTemplateButton")->isEnabled());
    QVERIFY(button("duplicateTemplateButton")->isEnabled());
    // Back on a system row, they are disabled again.
    QVERIFY(selectTemplate(schema::SystemOverwrite5s));
    QVERIFY(!button("editTemplateButton")->isEnabled());
    QVERIFY(!button("deleteTemplateButton")->isEnabled());
}

void TestTemplatePage::newButtonCreatesTemplateShownAndSelected()
{
    const int before = shown()->rowCount();
    QTest::mouseClick(button("newTemplateButton"), Qt::LeftButton);
    QPointer<TemplateDialog> dialog = m_page->findChild<TemplateDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->mode(), TemplateDialog::Mode::Create);
    QTest::keyClicks(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("from the button"));
    QTest::keyClicks(child<QLineEdit>(dialog, "intervalEdit"), QStringLiteral("25"));
    QTest::mouseClick(child<QPushButton>(dialog, "okButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog); // closed and deleted once the service stored it

    QTRY_COMPARE(shown()->rowCount(), before + 1);
    QTRY_VERIFY(!m_page->selectedTemplateId().isEmpty());
    const QString id = m_page->selectedTemplateId();
    const int row = rowOf(*shown(), id);
    QCOMPARE(shown()->index(row, TemplateListModel::NameColumn).data().toString(),
             QStringLiteral("from the button"));
    QCOMPARE(shown()->index(row, TemplateListModel::IntervalColumn).data().toInt(), 25);
    QVERIFY(existsInCatalog(id));
}

void TestTemplatePage::doubleClickEditsTemplateAndListFollows()
{
    const QString id = createTemplate(QStringLiteral("double-click me"), 30);
    QVERIFY(selectTemplate(id));
    doubleClick(m_page->view(),
                shown()->index(rowOf(*shown(), id), TemplateListModel::IntervalColumn));
    QPointer<TemplateDialog> dialog = m_page->findChild<TemplateDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), TemplateDialog::Mode::Edit);
    auto *interval = child<QLineEdit>(dialog, "intervalEdit");
    QCOMPARE(interval->text(), QStringLiteral("30"));
    interval->selectAll();
    QTest::keyClicks(interval, QStringLiteral("120"));
    QTest::mouseClick(child<QPushButton>(dialog, "okButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog);
    QTRY_COMPARE(
        shown()->index(rowOf(*shown(), id), TemplateListModel::IntervalColumn).data().toInt(), 120);
    QCOMPARE(m_page->selectedTemplateId(), id);
}

void TestTemplatePage::duplicateOfSystemTemplateIsCustomCopy()
{
    QVERIFY(selectTemplate(schema::SystemRealtime60s));
    const SnapshotTemplate system =
        m_page->model()->templateAt(m_page->model()->rowOf(schema::SystemRealtime60s));
    QTest::mouseClick(button("duplicateTemplateButton"), Qt::LeftButton);
    QPointer<TemplateDialog> dialog = m_page->findChild<TemplateDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), TemplateDialog::Mode::Create);
    QVERIFY(child<QLineEdit>(dialog, "nameEdit")->text().contains(system.templateName));
    QCOMPARE(child<QLineEdit>(dialog, "intervalEdit")->text(),
             QString::number(system.timeInterval));
    QCOMPARE(child<QLineEdit>(dialog, "sequenceFormatEdit")->text(), system.sequenceFormat);
    QSignalSpy saved(dialog.data(), &TemplateDialog::saved);
    QTest::mouseClick(child<QPushButton>(dialog, "okButton"), Qt::LeftButton);
    QTRY_COMPARE(saved.size(), 1);
    const QString copy = saved.at(0).at(0).toString();
    QVERIFY(copy != system.templateId);
    QTRY_COMPARE(m_page->selectedTemplateId(), copy);
    QVERIFY(button("editTemplateButton")->isEnabled());
}

void TestTemplatePage::keyboardEditsAndDeletes()
{
    const QString id = createTemplate(QStringLiteral("by keyboard"), 30);
    QVERIFY(selectTemplate(id));
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    m_page->view()->setFocus();
    QTRY_VERIFY(m_page->view()->hasFocus());

    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QPointer<TemplateDialog> dialog = m_page->findChild<TemplateDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->mode(), TemplateDialog::Mode::Edit);
    QCOMPARE(child<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("by keyboard"));
    dialog->reject();
    QTRY_VERIFY(!dialog);
    QVERIFY(existsInCatalog(id));

    m_page->activateWindow();
    m_page->view()->setFocus();
    QTRY_VERIFY(m_page->view()->hasFocus());
    QTest::keyClick(m_page->view(), Qt::Key_Delete);
    QPointer<QMessageBox> box; // once the service said no job uses it
    QTRY_VERIFY(box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteTemplateConfirm")));
    // Keep is the default: Enter does not delete.
    QCOMPARE(box->defaultButton(), child<QPushButton>(box, "keepButton"));
    QTest::mouseClick(child<QPushButton>(box, "keepButton"), Qt::LeftButton);
    QTRY_VERIFY(!box);
    QVERIFY(existsInCatalog(id));
}

void TestTemplatePage::deleteAsksAndKeepKeepsIt()
{
    const QString id = createTemplate(QStringLiteral("keep me"), 30);
    QVERIFY(selectTemplate(id));
    QTest::mouseClick(button("deleteTemplateButton"), Qt::LeftButton);
    QPointer<QMessageBox> box; // once the service said no job uses it
    QTRY_VERIFY(box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteTemplateConfirm")));
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("keep me")));
    QTest::mouseClick(child<QPushButton>(box, "keepButton"), Qt::LeftButton);
    QTRY_VERIFY(!box);
    QVERIFY(existsInCatalog(id));
    QVERIFY(rowOf(*shown(), id) >= 0);
}

void TestTemplatePage::deleteWithConfirmationRemovesIt()
{
    const QString id = createTemplate(QStringLiteral("delete me"), 30);
    QVERIFY(selectTemplate(id));
    QTest::mouseClick(button("deleteTemplateButton"), Qt::LeftButton);
    QPointer<QMessageBox> box; // once the service said no job uses it
    QTRY_VERIFY(box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteTemplateConfirm")));
    QTest::mouseClick(child<QPushButton>(box, "confirmDeleteButton"), Qt::LeftButton);
    QTRY_COMPARE(rowOf(*shown(), id), -1);
    QVERIFY(!existsInCatalog(id));
    QVERIFY(!m_page->findChild<QMessageBox *>(QStringLiteral("templateErrorBox")));
    // The view moves the selection to a neighbour; the commands follow what is selected now.
    const QString now = m_page->selectedTemplateId();
    QVERIFY(now != id);
    const int row = m_page->model()->rowOf(now);
    const bool editable = row >= 0 && !m_page->model()->templateAt(row).isSystem();
    QCOMPARE(button("deleteTemplateButton")->isEnabled(), editable);
    QCOMPARE(button("editTemplateButton")->isEnabled(), editable);
}

void TestTemplatePage::deleteOfTemplateInUseNamesItsJobs()
{
    const QString id = createTemplate(QStringLiteral("in use"), 30);
    QVERIFY(!id.isEmpty());
    JobSpec job;
    job.jobName = QStringLiteral("uses the template");
    job.templateId = id;
    job.streamInput =
        StreamInput{QStringLiteral("rtmp"), QStringLiteral("rtmp://127.0.0.1:1/live/x")};
    job.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    const auto submitted =
        callEngine(*m_host, [job](SnapshotService &s) { return s.submitLiveSnapshotJob(job); });
    QVERIFY(submitted.has_value());
    QVERIFY2(submitted->ok(), qPrintable(submitted->ok() ? QString() : submitted->error().message));
    // What the service says when asked directly (it refuses, so nothing changes).
    const auto refused =
        callEngine(*m_host, [id](SnapshotService &s) { return s.deleteLiveSnapshotTemplate(id); });
    QVERIFY(refused.has_value() && !refused->ok());
    QCOMPARE(refused->error().code, errc::TemplateInUse);

    // A second job, named; the page names the jobs instead of warning "cannot be undone" first.
    job.jobName = QStringLiteral("second user");
    const auto second =
        callEngine(*m_host, [job](SnapshotService &s) { return s.submitLiveSnapshotJob(job); });
    QVERIFY(second && second->ok());

    QVERIFY(selectTemplate(id));
    QSignalSpy failed(m_page.get(), &TemplatePage::commandFailed);
    QTest::mouseClick(button("deleteTemplateButton"), Qt::LeftButton);
    QPointer<QMessageBox> box;
    QTRY_VERIFY(box = m_page->findChild<QMessageBox *>(QStringLiteral("templateInUseBox")));
    QTRY_VERIFY(box->isVisible());
    QVERIFY(!m_page->findChild<QMessageBox *>(QStringLiteral("deleteTemplateConfirm")));
    QVERIFY(!box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")));
    const QString text = box->text();
    QVERIFY2(text.contains(QStringLiteral("\"in use\" is used by 2 jobs")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\"uses the template\"")) &&
                 text.contains(QStringLiteral("\"second user\"")),
             qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("cannot be undone")));
    QVERIFY(!text.contains(errc::TemplateInUse)); // no API words
    QVERIFY(!text.contains(id));
    QCOMPARE(failed.size(), 1);
    box->close();
    QTRY_VERIFY(!box);
    QVERIFY(existsInCatalog(id));
    QVERIFY(rowOf(*shown(), id) >= 0);
}

// Refusals show the operator's words; the API code is under Details.
void TestTemplatePage::errorBoxKeepsTheCodeInDetails()
{
    const QString id = createTemplate(QStringLiteral("gone meanwhile"), 30);
    QVERIFY(selectTemplate(id));
    QTest::mouseClick(button("deleteTemplateButton"), Qt::LeftButton);
    QPointer<QMessageBox> confirm;
    QTRY_VERIFY(confirm =
                    m_page->findChild<QMessageBox *>(QStringLiteral("deleteTemplateConfirm")));
    // Deleted elsewhere (livesnapctl) while the box was open.
    const auto removed =
        callEngine(*m_host, [id](SnapshotService &s) { return s.deleteLiveSnapshotTemplate(id); });
    QVERIFY(removed && removed->ok());
    QTest::mouseClick(child<QPushButton>(confirm, "confirmDeleteButton"), Qt::LeftButton);
    QPointer<QMessageBox> box;
    QTRY_VERIFY(box = m_page->findChild<QMessageBox *>(QStringLiteral("templateErrorBox")));
    QVERIFY(!box->text().contains(errc::TemplateNotFound));
    QCOMPARE(box->detailedText(), QStringLiteral("Error code: %1").arg(errc::TemplateNotFound));
    box->close();
    QTRY_VERIFY(!box);
}

QTEST_MAIN(TestTemplatePage)
#include "tst_templatepage.moc"
