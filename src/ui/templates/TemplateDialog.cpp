#include "templates/TemplateDialog.h"

#include "templates/FormLabels.h"
#include "templates/TemplateOutputBox.h"

#include "domain/TemplateRules.h"
#include "engine/EngineHost.h"
#include "service/Requests.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {

constexpr int MaxOpenWidth = 640;

// Shows the core's refusal in `label` (only once the user has touched the field).
template <typename T> void showRefusal(QLabel *label, const Result<T> &result, bool touched)
{
    const bool refused = !result.ok();
    label->setText(refused ? result.error().message : QString());
    label->setVisible(refused && touched);
}

} // namespace

TemplateDialog::TemplateDialog(EngineHost &host, Mode mode, const SnapshotTemplate &values,
                               QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_mode(mode)
    , m_original(values)
{
    setObjectName(QStringLiteral("templateDialog"));
    setWindowTitle(mode == Mode::Create ? tr("New Snapshot Template")
                                        : tr("Edit Snapshot Template"));
    buildForm();

    m_name->setText(values.templateName);
    if (values.timeInterval != 0) {
        m_interval->setText(QString::number(values.timeInterval));
    }
    m_overwrite->setChecked(!values.overwriteFormat.isEmpty());
    m_overwriteFormat->setText(values.overwriteFormat.isEmpty() ? rules::DefaultOverwriteFormat
                                                                : values.overwriteFormat);
    m_sequence->setChecked(!values.sequenceFormat.isEmpty());
    m_sequenceFormat->setText(values.sequenceFormat.isEmpty() ? rules::DefaultSequenceFormat
                                                              : values.sequenceFormat);
    m_output->setValues(values);
    // What came filled in is checked at once; an empty field only once the user typed in it.
    for (QLineEdit *field : {m_name, m_interval, m_overwriteFormat, m_sequenceFormat}) {
        if (!field->text().isEmpty()) {
            m_touched.insert(field);
        }
    }
    if (!values.overwriteFormat.isEmpty() || !values.sequenceFormat.isEmpty()) {
        m_touched.insert(m_overwrite);
    }
    validate();
}

SnapshotTemplate TemplateDialog::newTemplateValues()
{
    SnapshotTemplate values;
    values.overwriteFormat = rules::DefaultOverwriteFormat;
    values.sequenceFormat = rules::DefaultSequenceFormat;
    return values;
}

void TemplateDialog::buildForm()
{
    m_form = new QWidget(this);
    m_form->setObjectName(QStringLiteral("templateForm"));
    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);

    if (m_mode == Mode::Edit) {
        auto *id = new QLabel(m_original.templateId, m_form);
        id->setObjectName(QStringLiteral("templateIdLabel"));
        id->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(tr("Template ID:"), id);
    }

    m_name = new QLineEdit(m_form);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. Lobby cameras, every 30 s"));
    m_nameError = errorLabel(QStringLiteral("nameError"), m_form);
    form->addRow(tr("Template &name:"), withError(m_name, m_nameError, m_form));

    m_interval = new QLineEdit(m_form);
    m_interval->setObjectName(QStringLiteral("intervalEdit"));
    m_interval->setPlaceholderText(
        tr("%1 to %2").arg(rules::MinTimeInterval).arg(rules::MaxTimeInterval));
    m_interval->setToolTip(tr("Seconds between snapshots; each is taken on the first keyframe "
                              "at or after the moment it is due."));
    auto *intervalRow = new QWidget(m_form);
    auto *intervalLayout = new QHBoxLayout(intervalRow);
    intervalLayout->setContentsMargins(0, 0, 0, 0);
    intervalLayout->addWidget(m_interval, 1);
    intervalLayout->addWidget(new QLabel(tr("seconds"), intervalRow));
    intervalRow->setFocusProxy(m_interval);
    m_intervalError = errorLabel(QStringLiteral("intervalError"), m_form);
    form->addRow(tr("Snapshot &frequency:"), withError(intervalRow, m_intervalError, m_form));

    auto *storage = new QGroupBox(tr("Storage rule"), m_form);
    storage->setObjectName(QStringLiteral("storageRuleGroup"));
    auto *storageLayout = new QFormLayout(storage);

    m_overwrite = new QCheckBox(tr("&Overwrite snapshot"), storage);
    m_overwrite->setObjectName(QStringLiteral("overwriteCheck"));
    storageLayout->addRow(m_overwrite);
    storageLayout->addRow(hintLabel(tr("Each new snapshot overwrites the previous one."), storage));
    m_overwriteFormat = new QLineEdit(storage);
    m_overwriteFormat->setObjectName(QStringLiteral("overwriteFormatEdit"));
    m_overwriteFormat->setToolTip(tr("The object key of the latest snapshot; {JobId} is "
                                     "replaced by the job's ID."));
    m_overwriteFormatError = errorLabel(QStringLiteral("overwriteFormatError"), storage);
    storageLayout->addRow(tr("Object &key:"),
                          withError(m_overwriteFormat, m_overwriteFormatError, storage));

    m_sequence = new QCheckBox(tr("&Real-time snapshot"), storage);
    m_sequence->setObjectName(QStringLiteral("sequenceCheck"));
    storageLayout->addRow(m_sequence);
    storageLayout->addRow(
        hintLabel(tr("Every snapshot is kept under its own name; none is overwritten."), storage));
    m_sequenceFormat = new QLineEdit(storage);
    m_sequenceFormat->setObjectName(QStringLiteral("sequenceFormatEdit"));
    m_sequenceFormat->setToolTip(
        tr("The object key of each snapshot; {JobId}, {Date} (YYYY-MM-DD, UTC), {Sequence} "
           "(the job's snapshot counter) and {UnixTimestamp} (seconds) are replaced."));
    m_sequenceFormat->setMinimumWidth(
        m_sequenceFormat->fontMetrics().horizontalAdvance(rules::DefaultSequenceFormat) +
        m_sequenceFormat->fontMetrics().averageCharWidth() * 4);
    m_sequenceFormatError = errorLabel(QStringLiteral("sequenceFormatError"), storage);
    storageLayout->addRow(tr("Object k&ey:"),
                          withError(m_sequenceFormat, m_sequenceFormatError, storage));

    m_storageRuleError = errorLabel(QStringLiteral("storageRuleError"), storage);
    storageLayout->addRow(m_storageRuleError);
    storageLayout->addRow(hintLabel(tr("Snapshots are saved as JPG."), storage));
    form->addRow(storage);

    m_output = new TemplateOutputBox(m_form);
    form->addRow(m_output);
    connect(m_output, &TemplateOutputBox::changed, this, &TemplateDialog::validate);

    m_serviceError = errorLabel(QStringLiteral("serviceError"), this);
    m_savingLabel = new QLabel(tr("Saving…"), this);
    m_savingLabel->setObjectName(QStringLiteral("savingLabel"));
    m_savingLabel->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_okButton = m_buttons->button(QDialogButtonBox::Ok);
    m_okButton->setObjectName(QStringLiteral("okButton"));
    m_okButton->setText(m_mode == Mode::Create ? tr("Create") : tr("Save"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TemplateDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TemplateDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_serviceError);
    layout->addWidget(m_savingLabel);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    // Room for the default formats and most messages on one line, measured on a Latin letter:
    // a CJK font's average character is a full-width glyph, and 90 of those opened the dialog
    // about 1,090 px wide in Chinese. Longer messages wrap (the labels are word-wrapped).
    setMinimumWidth(qMin(fontMetrics().horizontalAdvance(QLatin1Char('n')) * 80, MaxOpenWidth));

    for (QLineEdit *field : {m_name, m_interval, m_overwriteFormat, m_sequenceFormat}) {
        connect(field, &QLineEdit::textEdited, this, [this, field] { touch(field); });
        connect(field, &QLineEdit::textChanged, this, &TemplateDialog::validate);
    }
    for (QCheckBox *rule : {m_overwrite, m_sequence}) {
        // One flag for the pair: the storage rule as a whole was touched.
        connect(rule, &QCheckBox::clicked, this, [this] { touch(m_overwrite); });
        connect(rule, &QCheckBox::toggled, this, &TemplateDialog::validate);
    }
}

void TemplateDialog::touch(QWidget *field)
{
    if (!m_touched.contains(field)) {
        m_touched.insert(field);
        validate();
    }
}

QString TemplateDialog::overwriteFormat() const
{
    return m_overwrite->isChecked() ? m_overwriteFormat->text() : QString();
}

QString TemplateDialog::sequenceFormat() const
{
    return m_sequence->isChecked() ? m_sequenceFormat->text() : QString();
}

void TemplateDialog::validate()
{
    m_overwriteFormat->setEnabled(m_overwrite->isChecked());
    m_sequenceFormat->setEnabled(m_sequence->isChecked());

    showRefusal(m_nameError, rules::validateTemplateName(m_name->text()),
                m_touched.contains(m_name));
    showRefusal(m_intervalError, rules::parseTimeInterval(m_interval->text()),
                m_touched.contains(m_interval));
    const Status overwrite = m_overwrite->isChecked()
                                 ? rules::validateOverwriteFormat(m_overwriteFormat->text())
                                 : success();
    const Status sequence = m_sequence->isChecked()
                                ? rules::validateSequenceFormat(m_sequenceFormat->text())
                                : success();
    showRefusal(m_overwriteFormatError, overwrite, m_touched.contains(m_overwriteFormat));
    showRefusal(m_sequenceFormatError, sequence, m_touched.contains(m_sequenceFormat));
    // The pair's own rule (e.g. at least one of them); a bad format is shown at its field.
    const Status formats = overwrite.ok() && sequence.ok()
                               ? rules::validateFormats(overwriteFormat(), sequenceFormat())
                               : success();
    showRefusal(m_storageRuleError, formats, m_touched.contains(m_overwrite));
    m_output->showRefusals();

    m_okButton->setEnabled(!m_saving && isFormValid());
    scheduleFit();
}

void TemplateDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    scheduleFit();
}

void TemplateDialog::scheduleFit()
{
    // After the layouts took in the labels just shown or hidden (their requests are queued).
    if (!m_fitPending) {
        m_fitPending = true;
        QMetaObject::invokeMethod(this, &TemplateDialog::growToFit, Qt::QueuedConnection);
    }
}

void TemplateDialog::growToFit()
{
    m_fitPending = false;
    // A message that appears must not squeeze the form: grow (never shrink while typing).
    QLayout *top = layout();
    if (!top || !isVisible()) {
        return;
    }
    const int needed = top->hasHeightForWidth() ? top->totalHeightForWidth(width())
                                                : top->totalSizeHint().height();
    if (needed > height()) {
        resize(width(), needed);
    }
}

bool TemplateDialog::isFormValid() const
{
    return rules::validateTemplateName(m_name->text()).ok() &&
           rules::parseTimeInterval(m_interval->text()).ok() &&
           rules::validateFormats(overwriteFormat(), sequenceFormat()).ok() &&
           m_output->check().ok();
}

void TemplateDialog::accept()
{
    if (m_saving) {
        return;
    }
    if (!isFormValid()) {
        // Say what is wrong everywhere, untouched fields included.
        m_touched.unite(
            QSet<QWidget *>{m_name, m_interval, m_overwriteFormat, m_sequenceFormat, m_overwrite});
        validate();
        return;
    }
    const QString name = m_name->text();
    const int interval = rules::parseTimeInterval(m_interval->text()).value();
    const QString overwrite = overwriteFormat();
    const QString sequence = sequenceFormat();

    if (m_mode == Mode::Create) {
        TemplateSpec spec;
        spec.templateName = name;
        spec.timeInterval = interval;
        spec.overwriteFormat = overwrite;
        spec.sequenceFormat = sequence;
        spec.width = m_output->outputWidth();
        spec.height = m_output->outputHeight();
        spec.jpegQuality = m_output->jpegQuality();
        spec.captureMode = m_output->captureMode();
        setSaving(true);
        m_host.call(
            this,
            [spec](SnapshotService &service) { return service.createLiveSnapshotTemplate(spec); },
            [this](Result<QString> created) {
                finishSave(created ? *created : QString(),
                           created ? QString() : created.error().message);
            });
        return;
    }

    // Only what changed, so a field changed elsewhere meanwhile is not put back.
    TemplateUpdate update;
    update.templateId = m_original.templateId;
    if (name != m_original.templateName) {
        update.templateName = name;
    }
    if (interval != m_original.timeInterval) {
        update.timeInterval = interval;
    }
    if (overwrite != m_original.overwriteFormat) {
        update.overwriteFormat = overwrite;
    }
    if (sequence != m_original.sequenceFormat) {
        update.sequenceFormat = sequence;
    }
    const auto changed = [](auto now, auto was) {
        return now == was ? std::nullopt : std::optional(now);
    };
    update.width = changed(m_output->outputWidth(), m_original.width);
    update.height = changed(m_output->outputHeight(), m_original.height);
    update.jpegQuality = changed(m_output->jpegQuality(), m_original.jpegQuality);
    update.captureMode = changed(m_output->captureMode(), m_original.captureMode);
    if (!update.templateName && !update.timeInterval && !update.overwriteFormat &&
        !update.sequenceFormat && !update.width && !update.height && !update.jpegQuality &&
        !update.captureMode) {
        emit saved(m_original.templateId);
        QDialog::accept();
        return;
    }
    setSaving(true);
    m_host.call(
        this,
        [update](SnapshotService &service) { return service.updateLiveSnapshotTemplate(update); },
        [this](Status status) {
            finishSave(m_original.templateId, status ? QString() : status.error().message);
        });
}

void TemplateDialog::reject()
{
    // A request already sent cannot be taken back; its result is simply not waited for (the
    // template list shows it either way).
    m_abandoned = m_saving;
    QDialog::reject();
}

void TemplateDialog::setSaving(bool saving)
{
    m_saving = saving;
    m_form->setEnabled(!saving);
    m_savingLabel->setVisible(saving);
    if (saving) {
        m_serviceError->hide();
    }
    validate();
}

void TemplateDialog::finishSave(const QString &templateId, const QString &errorMessage)
{
    setSaving(false);
    if (m_abandoned) {
        return;
    }
    if (!errorMessage.isEmpty()) {
        m_serviceError->setText(errorMessage);
        m_serviceError->show();
        scheduleFit();
        emit saveFailed(errorMessage);
        return;
    }
    emit saved(templateId);
    QDialog::accept();
}

} // namespace livesnap::ui
