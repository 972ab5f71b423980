#pragma once

#include "BenchClock.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QString>
#include <QTimer>

class QAbstractItemView;
class QTabBar;

namespace livesnap::ui {
class MainWindow;
}

namespace livesnap::bench {

// Drives the real MainWindow like an operator watching 100 jobs: every actionMs it moves to
// the next place in a round (Templates, the Jobs list, the Monitor Wall, Files, Usage) by
// clicking the tab, clicks a row there (a template, a job, a tile), clicks another row half
// way through, and turns the mouse wheel over the list every scrollMs. Clicks and wheel turns
// are real input events (QTest::mouseClick, QWheelEvent) delivered to the widgets. The current
// action is written to the context, so stalls can be reported with what the operator did.
class UiOperator : public QObject {
    Q_OBJECT

public:
    UiOperator(ui::MainWindow &window, BenchContext &context, int actionMs, int scrollMs,
               quint32 seed, QObject *parent = nullptr);

    void start();
    void stop();

    // How many of each input it gave, and what it found on the Files page.
    QJsonObject summary() const;

private:
    enum class Place { Templates, JobsList, MonitorWall, Files, Usage };

    void nextPlace();
    void halfway();
    void scroll();
    void clickTab(QTabBar *bar, int index);
    bool clickRandomRow(QAbstractItemView *view);
    void selectOnFilesPage();
    void setActivity(const QString &activity);

    ui::MainWindow &m_window;
    BenchContext &m_context;
    QTimer m_actionTimer;
    QTimer m_halfwayTimer;
    QTimer m_scrollTimer;
    QRandomGenerator m_random;
    int m_step = -1;
    Place m_place = Place::Templates;
    QPointer<QAbstractItemView> m_view; // the list being looked at
    int m_wheelDirection = -1;          // -1: down (towards the end), +1: up
    QMap<QString, qint64> m_counts;
    QString m_filesPage;
};

} // namespace livesnap::bench
