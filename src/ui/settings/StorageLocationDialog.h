#pragma once

#include "domain/StorageLocation.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace livesnap {
class EngineHost;
struct Error;
} // namespace livesnap

namespace livesnap::ui {

// "Configure a storage location": the form to add one (a local folder, an Alibaba OSS or an
// S3-compatible bucket) or to edit one. Saves through the service, which validates every field
// and keeps the access key in the keychain; a refusal is shown inline with the service's code
// and message, and the dialog stays open with the input. Secrets never come back from the
// service: on edit, empty key fields keep the stored key.
class StorageLocationDialog : public QDialog {
    Q_OBJECT

public:
    // Adds a new location.
    explicit StorageLocationDialog(EngineHost &host, QWidget *parent = nullptr);
    // Edits `location` (its type, endpoint and bucket name it, so they cannot change).
    StorageLocationDialog(EngineHost &host, const StorageLocation &location,
                          QWidget *parent = nullptr);
    ~StorageLocationDialog() override;

    bool isEditing() const { return !m_locationId.isEmpty(); }
    // The id of the edited location, or of the added one once saved.
    QString locationId() const { return m_locationId; }
    bool isBusy() const { return m_busy; }
    QString errorText() const;

    // The location the form describes (without any secret).
    StorageLocation locationFromForm() const;

public slots:
    void save();

signals:
    void saved(const QString &locationId);
    void saveFailed(const QString &code, const QString &message);

protected:
    void done(int result) override;

private:
    void build();
    void showType();
    void browseForFolder();
    void setBusy(bool busy);
    void showError(const Error &error);
    void focusField(const QString &code);
    QString selectedType() const;

    EngineHost &m_host;
    QString m_locationId; // empty while adding
    StorageLocation m_original;

    QFormLayout *m_form = nullptr;
    QWidget *m_formWidget = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_bucket = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QWidget *m_pathRow = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLineEdit *m_region = nullptr;
    QCheckBox *m_pathStyle = nullptr;
    QComboBox *m_signatureVersion = nullptr;
    QLineEdit *m_accessKeyId = nullptr;
    QLineEdit *m_accessKeySecret = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_saveButton = nullptr;
    bool m_busy = false;
};

} // namespace livesnap::ui
