#pragma once

#include "domain/SnapshotTemplate.h"
#include "templates/TemplateDialog.h"

#include <QString>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class TemplateListModel;

// Template Management: every template, sortable and filterable, and the commands on them:
// New…, Duplicate…, Edit… (also a double-click) and Delete (after a confirmation). System
// templates are read-only (SnapshotTemplate::isSystem), so Edit and Delete are disabled for
// them; whatever the service refuses is shown with its own message. The list follows the
// service's templatesChanged, so a change made anywhere shows up without a refresh.
class TemplatePage : public QWidget {
    Q_OBJECT

public:
    explicit TemplatePage(EngineHost &host, QWidget *parent = nullptr);

    TemplateListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    // The id of the selected template; empty when none is selected.
    QString selectedTemplateId() const;
    // Selects the template's row now, or as soon as a reload lists it.
    void selectTemplate(const QString &templateId);

public slots:
    // Each opens its dialog window-modally (the dialog deletes itself when closed) and returns
    // it; nullptr when there is nothing to act on (no selection, or a read-only template).
    TemplateDialog *newTemplate();
    TemplateDialog *duplicateSelectedTemplate();
    TemplateDialog *editSelectedTemplate();
    // Asks for confirmation, then deletes the selected custom template.
    void deleteSelectedTemplate();
    // Relists every template (F5).
    void refresh();
    // Puts the keyboard focus in the filter box (Ctrl+F).
    void focusFilter();

signals:
    // A delete was refused or failed; the message is also shown to the user.
    void commandFailed(const QString &message);

private:
    std::optional<SnapshotTemplate> selectedTemplate() const;
    TemplateDialog *openDialog(TemplateDialog::Mode mode, const SnapshotTemplate &values);
    void deleteTemplate(const QString &templateId);
    // A refusal: the operator's words in the box, the API code under Details.
    void showError(const QString &message, const QString &code = QString());
    // Asks the service which jobs use the template; then confirms, or says what is in the way.
    void checkUsersThenConfirm(const QString &templateId, const QString &templateName);
    void confirmDelete(const QString &templateId, const QString &templateName);
    void showInUse(const QString &templateName, const QStringList &jobNames);
    void updateActions();
    void selectPending();

    EngineHost &m_host;
    TemplateListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_view = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QString m_pendingSelection;
};

} // namespace livesnap::ui
