#pragma once

#include "domain/SnapshotJob.h"
#include "service/Requests.h"

#include <QHash>
#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class JobEventModel;

// Every GetLiveSnapshotJob field of one job (stream and callback URLs masked until the operator
// presses Show, LastError highlighted) beside its most recent events, newest first. Refetched when
// the service reports the job changed, and every few seconds while shown (some events, e.g. storage
// errors, come without a jobChanged).
class JobDetailsPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int EventLimit = 50;
    static constexpr int PollIntervalMs = 5000;

    explicit JobDetailsPanel(EngineHost &host, QWidget *parent = nullptr);

    QString jobId() const { return m_jobId; }
    // The job as last fetched; meaningful only while hasJob().
    const SnapshotJob &job() const { return m_job; }
    bool hasJob() const { return m_hasJob; }
    JobEventModel *eventModel() const { return m_events; }
    QTableView *eventView() const { return m_eventView; }
    QSplitter *splitter() const { return m_splitter; }
    // The "Show" toggle beside the stream URL: unmasked stream and callback URLs while checked
    // (for the shown job only; selecting another job masks them again).
    QToolButton *revealButton() const { return m_revealUrls; }

public slots:
    // Shows jobId (empty: none) and fetches it.
    void setJobId(const QString &jobId);
    // Shows no job but says that count jobs are selected (details are for one job).
    void showSelectionCount(int count);
    void refresh();

signals:
    // A fetch for the shown job has been applied (successfully or not).
    void refreshed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Details {
        SnapshotJob job;
        QList<JobEvent> events;
        QString eventsError;
    };

    void addField(const QString &key, const QString &title, QWidget *trailing = nullptr);
    void setField(const QString &key, const QString &text);
    void showJob(const SnapshotJob &job);
    // Whether the stream's TLS certificate is checked; verification off is highlighted.
    void showTls(const StreamInput &input);
    void showPlaceholder(const QString &text);
    void fitFieldsHeight();
    void applyDetails(const QString &jobId, const Result<Details> &details);

    EngineHost &m_host;
    QString m_jobId;
    SnapshotJob m_job;
    bool m_hasJob = false;
    bool m_inFlight = false;
    bool m_dirty = false;
    QTimer m_changeTimer;
    QTimer m_pollTimer;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QWidget *m_fieldsPage = nullptr;
    QScrollArea *m_scroll = nullptr;
    QHash<QString, QLabel *> m_fields;   // values that wrap
    QHash<QString, QLineEdit *> m_lines; // values that scroll (ids, URLs, formats)
    QLabel *m_eventsError = nullptr;
    JobEventModel *m_events = nullptr;
    QTableView *m_eventView = nullptr;
    QSplitter *m_splitter = nullptr;
    QToolButton *m_revealUrls = nullptr;
};

} // namespace livesnap::ui
