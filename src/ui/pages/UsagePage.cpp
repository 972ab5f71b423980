#include "pages/UsagePage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace livesnap::ui {

UsagePage::UsagePage(QWidget *parent)
    : QWidget(parent)
{
    auto *label = new QLabel(tr("See how long each job ran here, per job and day, as a chart, "
                                "and export the usage as CSV."),
                             this);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
}

} // namespace livesnap::ui
