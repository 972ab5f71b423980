#include "../../support/Await.h"
#include "UiTestSupport.h"
#include "engine/EngineHost.h"
#include "secrets/SecretStore.h"
#include "settings/StorageLocationDialog.h"
#include "settings/StorageLocationModel.h"
#include "settings/StorageLocationsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {
// Unique strings, so finding them in a file can only mean the secret leaked there.
const QString S3KeyId = QStringLiteral("AKIDLIVESNAPUITEST01");
const QString S3Secret = QStringLiteral("uiTestSecret-7f3c9a-DoNotStore");

template <typename T> T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

void typeInto(QWidget *parent, const char *name, const QString &text)
{
    auto *edit = child<QLineEdit>(parent, name);
    QVERIFY2(edit, name);
    edit->clear();
    QTest::keyClicks(edit, text);
}

void selectType(QWidget *form, const QString &type)
{
    auto *combo = child<QComboBox>(form, "storageTypeCombo");
    QVERIFY(combo);
    const int index = combo->findData(type);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}
} // namespace

class TestStorageLocationDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void listsBuiltInDefaultReadOnly();
    void formShowsFieldsOfEachType();
    void addingLocalFolderCreatesItAndTestsOk();
    void invalidNameIsRefusedInline();
    void unwritableFolderShowsServiceError();
    void deleteAsksForConfirmation();
    void s3SecretGoesToKeychainOnly();
    void editKeepsStoredSecretWhenEmpty();
    void editWithHalfAKeyIsRefusedInline();
    void geometryIsRemembered();

private:
    QList<StorageLocation> locations();
    // Opens the manager's Add… form (or the Edit… form of the selected row).
    StorageLocationDialog *openForm(const char *buttonName);
    // Fills and saves the form; returns the new location's id (empty on failure).
    QString addThroughDialog(const std::function<void(StorageLocationDialog *)> &fill);
    QString locationIdWithBucket(const QString &bucket);
    // A location's credentials as the keychain holds them (empty without a secret store).
    std::optional<Result<StorageCredentials>> storedCredentials(const QString &locationId);

    QTemporaryDir m_dir;
    QTemporaryDir m_folders;
    std::unique_ptr<EngineHost> m_host;
    QPointer<StorageLocationsDialog> m_manager;
};

void TestStorageLocationDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnapTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_storagelocationdialog"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    QVERIFY(m_folders.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
}

void TestStorageLocationDialog::cleanupTestCase()
{
    m_host.reset();
}

void TestStorageLocationDialog::init()
{
    m_manager = StorageLocationsDialog::openManager(*m_host, nullptr);
    QVERIFY(m_manager);
    QVERIFY(QTest::qWaitForWindowExposed(m_manager));
    QTRY_VERIFY(!m_manager->model()->isLoading());
    QVERIFY(m_manager->model()->rowCount() >= 1);
}

void TestStorageLocationDialog::cleanup()
{
    if (m_manager) {
        m_manager->close(); // deletes itself
    }
    QTRY_VERIFY(m_manager.isNull());
}

QList<StorageLocation> TestStorageLocationDialog::locations()
{
    const auto listed =
        callEngine(*m_host, [](SnapshotService &s) { return s.listStorageLocations(); });
    return listed.has_value() && listed->ok() ? listed->value() : QList<StorageLocation>();
}

std::optional<Result<StorageCredentials>>
TestStorageLocationDialog::storedCredentials(const QString &locationId)
{
    // The secret store is shared and thread-safe: read it here (a short wait on the keychain).
    const auto secrets = callEngine(*m_host, [](SnapshotService &s) { return s.secretStore(); });
    if (!secrets.has_value() || *secrets == nullptr) {
        return std::nullopt;
    }
    return SnapshotService::readCredentials(**secrets, locationId);
}

QString TestStorageLocationDialog::locationIdWithBucket(const QString &bucket)
{
    for (const StorageLocation &l : locations()) {
        if (l.bucket == bucket) {
            return l.locationId;
        }
    }
    return {};
}

StorageLocationDialog *TestStorageLocationDialog::openForm(const char *buttonName)
{
    auto *button = child<QPushButton>(m_manager, buttonName);
    if (!button || !button->isEnabled()) {
        return nullptr;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    auto *form = m_manager->findChild<StorageLocationDialog *>();
    if (!form || !QTest::qWaitForWindowExposed(form)) {
        return nullptr;
    }
    return form;
}

QString TestStorageLocationDialog::addThroughDialog(
    const std::function<void(StorageLocationDialog *)> &fill)
{
    QPointer<StorageLocationDialog> form = openForm("addButton");
    if (!form) {
        return {};
    }
    QSignalSpy saved(form.data(), &StorageLocationDialog::saved);
    fill(form);
    QTest::mouseClick(child<QPushButton>(form, "saveButton"), Qt::LeftButton);
    if (!saved.wait(10000)) {
        qWarning() << "not saved:" << (form ? form->errorText() : QString());
        return {};
    }
    const QString id = saved.at(0).at(0).toString();
    // Closed and gone (it deletes itself); the manager lists and selects the new location.
    if (!QTest::qWaitFor([&form] { return form.isNull(); }, 5000) ||
        !QTest::qWaitFor([this, id] { return m_manager->selectedLocationId() == id; }, 5000)) {
        return {};
    }
    return id;
}

void TestStorageLocationDialog::listsBuiltInDefaultReadOnly()
{
    StorageLocationModel *model = m_manager->model();
    int builtInRow = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->locationAt(row).builtIn) {
            builtInRow = row;
        }
    }
    QVERIFY(builtInRow >= 0);
    const StorageLocation &builtIn = model->locationAt(builtInRow);
    QCOMPARE(model->index(builtInRow, StorageLocationModel::BucketColumn).data().toString(),
             builtIn.bucket);
    QCOMPARE(model->index(builtInRow, StorageLocationModel::WhereColumn).data().toString(),
             QDir::toNativeSeparators(builtIn.path));
    QVERIFY(model->index(builtInRow, StorageLocationModel::TypeColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("Local folder")));

    QVERIFY(m_manager->selectLocation(builtIn.locationId));
    QCOMPARE(m_manager->selectedLocationId(), builtIn.locationId);
    QVERIFY(child<QPushButton>(m_manager, "testButton")->isEnabled());
    QVERIFY(!child<QPushButton>(m_manager, "editButton")->isEnabled());
    QVERIFY(!child<QPushButton>(m_manager, "deleteButton")->isEnabled());
}

void TestStorageLocationDialog::formShowsFieldsOfEachType()
{
    StorageLocationDialog *form = openForm("addButton");
    QVERIFY(form);
    auto visible = [form](const char *name) { return child<QWidget>(form, name)->isVisible(); };
    selectType(form, storage::Local);
    QVERIFY(visible("pathEdit") && visible("browseButton"));
    QVERIFY(!visible("endpointEdit") && !visible("accessKeySecretEdit"));
    selectType(form, storage::Oss);
    QVERIFY(!visible("pathEdit"));
    QVERIFY(visible("endpointEdit") && visible("regionEdit") && visible("signatureVersionCombo"));
    QVERIFY(visible("accessKeyIdEdit") && visible("accessKeySecretEdit"));
    QVERIFY(!visible("pathStyleCheck"));
    selectType(form, storage::S3);
    QVERIFY(visible("pathStyleCheck") && !visible("signatureVersionCombo"));
    QCOMPARE(child<QLineEdit>(form, "accessKeySecretEdit")->echoMode(), QLineEdit::Password);
    form->reject();
}

void TestStorageLocationDialog::addingLocalFolderCreatesItAndTestsOk()
{
    const QString folder = m_folders.filePath(QStringLiteral("archive-folder"));
    QVERIFY(!QFileInfo::exists(folder));
    const QString id = addThroughDialog([folder](StorageLocationDialog *form) {
        selectType(form, storage::Local);
        typeInto(form, "bucketEdit", QStringLiteral("archive"));
        typeInto(form, "pathEdit", QDir::toNativeSeparators(folder));
    });
    QVERIFY(!id.isEmpty());

    const QString listed = locationIdWithBucket(QStringLiteral("archive"));
    QCOMPARE(listed, id);
    const int row = m_manager->model()->rowOfId(id);
    QVERIFY(row >= 0);
    QCOMPARE(m_manager->model()->locationAt(row).path, QDir::cleanPath(folder));
    QCOMPARE(m_manager->model()->locationAt(row).storageType, storage::Local);

    QSignalSpy tested(m_manager.data(), &StorageLocationsDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(m_manager, "testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(10000));
    QCOMPARE(tested.at(0).at(0).toString(), id);
    QVERIFY2(tested.at(0).at(1).toBool(), qPrintable(tested.at(0).at(2).toString()));
    QVERIFY2(m_manager->resultText().contains(QStringLiteral("OK")),
             qPrintable(m_manager->resultText()));
    QVERIFY(QFileInfo(folder).isDir()); // the probe made the folder and cleaned up after itself
}

void TestStorageLocationDialog::invalidNameIsRefusedInline()
{
    const int before = int(locations().size());
    QPointer<StorageLocationDialog> form = openForm("addButton");
    QVERIFY(form);
    QSignalSpy failed(form.data(), &StorageLocationDialog::saveFailed);
    selectType(form, storage::Local);
    typeInto(form, "bucketEdit", QStringLiteral("no spaces allowed!"));
    QTest::mouseClick(child<QPushButton>(form, "saveButton"), Qt::LeftButton);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("InvalidParameter.Bucket"));
    auto *error = child<QLabel>(form, "errorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(failed.at(0).at(1).toString()), qPrintable(error->text()));
    QVERIFY(form->isVisible());
    QCOMPARE(child<QLineEdit>(form, "bucketEdit")->text(), QStringLiteral("no spaces allowed!"));
    QCOMPARE(int(locations().size()), before);
    form->reject();
    QTRY_VERIFY(form.isNull());
}

void TestStorageLocationDialog::unwritableFolderShowsServiceError()
{
    // A "folder" that is a file cannot hold snapshots; the service says why.
    const QString file = m_folders.filePath(QStringLiteral("plain-file"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a folder");
    f.close();
    const QString id = addThroughDialog([file](StorageLocationDialog *form) {
        selectType(form, storage::Local);
        typeInto(form, "bucketEdit", QStringLiteral("blocked"));
        typeInto(form, "pathEdit", file);
    });
    QVERIFY(!id.isEmpty());

    QSignalSpy tested(m_manager.data(), &StorageLocationsDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(m_manager, "testButton"), Qt::LeftButton);
    QVERIFY(child<QProgressBar>(m_manager, "testProgress")->isVisible());
    QVERIFY(tested.wait(10000));
    QVERIFY(!tested.at(0).at(1).toBool());
    QVERIFY(!child<QProgressBar>(m_manager, "testProgress")->isVisible());

    const auto direct = test::awaitEngine<Status>(
        *m_host, [id](SnapshotService &s, auto reply) { s.testStorageLocation(id, reply); });
    QVERIFY(direct.has_value());
    QVERIFY(!direct->ok());
    const QString shown = child<QLabel>(m_manager, "resultLabel")->text();
    // The operator's words in the label; the code under Details (the tooltip).
    QVERIFY2(!shown.contains(direct->error().code), qPrintable(shown));
    QVERIFY2(shown.contains(direct->error().message), qPrintable(shown));
    QVERIFY(child<QLabel>(m_manager, "resultLabel")->toolTip().contains(direct->error().code));
}

void TestStorageLocationDialog::deleteAsksForConfirmation()
{
    const QString id = locationIdWithBucket(QStringLiteral("blocked"));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_manager->selectLocation(id));
    auto *deleteButton = child<QPushButton>(m_manager, "deleteButton");
    QVERIFY(deleteButton->isEnabled());

    // No: nothing happens.
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    QPointer<QMessageBox> box =
        m_manager->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(id));
    QTest::mouseClick(box->button(QMessageBox::No), Qt::LeftButton);
    QTRY_VERIFY(box.isNull());
    QTest::qWait(100); // a delete, had one been sent, would have come back by now
    QCOMPARE(locationIdWithBucket(QStringLiteral("blocked")), id);
    QVERIFY(m_manager->model()->rowOfId(id) >= 0);

    // Yes: deleted, and the table follows.
    QSignalSpy deleted(m_manager.data(), &StorageLocationsDialog::deleteFinished);
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    box = m_manager->findChild<QMessageBox *>(QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QVERIFY(deleted.wait(5000));
    QVERIFY2(deleted.at(0).at(1).toBool(), qPrintable(deleted.at(0).at(2).toString()));
    QVERIFY(locationIdWithBucket(QStringLiteral("blocked")).isEmpty());
    QTRY_COMPARE(m_manager->model()->rowOfId(id), -1);
}

void TestStorageLocationDialog::s3SecretGoesToKeychainOnly()
{
    const QString id = addThroughDialog([](StorageLocationDialog *form) {
        selectType(form, storage::S3);
        typeInto(form, "endpointEdit", QStringLiteral("http://127.0.0.1:1"));
        typeInto(form, "bucketEdit", QStringLiteral("ui-snapshots"));
        typeInto(form, "regionEdit", QStringLiteral("us-east-1"));
        child<QCheckBox>(form, "pathStyleCheck")->setChecked(true);
        typeInto(form, "accessKeyIdEdit", S3KeyId);
        typeInto(form, "accessKeySecretEdit", S3Secret);
    });
    QVERIFY(!id.isEmpty());
    const int row = m_manager->model()->rowOfId(id);
    QVERIFY(row >= 0);
    const StorageLocation location = m_manager->model()->locationAt(row);
    QCOMPARE(location.storageType, storage::S3);
    QCOMPARE(location.endpoint, QStringLiteral("http://127.0.0.1:1"));
    QVERIFY(location.pathStyle);

    // The keychain has the key...
    const auto credentials = storedCredentials(id);
    QVERIFY(credentials.has_value());
    QVERIFY2(credentials->ok(),
             qPrintable(credentials->ok() ? QString() : credentials->error().message));
    QCOMPARE(credentials->value().accessKeyId, S3KeyId);
    QCOMPARE(credentials->value().accessKeySecret, S3Secret);
    // ...and no file of the data directory (catalog, WAL, spool) nor the table holds it.
    QDirIterator files(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(S3Secret.toUtf8()), qPrintable(file.fileName()));
        QVERIFY2(!bytes.contains(S3Secret.toUtf8().toHex()), qPrintable(file.fileName()));
        ++checked;
    }
    QVERIFY(QFileInfo::exists(m_host->dataDirectory().catalogPath()));
    QVERIFY(checked > 0);
    for (const QString &text : shownTexts(*m_manager->model())) {
        QVERIFY2(!text.contains(S3Secret) && !text.contains(S3KeyId), qPrintable(text));
    }

    // Test against the closed port: the click returns at once (the probe runs on the engine
    // thread, the GUI keeps running) and the service's code comes back.
    QSignalSpy tested(m_manager.data(), &StorageLocationsDialog::testFinished);
    QTest::mouseClick(child<QPushButton>(m_manager, "testButton"), Qt::LeftButton);
    QVERIFY(m_manager->isTesting());
    QVERIFY(child<QProgressBar>(m_manager, "testProgress")->isVisible());
    QVERIFY(!child<QPushButton>(m_manager, "testButton")->isEnabled());
    QVERIFY(child<QPushButton>(m_manager, "closeButton")->isEnabled());
    QVERIFY(tested.wait(20000));
    QVERIFY(!tested.at(0).at(1).toBool());
    const QString shown = child<QLabel>(m_manager, "resultLabel")->text();
    // Operator words: the reason, not the API code (that is under Details, the tooltip).
    QVERIFY2(!shown.contains(QStringLiteral("StorageUnreachable")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("Cannot reach")), qPrintable(shown));
    QVERIFY(child<QLabel>(m_manager, "resultLabel")
                ->toolTip()
                .contains(QStringLiteral("StorageUnreachable")));
    QVERIFY(!shown.contains(S3Secret));
    QVERIFY(!m_manager->isTesting());
    QVERIFY(child<QPushButton>(m_manager, "testButton")->isEnabled());
}

void TestStorageLocationDialog::editKeepsStoredSecretWhenEmpty()
{
    const QString id = locationIdWithBucket(QStringLiteral("ui-snapshots"));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_manager->selectLocation(id));
    QPointer<StorageLocationDialog> form = openForm("editButton");
    QVERIFY(form);
    QVERIFY(form->isEditing());
    QCOMPARE(form->locationId(), id);
    auto *secret = child<QLineEdit>(form, "accessKeySecretEdit");
    QVERIFY(secret->text().isEmpty()); // never read back
    QVERIFY(secret->placeholderText().contains(QStringLiteral("leave empty to keep")));
    QVERIFY(child<QLineEdit>(form, "bucketEdit")->isReadOnly());
    QCOMPARE(child<QLineEdit>(form, "regionEdit")->text(), QStringLiteral("us-east-1"));

    QSignalSpy saved(form.data(), &StorageLocationDialog::saved);
    typeInto(form, "regionEdit", QStringLiteral("eu-west-1"));
    QTest::mouseClick(child<QPushButton>(form, "saveButton"), Qt::LeftButton);
    QVERIFY(saved.wait(10000));
    QTRY_VERIFY(form.isNull());

    const auto location =
        callEngine(*m_host, [id](SnapshotService &s) { return s.storageLocation(id); });
    QVERIFY(location.has_value() && location->ok());
    QCOMPARE(location->value().region, QStringLiteral("eu-west-1"));
    const auto credentials = storedCredentials(id);
    QVERIFY(credentials.has_value() && credentials->ok());
    QCOMPARE(credentials->value().accessKeyId, S3KeyId);
    QCOMPARE(credentials->value().accessKeySecret, S3Secret);
    QTRY_COMPARE(m_manager->model()
                     ->index(m_manager->model()->rowOfId(id), StorageLocationModel::WhereColumn)
                     .data()
                     .toString(),
                 QStringLiteral("eu-west-1"));
}

void TestStorageLocationDialog::editWithHalfAKeyIsRefusedInline()
{
    const QString id = locationIdWithBucket(QStringLiteral("ui-snapshots"));
    QVERIFY(m_manager->selectLocation(id));
    QPointer<StorageLocationDialog> form = openForm("editButton");
    QVERIFY(form);
    QSignalSpy failed(form.data(), &StorageLocationDialog::saveFailed);
    typeInto(form, "accessKeyIdEdit", QStringLiteral("AKIDONLYHALF"));
    QTest::mouseClick(child<QPushButton>(form, "saveButton"), Qt::LeftButton);
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.at(0).at(0).toString().startsWith(QStringLiteral("MissingParameter")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(form->errorText().contains(failed.at(0).at(1).toString()));
    QVERIFY(form->isVisible());
    QCOMPARE(child<QLineEdit>(form, "accessKeyIdEdit")->text(), QStringLiteral("AKIDONLYHALF"));
    const auto credentials = storedCredentials(id);
    QVERIFY(credentials.has_value() && credentials->ok());
    QCOMPARE(credentials->value().accessKeyId, S3KeyId);
    form->reject();
}

void TestStorageLocationDialog::geometryIsRemembered()
{
    m_manager->resize(901, 433);
    m_manager->close();
    QTRY_VERIFY(m_manager.isNull());
    QVERIFY(!QSettings()
                 .value(QStringLiteral("storageLocationsDialog/geometry"))
                 .toByteArray()
                 .isEmpty());
    StorageLocationsDialog again(*m_host);
    QCOMPARE(again.size(), QSize(901, 433));
}

QTEST_MAIN(TestStorageLocationDialog)
#include "tst_storagelocationdialog.moc"
