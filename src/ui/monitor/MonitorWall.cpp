#include "monitor/MonitorWall.h"

#include "monitor/MonitorTileDelegate.h"
#include "monitor/MonitorWallModel.h"

#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtMath>

namespace livesnap::ui {

MonitorWall::MonitorWall(EngineHost &host, ImagePipeline *images, QWidget *parent)
    : QWidget(parent)
    , m_model(new MonitorWallModel(host, images, this))
    , m_delegate(new MonitorTileDelegate(this))
    , m_stack(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_view(new QListView(this))
{
    setObjectName(QStringLiteral("monitorWall"));
    m_stack->setObjectName(QStringLiteral("monitorStack"));

    m_emptyLabel->setObjectName(QStringLiteral("monitorEmptyLabel"));
    m_emptyLabel->setText(
        tr("No job is running. Start a job and its newest snapshots will appear here."));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);

    m_errorLabel->setObjectName(QStringLiteral("monitorErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_errorLabel->hide();

    m_view->setObjectName(QStringLiteral("monitorWallView"));
    m_view->setViewMode(QListView::IconMode);
    m_view->setFlow(QListView::LeftToRight);
    m_view->setWrapping(true);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setSpacing(6);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(m_model);
    // Double-click (or Enter, as the platform has it) on a tile.
    connect(m_view, &QListView::activated, this, [this](const QModelIndex &index) {
        const QString jobId = index.data(MonitorWallModel::JobIdRole).toString();
        if (!jobId.isEmpty()) {
            emit previewRequested(jobId);
        }
    });

    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_view);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MonitorWall::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MonitorWall::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MonitorWall::updateEmptyState);
    connect(m_model, &MonitorWallModel::loadFailed, this, [this](const QString &message) {
        m_errorLabel->setText(tr("Could not list the running jobs: %1").arg(message));
        m_errorLabel->show();
    });
    connect(m_model, &MonitorWallModel::loaded, m_errorLabel, &QLabel::hide);

    // One timer for every tile's age: a repaint, never a fetch.
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, m_view->viewport(), qOverload<>(&QWidget::update));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_stack);
    updateEmptyState();
    updateThumbnailSize();
}

QString MonitorWall::selectedJobId() const
{
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    return selected.isEmpty() ? QString()
                              : selected.constFirst().data(MonitorWallModel::JobIdRole).toString();
}

QStringList MonitorWall::selectedJobIds() const
{
    const QString id = selectedJobId(); // contract stub: one selection until multi-select lands
    return id.isEmpty() ? QStringList() : QStringList{id};
}

void MonitorWall::setFilterText(const QString &text)
{
    Q_UNUSED(text) // contract stub: the wall does not filter yet
}

void MonitorWall::updateEmptyState()
{
    m_stack->setCurrentWidget(m_model->rowCount() == 0 ? static_cast<QWidget *>(m_emptyLabel)
                                                       : m_view);
}

void MonitorWall::updateThumbnailSize()
{
    // Decode for the screen's pixels, so a HiDPI wall is sharp.
    const qreal ratio = devicePixelRatioF();
    const QSize logical = m_delegate->imageSize();
    m_model->setThumbnailSize(
        QSize(qCeil(logical.width() * ratio), qCeil(logical.height() * ratio)));
}

void MonitorWall::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateThumbnailSize();
    m_ageTimer.start();
}

void MonitorWall::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_ageTimer.stop();
}

} // namespace livesnap::ui
