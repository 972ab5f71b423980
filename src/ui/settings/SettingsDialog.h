#pragma once

#include "service/Requests.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// The desktop's settings: the global Callback Settings (URL and the write-only auth key) and
// the engine's limits. Loads and saves through the service on the engine thread; a refused
// value is shown inline with the service's message and the dialog stays open with the input.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(EngineHost &host, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // What Save sends, from the form as it is now.
    CallbackSettings callbackSettingsFromForm() const;
    EngineSettings engineSettingsFromForm() const;

    // True while a load or save is in flight (the form is disabled meanwhile).
    bool isBusy() const { return m_busy; }
    // The error shown inline; empty when none.
    QString errorText() const;

public slots:
    void reload();
    void save();

signals:
    void loaded();
    void saveFailed(const QString &code, const QString &message);

protected:
    void done(int result) override;

private:
    struct Loaded;
    struct Saved;

    void setBusy(bool busy, const QString &what = QString());
    void showLoaded(const Loaded &loaded);
    void showError(const Error &error, const QString &where);
    void clearError();
    void focusField(const QString &code);
    void updateAuthKeyPlaceholder();
    // Shows the stored callback URL masked or, once Show is pressed, as it is. Left as shown,
    // a masked URL saves as the stored one; edited, it must not keep masked parts.
    void showCallbackUrl(bool reveal);

    EngineHost &m_host;
    QGroupBox *m_callbackGroup = nullptr;
    QLineEdit *m_callbackUrl = nullptr;
    QLineEdit *m_authKey = nullptr;
    QCheckBox *m_clearAuthKey = nullptr;
    QToolButton *m_revealCallbackUrl = nullptr;
    // Why callbacks are held (the AuthKey is set but cannot be read); hidden when they are not.
    QLabel *m_authKeyProblem = nullptr;
    QGroupBox *m_engineGroup = nullptr;
    QSpinBox *m_maxStartedJobs = nullptr;
    QSpinBox *m_jpegQuality = nullptr;
    QSpinBox *m_spoolLimitMb = nullptr;
    QSpinBox *m_linkServerPort = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_saveButton = nullptr;

    bool m_busy = false;
    bool m_loadedOnce = false;
    bool m_hasAuthKey = false;
    // What the catalog held when loaded, so Save writes only the parts that changed.
    std::optional<CallbackSettings> m_storedCallback;
    std::optional<EngineSettings> m_storedEngine;
};

} // namespace livesnap::ui
