#include "MainWindow.h"

#include "pages/FilePage.h"
#include "pages/JobPage.h"
#include "pages/TemplatePage.h"
#include "pages/UsagePage.h"
#include "service/EngineHost.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStringList>
#include <QTabWidget>

namespace livesnap::ui {

namespace {
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
} // namespace

MainWindow::MainWindow(EngineHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_templatePage(new TemplatePage(host, m_tabs))
    , m_jobPage(new JobPage(host, m_tabs))
    , m_filePage(new FilePage(host, m_tabs))
    , m_usagePage(new UsagePage(m_tabs))
    , m_dataLabel(new QLabel(this))
    , m_engineLabel(new QLabel(this))
{
    setWindowTitle(tr("LiveSnap"));
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(TemplatesTab, m_templatePage, tr("Template Management"));
    m_tabs->insertTab(JobsTab, m_jobPage, tr("Job Management"));
    m_tabs->insertTab(FilesTab, m_filePage, tr("File Management"));
    m_tabs->insertTab(UsageTab, m_usagePage, tr("Usage"));
    setCentralWidget(m_tabs);
    createMenus();

    statusBar()->addWidget(m_dataLabel, 1);
    statusBar()->addPermanentWidget(m_engineLabel);
    if (Engine *engine = host.engine()) {
        // The engine and its supervisor belong to the engine thread; ask them there.
        host.call(
            this,
            [engine](SnapshotService &service) {
                return QStringList{service.dataDirectory().root(),
                                   engine->supervisor() ? engine->supervisor()->ownerId()
                                                        : QString()};
            },
            [this](const QStringList &facts) {
                m_dataLabel->setText(
                    tr("Data directory: %1").arg(QDir::toNativeSeparators(facts.at(0))));
                m_engineLabel->setText(tr("Engine: %1").arg(facts.at(1)));
            });
    }

    const QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray())) {
        resize(1100, 700);
    }
    restoreState(settings.value(StateKey).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About LiveSnap"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About LiveSnap"),
                       tr("<h3>LiveSnap %1</h3>"
                          "<p>Takes JPG snapshots of RTMP live streams at an interval and keeps "
                          "them in local folders or object storage.</p>")
                           .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace livesnap::ui
