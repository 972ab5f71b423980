#pragma once

#include "domain/StorageLocation.h"
#include "domain/StreamInput.h"

#include <QDialog>
#include <QHash>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class ExtraStoresList;
class StreamTlsFields;

// The console's "Submit job" form: Job Name, Storage Location (with Configure…) and the locations
// that also keep a copy, Template, Live Stream type (RTMP first and default, RTSP, SRT, HLS) and
// URL (with a CA file and certificate check for TLS URLs), and an optional Callback URL.
// Each field is checked as it is typed with the core's own rules; OK stays disabled until all pass.
// OK submits through the engine thread; a refusal from the service is shown in the dialog and the
// input is kept.
class SubmitJobDialog : public QDialog {
    Q_OBJECT

public:
    explicit SubmitJobDialog(EngineHost &host, QWidget *parent = nullptr);

    // The id of the job this dialog created; empty until it did.
    QString submittedJobId() const { return m_jobId; }
    bool isSubmitting() const { return m_submitting; }
    // Both lists have arrived (successfully or not) at least once.
    bool isLoaded() const { return m_templatesLoaded && m_locationsLoaded; }

public slots:
    void reloadTemplates();
    void reloadLocations();
    void reject() override;

signals:
    // "Configure…" next to Storage Location: the storage-locations dialog should open.
    void configureStorageRequested();
    void jobSubmitted(const QString &jobId);
    // Both lists have arrived (see isLoaded()).
    void loaded();

private:
    static QString locationPurpose();
    static QString templatePurpose();
    // The URL field's placeholder for a StreamInput.Type.
    static QString streamUrlHint(const QString &type);
    void validate();
    void growToFit();
    void submit();
    void setSubmitting(bool submitting);
    StreamInput streamInput() const;
    static void showError(QLabel *label, const QString &message);

    EngineHost &m_host;
    QLineEdit *m_name = nullptr;
    QComboBox *m_location = nullptr;
    QPushButton *m_configure = nullptr;
    ExtraStoresList *m_extraStores = nullptr; // more stores: a copy in each
    QComboBox *m_template = nullptr;
    QComboBox *m_streamType = nullptr;
    QLineEdit *m_streamUrl = nullptr;
    StreamTlsFields *m_tls = nullptr;
    QLineEdit *m_callbackUrl = nullptr;
    QLabel *m_nameError = nullptr;
    QLabel *m_locationError = nullptr;
    QLabel *m_templateError = nullptr;
    QLabel *m_streamUrlError = nullptr;
    QLabel *m_callbackUrlError = nullptr;
    QLabel *m_submitError = nullptr;
    QLabel *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;

    QHash<QString, SnapshotOutput> m_outputs; // by location id
    bool m_nameTouched = false;
    bool m_streamUrlTouched = false;
    bool m_templatesLoaded = false;
    bool m_locationsLoaded = false;
    bool m_templatesLoading = false;
    bool m_locationsLoading = false;
    bool m_templatesDirty = false;
    bool m_locationsDirty = false;
    QString m_templatesError;
    QString m_locationsError;
    bool m_templateVanished = false;
    bool m_locationVanished = false;
    bool m_submitting = false;
    QString m_jobId;
};

} // namespace livesnap::ui
