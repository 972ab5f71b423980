// Help > About LiveSnap, opened from the window's menu: the build's version, the licence with a
// link to its full text, the libraries' versions as this test reads them from the libraries
// (or, without a run-time query, from the packages CMake found), and Copy.
#include "../UiTestSupport.h"
#include "MainWindow.h"
#include "engine/EngineHost.h"
#include "shell/AboutDialog.h"

#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

extern "C" {
#include <libavutil/avutil.h>
}

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

class TestAboutDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void menuOpensOneDialogWithVersionAndLicence();
    void tableShowsTheLibrariesInUse();
    void copyPutsTheVersionsOnTheClipboard();
    void closingDeletesIt();

private:
    AboutDialog *dialog() const { return m_window->findChild<AboutDialog *>(); }
    QString label(const char *name) const
    {
        auto *shown = dialog()->findChild<QLabel *>(QLatin1String(name));
        return shown ? shown->text() : QString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<MainWindow> m_window;
};

void TestAboutDialog::initTestCase()
{
    useFreshSettings();
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_window = std::make_unique<MainWindow>(*m_host);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestAboutDialog::cleanupTestCase()
{
    m_window.reset();
    m_host.reset();
}

void TestAboutDialog::menuOpensOneDialogWithVersionAndLicence()
{
    auto *about = m_window->findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    QVERIFY(!dialog());
    about->trigger();
    QTRY_VERIFY(dialog() && dialog()->isVisible());
    about->trigger(); // raises the open one
    QCOMPARE(m_window->findChildren<AboutDialog *>().size(), 1);

    QVERIFY2(label("titleLabel").contains(QStringLiteral("LiveSnap " LIVESNAP_EXPECTED_VERSION)),
             qPrintable(label("titleLabel")));
    QVERIFY(!label("descriptionLabel").isEmpty());
    const QString licence = label("licenceLabel");
    for (const char *words : {"free software", "GNU General Public License", "GPL-3.0-or-later",
                              "WITHOUT ANY WARRANTY", "LICENSE"}) {
        QVERIFY2(licence.contains(QLatin1String(words)), words);
    }
    // The link leads to the GPL-3 text itself: the system's copy where there is one.
    const QUrl url = AboutDialog::licenceTextUrl();
    QVERIFY2(licence.contains(QStringLiteral("href=\"%1\"").arg(url.toString(QUrl::FullyEncoded))),
             qPrintable(licence));
    if (QFile::exists(QStringLiteral("/usr/share/common-licenses/GPL-3"))) {
        QCOMPARE(url, QUrl::fromLocalFile(QStringLiteral("/usr/share/common-licenses/GPL-3")));
        QFile text(url.toLocalFile());
        QVERIFY(text.open(QIODevice::ReadOnly));
        const QByteArray head = text.read(200);
        QVERIFY2(head.contains("GNU GENERAL PUBLIC LICENSE") && head.contains("Version 3"),
                 head.constData());
    } else {
        QCOMPARE(url, QUrl(QStringLiteral("https://www.gnu.org/licenses/gpl-3.0.html")));
    }
}

void TestAboutDialog::tableShowsTheLibrariesInUse()
{
    QVERIFY(dialog());
    auto *table = dialog()->findChild<QTableWidget *>(QStringLiteral("componentTable"));
    QVERIFY(table);
    QCOMPARE(table->columnCount(), 3);
    QCOMPARE(table->rowCount(), 4);
    const auto cell = [table](int row, int column) { return table->item(row, column)->text(); };
    QCOMPARE(cell(0, 0), QStringLiteral("Qt"));
    QCOMPARE(cell(0, 1), QLatin1String(qVersion()));
    QCOMPARE(cell(1, 0), QStringLiteral("FFmpeg"));
    QCOMPARE(cell(1, 1), QString::fromUtf8(av_version_info()));
    const unsigned util = avutil_version();
    QVERIFY2(cell(1, 2).contains(QStringLiteral("libavutil %1.%2.%3")
                                     .arg(AV_VERSION_MAJOR(util))
                                     .arg(AV_VERSION_MINOR(util))
                                     .arg(AV_VERSION_MICRO(util))),
             qPrintable(cell(1, 2)));
    QCOMPARE(cell(2, 0), QStringLiteral("libjpeg-turbo"));
    QCOMPARE(cell(2, 1), QStringLiteral(LIVESNAP_EXPECTED_TURBOJPEG_VERSION));
    QCOMPARE(cell(2, 2), QStringLiteral("build-time version"));
    QCOMPARE(cell(3, 0), QStringLiteral("QtKeychain"));
    QCOMPARE(cell(3, 1), QStringLiteral(LIVESNAP_EXPECTED_QTKEYCHAIN_VERSION));
}

void TestAboutDialog::copyPutsTheVersionsOnTheClipboard()
{
    QVERIFY(dialog());
    QGuiApplication::clipboard()->setText(QStringLiteral("something else"));
    auto *copy = dialog()->findChild<QPushButton *>(QStringLiteral("copyButton"));
    QVERIFY(copy);
    QVERIFY(label("copiedLabel").isEmpty());
    QTest::mouseClick(copy, Qt::LeftButton);
    const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines.at(0), QStringLiteral("LiveSnap " LIVESNAP_EXPECTED_VERSION));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("Qt ") + QLatin1String(qVersion())),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("FFmpeg ") +
                                    QString::fromUtf8(av_version_info()) + QStringLiteral(" (")),
             qPrintable(lines.at(2)));
    QCOMPARE(lines.at(3), QStringLiteral("libjpeg-turbo " LIVESNAP_EXPECTED_TURBOJPEG_VERSION
                                         " (build-time version)"));
    QCOMPARE(lines.at(4), QStringLiteral("QtKeychain " LIVESNAP_EXPECTED_QTKEYCHAIN_VERSION
                                         " (build-time version)"));
    QVERIFY(!label("copiedLabel").isEmpty());
}

void TestAboutDialog::closingDeletesIt()
{
    QVERIFY(dialog());
    dialog()->close();
    QTRY_VERIFY(!dialog());
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
