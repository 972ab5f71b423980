#include "engines/EnginesDialog.h"

#include "engine/EngineHost.h"
#include "engines/EnginesModel.h"
#include "settings/DialogGeometry.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
const QString GeometryGroup = QStringLiteral("enginesDialog");
} // namespace

EnginesDialog::EnginesDialog(EngineHost &host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_model(new EnginesModel(host, this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
{
    setWindowTitle(tr("Engines"));
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(EnginesModel::SortRole);
    m_view->setObjectName(QStringLiteral("enginesView"));
    m_view->setModel(m_sorted);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EnginesModel::HostColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->setObjectName(QStringLiteral("enginesSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *refresh = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    refresh->setObjectName(QStringLiteral("refreshEngines"));
    connect(refresh, &QPushButton::clicked, m_model, &EnginesModel::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    connect(m_model, &EnginesModel::loaded, this, &EnginesDialog::showSummary);
    connect(m_model, &EnginesModel::loadFailed, this, &EnginesDialog::showSummary);
    m_poll.setInterval(RefreshIntervalMs);
    connect(&m_poll, &QTimer::timeout, m_model, &EnginesModel::reload);
    showSummary();
    resize(900, 360);
    restoreDialogGeometry(this, GeometryGroup);
}

EnginesDialog::~EnginesDialog() = default;

EnginesDialog *EnginesDialog::showOver(EngineHost &host, QWidget *parent)
{
    if (auto *open = parent->findChild<EnginesDialog *>()) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *dialog = new EnginesDialog(host, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

QString EnginesDialog::summaryText() const
{
    return m_summary->text();
}

void EnginesDialog::showSummary()
{
    QString self;
    if (!m_host.isRunning()) {
        self = tr("This window's engine is not running.");
    } else if (m_host.isConsoleOnly()) {
        self = tr("This window is a console only: it runs no jobs.");
    } else {
        self = tr("This window's engine: %1.").arg(m_host.engineId());
    }
    if (!m_model->lastError().isEmpty()) {
        m_summary->setText(self + QLatin1Char(' ') +
                           tr("Cannot list the engines: %1").arg(m_model->lastError()));
        return;
    }
    int alive = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        alive += m_model->engineAt(row).alive ? 1 : 0;
    }
    m_summary->setText(
        self + QLatin1Char(' ') +
        tr("%n engine(s) on the catalog, %1 answering.", nullptr, m_model->rowCount()).arg(alive));
}

void EnginesDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    m_model->reload();
    m_poll.start();
}

void EnginesDialog::hideEvent(QHideEvent *event)
{
    m_poll.stop();
    QDialog::hideEvent(event);
}

void EnginesDialog::done(int result)
{
    saveDialogGeometry(this, GeometryGroup);
    QDialog::done(result);
}

} // namespace livesnap::ui
