#include "shell/CloseQuestion.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace livesnap::ui {

QMessageBox *CloseQuestion::ask(QWidget *parent, int runningJobs, Occasion occasion, bool offerTray,
                                std::function<void(CloseBehaviour)> done)
{
    auto *box = new QMessageBox(parent);
    box->setObjectName(QStringLiteral("closeQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Question);
    box->setWindowTitle(occasion == Occasion::Quit ? tr("Quit LiveSnap") : tr("Close LiveSnap"));
    box->setText(runningJobs == 1 ? tr("A job is capturing. What should happen to it?")
                                  : tr("%n jobs are capturing. What should happen to them?",
                                       nullptr, runningJobs));
    QString details;
    if (offerTray && occasion == Occasion::Close) {
        details += tr("Keep capturing: the window hides, LiveSnap stays in the tray and keeps "
                      "taking snapshots and telling you about stream problems.") +
                   QStringLiteral("\n\n");
    }
    details += tr("Hand over: the background service (livesnapctl serve) takes the jobs and "
                  "keeps taking snapshots after LiveSnap quits.") +
               QStringLiteral("\n\n") +
               tr("Stop capture: no snapshots are taken until LiveSnap or the service runs "
                  "again; the jobs stay started.");
    if (occasion == Occasion::Close) {
        details += QStringLiteral("\n\n") +
                   tr("Your choice is remembered; change it in Settings ▸ When the Window "
                      "Closes.");
    }
    box->setInformativeText(details);

    QPushButton *tray = nullptr;
    if (offerTray && occasion == Occasion::Close) {
        tray = box->addButton(tr("Keep Capturing in the Tray"), QMessageBox::AcceptRole);
        tray->setObjectName(QStringLiteral("keepInTrayButton"));
    }
    QPushButton *handOff = box->addButton(tr("Hand Over and Quit"), QMessageBox::AcceptRole);
    handOff->setObjectName(QStringLiteral("handOffButton"));
    QPushButton *stop = box->addButton(tr("Stop Capture and Quit"), QMessageBox::DestructiveRole);
    stop->setObjectName(QStringLiteral("stopCaptureButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    box->setDefaultButton(tray ? tray : handOff);
    box->setEscapeButton(cancel);

    QObject::connect(box, &QMessageBox::buttonClicked, box,
                     [tray, handOff, stop, done = std::move(done)](QAbstractButton *button) {
                         if (button == tray && tray) {
                             done(CloseBehaviour::KeepInTray);
                         } else if (button == handOff) {
                             done(CloseBehaviour::HandOff);
                         } else if (button == stop) {
                             done(CloseBehaviour::StopCapture);
                         }
                     });
    box->open();
    return box;
}

} // namespace livesnap::ui
