#include "templates/TemplateOutputBox.h"

#include "domain/TemplateRules.h"
#include "templates/FormLabels.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace livesnap::ui {

namespace {

QSpinBox *sideBox(const QString &objectName, const QString &keepText, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    // The widest the rules allow; narrower than the minimum is refused by them, with a message.
    box->setRange(0, rules::MaxOutputSide);
    box->setSpecialValueText(keepText);
    box->setSuffix(QStringLiteral(" px"));
    box->setAccelerated(true);
    return box;
}

void showStatus(QLabel *label, const Status &status)
{
    label->setText(status ? QString() : status.error().message);
    label->setVisible(!status.ok());
}

} // namespace

TemplateOutputBox::TemplateOutputBox(QWidget *parent)
    : QGroupBox(tr("Output"), parent)
{
    setObjectName(QStringLiteral("outputGroup"));
    auto *form = new QFormLayout(this);

    m_width = sideBox(QStringLiteral("widthSpin"), tr("Stream's width"), this);
    m_width->setToolTip(tr("Snapshot width in pixels. Give only the width and the height follows "
                           "the picture's aspect ratio; give both and the picture fits inside "
                           "them. Snapshots are never enlarged."));
    m_height = sideBox(QStringLiteral("heightSpin"), tr("Stream's height"), this);
    m_height->setToolTip(m_width->toolTip());
    auto *sizeRow = new QWidget(this);
    auto *sizeLayout = new QHBoxLayout(sizeRow);
    sizeLayout->setContentsMargins(0, 0, 0, 0);
    sizeLayout->addWidget(m_width, 1);
    sizeLayout->addWidget(new QLabel(QStringLiteral("×"), sizeRow));
    sizeLayout->addWidget(m_height, 1);
    sizeRow->setFocusProxy(m_width);
    m_sizeError = errorLabel(QStringLiteral("sizeError"), this);
    form->addRow(tr("Snapshot &size:"), withError(sizeRow, m_sizeError, this));

    m_quality = new QSpinBox(this);
    m_quality->setObjectName(QStringLiteral("qualitySpin"));
    m_quality->setRange(0, rules::MaxJpegQuality);
    m_quality->setSpecialValueText(tr("Engine default"));
    m_quality->setToolTip(tr("1 (smallest files) to 100 (best pictures); the engine default is "
                             "set in Settings."));
    m_qualityError = errorLabel(QStringLiteral("qualityError"), this);
    form->addRow(tr("&JPEG quality:"), withError(m_quality, m_qualityError, this));

    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("captureModeCombo"));
    m_mode->addItem(tr("Keyframe (first keyframe at or after the due time)"),
                    rules::CaptureModeKeyframe);
    m_mode->addItem(tr("Exact (the frame of the due time; more decoding)"),
                    rules::CaptureModeExact);
    m_modeError = errorLabel(QStringLiteral("captureModeError"), this);
    form->addRow(tr("Capture &mode:"), withError(m_mode, m_modeError, this));

    for (QSpinBox *box : {m_width, m_height, m_quality}) {
        connect(box, &QSpinBox::valueChanged, this, &TemplateOutputBox::changed);
    }
    connect(m_mode, &QComboBox::currentIndexChanged, this, &TemplateOutputBox::changed);
}

void TemplateOutputBox::setValues(const SnapshotTemplate &values)
{
    m_width->setValue(values.width);
    m_height->setValue(values.height);
    m_quality->setValue(values.jpegQuality);
    const int mode = m_mode->findData(values.captureMode);
    if (mode >= 0) {
        m_mode->setCurrentIndex(mode);
    }
}

int TemplateOutputBox::outputWidth() const
{
    return m_width->value();
}

int TemplateOutputBox::outputHeight() const
{
    return m_height->value();
}

int TemplateOutputBox::jpegQuality() const
{
    return m_quality->value();
}

QString TemplateOutputBox::captureMode() const
{
    return m_mode->currentData().toString();
}

Status TemplateOutputBox::check() const
{
    if (auto s = rules::validateOutputSize(outputWidth(), outputHeight()); !s) {
        return s;
    }
    if (auto s = rules::validateJpegQuality(jpegQuality()); !s) {
        return s;
    }
    return rules::validateCaptureMode(captureMode());
}

void TemplateOutputBox::showRefusals()
{
    showStatus(m_sizeError, rules::validateOutputSize(outputWidth(), outputHeight()));
    showStatus(m_qualityError, rules::validateJpegQuality(jpegQuality()));
    showStatus(m_modeError, rules::validateCaptureMode(captureMode()));
}

} // namespace livesnap::ui
