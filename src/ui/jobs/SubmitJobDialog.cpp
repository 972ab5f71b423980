#include "jobs/SubmitJobDialog.h"

#include "domain/StreamInput.h"
#include "domain/TemplateRules.h"
#include "engine/EngineHost.h"
#include "jobs/ExtraStoresList.h"
#include "jobs/JobText.h"
#include "jobs/StreamTlsFields.h"
#include "models/PagedFetch.h"
#include "templates/FormLabels.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace livesnap::ui {

namespace {
const QString ErrorStyle = QStringLiteral("QLabel { color: #c62828; }");

// Refills combo with (text, id, tooltip) items, keeping the chosen id when it is still there.
// Returns false when a chosen id is gone (the combo then has no choice).
struct ComboItem {
    QString text;
    QString id;
    QString toolTip;
};

// A long location or template (a deep folder, an endpoint) must not widen the dialog past the
// window: the combo shows what fits, its tooltip and its open list the whole text.
void fitToDialog(QComboBox *combo)
{
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(24);
}

void showWholeText(QComboBox *combo, const QString &purpose)
{
    const QString text = combo->currentText();
    combo->setToolTip(text.isEmpty() ? purpose : text + QLatin1Char('\n') + purpose);
    int widest = 0;
    for (int i = 0; i < combo->count(); ++i) {
        widest = qMax(widest, combo->fontMetrics().horizontalAdvance(combo->itemText(i)));
    }
    // The items' margins and the list's scroll bar.
    const int margins = 4 * combo->fontMetrics().averageCharWidth() +
                        combo->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, combo);
    combo->view()->setMinimumWidth(widest + margins);
}

bool refill(QComboBox *combo, const QList<ComboItem> &items)
{
    const QString chosen = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const ComboItem &item : items) {
        combo->addItem(item.text, item.id);
        combo->setItemData(combo->count() - 1, item.toolTip, Qt::ToolTipRole);
    }
    if (chosen.isEmpty()) {
        combo->setCurrentIndex(items.isEmpty() ? -1 : 0);
        return true;
    }
    const int index = combo->findData(chosen);
    combo->setCurrentIndex(index);
    return index >= 0;
}
} // namespace

SubmitJobDialog::SubmitJobDialog(EngineHost &host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_name(new QLineEdit(this))
    , m_location(new QComboBox(this))
    , m_configure(new QPushButton(tr("Configure…"), this))
    , m_extraStores(new ExtraStoresList(this))
    , m_template(new QComboBox(this))
    , m_streamType(new QComboBox(this))
    , m_streamUrl(new QLineEdit(this))
    , m_tls(new StreamTlsFields(this))
    , m_callbackUrl(new QLineEdit(this))
    , m_nameError(new QLabel(this))
    , m_locationError(new QLabel(this))
    , m_templateError(new QLabel(this))
    , m_streamUrlError(new QLabel(this))
    , m_callbackUrlError(new QLabel(this))
    , m_submitError(new QLabel(this))
    , m_progress(new QLabel(tr("Submitting the job…"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("submitJobDialog"));
    setWindowTitle(tr("Submit Snapshot Job"));

    m_name->setObjectName(QStringLiteral("jobNameEdit"));
    m_name->setPlaceholderText(tr("e.g. lobby camera"));
    m_name->setMaxLength(rules::MaxJobNameLength * 2); // the rule's own message says the limit
    m_location->setObjectName(QStringLiteral("storageLocationCombo"));
    m_location->setPlaceholderText(tr("Loading storage locations…"));
    fitToDialog(m_location);
    fitToDialog(m_template);
    m_configure->setObjectName(QStringLiteral("configureStorageButton"));
    m_configure->setToolTip(tr("Add or change storage locations"));
    m_template->setObjectName(QStringLiteral("templateCombo"));
    m_template->setPlaceholderText(tr("Loading templates…"));
    m_streamUrl->setObjectName(QStringLiteral("streamUrlEdit"));
    m_streamType->setObjectName(QStringLiteral("streamTypeCombo"));
    for (const QString &type : StreamInput::types()) {
        m_streamType->addItem(type.toUpper(), type); // rtmp first: the default
    }
    m_streamType->setToolTip(tr("The stream's protocol: RTMP (rtmp://, rtmps://), RTSP cameras "
                                "(rtsp://, rtsps://), SRT encoders (srt://) or HLS playlists "
                                "(https://, http://)"));
    m_streamUrl->setPlaceholderText(streamUrlHint(m_streamType->currentData().toString()));
    m_callbackUrl->setObjectName(QStringLiteral("callbackUrlEdit"));
    m_callbackUrl->setPlaceholderText(tr("Optional; empty uses the Callback Settings URL"));

    m_nameError->setObjectName(QStringLiteral("jobNameError"));
    m_locationError->setObjectName(QStringLiteral("storageLocationError"));
    m_templateError->setObjectName(QStringLiteral("templateError"));
    m_streamUrlError->setObjectName(QStringLiteral("streamUrlError"));
    m_callbackUrlError->setObjectName(QStringLiteral("callbackUrlError"));
    m_submitError->setObjectName(QStringLiteral("submitError"));
    for (QLabel *label : {m_nameError, m_locationError, m_templateError, m_streamUrlError,
                          m_callbackUrlError, m_submitError}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setStyleSheet(ErrorStyle);
        label->hide();
    }
    m_progress->setObjectName(QStringLiteral("submitProgress"));
    m_progress->hide();
    m_buttons->setObjectName(QStringLiteral("submitJobButtons"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("submitJobOk"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Submit"));

    auto *locationRow = new QWidget(this);
    auto *locationLayout = new QHBoxLayout(locationRow);
    locationLayout->setContentsMargins(0, 0, 0, 0);
    locationLayout->addWidget(m_location, 1);
    locationLayout->addWidget(m_configure);
    locationRow->setFocusProxy(m_location);
    auto *streamRow = new QWidget(this);
    auto *streamLayout = new QHBoxLayout(streamRow);
    streamLayout->setContentsMargins(0, 0, 0, 0);
    streamLayout->addWidget(m_streamType);
    streamLayout->addWidget(m_streamUrl, 1);
    streamRow->setFocusProxy(m_streamUrl);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Job &Name:"), withError(m_name, m_nameError, this));
    form->addRow(tr("Storage &Location:"), withError(locationRow, m_locationError, this));
    form->addRow(tr("Also &keep a copy in:"), m_extraStores);
    form->addRow(tr("Select &Template:"), withError(m_template, m_templateError, this));
    form->addRow(tr("Live &Stream:"), withError(streamRow, m_streamUrlError, this));
    form->addRow(tr("TLS:"), m_tls);
    form->addRow(tr("&Callback URL:"), withError(m_callbackUrl, m_callbackUrlError, this));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_submitError);
    layout->addWidget(m_progress);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());

    connect(m_name, &QLineEdit::textEdited, this, [this] {
        m_nameTouched = true;
        validate();
    });
    connect(m_streamUrl, &QLineEdit::textEdited, this, [this] {
        m_streamUrlTouched = true;
        validate();
    });
    connect(m_name, &QLineEdit::textChanged, this, &SubmitJobDialog::validate);
    connect(m_streamUrl, &QLineEdit::textChanged, this, [this](const QString &url) {
        m_tls->setUrl(url);
        validate();
    });
    connect(m_tls, &StreamTlsFields::changed, this, &SubmitJobDialog::validate);
    connect(m_callbackUrl, &QLineEdit::textChanged, this, &SubmitJobDialog::validate);
    connect(m_streamType, &QComboBox::currentIndexChanged, this, [this] {
        m_streamUrl->setPlaceholderText(streamUrlHint(m_streamType->currentData().toString()));
        validate();
    });
    connect(m_template, &QComboBox::currentIndexChanged, this, [this] {
        m_templateVanished = false;
        showWholeText(m_template, templatePurpose());
        validate();
    });
    connect(m_location, &QComboBox::currentIndexChanged, this, [this] {
        m_locationVanished = false;
        showWholeText(m_location, locationPurpose());
        m_extraStores->setPrimary(m_location->currentData().toString());
        validate();
    });
    showWholeText(m_location, locationPurpose());
    showWholeText(m_template, templatePurpose());
    connect(m_configure, &QPushButton::clicked, this, &SubmitJobDialog::configureStorageRequested);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SubmitJobDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SubmitJobDialog::reject);

    connect(host.events(), &EngineEvents::templatesChanged, this,
            &SubmitJobDialog::reloadTemplates);
    connect(host.events(), &EngineEvents::storageLocationsChanged, this,
            &SubmitJobDialog::reloadLocations);
    reloadTemplates();
    reloadLocations();
    validate();
}

QString SubmitJobDialog::locationPurpose()
{
    return tr("Where this job's snapshots are stored");
}

QString SubmitJobDialog::streamUrlHint(const QString &type)
{
    if (type == QLatin1String("rtsp")) {
        return tr("rtsp://user:password@camera:554/stream");
    }
    if (type == QLatin1String("srt")) {
        return tr("srt://host:port?streamid=… (LiveSnap calls the encoder)");
    }
    if (type == QLatin1String("hls")) {
        return tr("https://host/path/playlist.m3u8");
    }
    return tr("rtmp://host/app/stream");
}

QString SubmitJobDialog::templatePurpose()
{
    return tr("How often the job takes a snapshot and how it names the files");
}

void SubmitJobDialog::reloadTemplates()
{
    if (m_templatesLoading) {
        m_templatesDirty = true;
        return;
    }
    m_templatesLoading = true;
    m_templatesDirty = false;
    m_host.call(
        this,
        [](SnapshotService &service) {
            return fetchAllPages<SnapshotTemplate>(TemplateQuery(),
                                                   [&service](const TemplateQuery &q) {
                                                       return service.listLiveSnapshotTemplates(q);
                                                   });
        },
        [this](Result<QList<SnapshotTemplate>> templates) {
            m_templatesLoading = false;
            m_templatesLoaded = true;
            m_templatesError = templates ? QString() : templates.error().message;
            if (templates) {
                QList<ComboItem> items;
                for (const SnapshotTemplate &t : *templates) {
                    const QString kind = t.isSystem() ? tr("system") : tr("custom");
                    items.append({tr("%1 (every %2 s, %3)")
                                      .arg(t.templateName)
                                      .arg(t.timeInterval)
                                      .arg(kind),
                                  t.templateId, tr("Template ID: %1").arg(t.templateId)});
                }
                m_templateVanished = !refill(m_template, items);
                showWholeText(m_template, templatePurpose());
                m_template->setPlaceholderText(items.isEmpty() ? tr("No templates")
                                                               : tr("Choose a template"));
            }
            validate();
            if (isLoaded()) {
                emit loaded();
            }
            if (m_templatesDirty) {
                reloadTemplates();
            }
        });
}

void SubmitJobDialog::reloadLocations()
{
    if (m_locationsLoading) {
        m_locationsDirty = true;
        return;
    }
    m_locationsLoading = true;
    m_locationsDirty = false;
    m_host.call(
        this, [](SnapshotService &service) { return service.listStorageLocations(); },
        [this](Result<QList<StorageLocation>> locations) {
            m_locationsLoading = false;
            m_locationsLoaded = true;
            m_locationsError = locations ? QString() : locations.error().message;
            if (locations) {
                QList<StorageLocation> sorted = *locations;
                // The embedded default first, as the service lists it; kept stable otherwise.
                std::stable_sort(sorted.begin(), sorted.end(),
                                 [](const StorageLocation &a, const StorageLocation &b) {
                                     return a.builtIn && !b.builtIn;
                                 });
                QList<ComboItem> items;
                QList<std::pair<QString, QString>> stores;
                m_outputs.clear();
                for (const StorageLocation &l : sorted) {
                    items.append({JobText::location(l), l.locationId,
                                  tr("Location ID: %1").arg(l.locationId)});
                    stores.append({JobText::location(l), l.locationId});
                    m_outputs.insert(l.locationId, l.output());
                }
                m_locationVanished = !refill(m_location, items);
                m_extraStores->setPrimary(m_location->currentData().toString());
                m_extraStores->setLocations(stores);
                showWholeText(m_location, locationPurpose());
                m_location->setPlaceholderText(items.isEmpty()
                                                   ? tr("No storage locations; configure one")
                                                   : tr("Choose a storage location"));
            }
            validate();
            if (isLoaded()) {
                emit loaded();
            }
            if (m_locationsDirty) {
                reloadLocations();
            }
        });
}

void SubmitJobDialog::showError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

void SubmitJobDialog::validate()
{
    bool valid = true;
    auto check = [&valid](const Status &status, bool show, QLabel *label) {
        if (status) {
            showError(label, QString());
            return;
        }
        valid = false;
        // Messages may quote the URL; the core masks secrets in them, mask again to be sure.
        showError(label, show ? maskSecretsInText(status.error().message) : QString());
    };

    const QString name = m_name->text();
    check(rules::validateJobName(name), m_nameTouched || !name.isEmpty(), m_nameError);

    const QString streamUrl = m_streamUrl->text().trimmed();
    check(streamInput().validate(), m_streamUrlTouched || !streamUrl.isEmpty(), m_streamUrlError);

    check(rules::validateCallbackUrl(m_callbackUrl->text().trimmed()), true, m_callbackUrlError);

    // The two choices: their lists come from the service.
    auto checkChoice = [&valid](QComboBox *combo, bool loadedOnce, const QString &loadError,
                                bool vanished, const QString &vanishedText, QLabel *label) {
        if (!loadedOnce) {
            valid = false;
            showError(label, QString());
        } else if (!loadError.isEmpty()) {
            valid = false;
            showError(label, tr("Could not load the list: %1").arg(loadError));
        } else if (combo->currentIndex() < 0) {
            valid = false;
            showError(label, vanished ? vanishedText : QString());
        } else {
            showError(label, QString());
        }
    };
    checkChoice(m_template, m_templatesLoaded, m_templatesError, m_templateVanished,
                tr("The template you chose has been deleted; choose another."), m_templateError);
    checkChoice(m_location, m_locationsLoaded, m_locationsError, m_locationVanished,
                tr("The storage location you chose has been removed; choose another."),
                m_locationError);

    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid && !m_submitting);
    growToFit();
}

void SubmitJobDialog::growToFit()
{
    // Messages appear and wrap; a dialog only grows to its plain size hint on its own.
    QLayout *box = layout();
    const int needed = box->hasHeightForWidth() ? box->totalHeightForWidth(width())
                                                : box->totalSizeHint().height();
    if (needed > height()) {
        resize(width(), needed);
    }
}

void SubmitJobDialog::setSubmitting(bool submitting)
{
    m_submitting = submitting;
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_location),
                       static_cast<QWidget *>(m_configure), static_cast<QWidget *>(m_extraStores),
                       static_cast<QWidget *>(m_template), static_cast<QWidget *>(m_streamType),
                       static_cast<QWidget *>(m_streamUrl), static_cast<QWidget *>(m_tls),
                       static_cast<QWidget *>(m_callbackUrl), static_cast<QWidget *>(m_buttons)}) {
        w->setEnabled(!submitting);
    }
    m_progress->setVisible(submitting);
    validate();
}

StreamInput SubmitJobDialog::streamInput() const
{
    StreamInput input;
    input.type = m_streamType->currentData().toString();
    input.url = m_streamUrl->text().trimmed();
    return m_tls->applyTo(input);
}

void SubmitJobDialog::submit()
{
    validate();
    if (m_submitting || !m_buttons->button(QDialogButtonBox::Ok)->isEnabled()) {
        return;
    }
    JobSpec spec;
    spec.jobName = m_name->text();
    spec.templateId = m_template->currentData().toString();
    spec.streamInput = streamInput();
    spec.snapshotOutput = m_outputs.value(m_location->currentData().toString());
    if (const QStringList extra = m_extraStores->checkedIds(); !extra.isEmpty()) {
        spec.snapshotOutputs = {spec.snapshotOutput};
        for (const QString &id : extra) {
            spec.snapshotOutputs << m_outputs.value(id);
        }
    }
    spec.callbackUrl = m_callbackUrl->text().trimmed();

    showError(m_submitError, QString());
    setSubmitting(true);
    m_host.call(
        this, [spec](SnapshotService &service) { return service.submitLiveSnapshotJob(spec); },
        [this](Result<QString> submitted) {
            setSubmitting(false);
            if (!submitted) {
                showError(m_submitError, maskSecretsInText(submitted.error().message));
                return;
            }
            m_jobId = *submitted;
            emit jobSubmitted(m_jobId);
            accept();
        });
}

void SubmitJobDialog::reject()
{
    // The job may be created either way; closing now would hide whether it was.
    if (m_submitting) {
        return;
    }
    QDialog::reject();
}

} // namespace livesnap::ui
