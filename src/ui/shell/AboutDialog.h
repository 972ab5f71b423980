#pragma once

#include "common/ComponentVersion.h"

#include <QDialog>
#include <QList>
#include <QUrl>

class QLabel;
class QPushButton;
class QTableWidget;

namespace livesnap::ui {

// Help > About LiveSnap: the version, what LiveSnap does, its licence (GPL-3.0-or-later, with a
// link to the full text) and the versions of the libraries in use, which Copy puts on the
// clipboard as plain text for a bug report.
class AboutDialog : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // What Copy puts on the clipboard: "LiveSnap <version>", then one line per library.
    QString versionsText() const;
    // The full licence text: the system's copy of the GPL-3 (Debian's common-licenses) when
    // there is one, else the GNU project's page.
    static QUrl licenceTextUrl();

private:
    QTableWidget *createComponentTable();
    void copyVersions();

    QList<ComponentVersion> m_components;
    QLabel *m_copiedLabel;
};

} // namespace livesnap::ui
