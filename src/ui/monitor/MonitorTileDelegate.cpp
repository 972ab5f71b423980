#include "monitor/MonitorTileDelegate.h"

#include "domain/SnapshotJob.h"
#include "models/JobListModel.h"
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

    // Background and selection, as the style draws them, without the default text and icon.
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

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
    } else {
        const QString error = index.data(MonitorWallModel::ThumbnailErrorRole).toString();
        painter->setPen(error.isEmpty() ? QColor(0xbd, 0xbd, 0xbd) : QColor(0xff, 0x8a, 0x80));
        painter->drawText(imageArea.adjusted(kMargin, kMargin, -kMargin, -kMargin),
                          Qt::AlignCenter | Qt::TextWordWrap,
                          error.isEmpty() ? tr("Waiting for the first snapshot") : error);
    }

    const QPalette::ColorRole textRole =
        (option.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text;
    const QFontMetrics metrics(option.font);
    const int lineHeight = metrics.height();

    // Line 1: the job's name.
    QFont nameFont = option.font;
    nameFont.setBold(true);
    const QFontMetrics nameMetrics(nameFont);
    const QRect nameRect(tile.left(), imageArea.bottom() + 1 + kLineGap, tile.width(), lineHeight);
    painter->setFont(nameFont);
    painter->setPen(option.palette.color(textRole));
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(index.data(MonitorWallModel::NameRole).toString(),
                                             Qt::ElideRight, nameRect.width()));

    // Line 2: the state badge, and the snapshot's age on the right.
    painter->setFont(option.font);
    const QString state = index.data(MonitorWallModel::StreamStateRole).toString();
    const QString stateText = JobListModel::streamStateText(state);
    const QRect lineRect(tile.left(), nameRect.bottom() + 1 + kLineGap, tile.width(), lineHeight);
    const QRect badge(lineRect.left(), lineRect.top(),
                      metrics.horizontalAdvance(stateText) + 2 * kBadgePadding, lineHeight);
    QPainterPath badgePath;
    badgePath.addRoundedRect(badge, lineHeight / 2.0, lineHeight / 2.0);
    painter->fillPath(badgePath, stateColor(state));
    painter->setPen(Qt::white);
    painter->drawText(badge, Qt::AlignCenter, stateText);

    const QDateTime taken = index.data(MonitorWallModel::LastSnapshotTimeRole).toDateTime();
    const QString age =
        taken.isValid() ? ageText(taken, QDateTime::currentDateTimeUtc()) : tr("no snapshot yet");
    const QRect ageRect = lineRect.adjusted(badge.width() + kBadgePadding, 0, 0, 0);
    painter->setPen(option.palette.color(textRole));
    painter->drawText(ageRect, Qt::AlignRight | Qt::AlignVCenter,
                      metrics.elidedText(age, Qt::ElideLeft, ageRect.width()));
    painter->restore();
}

} // namespace livesnap::ui
