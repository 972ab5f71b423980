#include "common/ComponentVersion.h"

#include <QtGlobal>

namespace livesnap {

QString applicationVersion()
{
    return QStringLiteral(LIVESNAP_VERSION); // common/CMakeLists.txt: PROJECT_VERSION
}

QString ComponentVersion::note(const QString &separator) const
{
    QStringList notes = parts;
    if (!builtWith.isEmpty()) {
        notes << tr("built with %1").arg(builtWith);
    }
    if (source == Source::BuildTime) {
        notes << tr("build-time version");
    }
    return notes.join(separator);
}

QString ComponentVersion::line() const
{
    const QString text = name + QLatin1Char(' ') + version;
    const QString shownNote = note();
    return shownNote.isEmpty() ? text : text + QStringLiteral(" (") + shownNote + u')';
}

ComponentVersion ComponentVersion::atRunTime(const QString &name, const QString &version,
                                             const QStringList &parts)
{
    ComponentVersion component;
    component.name = name;
    component.version = version;
    component.parts = parts;
    return component;
}

ComponentVersion ComponentVersion::atBuildTime(const QString &name, const QString &version)
{
    ComponentVersion component = atRunTime(name, version);
    component.source = Source::BuildTime;
    return component;
}

ComponentVersion ComponentVersion::qt()
{
    ComponentVersion qt = atRunTime(QStringLiteral("Qt"), QString::fromLatin1(qVersion()));
    if (qt.version != QLatin1String(QT_VERSION_STR)) {
        qt.builtWith = QStringLiteral(QT_VERSION_STR);
    }
    return qt;
}

QString versionLines(const QList<ComponentVersion> &components)
{
    QString text;
    for (const ComponentVersion &component : components) {
        text += component.line() + u'\n';
    }
    return text;
}

} // namespace livesnap
