// How a library's version reads in `livesnapctl --version`, Help > About and its Copy: the
// libraries it is made of, a compile-time version that differs, and a version known only from
// the build.
#include "common/ComponentVersion.h"

#include <QTest>

using namespace livesnap;

class TestComponentVersion : public QObject {
    Q_OBJECT

private slots:
    void applicationVersionIsTheProjectVersion()
    {
        QCOMPARE(applicationVersion(), QStringLiteral(LIVESNAP_EXPECTED_VERSION));
    }

    void linesSayWhatTheVersionIs()
    {
        QCOMPARE(ComponentVersion::atRunTime(QStringLiteral("Lib"), QStringLiteral("1.2")).line(),
                 QStringLiteral("Lib 1.2"));
        const ComponentVersion parts = ComponentVersion::atRunTime(
            QStringLiteral("FFmpeg"), QStringLiteral("5.1"),
            {QStringLiteral("libavformat 59.27.100"), QStringLiteral("libavutil 57.28.100")});
        QCOMPARE(parts.line(),
                 QStringLiteral("FFmpeg 5.1 (libavformat 59.27.100, libavutil 57.28.100)"));
        QCOMPARE(parts.note(QStringLiteral("\n")),
                 QStringLiteral("libavformat 59.27.100\nlibavutil 57.28.100"));
        QCOMPARE(
            ComponentVersion::atBuildTime(QStringLiteral("QtKeychain"), QStringLiteral("0.13.2"))
                .line(),
            QStringLiteral("QtKeychain 0.13.2 (build-time version)"));
        ComponentVersion differs =
            ComponentVersion::atRunTime(QStringLiteral("Qt"), QStringLiteral("6.4.3"));
        differs.builtWith = QStringLiteral("6.4.2");
        QCOMPARE(differs.line(), QStringLiteral("Qt 6.4.3 (built with 6.4.2)"));
        QCOMPARE(versionLines({differs, parts}), differs.line() + u'\n' + parts.line() + u'\n');
    }

    void qtIsTheLoadedOneAndNamesTheBuildsWhenOtherwise()
    {
        const ComponentVersion qt = ComponentVersion::qt();
        QCOMPARE(qt.name, QStringLiteral("Qt"));
        QCOMPARE(qt.version, QLatin1String(qVersion()));
        QCOMPARE(qt.source, ComponentVersion::Source::RunTime);
        const bool same = qt.version == QLatin1String(QT_VERSION_STR);
        QCOMPARE(qt.builtWith, same ? QString() : QStringLiteral(QT_VERSION_STR));
    }
};

QTEST_GUILESS_MAIN(TestComponentVersion)
#include "tst_componentversion.moc"
