#include "monitor/MonitorWall.h"

#include "monitor/MonitorTileDelegate.h"
#include "monitor/MonitorWallFilter.h"
#include "monitor/MonitorWallModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QSettings>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtMath>

#include <algorithm>

namespace livesnap::ui {

namespace {

const QString TileSizeKey = QStringLiteral("monitor/tileSize");

QSize imageSizeOf(MonitorWall::TileSize size)
{
    switch (size) {
    case MonitorWall::TileSize::Small:
        return {176, 99};
    case MonitorWall::TileSize::Medium:
        break;
    case MonitorWall::TileSize::Large:
        return {384, 216};
    }
    return {256, 144};
}

} // namespace

MonitorWall::MonitorWall(EngineHost &host, ImagePipeline *images, QWidget *parent)
    : QWidget(parent)
    , m_model(new MonitorWallModel(host, images, this))
    , m_filter(new MonitorWallFilter(this))
    , m_delegate(new MonitorTileDelegate(this))
    , m_stack(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_view(new QListView(this))
    , m_sizeBox(new QComboBox(this))
    , m_previewToOpen(qEnvironmentVariable("LIVESNAP_OPEN_PREVIEW"))
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
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setItemDelegate(m_delegate);
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MonitorWall::updateSelection);
    // A selected tile that leaves (its job stopped or deleted, or filtered away) leaves the
    // selection too.
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MonitorWall::updateSelection);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MonitorWall::updateSelection);
    // Double-click (or Enter, as the platform has it) on a tile.
    connect(m_view, &QListView::activated, this, [this](const QModelIndex &index) {
        const QString jobId = index.data(MonitorWallModel::JobIdRole).toString();
        if (!jobId.isEmpty()) {
            emit previewRequested(jobId);
        }
    });
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (!index.isValid()) {
            return;
        }
        if (!m_view->selectionModel()->isSelected(index)) {
            m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
        }
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
        QMenu *menu = createContextMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(pos));
    });

    m_sizeBox->setObjectName(QStringLiteral("monitorTileSize"));
    m_sizeBox->addItem(tr("Small tiles"), static_cast<int>(TileSize::Small));
    m_sizeBox->addItem(tr("Medium tiles"), static_cast<int>(TileSize::Medium));
    m_sizeBox->addItem(tr("Large tiles"), static_cast<int>(TileSize::Large));
    m_sizeBox->setToolTip(tr("How large the wall's tiles are"));
    const int saved = QSettings().value(TileSizeKey, static_cast<int>(TileSize::Medium)).toInt();
    m_tileSize = static_cast<TileSize>(
        std::clamp(saved, static_cast<int>(TileSize::Small), static_cast<int>(TileSize::Large)));
    m_sizeBox->setCurrentIndex(m_sizeBox->findData(static_cast<int>(m_tileSize)));
    m_delegate->setImageSize(imageSizeOf(m_tileSize));
    connect(m_sizeBox, &QComboBox::activated, this, [this](int index) {
        setTileSize(static_cast<TileSize>(m_sizeBox->itemData(index).toInt()));
    });
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addStretch(1);
    bar->addWidget(m_sizeBox);

    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_view);

    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MonitorWall::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MonitorWall::updateEmptyState);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MonitorWall::updateEmptyState);
    connect(m_model, &MonitorWallModel::loadFailed, this, [this](const QString &message) {
        m_errorLabel->setText(tr("Could not list the running jobs: %1").arg(message));
        m_errorLabel->show();
    });
    connect(m_model, &MonitorWallModel::loaded, m_errorLabel, &QLabel::hide);
    if (!m_previewToOpen.isEmpty()) {
        connect(m_model, &MonitorWallModel::updated, this, &MonitorWall::openRequestedPreview);
    }

    // One timer for every tile's age: a repaint, never a fetch.
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, m_view->viewport(), qOverload<>(&QWidget::update));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_stack, 1);
    updateEmptyState();
    updateThumbnailSize();
}

QString MonitorWall::selectedJobId() const
{
    const QStringList ids = selectedJobIds();
    return ids.isEmpty() ? QString() : ids.constFirst();
}

QStringList MonitorWall::selectedJobIds() const
{
    QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    ids.reserve(selected.size());
    for (const QModelIndex &index : std::as_const(selected)) {
        ids << index.data(MonitorWallModel::JobIdRole).toString();
    }
    return ids;
}

QModelIndex MonitorWall::indexOfJob(const QString &jobId) const
{
    const int row = m_model->rowOfJob(jobId);
    return row < 0 ? QModelIndex() : m_filter->mapFromSource(m_model->index(row));
}

void MonitorWall::setFilterText(const QString &text)
{
    // Tiles filtered away leave the selection, so no command reaches a job nobody sees.
    m_filter->setText(text);
    updateSelection();
    updateEmptyState();
}

QString MonitorWall::filterText() const
{
    return m_filter->text();
}

void MonitorWall::setTileSize(TileSize size)
{
    QSettings().setValue(TileSizeKey, static_cast<int>(size));
    m_sizeBox->setCurrentIndex(m_sizeBox->findData(static_cast<int>(size)));
    if (size == m_tileSize) {
        return;
    }
    m_tileSize = size;
    m_delegate->setImageSize(imageSizeOf(size));
    updateThumbnailSize();
    m_view->doItemsLayout();
    m_view->viewport()->update();
}

QMenu *MonitorWall::createContextMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("monitorTileMenu"));
    const QStringList ids = selectedJobIds();
    const bool one = ids.size() == 1;
    const auto add = [menu](const QString &text, const char *name, bool enabled) {
        QAction *action = menu->addAction(text);
        action->setObjectName(QString::fromLatin1(name));
        action->setEnabled(enabled);
        return action;
    };
    connect(add(tr("&Preview"), "monitorPreviewAction", one), &QAction::triggered, this,
            [this, ids] { emit previewRequested(ids.constFirst()); });
    // Every tile is of a started job: Start has nothing to do, the others have.
    const bool any = !ids.isEmpty();
    connect(add(tr("Snap &now"), "monitorSnapAction", any), &QAction::triggered, this,
            [this, ids] { emit commandRequested(ids, QStringLiteral("snapshot")); });
    menu->addSeparator();
    connect(add(tr("&Start"), "monitorStartAction", false), &QAction::triggered, this,
            [this, ids] { emit commandRequested(ids, QStringLiteral("start")); });
    connect(add(tr("S&top"), "monitorStopAction", any), &QAction::triggered, this,
            [this, ids] { emit commandRequested(ids, QStringLiteral("stop")); });
    connect(add(tr("&Restart"), "monitorRestartAction", any), &QAction::triggered, this,
            [this, ids] { emit commandRequested(ids, QStringLiteral("restart")); });
    menu->addSeparator();
    connect(add(tr("Show &files"), "monitorShowFilesAction", one), &QAction::triggered, this,
            [this, ids] { emit showFilesRequested(ids.constFirst()); });
    menu->addSeparator();
    connect(add(tr("&Delete…"), "monitorDeleteAction", any), &QAction::triggered, this,
            [this, ids] { emit commandRequested(ids, QStringLiteral("delete")); });
    return menu;
}

void MonitorWall::openRequestedPreview()
{
    if (m_previewToOpen.isEmpty() || m_model->rowOfJob(m_previewToOpen) < 0) {
        return;
    }
    const QString jobId = std::exchange(m_previewToOpen, QString());
    disconnect(m_model, &MonitorWallModel::updated, this, &MonitorWall::openRequestedPreview);
    emit previewRequested(jobId);
}

void MonitorWall::updateSelection()
{
    QStringList ids = selectedJobIds();
    ids.sort(); // a re-sort of the wall is no change of selection
    if (ids != m_selection) {
        m_selection = ids;
        emit selectedJobsChanged();
    }
}

void MonitorWall::updateEmptyState()
{
    if (m_filter->rowCount() > 0) {
        m_stack->setCurrentWidget(m_view);
        return;
    }
    m_emptyLabel->setText(
        m_model->rowCount() == 0
            ? tr("No job is running. Start a job and its newest snapshots will appear here.")
            : tr("No running job matches the filter “%1”.").arg(m_filter->text()));
    m_stack->setCurrentWidget(m_emptyLabel);
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
