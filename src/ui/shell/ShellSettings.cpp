#include "shell/ShellSettings.h"

#include <QSettings>

namespace livesnap::ui::shellsettings {

namespace {
const QString CloseKey = QStringLiteral("mainWindow/closeBehaviour");
const QString NotifyKey = QStringLiteral("mainWindow/healthNotifications");
const QString TabKey = QStringLiteral("mainWindow/lastTab");

// Stored as words, so a settings file stays readable and an unknown word means "ask".
const QString AskWord = QStringLiteral("ask");
const QString TrayWord = QStringLiteral("keep-in-tray");
const QString HandOffWord = QStringLiteral("hand-off");
const QString StopWord = QStringLiteral("stop");
} // namespace

CloseBehaviour closeBehaviour()
{
    const QString word = QSettings().value(CloseKey, AskWord).toString();
    if (word == TrayWord) {
        return CloseBehaviour::KeepInTray;
    }
    if (word == HandOffWord) {
        return CloseBehaviour::HandOff;
    }
    if (word == StopWord) {
        return CloseBehaviour::StopCapture;
    }
    return CloseBehaviour::Ask;
}

void setCloseBehaviour(CloseBehaviour behaviour)
{
    QString word = AskWord;
    switch (behaviour) {
    case CloseBehaviour::KeepInTray:
        word = TrayWord;
        break;
    case CloseBehaviour::HandOff:
        word = HandOffWord;
        break;
    case CloseBehaviour::StopCapture:
        word = StopWord;
        break;
    case CloseBehaviour::Ask:
        break;
    }
    QSettings().setValue(CloseKey, word);
}

bool healthNotifications()
{
    return QSettings().value(NotifyKey, true).toBool();
}

void setHealthNotifications(bool on)
{
    QSettings().setValue(NotifyKey, on);
}

int lastTab()
{
    bool ok = false;
    const int index = QSettings().value(TabKey).toInt(&ok);
    return ok ? index : -1;
}

void setLastTab(int index)
{
    QSettings().setValue(TabKey, index);
}

} // namespace livesnap::ui::shellsettings
