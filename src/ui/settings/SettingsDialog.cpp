#include "settings/SettingsDialog.h"

#include "common/UrlMasking.h"
#include "engine/EngineHost.h"
#include "settings/DialogGeometry.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
const QString GeometryGroup = QStringLiteral("settingsDialog");

// Wide enough for any value an operator may type: the service, not the spin box, decides
// which values are allowed, and says so when it refuses one.
constexpr int MaxTypedCount = 999999;
constexpr int MaxTypedMb = 99999999;

QSpinBox *spinBox(const QString &objectName, int minimum, int maximum, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(minimum, maximum);
    box->setAccelerated(true);
    return box;
}

bool sameEngineSettings(const EngineSettings &a, const EngineSettings &b)
{
    return a.maxStartedJobs == b.maxStartedJobs && a.jpegQuality == b.jpegQuality &&
           a.spoolLimitMb == b.spoolLimitMb && a.linkServerPort == b.linkServerPort;
}
} // namespace

struct SettingsDialog::Loaded {
    CallbackSettings callback;
    EngineSettings engine;
};

// The outcome of one Save: each part either not sent, written, or refused with an Error.
struct SettingsDialog::Saved {
    bool callbackWritten = false;
    bool engineWritten = false;
    std::optional<Error> callbackError;
    std::optional<Error> engineError;
};

SettingsDialog::SettingsDialog(EngineHost &host, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_callbackGroup(new QGroupBox(tr("Callback Settings"), this))
    , m_callbackUrl(new QLineEdit(m_callbackGroup))
    , m_authKey(new QLineEdit(m_callbackGroup))
    , m_clearAuthKey(new QCheckBox(tr("&Clear the stored key"), m_callbackGroup))
    , m_revealCallbackUrl(new QToolButton(m_callbackGroup))
    , m_authKeyProblem(new QLabel(m_callbackGroup))
    , m_engineGroup(new QGroupBox(tr("Engine"), this))
    , m_maxStartedJobs(
          spinBox(QStringLiteral("maxStartedJobsSpin"), 0, MaxTypedCount, m_engineGroup))
    , m_jpegQuality(spinBox(QStringLiteral("jpegQualitySpin"), 1, 100, m_engineGroup))
    , m_spoolLimitMb(spinBox(QStringLiteral("spoolLimitSpin"), 0, MaxTypedMb, m_engineGroup))
    , m_linkServerPort(spinBox(QStringLiteral("linkServerPortSpin"), 0, 65535, m_engineGroup))
    , m_error(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_callbackGroup->setObjectName(QStringLiteral("callbackGroup"));
    m_callbackUrl->setObjectName(QStringLiteral("callbackUrlEdit"));
    m_callbackUrl->setPlaceholderText(tr("https://example.com/livesnap/callback"));
    m_callbackUrl->setToolTip(tr("Where snapshot events are posted for jobs that have no "
                                 "callback URL of their own. Leave empty for none."));
    m_callbackUrl->setClearButtonEnabled(true);
    m_authKey->setObjectName(QStringLiteral("authKeyEdit"));
    m_authKey->setEchoMode(QLineEdit::Password);
    m_authKey->setToolTip(tr("The key callbacks are signed with (HMAC-SHA256). It is kept in "
                             "the system keychain and never shown again; leave empty to keep "
                             "the stored one."));
    m_clearAuthKey->setObjectName(QStringLiteral("clearAuthKeyCheck"));
    m_clearAuthKey->setToolTip(tr("Remove the stored key: callbacks are then sent unsigned."));
    connect(m_clearAuthKey, &QCheckBox::toggled, this, [this](bool clear) {
        m_authKey->setEnabled(!clear);
        if (clear) {
            m_authKey->clear();
        }
    });
    m_revealCallbackUrl->setObjectName(QStringLiteral("revealCallbackUrlButton"));
    m_revealCallbackUrl->setText(tr("Show"));
    m_revealCallbackUrl->setCheckable(true);
    m_revealCallbackUrl->setToolTip(
        tr("Show the URL with its credentials and tokens, to edit it."));
    m_revealCallbackUrl->hide();
    connect(m_revealCallbackUrl, &QToolButton::toggled, this, &SettingsDialog::showCallbackUrl);
    m_authKeyProblem->setObjectName(QStringLiteral("authKeyProblemLabel"));
    m_authKeyProblem->setWordWrap(true);
    m_authKeyProblem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_authKeyProblem->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_authKeyProblem->hide();
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_callbackUrl, 1);
    urlRow->addWidget(m_revealCallbackUrl);
    auto *callbackForm = new QFormLayout(m_callbackGroup);
    auto *urlLabel = new QLabel(tr("Callback &URL:"), m_callbackGroup);
    urlLabel->setBuddy(m_callbackUrl);
    callbackForm->addRow(urlLabel, urlRow);
    callbackForm->addRow(tr("&Auth key:"), m_authKey);
    callbackForm->addRow(QString(), m_clearAuthKey);
    callbackForm->addRow(QString(), m_authKeyProblem);

    m_engineGroup->setObjectName(QStringLiteral("engineGroup"));
    m_maxStartedJobs->setToolTip(tr("The most jobs that may be started at once in this "
                                    "catalog; one more start is refused."));
    m_jpegQuality->setToolTip(tr("JPEG quality of new snapshots: 1 (smallest) to 100 (best)."));
    m_spoolLimitMb->setSuffix(tr(" MB"));
    m_spoolLimitMb->setToolTip(
        tr("The most disk space snapshots waiting for their storage location may take."));
    m_linkServerPort->setSpecialValueText(tr("Any free port"));
    m_linkServerPort->setToolTip(tr("The port on 127.0.0.1 that serves links to snapshots in "
                                    "local folders; takes effect when the engine restarts."));
    auto *engineForm = new QFormLayout(m_engineGroup);
    engineForm->addRow(tr("&Running jobs limit:"), m_maxStartedJobs);
    engineForm->addRow(tr("&JPEG quality:"), m_jpegQuality);
    engineForm->addRow(tr("S&pool limit:"), m_spoolLimitMb);
    engineForm->addRow(tr("&Link server port:"), m_linkServerPort);

    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_error->hide();

    m_progress->setObjectName(QStringLiteral("busyIndicator"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progressLabel->setObjectName(QStringLiteral("busyLabel"));

    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_saveButton = m_buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *busyRow = new QHBoxLayout;
    busyRow->addWidget(m_progressLabel);
    busyRow->addWidget(m_progress, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_callbackGroup);
    layout->addWidget(m_engineGroup);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addLayout(busyRow);
    layout->addWidget(m_buttons);

    updateAuthKeyPlaceholder();
    resize(520, sizeHint().height());
    restoreDialogGeometry(this, GeometryGroup);
    reload();
}

SettingsDialog::~SettingsDialog() = default;

CallbackSettings SettingsDialog::callbackSettingsFromForm() const
{
    // A URL shown masked is never saved back masked: left as shown, it is the stored one.
    const QString text = m_callbackUrl->text().trimmed();
    const bool unchangedMasked =
        m_storedCallback && !m_revealCallbackUrl->isChecked() &&
        maskUrl(m_storedCallback->callbackUrl) != m_storedCallback->callbackUrl &&
        text == maskUrl(m_storedCallback->callbackUrl);
    CallbackSettings settings =
        CallbackSettings::withUrl(unchangedMasked ? m_storedCallback->callbackUrl : text);
    settings.clearAuthKey = m_clearAuthKey->isChecked();
    if (!settings.clearAuthKey) {
        settings.authKey = m_authKey->text();
    }
    return settings;
}

EngineSettings SettingsDialog::engineSettingsFromForm() const
{
    // Settings the form does not show (the stream-health thresholds) keep their stored values.
    EngineSettings settings = m_storedEngine.value_or(EngineSettings{});
    settings.maxStartedJobs = m_maxStartedJobs->value();
    settings.jpegQuality = m_jpegQuality->value();
    settings.spoolLimitMb = m_spoolLimitMb->value();
    settings.linkServerPort = m_linkServerPort->value();
    return settings;
}

QString SettingsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SettingsDialog::reload()
{
    if (m_busy) {
        return;
    }
    clearError();
    setBusy(true, tr("Loading the settings…"));
    m_host.call(
        this,
        [](SnapshotService &service) -> Result<Loaded> {
            auto callback = service.getCallbackSettings();
            if (!callback) {
                return callback.error();
            }
            auto engine = service.getEngineSettings();
            if (!engine) {
                return engine.error();
            }
            return Loaded{*callback, *engine};
        },
        [this](Result<Loaded> result) {
            setBusy(false);
            if (!result) {
                showError(result.error(), tr("Could not load the settings"));
                // Nothing to save over: an unloaded form would overwrite the catalog.
                m_callbackGroup->setEnabled(false);
                m_engineGroup->setEnabled(false);
                m_saveButton->setEnabled(false);
                return;
            }
            showLoaded(*result);
            emit loaded();
        });
}

void SettingsDialog::showLoaded(const Loaded &loaded)
{
    m_loadedOnce = true;
    m_storedCallback = loaded.callback;
    m_storedEngine = loaded.engine;
    // Masked until Show is pressed (when masking changes anything).
    m_revealCallbackUrl->setChecked(false);
    m_revealCallbackUrl->setVisible(maskUrl(loaded.callback.callbackUrl) !=
                                    loaded.callback.callbackUrl);
    showCallbackUrl(false);
    m_authKeyProblem->setText(loaded.callback.authKeyProblem);
    m_authKeyProblem->setVisible(!loaded.callback.authKeyProblem.isEmpty());
    m_hasAuthKey = loaded.callback.hasAuthKey;
    m_authKey->clear();
    m_clearAuthKey->setChecked(false);
    updateAuthKeyPlaceholder();
    m_maxStartedJobs->setValue(loaded.engine.maxStartedJobs);
    m_jpegQuality->setValue(loaded.engine.jpegQuality);
    m_spoolLimitMb->setValue(loaded.engine.spoolLimitMb);
    m_linkServerPort->setValue(loaded.engine.linkServerPort);
}

void SettingsDialog::showCallbackUrl(bool reveal)
{
    const QString stored = m_storedCallback ? m_storedCallback->callbackUrl : QString();
    m_callbackUrl->setText(reveal ? stored : maskUrl(stored));
    // Revealed to be edited: it stays so until the settings are loaded again.
    m_revealCallbackUrl->setEnabled(!reveal);
}

void SettingsDialog::updateAuthKeyPlaceholder()
{
    m_authKey->setPlaceholderText(m_hasAuthKey ? tr("(stored)") : tr("(none)"));
    m_clearAuthKey->setEnabled(m_hasAuthKey);
    if (!m_hasAuthKey) {
        m_clearAuthKey->setChecked(false);
    }
}

void SettingsDialog::save()
{
    if (m_busy || !m_loadedOnce) {
        return;
    }
    const CallbackSettings callback = callbackSettingsFromForm();
    const EngineSettings engine = engineSettingsFromForm();
    if (!m_revealCallbackUrl->isChecked() && callback.callbackUrl.contains(MaskedSecret) &&
        (!m_storedCallback || callback.callbackUrl != m_storedCallback->callbackUrl)) {
        // Edited around the masked parts: saving would store "***" for the secrets.
        showError(invalidParameter(QStringLiteral("CallbackUrl"),
                                   tr("The URL still holds masked parts (***): press Show to "
                                      "edit it with its secrets, or type the whole URL.")),
                  tr("Could not save"));
        return;
    }
    // Write only what changed, so a refused part never rewrites the other one.
    const bool sendCallback = !m_storedCallback ||
                              callback.callbackUrl != m_storedCallback->callbackUrl ||
                              !callback.authKey.isEmpty() || callback.clearAuthKey;
    const bool sendEngine = !m_storedEngine || !sameEngineSettings(engine, *m_storedEngine);
    if (!sendCallback && !sendEngine) {
        accept();
        return;
    }
    clearError();
    setBusy(true, tr("Saving…"));
    m_host.callAsync<Saved>(
        this,
        [callback, engine, sendCallback, sendEngine](SnapshotService &service,
                                                     std::function<void(Saved)> reply) {
            // The callback settings first (the AuthKey goes to the keychain, off the engine
            // thread), then the engine settings, unless the first failed.
            auto saveEngine = [&service, engine, sendEngine, reply](Saved saved) {
                if (sendEngine && !saved.callbackError) {
                    if (Status s = service.updateEngineSettings(engine); s) {
                        saved.engineWritten = true;
                    } else {
                        saved.engineError = s.error();
                    }
                }
                reply(saved);
            };
            if (!sendCallback) {
                saveEngine(Saved());
                return;
            }
            service.setCallbackSettings(callback, [saveEngine](const Status &s) {
                Saved saved;
                if (s) {
                    saved.callbackWritten = true;
                } else {
                    saved.callbackError = s.error();
                }
                saveEngine(saved);
            });
        },
        [this, callback, engine](Saved saved) {
            setBusy(false);
            if (saved.callbackWritten) {
                // The key is write-only: once sent it is the keychain's, not the form's.
                m_storedCallback = callback;
                m_storedCallback->authKey.clear();
                m_authKey->clear();
                if (callback.clearAuthKey) {
                    m_hasAuthKey = false;
                } else if (!callback.authKey.isEmpty()) {
                    m_hasAuthKey = true;
                }
                updateAuthKeyPlaceholder();
            }
            if (saved.engineWritten) {
                m_storedEngine = engine;
            }
            if (saved.callbackError) {
                showError(*saved.callbackError, m_callbackGroup->title());
                return;
            }
            if (saved.engineError) {
                showError(*saved.engineError, m_engineGroup->title());
                return;
            }
            accept();
        });
}

void SettingsDialog::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    m_callbackGroup->setEnabled(!busy);
    m_engineGroup->setEnabled(!busy);
    m_saveButton->setEnabled(!busy);
    m_progress->setVisible(busy);
    m_progressLabel->setVisible(busy);
    m_progressLabel->setText(what);
}

void SettingsDialog::showError(const Error &error, const QString &where)
{
    // The operator's words; the API code stays at hand in the tooltip.
    m_error->setText(tr("%1: %2").arg(where, error.message));
    m_error->setToolTip(tr("Details: error code %1").arg(error.code));
    m_error->show();
    focusField(error.code);
    emit saveFailed(error.code, error.message);
}

void SettingsDialog::clearError()
{
    m_error->clear();
    m_error->setToolTip(QString());
    m_error->hide();
}

// The service names the refused field in its code (InvalidParameter.<Field>): put the cursor
// there so the operator can fix it at once.
void SettingsDialog::focusField(const QString &code)
{
    const QString field = code.section(QLatin1Char('.'), -1);
    QWidget *target = nullptr;
    if (field == QLatin1String("CallbackUrl")) {
        target = m_callbackUrl;
    } else if (field == QLatin1String("AuthKey")) {
        target = m_authKey;
    } else if (field == QLatin1String("MaxStartedJobs")) {
        target = m_maxStartedJobs;
    } else if (field == QLatin1String("JpegQuality")) {
        target = m_jpegQuality;
    } else if (field == QLatin1String("SpoolLimitMb")) {
        target = m_spoolLimitMb;
    } else if (field == QLatin1String("LinkServerPort")) {
        target = m_linkServerPort;
    }
    if (target && target->isEnabled()) {
        target->setFocus(Qt::OtherFocusReason);
    }
}

void SettingsDialog::done(int result)
{
    saveDialogGeometry(this, GeometryGroup);
    QDialog::done(result);
}

} // namespace livesnap::ui
