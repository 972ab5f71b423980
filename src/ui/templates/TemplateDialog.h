#pragma once

#include "domain/SnapshotTemplate.h"

#include <QDialog>
#include <QSet>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class TemplateOutputBox;

// The form of one snapshot template: creates a custom template or edits one. Every field is
// checked as it is typed by the core's rules (their messages are shown inline, and OK stays
// disabled while any is refused); OK sends the form to the service and closes the dialog only
// when the service accepted it. A refusal is shown in the dialog with the input kept.
class TemplateDialog : public QDialog {
    Q_OBJECT

public:
    enum class Mode { Create, Edit };

    // Create: a new custom template prefilled from `values` (an empty format leaves its storage
    // rule unchecked, with the default format ready in its field). Edit: changes the template
    // `values` (by its templateId), sending only the fields that changed.
    TemplateDialog(EngineHost &host, Mode mode, const SnapshotTemplate &values,
                   QWidget *parent = nullptr);

    // A fresh template for Create: no name, no interval, both storage rules with their default
    // formats.
    static SnapshotTemplate newTemplateValues();

    Mode mode() const { return m_mode; }
    // True while the service has the form.
    bool isSaving() const { return m_saving; }

public slots:
    // Sends the form to the service if it is valid (what OK does).
    void accept() override;
    void reject() override;

signals:
    // The service stored the template (created or changed); the dialog then closes accepted.
    void saved(const QString &templateId);
    // The service refused the form or failed; the message is shown in the dialog.
    void saveFailed(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildForm();
    // Re-checks every field with the core's rules; shows the refusals of touched fields and
    // enables OK only for a valid form.
    void validate();
    bool isFormValid() const;
    QString overwriteFormat() const;
    QString sequenceFormat() const;
    void setSaving(bool saving);
    void finishSave(const QString &templateId, const QString &errorMessage);
    void touch(QWidget *field);
    void scheduleFit();
    void growToFit();

    EngineHost &m_host;
    const Mode m_mode;
    const SnapshotTemplate m_original;
    bool m_saving = false;
    bool m_abandoned = false;
    bool m_fitPending = false;
    QSet<QWidget *> m_touched;

    QWidget *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameError = nullptr;
    QLineEdit *m_interval = nullptr;
    QLabel *m_intervalError = nullptr;
    QCheckBox *m_overwrite = nullptr;
    QLineEdit *m_overwriteFormat = nullptr;
    QLabel *m_overwriteFormatError = nullptr;
    QCheckBox *m_sequence = nullptr;
    QLineEdit *m_sequenceFormat = nullptr;
    QLabel *m_sequenceFormatError = nullptr;
    QLabel *m_storageRuleError = nullptr;
    TemplateOutputBox *m_output = nullptr;
    QLabel *m_serviceError = nullptr;
    QLabel *m_savingLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_okButton = nullptr;
};

} // namespace livesnap::ui
