#pragma once

#include <QDialog>
#include <QTimer>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class EnginesModel;

// View ▸ Engines…: every engine on the catalog (EnginesModel), refreshed every few seconds
// while the window is visible, with a line saying which one is this window's and how many
// answer. Non-modal: it can stay open beside the jobs.
class EnginesDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int RefreshIntervalMs = 3000;

    explicit EnginesDialog(EngineHost &host, QWidget *parent = nullptr);
    ~EnginesDialog() override;

    // Raises the open one, or opens a new one over `parent` that deletes itself when closed.
    static EnginesDialog *showOver(EngineHost &host, QWidget *parent);

    EnginesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    bool isPolling() const { return m_poll.isActive(); }
    // The line above the table: this window's engine and how many engines answer.
    QString summaryText() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void done(int result) override;

private:
    void showSummary();

    EngineHost &m_host;
    EnginesModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QTimer m_poll;
};

} // namespace livesnap::ui
