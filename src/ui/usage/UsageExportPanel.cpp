#include "usage/UsageExportPanel.h"

#include "engine/EngineHost.h"
#include "service/SnapshotService.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QThreadPool>
#include <QTimer>

namespace livesnap::ui {

UsageExportPanel::UsageExportPanel(EngineHost &host, QWidget *parent)
    : QGroupBox(tr("Export as CSV"), parent)
    , m_host(host)
    , m_rangeLabel(new QLabel(this))
    , m_location(new QComboBox(this))
    , m_exportButton(new QPushButton(tr("&Export"), this))
    , m_busy(new QProgressBar(this))
    , m_error(new QLabel(this))
    , m_link(new QLineEdit(this))
    , m_copyButton(new QPushButton(tr("&Copy"), this))
    , m_openButton(new QPushButton(tr("&Open"), this))
    , m_timeLeft(new QLabel(this))
    , m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("usageExportPanel"));
    m_rangeLabel->setObjectName(QStringLiteral("exportRangeLabel"));
    m_rangeLabel->setWordWrap(true);
    m_location->setObjectName(QStringLiteral("exportLocation"));
    m_location->setToolTip(tr("The storage location the CSV file is written to"));
    m_location->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolTip(
        tr("Write the usage of every job in the range to a CSV file and make a link to it"));
    m_busy->setObjectName(QStringLiteral("exportBusy"));
    m_busy->setRange(0, 0); // busy: how long an upload takes is not known
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    m_error->setObjectName(QStringLiteral("exportError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_link->setObjectName(QStringLiteral("exportLink"));
    m_link->setReadOnly(true);
    m_link->setPlaceholderText(tr("The link to the exported file appears here"));
    m_copyButton->setObjectName(QStringLiteral("copyLinkButton"));
    m_copyButton->setToolTip(tr("Copy the link to the clipboard"));
    m_openButton->setObjectName(QStringLiteral("openLinkButton"));
    m_openButton->setToolTip(tr("Open the link in the browser"));
    m_timeLeft->setObjectName(QStringLiteral("linkTimeLeft"));
    m_ticker->setObjectName(QStringLiteral("linkTicker"));
    m_ticker->setInterval(1000);

    connect(m_exportButton, &QPushButton::clicked, this, &UsageExportPanel::exportUsage);
    connect(m_copyButton, &QPushButton::clicked, this, &UsageExportPanel::copyLink);
    connect(m_openButton, &QPushButton::clicked, this, &UsageExportPanel::openLink);
    connect(m_ticker, &QTimer::timeout, this, &UsageExportPanel::updateTimeLeft);
    connect(host.events(), &EngineEvents::storageLocationsChanged, this,
            &UsageExportPanel::reloadLocations);

    auto *toLabel = new QLabel(tr("&Location:"), this);
    toLabel->setBuddy(m_location);
    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(toLabel);
    exportRow->addWidget(m_location, 1);
    exportRow->addWidget(m_exportButton);
    exportRow->addWidget(m_busy);

    auto *linkLabel = new QLabel(tr("&Link:"), this);
    linkLabel->setBuddy(m_link);
    auto *linkRow = new QHBoxLayout;
    linkRow->addWidget(linkLabel);
    linkRow->addWidget(m_link, 1);
    linkRow->addWidget(m_copyButton);
    linkRow->addWidget(m_openButton);
    linkRow->addWidget(m_timeLeft);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_rangeLabel);
    layout->addLayout(exportRow);
    layout->addWidget(m_error);
    layout->addLayout(linkRow);

    updateButtons();
    reloadLocations();
}

void UsageExportPanel::setRange(const QDateTime &start, const QDateTime &end)
{
    m_start = start;
    m_end = end;
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm");
    m_rangeLabel->setText(tr("Exports the usage of every job from %1 to %2 (UTC), per run "
                             "and UTC day.")
                              .arg(start.toUTC().toString(format), end.toUTC().toString(format)));
    updateButtons();
}

void UsageExportPanel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateTimeLeft();
}

QString UsageExportPanel::selectedLocationId() const
{
    return m_location->currentData().toString();
}

bool UsageExportPanel::selectLocation(const QString &locationId)
{
    const int index = m_location->findData(locationId);
    if (index >= 0) {
        m_location->setCurrentIndex(index);
    }
    return index >= 0;
}

QString UsageExportPanel::locationText(const StorageLocation &location)
{
    if (location.builtIn) {
        return tr("Local (default)");
    }
    if (location.storageType == storage::Local) {
        return tr("Local: %1 (%2)").arg(location.bucket, location.path);
    }
    return tr("%1: %2 at %3")
        .arg(location.storageType.toUpper(), location.bucket, location.endpoint);
}

void UsageExportPanel::reloadLocations()
{
    if (m_loadingLocations) {
        m_locationsDirty = true;
        return;
    }
    if (!m_host.isRunning()) {
        return;
    }
    m_loadingLocations = true;
    m_locationsDirty = false;
    m_host.call(
        this, [](SnapshotService &service) { return service.listStorageLocations(); },
        [this](Result<QList<StorageLocation>> result) {
            m_loadingLocations = false;
            if (result) {
                const QString selected = selectedLocationId();
                m_locations = std::move(*result);
                m_location->clear();
                int builtIn = 0;
                for (const StorageLocation &location : std::as_const(m_locations)) {
                    if (location.builtIn) {
                        builtIn = m_location->count();
                    }
                    m_location->addItem(locationText(location), location.locationId);
                }
                const int index = m_location->findData(selected);
                m_location->setCurrentIndex(index >= 0 ? index : builtIn);
                updateButtons();
                emit locationsLoaded();
            } else {
                m_error->setText(
                    tr("Could not list the storage locations: %1").arg(result.error().message));
                m_error->show();
            }
            if (m_locationsDirty) {
                reloadLocations();
            }
        });
}

void UsageExportPanel::exportUsage()
{
    const qsizetype at = m_location->currentIndex();
    if (m_exporting || at < 0 || at >= m_locations.size() || !m_start.isValid()) {
        return;
    }
    const SnapshotOutput output = m_locations.at(at).output();
    const QDateTime start = m_start;
    const QDateTime end = m_end;
    m_exporting = true;
    m_error->hide();
    m_busy->show();
    updateButtons();
    // The catalog part on the engine thread; the upload (seconds to a remote store) off it, so
    // neither the GUI nor the engine waits for the network.
    m_host.callAsync<Result<SignedLink>>(
        this,
        [start, end, output](SnapshotService &service,
                             std::function<void(Result<SignedLink>)> reply) {
            service.exportLiveSnapshotUsage(start, end, output, std::move(reply));
        },
        [this](Result<SignedLink> link) { exportFinished(std::move(link)); });
}

void UsageExportPanel::exportFinished(Result<SignedLink> result)
{
    m_exporting = false;
    m_busy->hide();
    if (!result) {
        // The previous link, if any, stays usable.
        m_error->setText(tr("Export failed: %1").arg(result.error().message));
        m_error->show();
        updateButtons();
        emit exportFailed(result.error().message);
        return;
    }
    m_linkUrl = result->url;
    m_expireTime = result->expireTime;
    m_link->setText(m_linkUrl.toString());
    m_link->setCursorPosition(0);
    m_ticker->start();
    updateTimeLeft();
    emit exported(m_linkUrl);
}

QString UsageExportPanel::formatTimeLeft(qint64 seconds)
{
    const qint64 hours = seconds / 3600;
    const int minutes = int((seconds % 3600) / 60);
    const int secs = int(seconds % 60);
    if (hours > 0) {
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(secs, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
}

void UsageExportPanel::updateTimeLeft()
{
    if (!m_expireTime.isValid()) {
        m_timeLeft->clear();
        m_ticker->stop();
        updateButtons();
        return;
    }
    const qint64 leftMs = m_clock.now().msecsTo(m_expireTime);
    if (leftMs <= 0) {
        m_timeLeft->setText(tr("expired"));
        m_timeLeft->setToolTip(tr("The link expired at %1 (UTC); export again for a new link.")
                                   .arg(m_expireTime.toUTC().toString(Qt::ISODate)));
        m_ticker->stop();
    } else {
        m_timeLeft->setText(tr("expires in %1").arg(formatTimeLeft((leftMs + 999) / 1000)));
        m_timeLeft->setToolTip(
            tr("The link expires at %1 (UTC).").arg(m_expireTime.toUTC().toString(Qt::ISODate)));
        if (!m_ticker->isActive()) {
            m_ticker->start();
        }
    }
    updateButtons();
}

void UsageExportPanel::updateButtons()
{
    const bool haveLink = m_linkUrl.isValid() && m_expireTime.isValid();
    const bool live = haveLink && m_clock.now() < m_expireTime;
    // The range comes with the first report shown.
    m_exportButton->setEnabled(!m_exporting && m_location->currentIndex() >= 0 &&
                               m_start.isValid() && m_end.isValid());
    m_exportButton->setText(haveLink && !live ? tr("&Export a new link") : tr("&Export"));
    m_location->setEnabled(!m_exporting);
    m_link->setEnabled(live);
    m_copyButton->setEnabled(live);
    m_openButton->setEnabled(live);
}

void UsageExportPanel::copyLink()
{
    if (!m_linkUrl.isEmpty()) {
        QApplication::clipboard()->setText(m_linkUrl.toString());
    }
}

void UsageExportPanel::openLink()
{
    if (!m_linkUrl.isEmpty()) {
        QDesktopServices::openUrl(m_linkUrl);
    }
}

} // namespace livesnap::ui
