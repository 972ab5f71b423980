#include "monitor/MonitorTileDelegate.h"

#include "domain/SnapshotJob.h"
#include "jobs/JobText.h"
#include "monitor/MonitorWallModel.h"

#include <QApplication>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

namespace livesnap::ui {

namespace {

constexpr int kMargin = 6;
constexpr int kLineGap = 4;
constexpr int kBadgePadding = 6;

} // namespace

MonitorTileDelegate::MonitorTileDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

QString MonitorTileDelegate::ageText(const QDateTime &taken, const QDateTime &now)
{
    if (!taken.isValid()) {
        return {};
    }
    const qint64 seconds = qMax<qint64>(0, taken.secsTo(now));
    if (seconds < 60) {
        return tr("%n s ago", nullptr, static_cast<int>(seconds));
    }
    if (seconds < 3600) {
        return tr("%n min ago", nullptr, static_cast<int>(seconds / 60));
    }
    if (seconds < 86400) {
        return tr("%n h ago", nullptr, static_cast<int>(seconds / 3600));
    }
    return tr("%n d ago", nullptr, static_cast<int>(seconds / 86400));
}

QColor MonitorTileDelegate::stateColor(const QString &streamState)
{
    if (streamState == streamstate::Live) {
        return QColor(0x2e, 0x7d, 0x32);
    }
    if (streamState == streamstate::Connecting || streamState == streamstate::Reconnecting) {
        return QColor(0xef, 0x8f, 0x00);
    }
    if (streamState == streamstate::Failed) {
        return QColor(0xc6, 0x28, 0x28);
    }
    return QColor(0x75, 0x75, 0x75);
}

QSize MonitorTileDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    Q_UNUSED(index)
    const QFontMetrics metrics(option.font);
    const int lines = 2 * (metrics.height() + kLineGap);
    return {m_imageSize.width() + 2 * kMargin, m_imageSize.height() + 2 * kMargin + lines};
}

void MonitorTileDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);

    // Background, hover and focus as the style draws them, without the default text and icon.
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    // The selection ourselves: styles that leave it to the text (Fusion in icon mode) would
    // draw nothing, and the highlighted-text colour on the plain base made the text vanish.
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = !(option.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (option.state & QStyle::State_Active) ? QPalette::Active
                                                                               : QPalette::Inactive;
    if (selected) {
        QPainterPath frame;
        frame.addRoundedRect(QRectF(option.rect).adjusted(1, 1, -1, -1), 4, 4);
        painter->fillPath(frame, option.palette.brush(group, QPalette::Highlight));
    }

    const QRect tile = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const QRect imageArea(tile.topLeft(), m_imageSize);
    painter->fillRect(imageArea, QColor(0x20, 0x20, 0x20));
    const QImage image = index.data(MonitorWallModel::ThumbnailRole).value<QImage>();
    if (!image.isNull()) {
        QSize fitted = image.size();
        fitted.scale(imageArea.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(), fitted);
        target.moveCenter(imageArea.center());
        painter->drawImage(target, image);
        if (index.data(MonitorWallModel::StaleRole).toBool()) {
            paintStale(painter, imageArea,
                       index.data(MonitorWallModel::ThumbnailTimeRole).toDateTime());
        }
    } else {
        const QString error = index.data(MonitorWallModel::ThumbnailErrorRole).toString();
        QString reason = index.data(MonitorWallModel::ReasonRole).toString();
        if (reason.isEmpty()) {
            reason = tr("Waiting for the first snapshot");
        }
        painter->setPen(error.isEmpty() ? QColor(0xbd, 0xbd, 0xbd) : QColor(0xff, 0x8a, 0x80));
        painter->drawText(imageArea.adjusted(kMargin, kMargin, -kMargin, -kMargin),
                          Qt::AlignCenter | Qt::TextWordWrap, error.isEmpty() ? reason : error);
    }

    const QColor textColor =
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QFontMetrics metrics(option.font);
    const int lineHeight = metrics.height();

    // Line 1: the job's name.
    QFont nameFont = option.font;
    nameFont.setBold(true);
    const QFontMetrics nameMetrics(nameFont);
    const QRect nameRect(tile.left(), imageArea.bottom() + 1 + kLineGap, tile.width(), lineHeight);
    painter->setFont(nameFont);
    painter->setPen(textColor);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(index.data(MonitorWallModel::NameRole).toString(),
                                             Qt::ElideRight, nameRect.width()));

    // Line 2: the health / state badge (colour and word), and the snapshot's age on the right.
    painter->setFont(option.font);
    QString badgeText = index.data(MonitorWallModel::BadgeTextRole).toString();
    QColor badgeColor = index.data(MonitorWallModel::BadgeColorRole).value<QColor>();
    const QString state = index.data(MonitorWallModel::StreamStateRole).toString();
    if (badgeText.isEmpty()) {
        badgeText = JobText::streamState(state);
    }
    if (!badgeColor.isValid()) {
        badgeColor = stateColor(state);
    }
    const QRect lineRect(tile.left(), nameRect.bottom() + 1 + kLineGap, tile.width(), lineHeight);
    const QRect badge(
        lineRect.left(), lineRect.top(),
        qMin(metrics.horizontalAdvance(badgeText) + 2 * kBadgePadding, lineRect.width() * 2 / 3),
        lineHeight);
    QPainterPath badgePath;
    badgePath.addRoundedRect(badge, lineHeight / 2.0, lineHeight / 2.0);
    painter->fillPath(badgePath, badgeColor);
    painter->setPen(Qt::white);
    painter->drawText(badge, Qt::AlignCenter,
                      metrics.elidedText(badgeText, Qt::ElideRight, badge.width() - kBadgePadding));

    const QDateTime taken = index.data(MonitorWallModel::LastSnapshotTimeRole).toDateTime();
    const QString age =
        taken.isValid() ? ageText(taken, QDateTime::currentDateTimeUtc()) : tr("no snapshot yet");
    const QRect ageRect = lineRect.adjusted(badge.width() + kBadgePadding, 0, 0, 0);
    painter->setPen(textColor);
    painter->drawText(ageRect, Qt::AlignRight | Qt::AlignVCenter,
                      metrics.elidedText(age, Qt::ElideLeft, ageRect.width()));
    painter->restore();
}

void MonitorTileDelegate::paintStale(QPainter *painter, const QRect &imageArea,
                                     const QDateTime &taken) const
{
    // Dimmed, with the picture's age: the stream behind it is not live.
    painter->fillRect(imageArea, QColor(0, 0, 0, 150));
    const QString text =
        taken.isValid() ? tr("last picture %1").arg(ageText(taken, QDateTime::currentDateTimeUtc()))
                        : tr("last picture");
    painter->setPen(Qt::white);
    painter->drawText(imageArea.adjusted(kMargin, kMargin, -kMargin, -kMargin),
                      Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace livesnap::ui
