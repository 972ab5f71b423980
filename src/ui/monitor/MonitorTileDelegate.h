#pragma once

#include <QDateTime>
#include <QSize>
#include <QStyledItemDelegate>

namespace livesnap::ui {

// Paints one monitor-wall tile from MonitorWallModel's roles: the newest snapshot (dimmed with
// its age when the stream is not live), or why there is none; the job's name; a badge with its
// health or stream state in colour and words; and how long ago the snapshot was taken (computed
// at paint time, so repainting is all an age needs to stay current). A selected tile is drawn
// on the palette's highlight with the highlighted-text colour.
class MonitorTileDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit MonitorTileDelegate(QObject *parent = nullptr);

    // The image area of a tile, in logical pixels.
    void setImageSize(QSize size) { m_imageSize = size; }
    QSize imageSize() const { return m_imageSize; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // "12 s ago", "3 min ago" … for a snapshot taken at `taken`; empty when taken is invalid.
    static QString ageText(const QDateTime &taken, const QDateTime &now);
    // The badge colour of a stream state: live green, connecting / reconnecting amber, failed
    // red, anything else (waiting, idle) grey.
    static QColor stateColor(const QString &streamState);

private:
    void paintStale(QPainter *painter, const QRect &imageArea, const QDateTime &taken) const;

    QSize m_imageSize{256, 144};
};

} // namespace livesnap::ui
