#include "files/SnapshotViewer.h"

#include "engine/EngineHost.h"
#include "files/FileListModel.h"
#include "files/ImageCanvas.h"
#include "files/ZonedTime.h"
#include "imaging/ImagePipeline.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScreen>
#include <QShortcut>
#include <QStyle>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
QString timeText(const QDateTime &time)
{
    return zonedtime::localText(time, true);
}

QLabel *factLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}
} // namespace

SnapshotViewer::SnapshotViewer(EngineHost &host, FileListModel *model, ImagePipeline *images,
                               int row, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_model(model)
    , m_images(images)
    , m_canvas(new ImageCanvas(this))
    , m_position(new QLabel(this))
    , m_time(factLabel(QStringLiteral("viewerTime"), this))
    , m_kind(factLabel(QStringLiteral("viewerKind"), this))
    , m_sequence(factLabel(QStringLiteral("viewerSequence"), this))
    , m_dimensions(factLabel(QStringLiteral("viewerDimensions"), this))
    , m_size(factLabel(QStringLiteral("viewerSize"), this))
    , m_object(factLabel(QStringLiteral("viewerObject"), this))
    , m_location(factLabel(QStringLiteral("viewerLocation"), this))
    , m_linkStatus(new QLabel(this))
    , m_previous(
          new QPushButton(style()->standardIcon(QStyle::SP_ArrowLeft), tr("&Previous"), this))
    , m_next(new QPushButton(style()->standardIcon(QStyle::SP_ArrowRight), tr("&Next"), this))
    , m_openFolder(new QPushButton(tr("Open containing &folder"), this))
    , m_copyLink(new QPushButton(tr("&Copy link"), this))
{
    setObjectName(QStringLiteral("snapshotViewer"));
    setWindowTitle(tr("Snapshot"));
    m_canvas->setObjectName(QStringLiteral("viewerImage"));
    m_position->setObjectName(QStringLiteral("viewerPosition"));
    m_linkStatus->setObjectName(QStringLiteral("viewerLinkStatus"));
    m_linkStatus->setWordWrap(true);
    m_linkStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_previous->setObjectName(QStringLiteral("previousButton"));
    m_previous->setToolTip(tr("The previous snapshot (Left arrow)"));
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_next->setToolTip(tr("The next snapshot (Right arrow)"));
    m_openFolder->setObjectName(QStringLiteral("openFolderButton"));
    m_copyLink->setObjectName(QStringLiteral("copyLinkButton"));
    m_copyLink->setToolTip(
        tr("Copies a link that lets anyone download this snapshot for one hour: presigned for "
           "OSS / S3, served by this computer's engine for local folders."));
    // The buttons must not take Return from the dialog or the arrows from the shortcuts.
    for (QPushButton *button : {m_previous, m_next, m_openFolder, m_copyLink}) {
        button->setAutoDefault(false);
    }

    connect(m_previous, &QPushButton::clicked, this, &SnapshotViewer::showPrevious);
    connect(m_next, &QPushButton::clicked, this, &SnapshotViewer::showNext);
    connect(m_openFolder, &QPushButton::clicked, this, &SnapshotViewer::openContainingFolder);
    connect(m_copyLink, &QPushButton::clicked, this, &SnapshotViewer::copyLink);
    auto *left = new QShortcut(QKeySequence(Qt::Key_Left), this);
    connect(left, &QShortcut::activated, this, &SnapshotViewer::showPrevious);
    auto *right = new QShortcut(QKeySequence(Qt::Key_Right), this);
    connect(right, &QShortcut::activated, this, &SnapshotViewer::showNext);

    auto *facts = new QFormLayout;
    facts->addRow(tr("Captured:"), m_time);
    facts->addRow(tr("Kind:"), m_kind);
    facts->addRow(tr("Sequence:"), m_sequence);
    facts->addRow(tr("Dimensions:"), m_dimensions);
    facts->addRow(tr("Size:"), m_size);
    facts->addRow(tr("Object key:"), m_object);
    facts->addRow(tr("Stored in:"), m_location);

    auto *navigation = new QHBoxLayout;
    navigation->addWidget(m_previous);
    navigation->addWidget(m_position, 1, Qt::AlignCenter);
    navigation->addWidget(m_next);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_openFolder);
    actions->addWidget(m_copyLink);
    actions->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("viewerButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    actions->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_canvas, 1);
    layout->addLayout(navigation);
    layout->addLayout(facts);
    layout->addWidget(m_linkStatus);
    layout->addLayout(actions);
    resize(900, 720);

    // Decode at the screen's size at most: libjpeg-turbo scales down larger snapshots cheaply.
    const QScreen *screen = QGuiApplication::primaryScreen();
    m_imageSize = screen ? screen->availableSize() : QSize(1920, 1080);

    if (m_images) {
        connect(m_images, &ImagePipeline::imageReady, this,
                [this](const QString &key) { imageReady(key); });
        connect(m_images, &ImagePipeline::imageFailed, this, &SnapshotViewer::imageFailed);
    }
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SnapshotViewer::rowsRemoved);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &SnapshotViewer::rowsInserted);
        connect(m_model, &FileListModel::pageLoaded, this, [this] {
            if (m_waitingForRow && m_model->isRowLoaded(m_row)) {
                showRow(m_row);
            }
        });
        // Another job or time range: these rows are gone.
        connect(m_model, &QAbstractItemModel::modelReset, this, &QDialog::reject);
    }
    showRow(row);
}

QString SnapshotViewer::imageKey(int row) const
{
    return QStringLiteral("view|%1x%2|").arg(m_imageSize.width()).arg(m_imageSize.height()) +
           FileListModel::keyOf(m_model->entryAt(row).file);
}

void SnapshotViewer::showRow(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount()) {
        return;
    }
    m_row = row;
    m_model->fetchRows(row - 1, row + 1); // the neighbours, for previous / next
    if (!m_model->isRowLoaded(row)) {
        // Not read yet: shown when its page is in (pageLoaded).
        m_waitingForRow = true;
        m_canvas->setMessage(tr("Loading..."));
        updateNavigation();
        return;
    }
    m_waitingForRow = false;
    const FileEntry &entry = m_model->entryAt(row);
    const SnapshotFile &file = entry.file;
    m_key = FileListModel::keyOf(file);

    setWindowTitle(tr("Snapshot %1").arg(timeText(file.createTime())));
    m_time->setText(timeText(file.createTime()));
    m_kind->setText(file.isOverlay ? tr("Overwrite (replaced by every new snapshot)")
                                   : tr("Real-time"));
    m_sequence->setText(QString::number(file.sequence));
    m_dimensions->setText(tr("%1 x %2").arg(file.width).arg(file.height));
    m_size->setText(QLocale().formattedDataSize(file.size));
    m_object->setText(file.ossObject);
    m_localPath.clear();
    m_openFolder->setEnabled(false);
    m_openFolder->setToolTip(entry.local ? tr("Show the folder that holds this snapshot")
                                         : tr("Only for snapshots in a local folder"));
    locateFile(entry);
    m_linkStatus->clear();
    updateNavigation();
    requestImage(row);
    emit currentRowChanged(row);
}

// The location row: an OSS / S3 bucket, or a local folder's file, which the engine names
// (through the pipeline's cached link) and which the folder button then opens.
void SnapshotViewer::locateFile(const FileEntry &entry)
{
    const SnapshotFile &file = entry.file;
    if (!entry.local) {
        m_location->setText(tr("%1 / %2").arg(file.ossEndpoint, file.ossBucket));
        return;
    }
    m_location->setText(tr("A local folder"));
    if (!m_images) {
        return;
    }
    m_images->resolveLink(file.jobId, file.ossObject, this,
                          [this, key = m_key](const Result<SignedLink> &link) {
                              if (key != m_key) {
                                  return; // the user moved on
                              }
                              if (!link) {
                                  m_location->setText(link.error().message);
                                  return;
                              }
                              if (!link->localPath.isEmpty()) {
                                  m_localPath = link->localPath;
                                  m_location->setText(m_localPath);
                                  m_openFolder->setEnabled(true);
                              }
                          });
}

void SnapshotViewer::requestImage(int row)
{
    if (!m_images) {
        return;
    }
    const QString key = imageKey(row);
    QSet<QString> wanted{key};
    const bool prefetch = row + 1 < m_model->rowCount() && m_model->isRowLoaded(row + 1);
    if (prefetch) {
        wanted.insert(imageKey(row + 1));
    }
    m_images->cancelAllExcept(wanted, this);

    const QString locationError = m_model->entryAt(row).locationError;
    if (!locationError.isEmpty()) {
        m_canvas->setMessage(tr("This snapshot could not be shown: %1").arg(locationError));
        return;
    }
    switch (m_images->state(key)) {
    case ImagePipeline::State::Ready:
        m_canvas->setImage(m_images->image(key));
        emit imageShown(m_key);
        break;
    case ImagePipeline::State::Failed:
        m_canvas->setMessage(
            tr("This snapshot could not be shown: %1").arg(m_images->errorString(key)));
        break;
    default: {
        const auto source =
            m_model->index(row).data(FileListModel::SourceRole).value<ImageSource>();
        m_canvas->setMessage(tr("Loading..."));
        m_images->request(key, source, m_imageSize, this);
        break;
    }
    }
    if (prefetch) {
        m_images->request(
            imageKey(row + 1),
            m_model->index(row + 1).data(FileListModel::SourceRole).value<ImageSource>(),
            m_imageSize, this);
    }
}

void SnapshotViewer::imageReady(const QString &key)
{
    if (m_row < 0 || !m_model || m_row >= m_model->rowCount() || key != imageKey(m_row)) {
        return;
    }
    m_canvas->setImage(m_images->image(key));
    emit imageShown(m_key);
}

void SnapshotViewer::imageFailed(const QString &key, const QString &message)
{
    if (m_row < 0 || !m_model || m_row >= m_model->rowCount() || key != imageKey(m_row)) {
        return;
    }
    m_canvas->setMessage(tr("This snapshot could not be shown: %1").arg(message));
}

void SnapshotViewer::showPrevious()
{
    if (m_row > 0) {
        showRow(m_row - 1);
    }
}

void SnapshotViewer::showNext()
{
    if (!m_model) {
        return;
    }
    if (m_row + 1 < m_model->rowCount()) {
        showRow(m_row + 1); // every row is counted; one not read yet shows once it is
    }
}

void SnapshotViewer::rowsInserted()
{
    // New snapshots go on top of a newest-first grid: the shown one moved down.
    if (const int row = m_model->rowOfKey(m_key); row >= 0) {
        m_row = row;
    }
    updateNavigation();
}

void SnapshotViewer::rowsRemoved()
{
    const int count = m_model->rowCount();
    if (count == 0) {
        reject();
        return;
    }
    const int row = m_model->rowOfKey(m_key);
    if (row >= 0) {
        m_row = row; // still here, maybe moved
        updateNavigation();
        return;
    }
    // The shown snapshot was deleted: show the one that took its place.
    showRow(qMin(m_row, count - 1));
}

void SnapshotViewer::updateNavigation()
{
    const int count = m_model ? m_model->rowCount() : 0;
    m_previous->setEnabled(m_row > 0);
    m_next->setEnabled(m_model && m_row + 1 < count);
    m_position->setText(tr("%1 of %2").arg(m_row + 1).arg(count));
}

void SnapshotViewer::showLinkStatus(const QString &text, bool error)
{
    m_linkStatus->setText(text);
    m_linkStatus->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

void SnapshotViewer::copyLink()
{
    if (!m_model || m_row < 0) {
        return;
    }
    const FileEntry &entry = m_model->entryAt(m_row);
    const QString jobId = entry.file.jobId;
    const QString object = entry.file.ossObject;
    const bool local = entry.local;
    const QString key = m_key;
    m_copyLink->setEnabled(false);
    m_host.callAsync<Result<SignedLink>>(
        this,
        [jobId, object](SnapshotService &service, std::function<void(Result<SignedLink>)> reply) {
            service.getLiveSnapshotFileUrl(jobId, object, LinkSeconds, std::move(reply));
        },
        [this, local, key](Result<SignedLink> link) {
            m_copyLink->setEnabled(true);
            if (!link) {
                showLinkStatus(link.error().message, true);
                emit linkFailed(link.error().message);
                return;
            }
            if (key != m_key) {
                return; // the user moved on; a link to another snapshot would mislead
            }
            QGuiApplication::clipboard()->setText(link->url.toString());
            const QString expires = zonedtime::localText(link->expireTime); // whole seconds
            showLinkStatus(local ? tr("Link copied. This computer's engine serves it on "
                                      "127.0.0.1 until %1.")
                                       .arg(expires)
                                 : tr("Presigned link copied. It expires at %1.").arg(expires),
                           false);
            m_linkStatus->setToolTip(link->url.toString());
            emit linkCopied(link->url, link->expireTime);
        });
}

void SnapshotViewer::openContainingFolder()
{
    if (!m_model || m_row < 0) {
        return;
    }
    if (m_localPath.isEmpty()) {
        return;
    }
    const QString folder = QFileInfo(m_localPath).absolutePath();
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder))) {
        showLinkStatus(tr("Could not open the folder %1.").arg(folder), true);
    }
}

} // namespace livesnap::ui
