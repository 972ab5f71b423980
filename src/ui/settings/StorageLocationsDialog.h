#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class StorageLocationModel;

// The storage-location manager: a table of the configured locations (kept current through
// storageLocationsChanged) with Add…, Edit…, Test and Delete. Test writes, reads back and
// deletes a probe object on the engine thread (seconds against a remote store) while a busy
// indicator runs and the dialog stays responsive; its outcome (OK, or the service's code and
// message) is shown below the table.
class StorageLocationsDialog : public QDialog {
    Q_OBJECT

public:
    explicit StorageLocationsDialog(EngineHost &host, QWidget *parent = nullptr);
    ~StorageLocationsDialog() override;

    // Opens a manager window-modal over `parent` that deletes itself when closed (for the
    // Submit dialog's "Configure…" and the main window's menu). Connect to its finished()
    // signal, or to the service's storageLocationsChanged, to hear about changes.
    static StorageLocationsDialog *openManager(EngineHost &host, QWidget *parent);

    StorageLocationModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString selectedLocationId() const;
    // Selects the row of a location id (if listed); returns whether it did.
    bool selectLocation(const QString &locationId);
    bool isTesting() const { return !m_testingId.isEmpty(); }
    // The outcome line below the table (test results, refused deletes).
    QString resultText() const;

public slots:
    void addLocation();
    void editSelectedLocation();
    void testSelectedLocation();
    // Asks for confirmation first; deletes only when the operator agrees.
    void deleteSelectedLocation();

signals:
    void testFinished(const QString &locationId, bool ok, const QString &text);
    void deleteFinished(const QString &locationId, bool ok, const QString &text);

protected:
    void done(int result) override;

private:
    void updateButtons();
    void deleteLocation(const QString &locationId);
    void showResult(const QString &text, bool ok);

    EngineHost &m_host;
    StorageLocationModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_loadError = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_result = nullptr;
    QString m_testingId;       // the location a test runs against, empty when none
    QString m_deletingId;      // the location being deleted, empty when none
    QString m_selectAfterLoad; // a just-added location, selected once the model lists it
};

} // namespace livesnap::ui
