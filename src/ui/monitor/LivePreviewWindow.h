#pragma once

#include "monitor/StreamPreviewDecoder.h"

#include <QPointer>
#include <QString>
#include <QThread>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QVideoSink;
class QVideoWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// A window playing one job's stream live. The stream URL comes from getLiveSnapshotJob and is
// only ever shown masked; a StreamPreviewDecoder on its own thread plays it into the video
// widget while the window is shown, and is told to stop (without waiting) as soon as it is
// hidden or closed. Until the first picture the video area shows what is happening instead
// (connecting, connected but nothing published, the error) with a Retry button; the decoder
// keeps retrying by itself. Esc and Ctrl+W close the window, which deletes itself
// (Qt::WA_DeleteOnClose).
class LivePreviewWindow : public QWidget {
    Q_OBJECT

public:
    LivePreviewWindow(EngineHost &host, const QString &jobId, QWidget *parent = nullptr);
    ~LivePreviewWindow() override;

    QString jobId() const { return m_jobId; }
    QVideoWidget *videoWidget() const { return m_video; }
    QVideoSink *videoSink() const;
    // The text under the picture: connecting, live with its size, or the last error.
    QString statusText() const;
    // The text shown in place of the picture while there is none (empty while playing).
    QString messageText() const;
    // The button that connects again at once after an error.
    QPushButton *retryButton() const { return m_retry; }
    // How long the decoder waits for a first picture (before saying nothing is published).
    void setOpenTimeout(int ms) { m_openTimeoutMs = ms; }
    bool isDecoding() const { return !m_stop.isNull(); }
    // The decoder's thread while it exists: it deletes itself once the decoder has stopped.
    QThread *decoderThread() const { return m_thread; }

signals:
    // The stream could not be played (the message is also shown); retried automatically.
    void errorOccurred(const QString &message);
    // The first picture arrived; frames are frameSize.
    void playing(QSize frameSize);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void startDecoder();
    void stopDecoder();
    void setStatus(const QString &text, bool isError);
    void showMessage(const QString &text, bool isError);

    EngineHost &m_host;
    QString m_jobId;
    QString m_url; // unmasked: for the decoder only
    QString m_caFile;
    bool m_tlsVerify = true;
    QStackedWidget *m_pages = nullptr;
    QVideoWidget *m_video = nullptr;
    QWidget *m_messagePage = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_retry = nullptr;
    QLabel *m_status = nullptr;
    int m_openTimeoutMs = 5000;
    StreamPreviewDecoder::StopHandle m_stop; // non-null while a decoder runs for this window
    QPointer<QThread> m_thread;
};

} // namespace livesnap::ui
