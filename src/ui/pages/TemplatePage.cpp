#include "pages/TemplatePage.h"

#include "pages/ListPageSetup.h"

#include "engine/EngineHost.h"
#include "models/PagedFetch.h"
#include "models/TemplateListModel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {

QToolButton *buttonFor(QAction *action, const QString &objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

TemplatePage::TemplatePage(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new TemplateListModel(host, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_view(new QTableView(this))
    , m_newAction(new QAction(tr("&New…"), this))
    , m_duplicateAction(new QAction(tr("D&uplicate…"), this))
    , m_editAction(new QAction(tr("&Edit…"), this))
    , m_deleteAction(new QAction(tr("&Delete"), this))
{
    m_filter->setObjectName(QStringLiteral("templateFilter"));
    m_filter->setPlaceholderText(tr("Filter templates by name, type or format"));
    m_view->setObjectName(QStringLiteral("templateView"));
    setUpListPage(m_model, m_proxy, m_filter, m_error, m_view, TemplateListModel::CreatedColumn,
                  tr("Could not list the templates: %1"));
    // Few rows, short values: one line each, the formats take the spare width.
    m_view->setWordWrap(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (int column : {TemplateListModel::TypeColumn, TemplateListModel::IntervalColumn,
                       TemplateListModel::CreatedColumn}) {
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    for (int column :
         {TemplateListModel::OverwriteFormatColumn, TemplateListModel::SequenceFormatColumn}) {
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    }
    header->resizeSection(TemplateListModel::NameColumn,
                          m_view->fontMetrics().averageCharWidth() * 28);
    rememberColumns(m_view, QStringLiteral("templatePage/columns"));

    m_newAction->setObjectName(QStringLiteral("newTemplateAction"));
    m_newAction->setToolTip(tr("Create a custom template"));
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_duplicateAction->setObjectName(QStringLiteral("duplicateTemplateAction"));
    m_duplicateAction->setToolTip(tr("Create a custom template from the selected one"));
    m_editAction->setObjectName(QStringLiteral("editTemplateAction"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_Return));
    m_editAction->setShortcutContext(Qt::WidgetShortcut);
    m_deleteAction->setObjectName(QStringLiteral("deleteTemplateAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_newAction, &QAction::triggered, this, &TemplatePage::newTemplate);
    connect(m_duplicateAction, &QAction::triggered, this, &TemplatePage::duplicateSelectedTemplate);
    connect(m_editAction, &QAction::triggered, this, &TemplatePage::editSelectedTemplate);
    connect(m_deleteAction, &QAction::triggered, this, &TemplatePage::deleteSelectedTemplate);
    addAction(m_newAction);
    m_view->addActions({m_newAction, m_duplicateAction, m_editAction, m_deleteAction});
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.isValid()) {
            editSelectedTemplate();
        }
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TemplatePage::updateActions);
    // A reload can remove the selected row, or change its type, without a user action.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TemplatePage::updateActions);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &TemplatePage::updateActions);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TemplatePage::updateActions);
    connect(m_model, &TemplateListModel::loaded, this, &TemplatePage::selectPending);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_filter, 1);
    toolbar->addWidget(buttonFor(m_newAction, QStringLiteral("newTemplateButton"), this));
    toolbar->addWidget(
        buttonFor(m_duplicateAction, QStringLiteral("duplicateTemplateButton"), this));
    toolbar->addWidget(buttonFor(m_editAction, QStringLiteral("editTemplateButton"), this));
    toolbar->addWidget(buttonFor(m_deleteAction, QStringLiteral("deleteTemplateButton"), this));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_error);
    layout->addWidget(m_view);
    updateActions();
}

std::optional<SnapshotTemplate> TemplatePage::selectedTemplate() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return std::nullopt;
    }
    const QModelIndex source = m_proxy->mapToSource(rows.constFirst());
    if (!source.isValid()) {
        return std::nullopt;
    }
    return m_model->templateAt(source.row());
}

QString TemplatePage::selectedTemplateId() const
{
    const auto selected = selectedTemplate();
    return selected ? selected->templateId : QString();
}

void TemplatePage::selectTemplate(const QString &templateId)
{
    m_pendingSelection = templateId;
    selectPending();
}

void TemplatePage::selectPending()
{
    if (m_pendingSelection.isEmpty()) {
        return;
    }
    const int row = m_model->rowOf(m_pendingSelection);
    if (row < 0) {
        return; // not listed yet: the next reload tries again
    }
    m_pendingSelection.clear();
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        return; // hidden by the filter
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

TemplateDialog *TemplatePage::newTemplate()
{
    return openDialog(TemplateDialog::Mode::Create, TemplateDialog::newTemplateValues());
}

TemplateDialog *TemplatePage::duplicateSelectedTemplate()
{
    const auto selected = selectedTemplate();
    if (!selected) {
        return nullptr;
    }
    SnapshotTemplate values = *selected;
    values.templateName = tr("Copy of %1").arg(selected->templateName);
    return openDialog(TemplateDialog::Mode::Create, values);
}

TemplateDialog *TemplatePage::editSelectedTemplate()
{
    const auto selected = selectedTemplate();
    if (!selected || selected->isSystem()) {
        return nullptr;
    }
    return openDialog(TemplateDialog::Mode::Edit, *selected);
}

TemplateDialog *TemplatePage::openDialog(TemplateDialog::Mode mode, const SnapshotTemplate &values)
{
    auto *dialog = new TemplateDialog(m_host, mode, values, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TemplateDialog::saved, this, &TemplatePage::selectTemplate);
    // open(), not exec(): no nested event loop while results keep arriving.
    dialog->open();
    return dialog;
}

void TemplatePage::deleteSelectedTemplate()
{
    const auto selected = selectedTemplate();
    if (!selected || selected->isSystem()) {
        return;
    }
    checkUsersThenConfirm(selected->templateId, selected->templateName);
}

void TemplatePage::checkUsersThenConfirm(const QString &templateId, const QString &templateName)
{
    // The service refuses to delete a template jobs use; say so (and which jobs) before
    // asking to confirm something that cannot be done.
    m_host.call(
        this,
        [templateId](SnapshotService &service) -> Result<QStringList> {
            auto jobs = fetchAllPages<SnapshotJob>(JobQuery{}, [&service](const JobQuery &q) {
                return service.listLiveSnapshotJobs(q);
            });
            if (!jobs) {
                return jobs.error();
            }
            QStringList users;
            for (const SnapshotJob &job : std::as_const(*jobs)) {
                if (job.templateId == templateId) {
                    users << (job.jobName.isEmpty() ? job.jobId : job.jobName);
                }
            }
            return users;
        },
        [this, templateId, templateName](Result<QStringList> users) {
            if (!users) {
                showError(users.error().message, users.error().code);
            } else if (!users->isEmpty()) {
                showInUse(templateName, *users);
            } else {
                confirmDelete(templateId, templateName);
            }
        });
}

void TemplatePage::showInUse(const QString &templateName, const QStringList &jobNames)
{
    constexpr int NamesShown = 5;
    const int count = int(jobNames.size());
    QStringList shown = jobNames.mid(0, NamesShown);
    for (QString &name : shown) {
        name = QStringLiteral("\"%1\"").arg(name);
    }
    QString names = shown.join(QStringLiteral(", "));
    if (count > NamesShown) {
        names = tr("%1 and %n more", nullptr, count - NamesShown).arg(names);
    }
    // Two strings, not "job(s)": English has no plural translation file.
    const QString message =
        (count == 1 ? tr("Template \"%1\" is used by the job %2. Delete that job or submit it "
                         "again with another template first.")
                    : tr("Template \"%1\" is used by %n jobs: %2. Delete those jobs or submit "
                         "them again with another template first.",
                         nullptr, count))
            .arg(templateName, names);
    auto *box = new QMessageBox(QMessageBox::Information, tr("Delete Template"), message,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("templateInUseBox"));
    box->setDetailedText(jobNames.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit commandFailed(message);
}

void TemplatePage::confirmDelete(const QString &templateId, const QString &templateName)
{
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Delete Template"),
                        tr("Delete the template \"%1\"? This cannot be undone.").arg(templateName),
                        QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("deleteTemplateConfirm"));
    box->setInformativeText(tr("No job uses it."));
    box->setDetailedText(tr("Template ID: %1").arg(templateId));
    box->setDefaultButton(QMessageBox::No);
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->button(QMessageBox::Yes)->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->button(QMessageBox::No)->setText(tr("&Keep"));
    box->button(QMessageBox::No)->setObjectName(QStringLiteral("keepButton"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, templateId](QAbstractButton *b) {
        if (box->standardButton(b) == QMessageBox::Yes) {
            deleteTemplate(templateId);
        }
    });
    box->open();
}

void TemplatePage::deleteTemplate(const QString &templateId)
{
    m_host.call(
        this,
        [templateId](SnapshotService &service) {
            return service.deleteLiveSnapshotTemplate(templateId);
        },
        [this, templateId](Status status) {
            if (status) {
                return; // templatesChanged removes the row
            }
            if (status.error().code == errc::TemplateInUse) {
                // A job took it up after the check: name the jobs, as the check does.
                const int row = m_model->rowOf(templateId);
                checkUsersThenConfirm(templateId, row >= 0 ? m_model->templateAt(row).templateName
                                                           : templateId);
                return;
            }
            showError(status.error().message, status.error().code);
        });
}

void TemplatePage::showError(const QString &message, const QString &code)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Template Management"), message,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("templateErrorBox"));
    if (!code.isEmpty()) {
        box->setDetailedText(tr("Error code: %1").arg(code));
    }
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit commandFailed(message);
}

void TemplatePage::updateActions()
{
    const auto selected = selectedTemplate();
    const bool editable = selected && !selected->isSystem();
    m_duplicateAction->setEnabled(selected.has_value());
    m_editAction->setEnabled(editable);
    m_deleteAction->setEnabled(editable);
    const QString readOnly =
        tr("System templates are read-only; duplicate one to make a custom template.");
    m_editAction->setToolTip(selected && !editable ? readOnly : tr("Edit the selected template"));
    m_deleteAction->setToolTip(selected && !editable ? readOnly
                                                     : tr("Delete the selected template"));
}

void TemplatePage::refresh()
{
    m_model->reload();
}

void TemplatePage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

} // namespace livesnap::ui
