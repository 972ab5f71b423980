#include "monitor/LivePreviewWindow.h"

#include "domain/StreamInput.h"
#include "engine/EngineHost.h"

#include <QAction>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QVideoSink>
#include <QVideoWidget>

namespace livesnap::ui {

namespace {
constexpr int kRetryDelayMs = 3000;
} // namespace

LivePreviewWindow::LivePreviewWindow(EngineHost &host, const QString &jobId, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_host(host)
    , m_jobId(jobId)
    , m_pages(new QStackedWidget(this))
    , m_video(new QVideoWidget(this))
    , m_messagePage(new QWidget(this))
    , m_message(new QLabel(m_messagePage))
    , m_retry(new QPushButton(tr("&Retry now"), m_messagePage))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("livePreviewWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Live preview"));
    m_video->setObjectName(QStringLiteral("previewVideo"));
    m_video->setMinimumSize(320, 180);
    m_status->setObjectName(QStringLiteral("previewStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_message->setObjectName(QStringLiteral("previewMessage"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setObjectName(QStringLiteral("previewRetry"));
    m_retry->hide();
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_retry->hide();
        m_stop.requestRetry();
    });
    auto *messageLayout = new QVBoxLayout(m_messagePage);
    messageLayout->addStretch(1);
    messageLayout->addWidget(m_message);
    messageLayout->addWidget(m_retry, 0, Qt::AlignHCenter);
    messageLayout->addStretch(1);
    m_pages->addWidget(m_messagePage);
    m_pages->addWidget(m_video);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_status);
    resize(960, 600);

    // Esc and Ctrl+W everywhere (the platform's Close may be only Ctrl+F4), each once: a key
    // bound twice would be ambiguous and do nothing.
    QList<QKeySequence> closeKeys = QKeySequence::keyBindings(QKeySequence::Close);
    for (const QKeySequence &key :
         {QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::Key_Escape)}) {
        if (!closeKeys.contains(key)) {
            closeKeys << key;
        }
    }
    auto *closeAction = new QAction(tr("Close"), this);
    closeAction->setObjectName(QStringLiteral("previewCloseAction"));
    closeAction->setShortcuts(closeKeys);
    connect(closeAction, &QAction::triggered, this, &QWidget::close);
    addAction(closeAction);

    setStatus(tr("Loading the job…"), false);
    m_host.call(
        this, [jobId](SnapshotService &service) { return service.getLiveSnapshotJob(jobId); },
        [this](Result<SnapshotJob> job) {
            if (!job) {
                setStatus(tr("Cannot preview this job: %1").arg(job.error().message), true);
                showMessage(statusText(), true);
                emit errorOccurred(job.error().message);
                return;
            }
            m_url = job->streamInput.url;
            m_caFile = job->streamInput.caFile;
            m_tlsVerify = job->streamInput.tlsVerify;
            const QString name = job->jobName.isEmpty() ? job->jobId : job->jobName;
            setWindowTitle(
                tr("Live preview — %1 — %2").arg(name, maskStreamUrl(job->streamInput.url)));
            if (isVisible()) {
                startDecoder();
            } else {
                setStatus(tr("Ready."), false);
            }
        });
}

LivePreviewWindow::~LivePreviewWindow()
{
    stopDecoder();
}

QVideoSink *LivePreviewWindow::videoSink() const
{
    return m_video->videoSink();
}

QString LivePreviewWindow::statusText() const
{
    return m_status->text();
}

QString LivePreviewWindow::messageText() const
{
    return m_pages->currentWidget() == m_messagePage ? m_message->text() : QString();
}

void LivePreviewWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    startDecoder();
}

void LivePreviewWindow::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Closed or minimized: no decoding for a picture nobody sees.
    stopDecoder();
}

void LivePreviewWindow::startDecoder()
{
    if (!m_stop.isNull() || m_url.isEmpty()) {
        return;
    }
    StreamPreviewDecoder::Options options;
    options.url = m_url;
    options.caFile = m_caFile;
    options.tlsVerify = m_tlsVerify;
    options.retryDelayMs = kRetryDelayMs;
    options.openTimeoutMs = m_openTimeoutMs;
    auto *decoder = new StreamPreviewDecoder(options);
    decoder->connectSink(m_video->videoSink());
    const QString masked = maskStreamUrl(m_url);
    connect(decoder, &StreamPreviewDecoder::connecting, this, [this, masked] {
        setStatus(tr("Connecting to %1…").arg(masked), false);
        showMessage(statusText(), false);
    });
    connect(decoder, &StreamPreviewDecoder::connected, this, [this, masked] {
        setStatus(tr("Connected to %1; waiting for the first picture…").arg(masked), false);
        showMessage(statusText(), false);
    });
    connect(decoder, &StreamPreviewDecoder::playing, this, [this](QSize size) {
        setStatus(tr("Live — %1 × %2").arg(size.width()).arg(size.height()), false);
        m_pages->setCurrentWidget(m_video);
        emit playing(size);
    });
    connect(decoder, &StreamPreviewDecoder::errorOccurred, this, [this](const QString &message) {
        m_video->videoSink()->setVideoFrame(QVideoFrame());
        setStatus(tr("%1 Retrying in %n s.", nullptr, kRetryDelayMs / 1000).arg(message), true);
        showMessage(message, true);
        emit errorOccurred(message);
    });
    m_stop = decoder->stopHandle();
    m_thread = decoder->startOnOwnThread();
}

void LivePreviewWindow::stopDecoder()
{
    if (m_stop.isNull()) {
        return;
    }
    // The decoder thread ends and cleans up by itself; the GUI does not wait for it.
    m_stop.requestStop();
    m_stop = {};
    if (isVisible()) {
        setStatus(tr("Stopped."), false);
    }
}

void LivePreviewWindow::showMessage(const QString &text, bool isError)
{
    m_message->setText(text);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #c62828; font-size: 14pt;")
                                     : QStringLiteral("font-size: 14pt;"));
    m_retry->setVisible(isError && !m_stop.isNull());
    m_pages->setCurrentWidget(m_messagePage);
}

void LivePreviewWindow::setStatus(const QString &text, bool isError)
{
    m_status->setText(text);
    m_status->setStyleSheet(isError ? QStringLiteral("color: #c62828;") : QString());
}

} // namespace livesnap::ui
