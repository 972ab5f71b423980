#include "pages/FilePage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace livesnap::ui {

FilePage::FilePage(QWidget *parent)
    : QWidget(parent)
{
    auto *label = new QLabel(tr("Browse a job's snapshots here: pick a job and a time range to "
                                "see them as thumbnails, open one, copy its link or delete "
                                "files."),
                             this);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
}

} // namespace livesnap::ui
