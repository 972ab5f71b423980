#include "pages/TemplatePage.h"

#include "models/TemplateListModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace livesnap::ui {

TemplatePage::TemplatePage(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_model(new TemplateListModel(host, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_view(new QTableView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TemplateListModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("templateFilter"));
    m_filter->setPlaceholderText(tr("Filter templates by name, type or format"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_error->setWordWrap(true);
    m_error->hide();
    connect(m_model, &TemplateListModel::loadFailed, m_error, [this](const QString &message) {
        m_error->setText(tr("Could not list the templates: %1").arg(message));
        m_error->show();
    });
    connect(m_model, &TemplateListModel::loaded, m_error, &QLabel::hide);

    m_view->setObjectName(QStringLiteral("templateView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TemplateListModel::CreatedColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_error);
    layout->addWidget(m_view);
}

} // namespace livesnap::ui
