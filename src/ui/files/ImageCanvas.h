#pragma once

#include <QImage>
#include <QPixmap>
#include <QString>
#include <QWidget>

namespace livesnap::ui {

// Shows one image scaled to fit (never enlarged), centred, or a message in its place.
class ImageCanvas : public QWidget {
    Q_OBJECT

public:
    explicit ImageCanvas(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    void setMessage(const QString &message);

    QSize imageSize() const { return m_pixmap.size(); }
    bool hasImage() const { return !m_pixmap.isNull(); }
    QString message() const { return m_message; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPixmap m_pixmap;
    QString m_message;
};

} // namespace livesnap::ui
