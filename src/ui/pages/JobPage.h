#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class JobListModel;

// Job Management: every job with its status and stream state, sortable and filterable, and
// the start / stop commands for the selected job. Whether a command is allowed is the
// service's call; its error message is shown as it comes.
class JobPage : public QWidget {
    Q_OBJECT

public:
    explicit JobPage(EngineHost &host, QWidget *parent = nullptr);

    JobListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    // The id of the selected job; empty when none is selected.
    QString selectedJobId() const;

public slots:
    void startSelectedJob();
    void stopSelectedJob();

signals:
    // A command was refused or failed; the message is also shown to the user.
    void commandFailed(const QString &message);

private:
    void sendCommand(const QString &command);
    void updateButtons();

    EngineHost &m_host;
    JobListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_stopButton = nullptr;
};

} // namespace livesnap::ui
