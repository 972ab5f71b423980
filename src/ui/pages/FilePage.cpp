#include "pages/FilePage.h"

#include "engine/EngineHost.h"
#include "files/DeleteFilesDialog.h"
#include "files/FileDeleter.h"
#include "files/FileGridView.h"
#include "files/FileListModel.h"
#include "files/SnapshotViewer.h"
#include "files/ThumbnailDelegate.h"
#include "files/ZonedTime.h"
#include "imaging/ImagePipeline.h"
#include "models/PagedFetch.h"
#include "usage/DateTimeField.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace livesnap::ui {

namespace {
constexpr int RangeEditDelayMs = 600;
const QString TimeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");
} // namespace

FilePage::FilePage(EngineHost &host, ImagePipeline *images, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_images(images ? images : new ImagePipeline(&host, this))
    , m_model(new FileListModel(host, this))
    , m_delegate(new ThumbnailDelegate(m_images, ThumbnailSize, this))
    , m_jobCombo(new QComboBox(this))
    , m_startEdit(new DateTimeField(this))
    , m_endEdit(new DateTimeField(this))
    , m_last24Hours(new QPushButton(tr("Last &24 hours"), this))
    , m_sortCombo(new QComboBox(this))
    , m_refreshButton(new QPushButton(tr("&Refresh"), this))
    , m_zone(new QLabel(this))
    , m_count(new QLabel(this))
    , m_error(new QLabel(this))
    , m_view(new FileGridView(this))
    , m_openButton(new QPushButton(tr("&Open"), this))
    , m_deleteButton(new QPushButton(tr("&Delete..."), this))
{
    m_model->setImagePipeline(m_images);

    m_jobCombo->setObjectName(QStringLiteral("fileJobCombo"));
    m_jobCombo->setMinimumContentsLength(24);
    m_jobCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_jobCombo->setToolTip(tr("The job whose snapshots are shown"));
    for (QDateTimeEdit *edit : {m_startEdit, m_endEdit}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(TimeFormat);
    }
    m_startEdit->setObjectName(QStringLiteral("fileStartTime"));
    m_startEdit->setToolTip(tr("Snapshots captured at or after this time"));
    m_endEdit->setObjectName(QStringLiteral("fileEndTime"));
    m_endEdit->setToolTip(tr("Snapshots captured at or before this time. Until you change it, "
                             "the range stays open to new snapshots."));
    m_last24Hours->setObjectName(QStringLiteral("fileLast24Hours"));
    m_last24Hours->setToolTip(tr("Show the snapshots of the last 24 hours, up to now"));
    m_sortCombo->setObjectName(QStringLiteral("fileSortOrder"));
    m_sortCombo->addItem(tr("Newest first"), true);
    m_sortCombo->addItem(tr("Oldest first"), false);
    m_refreshButton->setObjectName(QStringLiteral("fileRefresh"));
    m_zone->setObjectName(QStringLiteral("fileTimeZone"));
    m_count->setObjectName(QStringLiteral("fileCount"));
    m_error->setObjectName(QStringLiteral("fileError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    m_openButton->setObjectName(QStringLiteral("fileOpenButton"));
    m_openButton->setToolTip(tr("View the selected snapshot (or double-click it)"));
    m_deleteButton->setObjectName(QStringLiteral("fileDeleteButton"));
    m_deleteButton->setToolTip(tr("Delete the selected snapshots (Delete)"));

    m_view->setObjectName(QStringLiteral("fileGrid"));
    m_view->setItemDelegate(m_delegate);
    m_view->setGridSize(m_delegate->cellSize());
    m_view->setImagePipeline(m_images);
    m_view->setModel(m_model);

    m_rangeEdited.setSingleShot(true);
    m_rangeEdited.setInterval(RangeEditDelayMs);
    connect(&m_rangeEdited, &QTimer::timeout, this, &FilePage::refresh);
    connect(m_startEdit, &QDateTimeEdit::dateTimeChanged, this, [this] { m_rangeEdited.start(); });
    connect(m_endEdit, &QDateTimeEdit::dateTimeChanged, this, [this] {
        m_endFollowsNow = false; // the user picked an end
        m_rangeEdited.start();
    });
    connect(m_jobCombo, &QComboBox::currentIndexChanged, this, &FilePage::refresh);
    connect(m_jobCombo, &QComboBox::activated, this, [this] { m_pendingJobId.clear(); });
    connect(m_sortCombo, &QComboBox::currentIndexChanged, this, &FilePage::refresh);
    connect(m_refreshButton, &QPushButton::clicked, this, &FilePage::refresh);
    connect(m_last24Hours, &QPushButton::clicked, this, &FilePage::showLast24Hours);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid()) {
            openViewer(current.row());
        }
    });
    connect(m_deleteButton, &QPushButton::clicked, this, &FilePage::deleteSelected);
    connect(m_view, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { openViewer(index.row()); });
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_view);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &FilePage::deleteSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FilePage::updateButtons);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &FilePage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &FilePage::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FilePage::updateCount);
    connect(m_model, &FileListModel::totalCountChanged, this, &FilePage::updateCount);
    connect(m_model, &FileListModel::pageLoaded, m_error, &QLabel::hide);
    connect(m_model, &FileListModel::pageLoaded, this, &FilePage::updateCount);
    connect(m_model, &FileListModel::loadFailed, this, [this](const QString &message) {
        m_error->setText(tr("Could not list the snapshots: %1").arg(message));
        m_error->show();
    });

    connect(host.events(), &EngineEvents::jobChanged, this, [this](const QString &jobId) {
        // Jobs cannot be renamed: only a job not listed yet needs a reload.
        if (m_jobCombo->findData(jobId) < 0) {
            reloadJobs();
        }
    });
    connect(host.events(), &EngineEvents::jobRemoved, this, &FilePage::jobRemoved);

    auto *filters = new QHBoxLayout;
    auto *jobLabel = new QLabel(tr("&Job:"), this);
    jobLabel->setBuddy(m_jobCombo);
    auto *fromLabel = new QLabel(tr("&From:"), this);
    fromLabel->setBuddy(m_startEdit);
    auto *toLabel = new QLabel(tr("&To:"), this);
    toLabel->setBuddy(m_endEdit);
    filters->addWidget(jobLabel);
    filters->addWidget(m_jobCombo, 1);
    filters->addWidget(fromLabel);
    filters->addWidget(m_startEdit);
    filters->addWidget(toLabel);
    filters->addWidget(m_endEdit);
    filters->addWidget(m_zone);
    filters->addWidget(m_last24Hours);
    filters->addWidget(m_sortCombo);
    filters->addWidget(m_refreshButton);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_count, 1);
    actions->addWidget(m_openButton);
    actions->addWidget(m_deleteButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(actions);
    layout->addWidget(m_error);
    layout->addWidget(m_view, 1);

    // The last 24 hours, before the first job arrives and without a refresh of its own.
    {
        const QSignalBlocker blockStart(m_startEdit);
        const QSignalBlocker blockEnd(m_endEdit);
        const QDateTime now = QDateTime::currentDateTime();
        m_startEdit->setDateTime(now.addSecs(-24 * 3600));
        m_endEdit->setDateTime(now);
        // The edits and the grid show local time; say which.
        m_zone->setText(zonedtime::zoneLabel(now));
        m_zone->setToolTip(tr("Snapshot times on this page are in your computer's local time "
                              "(%1).")
                               .arg(zonedtime::zoneLabel(now)));
    }
    updateCount();
    updateButtons();
    reloadJobs();
}

FilePage::~FilePage() = default;

SnapshotViewer *FilePage::viewer() const
{
    return m_viewer;
}

QString FilePage::currentJobId() const
{
    return m_jobCombo->currentData().toString();
}

void FilePage::reloadJobs()
{
    if (m_jobsLoading) {
        m_jobsDirty = true;
        return;
    }
    m_jobsLoading = true;
    m_host.call(
        this,
        [](SnapshotService &service) -> Result<QList<QPair<QString, QString>>> {
            auto jobs = fetchAllPages<SnapshotJob>(JobQuery{}, [&service](const JobQuery &q) {
                return service.listLiveSnapshotJobs(q);
            });
            if (!jobs) {
                return jobs.error();
            }
            QList<QPair<QString, QString>> named;
            named.reserve(jobs->size());
            for (const SnapshotJob &job : std::as_const(*jobs)) {
                named.append({job.jobId, job.jobName});
            }
            return named;
        },
        [this](Result<QList<QPair<QString, QString>>> jobs) {
            m_jobsLoading = false;
            if (!jobs) {
                m_error->setText(tr("Could not list the jobs: %1").arg(jobs.error().message));
                m_error->show();
            } else {
                jobsArrived(*jobs);
            }
            if (m_jobsDirty) {
                m_jobsDirty = false;
                reloadJobs();
            }
        });
}

void FilePage::jobsArrived(const QList<QPair<QString, QString>> &jobs)
{
    QString current = currentJobId();
    {
        const QSignalBlocker blocker(m_jobCombo);
        m_jobCombo->clear();
        for (const auto &[id, name] : jobs) {
            m_jobCombo->addItem(name.isEmpty() ? id : name, id);
            m_jobCombo->setItemData(m_jobCombo->count() - 1, id, Qt::ToolTipRole);
        }
        if (!m_pendingJobId.isEmpty() && m_jobCombo->findData(m_pendingJobId) >= 0) {
            current = std::exchange(m_pendingJobId, QString());
        } else if (!m_jobsDirty) {
            m_pendingJobId.clear(); // a list loaded after showJob() has no such job
        }
        const int keep = m_jobCombo->findData(current);
        m_jobCombo->setCurrentIndex(keep >= 0 ? keep : (m_jobCombo->count() > 0 ? 0 : -1));
    }
    if (currentJobId() != m_model->jobId()) {
        refresh();
    }
    emit jobsLoaded();
}

void FilePage::jobRemoved(const QString &jobId)
{
    const int index = m_jobCombo->findData(jobId);
    if (index >= 0) {
        m_jobCombo->removeItem(index); // refreshes if it was the current job
    }
}

void FilePage::showLast24Hours()
{
    {
        const QSignalBlocker blockStart(m_startEdit);
        m_startEdit->setDateTime(QDateTime::currentDateTime().addSecs(-24 * 3600));
    }
    m_endFollowsNow = true;
    refresh();
}

void FilePage::refresh()
{
    m_rangeEdited.stop();
    m_error->hide();
    QDateTime end;
    if (m_endFollowsNow) {
        // Open-ended: snapshots taken from now on belong to the range (and to its count).
        const QSignalBlocker blockEnd(m_endEdit);
        m_endEdit->setDateTime(QDateTime::currentDateTime());
    } else {
        // The edits show whole seconds: the end covers its whole second.
        end = m_endEdit->dateTime().addMSecs(999);
    }
    const QString jobId = currentJobId();
    if (jobId.isEmpty()) {
        m_model->clear();
    } else {
        m_model->setQuery(jobId, m_startEdit->dateTime(), end, m_sortCombo->currentData().toBool());
    }
    updateButtons();
}

void FilePage::updateCount()
{
    const int rows = m_model->rowCount();
    const qint64 total = m_model->totalCount();
    if (m_jobCombo->count() == 0) {
        m_count->setText(tr("No jobs yet: submit one on the Job Management tab."));
    } else if (m_model->jobId().isEmpty()) {
        m_count->setText(tr("Pick a job to see its snapshots."));
    } else if (total < 0) {
        m_count->setText(tr("Snapshots: counting... (%1 loaded)").arg(QLocale().toString(rows)));
    } else if (rows >= total) {
        m_count->setText(tr("Snapshots: %1").arg(QLocale().toString(total)));
    } else if (!m_model->canFetchMore()) {
        // Counted before they could be listed (just recorded): they are on their way.
        m_count->setText(tr("Snapshots: %1 (%2 loaded)")
                             .arg(QLocale().toString(total), QLocale().toString(rows)));
    } else {
        m_count->setText(tr("Snapshots: %1 (%2 loaded; scroll for more)")
                             .arg(QLocale().toString(total), QLocale().toString(rows)));
    }
}

void FilePage::updateButtons()
{
    const bool selected = m_view->selectionModel()->hasSelection();
    m_deleteButton->setEnabled(selected && !m_deleter);
    m_openButton->setEnabled(m_view->currentIndex().isValid() || selected);
}

SnapshotViewer *FilePage::openViewer(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        return nullptr;
    }
    if (m_viewer) {
        m_viewer->showRow(row);
    } else {
        m_viewer = new SnapshotViewer(m_host, m_model, m_images, row, this);
        m_viewer->setAttribute(Qt::WA_DeleteOnClose);
        // Keep the grid's selection on the snapshot the viewer shows.
        connect(m_viewer, &SnapshotViewer::currentRowChanged, this,
                [this](int shown) { m_view->setCurrentIndex(m_model->index(shown)); });
    }
    m_viewer->show();
    m_viewer->raise();
    m_viewer->activateWindow();
    return m_viewer;
}

void FilePage::deleteSelected()
{
    if (m_deleter) {
        return;
    }
    const QString jobId = m_model->jobId();
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    if (jobId.isEmpty() || selected.isEmpty()) {
        return;
    }
    QList<qint64> timestamps;
    bool includesOverwrite = false;
    for (const QModelIndex &index : selected) {
        timestamps << index.data(FileListModel::CreateTimestampRole).toLongLong();
        includesOverwrite = includesOverwrite || index.data(FileListModel::IsOverlayRole).toBool();
    }
    std::sort(timestamps.begin(), timestamps.end());
    timestamps.erase(std::unique(timestamps.begin(), timestamps.end()), timestamps.end());

    auto *dialog =
        new DeleteFilesDialog(static_cast<int>(timestamps.size()), includesOverwrite, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, jobId, timestamps] {
        startDelete(jobId, timestamps, dialog->deleteStoredObjects());
    });
    // open(), not exec(): no nested event loop while engine results keep arriving.
    dialog->open();
}

void FilePage::startDelete(const QString &jobId, const QList<qint64> &timestamps, bool objects)
{
    auto *deleter = new FileDeleter(m_host, jobId, timestamps, objects, this);
    deleter->setBatchSize(m_deleteBatchSize);
    m_deleter = deleter;

    auto *progress = new QProgressDialog(
        tr("Deleting %n snapshot(s)...", nullptr, static_cast<int>(timestamps.size())), tr("Stop"),
        0, static_cast<int>(timestamps.size()), this);
    progress->setObjectName(QStringLiteral("deleteProgress"));
    progress->setWindowTitle(tr("Delete Snapshots"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setValue(0);
    connect(progress, &QProgressDialog::canceled, deleter, [deleter, progress] {
        progress->setLabelText(tr("Stopping after the current batch..."));
        deleter->cancel();
    });
    connect(deleter, &FileDeleter::progressed, progress, &QProgressDialog::setValue);
    connect(deleter, &FileDeleter::batchDeleted, this, [this, jobId](const QList<qint64> &deleted) {
        if (m_model->jobId() == jobId) {
            m_model->removeTimestamps(QSet<qint64>(deleted.cbegin(), deleted.cend()));
        }
    });
    connect(deleter, &FileDeleter::finished, this,
            [this, deleter, progress](const QList<qint64> &deleted, const QStringList &failures,
                                      bool stoppedEarly) {
                progress->close();
                progress->deleteLater();
                deleter->deleteLater();
                m_deleter = nullptr;
                updateButtons();
                if (!failures.isEmpty()) {
                    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Snapshots"),
                                                tr("%n snapshot(s) could not be deleted.", nullptr,
                                                   static_cast<int>(failures.size())),
                                                QMessageBox::Ok, this);
                    box->setObjectName(QStringLiteral("deleteFailuresBox"));
                    box->setInformativeText(tr("%n snapshot(s) were deleted.", nullptr,
                                               static_cast<int>(deleted.size())));
                    box->setDetailedText(failures.join(QLatin1Char('\n')));
                    box->setAttribute(Qt::WA_DeleteOnClose);
                    box->open();
                } else if (stoppedEarly) {
                    m_count->setText(tr("Stopped: %n snapshot(s) were deleted.", nullptr,
                                        static_cast<int>(deleted.size())));
                }
                emit deleteFinished(static_cast<int>(deleted.size()), failures);
            });
    updateButtons();
    deleter->start();
}

void FilePage::showJob(const QString &jobId)
{
    const int index = m_jobCombo->findData(jobId);
    if (index >= 0) {
        m_pendingJobId.clear();
        m_jobCombo->setCurrentIndex(index);
        return;
    }
    // Not listed yet (just submitted, or the list is still on its way): chosen when it is.
    m_pendingJobId = jobId;
    reloadJobs();
}

void FilePage::focusFilter()
{
    m_jobCombo->setFocus(Qt::ShortcutFocusReason);
}

} // namespace livesnap::ui
