#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// File ▸ Catalog…: the catalog the GUI opens at its next start (a postgresql:// URL shared with
// other engines, or empty for the SQLite catalog in the data directory) and whether it runs as a
// console only (no jobs on this computer). The URL is checked by the core's CatalogUrl rules (no
// password in it: libpq reads PGPASSWORD or ~/.pgpass). The engine opens a catalog only when it
// starts, so a change says that LiveSnap must be restarted.
class CatalogDialog : public QDialog {
    Q_OBJECT

public:
    explicit CatalogDialog(const EngineHost &host, QWidget *parent = nullptr);

    // Opens the dialog window-modal over `parent`; it deletes itself when closed, and tells the
    // operator to restart when the saved choice differs from what this window runs on.
    static CatalogDialog *openOver(const EngineHost &host, QWidget *parent);

    QLineEdit *urlField() const { return m_url; }
    QCheckBox *consoleOnlyBox() const { return m_consoleOnly; }
    // The inline error; empty when none.
    QString errorText() const;
    // The note under the form (the catalog this window is on, and where it came from).
    QString sessionText() const;
    // After a save: whether the saved choice differs from what this window runs on.
    bool restartNeeded() const { return m_restartNeeded; }

public slots:
    // Checks the URL, saves the choice and accepts; a refused URL stays with its error.
    void save();

signals:
    void saved(bool restartNeeded);

private:
    QString m_sessionCatalog; // the URL this window's engine opened; empty: SQLite
    bool m_sessionConsoleOnly = false;
    QLineEdit *m_url = nullptr;
    QCheckBox *m_consoleOnly = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_session = nullptr;
    bool m_restartNeeded = false;
};

} // namespace livesnap::ui
