#include "files/DeleteFilesDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace livesnap::ui {

DeleteFilesDialog::DeleteFilesDialog(int count, bool includesOverwrite, QWidget *parent)
    : QDialog(parent)
    , m_text(new QLabel(this))
    , m_deleteObjects(new QCheckBox(tr("Also delete the stored objects"), this))
{
    setObjectName(QStringLiteral("deleteFilesDialog"));
    setWindowTitle(tr("Delete Snapshots"));
    m_text->setObjectName(QStringLiteral("deleteFilesText"));
    m_text->setWordWrap(true);
    QString text = tr("Delete %n snapshot(s) from the file list?", nullptr, count);
    if (includesOverwrite) {
        text += QLatin1Char(' ') + tr("Snapshots are deleted by capture time, so an overwrite "
                                      "object goes together with the real-time snapshot taken "
                                      "at the same moment.");
    }
    m_text->setText(text);
    m_deleteObjects->setObjectName(QStringLiteral("deleteStoredObjects"));
    m_deleteObjects->setToolTip(
        tr("Without this, only the records are deleted and the JPG files stay in their "
           "folder or bucket."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("deleteFilesButtons"));
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Delete"));
    ok->setObjectName(QStringLiteral("confirmDeleteButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_deleteObjects);
    layout->addWidget(buttons);
}

bool DeleteFilesDialog::deleteStoredObjects() const
{
    return m_deleteObjects->isChecked();
}

} // namespace livesnap::ui
