#pragma once

#include "common/Clock.h"
#include "domain/StorageLocation.h"
#include "service/Requests.h"

#include <QDateTime>
#include <QGroupBox>
#include <QList>
#include <QUrl>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// Exports the usage of a time range as CSV to a storage location (ExportLiveSnapshotUsage)
// and shows the link it returns: copy, open, and the time it has left by its ExpireTime. The
// export runs on the engine thread; meanwhile a busy bar shows and the button waits. A failed
// export shows the service's message and leaves the last link as it was.
class UsageExportPanel : public QGroupBox {
    Q_OBJECT

public:
    explicit UsageExportPanel(EngineHost &host, QWidget *parent = nullptr);

    // The range the next export covers (the range the page shows).
    void setRange(const QDateTime &start, const QDateTime &end);
    // Where "now" comes from for the time left (tests move it).
    void setClock(Clock clock);

    bool isExporting() const { return m_exporting; }
    QUrl linkUrl() const { return m_linkUrl; }
    QDateTime linkExpireTime() const { return m_expireTime; }
    // The location picked for the next export; empty before the list has loaded.
    QString selectedLocationId() const;
    // Selects a location by id; returns whether it is listed.
    bool selectLocation(const QString &locationId);

    // "29:41" / "1:02:03": the time left shown to the user (seconds rounded up).
    static QString formatTimeLeft(qint64 seconds);

public slots:
    void exportUsage();
    void reloadLocations();
    void copyLink();
    void openLink();

signals:
    void locationsLoaded();
    void exported(const QUrl &url);
    void exportFailed(const QString &message);

private:
    void exportFinished(Result<SignedLink> result);
    void updateTimeLeft();
    void updateButtons();
    static QString locationText(const StorageLocation &location);

    EngineHost &m_host;
    Clock m_clock;
    QDateTime m_start;
    QDateTime m_end;
    QList<StorageLocation> m_locations;
    bool m_loadingLocations = false;
    bool m_locationsDirty = false;
    bool m_exporting = false;
    QUrl m_linkUrl;
    QDateTime m_expireTime;

    QLabel *m_rangeLabel = nullptr;
    QComboBox *m_location = nullptr;
    QPushButton *m_exportButton = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_error = nullptr;
    QLineEdit *m_link = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_openButton = nullptr;
    QLabel *m_timeLeft = nullptr;
    QTimer *m_ticker = nullptr;
};

} // namespace livesnap::ui
