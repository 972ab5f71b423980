#pragma once

#include "common/Result.h"
#include "domain/SnapshotTemplate.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QSpinBox;

namespace livesnap::ui {

// The output part of the template form: snapshot width and height (0: the stream's size),
// JPEG quality (0: the engine setting) and capture mode. Its fields are checked by the core's
// rules (TemplateRules); the refusals are shown under the fields they concern.
class TemplateOutputBox : public QGroupBox {
    Q_OBJECT

public:
    explicit TemplateOutputBox(QWidget *parent = nullptr);

    // Fills the fields from a template's width, height, jpegQuality and captureMode.
    void setValues(const SnapshotTemplate &values);
    int outputWidth() const;
    int outputHeight() const;
    int jpegQuality() const;
    QString captureMode() const;

    // The core's verdict on the fields together; the first refusal.
    Status check() const;
    // Shows each field's refusal (or hides it).
    void showRefusals();

signals:
    void changed();

private:
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
    QLabel *m_sizeError = nullptr;
    QSpinBox *m_quality = nullptr;
    QLabel *m_qualityError = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_modeError = nullptr;
};

} // namespace livesnap::ui
