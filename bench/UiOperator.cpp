#include "UiOperator.h"

#include "MainWindow.h"
#include "monitor/MonitorWall.h"
#include "pages/FilePage.h"
#include "pages/JobPage.h"
#include "pages/TemplatePage.h"
#include "pages/UsagePage.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCoreApplication>
#include <QJsonObject>
#include <QListView>
#include <QScrollBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QWheelEvent>

namespace livesnap::bench {

namespace {
constexpr int PlaceCount = 5; // Templates, JobsList, MonitorWall, Files, Usage: one round
} // namespace

UiOperator::UiOperator(ui::MainWindow &window, BenchContext &context, int actionMs, int scrollMs,
                       quint32 seed, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_context(context)
    , m_random(seed)
{
    m_actionTimer.setInterval(actionMs);
    m_halfwayTimer.setSingleShot(true);
    m_halfwayTimer.setInterval(actionMs / 2);
    m_scrollTimer.setInterval(scrollMs);
    connect(&m_actionTimer, &QTimer::timeout, this, &UiOperator::nextPlace);
    connect(&m_halfwayTimer, &QTimer::timeout, this, &UiOperator::halfway);
    connect(&m_scrollTimer, &QTimer::timeout, this, &UiOperator::scroll);
}

void UiOperator::start()
{
    nextPlace();
    m_actionTimer.start();
    m_scrollTimer.start();
}

void UiOperator::stop()
{
    m_actionTimer.stop();
    m_halfwayTimer.stop();
    m_scrollTimer.stop();
    setActivity(QStringLiteral("idle"));
}

QJsonObject UiOperator::summary() const
{
    QJsonObject out;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        out.insert(it.key(), it.value());
    }
    out.insert(QStringLiteral("files_page"), m_filesPage);
    return out;
}

void UiOperator::setActivity(const QString &activity)
{
    m_context.activity = activity;
}

void UiOperator::nextPlace()
{
    m_step = (m_step + 1) % PlaceCount;
    m_place = static_cast<Place>(m_step);
    QTabBar *mainTabs = m_window.tabs()->tabBar();
    QTabBar *jobViews = m_window.jobPage()->views()->tabBar();
    switch (m_place) {
    case Place::Templates:
        setActivity(QStringLiteral("templates: open tab, click a template"));
        clickTab(mainTabs, ui::MainWindow::TemplatesTab);
        m_view = m_window.templatePage()->view();
        clickRandomRow(m_view);
        break;
    case Place::JobsList:
        setActivity(QStringLiteral("jobs list: open tab, click a job"));
        clickTab(mainTabs, ui::MainWindow::JobsTab);
        clickTab(jobViews, 0);
        m_view = m_window.jobPage()->view();
        clickRandomRow(m_view);
        break;
    case Place::MonitorWall:
        setActivity(QStringLiteral("monitor wall: open view, click a tile"));
        clickTab(mainTabs, ui::MainWindow::JobsTab);
        clickTab(jobViews, 1);
        m_view = m_window.monitorWall()->view();
        clickRandomRow(m_view);
        break;
    case Place::Files:
        setActivity(QStringLiteral("files: open tab, select a job"));
        clickTab(mainTabs, ui::MainWindow::FilesTab);
        selectOnFilesPage();
        break;
    case Place::Usage:
        setActivity(QStringLiteral("usage: open tab"));
        clickTab(mainTabs, ui::MainWindow::UsageTab);
        m_view = m_window.usagePage()->view();
        break;
    }
    m_halfwayTimer.start();
}

void UiOperator::halfway()
{
    switch (m_place) {
    case Place::Templates:
    case Place::JobsList:
    case Place::MonitorWall:
        setActivity(m_context.activity.section(QLatin1Char(':'), 0, 0) +
                    QStringLiteral(": click another row"));
        clickRandomRow(m_view);
        break;
    case Place::Files:
        selectOnFilesPage();
        break;
    case Place::Usage:
        break;
    }
}

void UiOperator::scroll()
{
    QAbstractItemView *view = m_view.data();
    if (!view || !view->isVisible()) {
        return;
    }
    QScrollBar *bar = view->verticalScrollBar();
    if (bar->value() >= bar->maximum()) {
        m_wheelDirection = 1;
    } else if (bar->value() <= bar->minimum()) {
        m_wheelDirection = -1;
    }
    QWidget *viewport = view->viewport();
    const QPointF pos = QRectF(viewport->rect()).center();
    QWheelEvent wheel(pos, viewport->mapToGlobal(pos), QPoint(), QPoint(0, 120 * m_wheelDirection),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    const int before = bar->value();
    QCoreApplication::sendEvent(viewport, &wheel);
    ++m_counts[QStringLiteral("wheel_turns")];
    if (bar->value() != before) {
        ++m_counts[QStringLiteral("wheel_turns_that_scrolled")];
    }
}

void UiOperator::clickTab(QTabBar *bar, int index)
{
    if (index >= bar->count()) {
        return;
    }
    QTest::mouseClick(bar, Qt::LeftButton, Qt::NoModifier, bar->tabRect(index).center());
    ++m_counts[QStringLiteral("tab_clicks")];
}

bool UiOperator::clickRandomRow(QAbstractItemView *view)
{
    if (!view || !view->model() || !view->isVisible()) {
        return false;
    }
    const int rows = view->model()->rowCount();
    if (rows == 0) {
        return false;
    }
    const QModelIndex index = view->model()->index(m_random.bounded(rows), 0);
    view->scrollTo(index);
    const QRect rect = view->visualRect(index);
    if (!rect.isValid()) {
        return false;
    }
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
    ++m_counts[QStringLiteral("row_clicks")];
    return true;
}

void UiOperator::selectOnFilesPage()
{
    // The Files page's layout is its own; pick a job the way a user would with whatever it
    // shows: a job chooser (a combo box) or a list.
    QWidget *page = m_window.filePage();
    const auto combos = page->findChildren<QComboBox *>();
    for (QComboBox *combo : combos) {
        if (combo->isVisible() && combo->isEnabled() && combo->count() > 0) {
            combo->setCurrentIndex(m_random.bounded(combo->count()));
            m_filesPage =
                QStringLiteral("chose an entry of QComboBox \"%1\"").arg(combo->objectName());
            ++m_counts[QStringLiteral("files_selections")];
            return;
        }
    }
    const auto views = page->findChildren<QAbstractItemView *>();
    for (QAbstractItemView *view : views) {
        if (view->isVisible() && view->model() && view->model()->rowCount() > 0) {
            m_view = view;
            if (clickRandomRow(view)) {
                m_filesPage = QStringLiteral("clicked a row of %1 \"%2\"")
                                  .arg(QString::fromLatin1(view->metaObject()->className()),
                                       view->objectName());
                ++m_counts[QStringLiteral("files_selections")];
            }
            return;
        }
    }
    m_view = nullptr;
    m_filesPage = QStringLiteral("nothing to select (no visible job chooser or list)");
}

} // namespace livesnap::bench
