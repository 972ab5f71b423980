#include "pages/TemplatePage.h"

#include "pages/ListPageSetup.h"

#include "models/TemplateListModel.h"

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
    m_filter->setObjectName(QStringLiteral("templateFilter"));
    m_filter->setPlaceholderText(tr("Filter templates by name, type or format"));
    m_view->setObjectName(QStringLiteral("templateView"));
    setUpListPage(m_model, m_proxy, m_filter, m_error, m_view, TemplateListModel::CreatedColumn,
                  tr("Could not list the templates: %1"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_error);
    layout->addWidget(m_view);
}

} // namespace livesnap::ui
