#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace livesnap {

// LiveSnap's own version: CMake's PROJECT_VERSION, the one definition both programs show.
QString applicationVersion();

// The version of one library LiveSnap uses, for Help > About, `livesnapctl --version` and bug
// reports. Each layer reports the libraries it links (common: Qt, media: FFmpeg, capture:
// libjpeg-turbo, secrets: QtKeychain); service/ComponentVersions gathers them.
struct ComponentVersion {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ComponentVersion)

public:
    enum class Source {
        RunTime,   // asked of the library loaded in this process
        BuildTime, // the library has no run-time query: the version the build compiled against
    };

    QString name;
    QString version;
    Source source = Source::RunTime;
    QString builtWith; // the compile-time version, when it differs from the run-time one
    QStringList parts; // the libraries that make it up, with their versions (FFmpeg's)

    // What to say beside the version (its parts, "built with …", "build-time version"), or empty;
    // the items joined by separator.
    QString note(const QString &separator = QStringLiteral(", ")) const;
    // "Qt 6.4.2", "QtKeychain 0.13.2 (build-time version)": one line of plain text.
    QString line() const;

    static ComponentVersion atRunTime(const QString &name, const QString &version,
                                      const QStringList &parts = {});
    static ComponentVersion atBuildTime(const QString &name, const QString &version);

    // Qt: qVersion(), with QT_VERSION_STR as builtWith when the two differ.
    static ComponentVersion qt();
};

// One line() per component, each ending in a newline.
QString versionLines(const QList<ComponentVersion> &components);

} // namespace livesnap
