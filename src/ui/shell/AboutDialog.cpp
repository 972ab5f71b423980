#include "shell/AboutDialog.h"

#include "service/ComponentVersions.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
const QString SystemLicencePath = QStringLiteral("/usr/share/common-licenses/GPL-3");

QLabel *wrappedLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    return label;
}
} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_components(componentVersions())
    , m_copiedLabel(new QLabel(this))
{
    setWindowTitle(tr("About LiveSnap"));
    auto *layout = new QVBoxLayout(this);

    layout->addWidget(
        wrappedLabel(QStringLiteral("<h2>%1</h2>")
                         .arg(tr("LiveSnap %1").arg(applicationVersion()).toHtmlEscaped()),
                     QStringLiteral("titleLabel"), this));
    layout->addWidget(wrappedLabel(tr("Takes JPG snapshots of RTMP live streams at an interval and "
                                      "keeps them in local folders or object storage."),
                                   QStringLiteral("descriptionLabel"), this));

    const QUrl licence = licenceTextUrl();
    const QString shownLicence = licence.isLocalFile() ? licence.toLocalFile() : licence.toString();
    auto *licenceLabel = wrappedLabel(
        QStringLiteral("<p>%1</p><p>%2</p><p>%3</p>")
            .arg(tr("LiveSnap is free software: you can redistribute it and/or modify it under the "
                    "terms of the GNU General Public License as published by the Free Software "
                    "Foundation, either version 3 of the License, or (at your option) any later "
                    "version (GPL-3.0-or-later)."),
                 tr("It is distributed in the hope that it will be useful, but WITHOUT ANY "
                    "WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR "
                    "A PARTICULAR PURPOSE."),
                 tr("The full licence text is in %1 and in the LICENSE file of the source code.")
                     .arg(QStringLiteral("<a href=\"%1\">%2</a>")
                              .arg(licence.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                                   shownLicence.toHtmlEscaped()))),
        QStringLiteral("licenceLabel"), this);
    licenceLabel->setTextFormat(Qt::RichText);
    licenceLabel->setOpenExternalLinks(true);
    layout->addWidget(licenceLabel);

    layout->addWidget(new QLabel(tr("Libraries in use:"), this));
    layout->addWidget(createComponentTable());

    m_copiedLabel->setObjectName(QStringLiteral("copiedLabel"));
    layout->addWidget(m_copiedLabel);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyButton"));
    copy->setAutoDefault(false);
    copy->setToolTip(tr("Copy LiveSnap's version and the libraries' versions as plain text, for "
                        "a bug report."));
    connect(copy, &QPushButton::clicked, this, &AboutDialog::copyVersions);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

QTableWidget *AboutDialog::createComponentTable()
{
    auto *table = new QTableWidget(int(m_components.size()), 3, this);
    table->setObjectName(QStringLiteral("componentTable"));
    table->setHorizontalHeaderLabels({tr("Library"), tr("Version"), tr("Details")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    for (int row = 0; row < m_components.size(); ++row) {
        const ComponentVersion &component = m_components.at(row);
        // One item of the note a line (FFmpeg's libraries): rows as tall as their lines.
        const QStringList cells{component.name, component.version,
                                component.note(QStringLiteral("\n"))};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(cells.at(column));
            table->setItem(row, column, item);
        }
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false); // row heights from the lines alone, whatever the width
    table->resizeRowsToContents();
    // Every row shown, without scrolling.
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    for (int row = 0; row < table->rowCount(); ++row) {
        height += table->rowHeight(row);
    }
    table->setFixedHeight(height);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return table;
}

QString AboutDialog::versionsText() const
{
    return QStringLiteral("LiveSnap ") + applicationVersion() + u'\n' + versionLines(m_components);
}

QUrl AboutDialog::licenceTextUrl()
{
    if (QFileInfo(SystemLicencePath).isFile()) {
        return QUrl::fromLocalFile(SystemLicencePath);
    }
    return QUrl(QStringLiteral("https://www.gnu.org/licenses/gpl-3.0.html"));
}

void AboutDialog::copyVersions()
{
    QApplication::clipboard()->setText(versionsText());
    m_copiedLabel->setText(tr("The versions are on the clipboard."));
}

} // namespace livesnap::ui
