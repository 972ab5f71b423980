#include "service/SettingsOperations.h"

#include "common/Logging.h"
#include "domain/TemplateRules.h"
#include "notify/CallbackAuthKey.h"
#include "notify/CallbackEvent.h"
#include "secrets/SecretStore.h"

namespace livesnap {

namespace {
const QString CallbackUrlSetting = QStringLiteral("callback_url");
const QString CallbackAuthKeySetting = QStringLiteral("callback_auth_key_set");
const QString CallbackHeldSetting = QStringLiteral("callback_delivery_held");
const QString MaxStartedJobsSetting = QStringLiteral("max_started_jobs");
const QString JpegQualitySetting = QStringLiteral("jpeg_quality");
const QString SpoolLimitSetting = QStringLiteral("spool_limit_mb");
const QString LinkServerPortSetting = QStringLiteral("link_server_port");
const QString LinkServerBoundPortSetting = QStringLiteral("link_server_bound_port");
constexpr int MaxStartedJobsCeiling = 10000;

// The stream health thresholds: API name, catalog setting, the field, the allowed range, and
// what to say when a value is outside it.
struct HealthSetting {
    const char *name;
    const char *setting;
    int StreamHealthSettings::*field;
    int min;
    int max;
    const char *hint;
};
const HealthSetting HealthSettings[] = {
    {"BlackLumaMax", "black_luma_max", &StreamHealthSettings::blackLumaMax, 0, 255,
     QT_TRANSLATE_NOOP("livesnap::SettingsOperations",
                       "BlackLumaMax is %1; use 0-255: a picture at most this bright (on 0-255) "
                       "with a spread at most BlackSpreadMax is black (default 24).")},
    {"BlackSpreadMax", "black_spread_max", &StreamHealthSettings::blackSpreadMax, 0, 255,
     QT_TRANSLATE_NOOP("livesnap::SettingsOperations",
                       "BlackSpreadMax is %1; use 0-255: how much a black picture's brightness "
                       "may vary (its standard deviation, default 10).")},
    {"FrozenSnapshots", "frozen_snapshots", &StreamHealthSettings::frozenSnapshots, 0, 1000,
     QT_TRANSLATE_NOOP("livesnap::SettingsOperations",
                       "FrozenSnapshots is %1; use 2-1000 snapshots in a row of the same "
                       "picture, or 0 to never call a picture frozen (default 3).")},
    {"FrozenTolerance", "frozen_tolerance", &StreamHealthSettings::frozenTolerance, 0, 255,
     QT_TRANSLATE_NOOP("livesnap::SettingsOperations",
                       "FrozenTolerance is %1; use 0-255: how much any part of the same picture "
                       "may differ in brightness between snapshots (default 1).")},
    {"DownGraceSeconds", "down_grace_seconds", &StreamHealthSettings::downGraceSeconds, 1, 86400,
     QT_TRANSLATE_NOOP("livesnap::SettingsOperations",
                       "DownGraceSeconds is %1; use 1-86400: how long a stream may be not live "
                       "before it is down (default 30).")},
};
} // namespace

SettingsOperations::SettingsOperations(ServiceContext &context)
    : m_context(context)
{}

int SettingsOperations::linkServerPort() const
{
    return m_context.catalog().setting(LinkServerBoundPortSetting, QStringLiteral("0")).toInt();
}

void SettingsOperations::setLinkServerPort(int port)
{
    if (auto s = m_context.catalog().setSetting(LinkServerBoundPortSetting, QString::number(port));
        !s) {
        qCWarning(lcService) << "cannot record the link server's port:" << s.error().message;
    }
}

void SettingsOperations::setCallbackSettings(const CallbackSettings &settings, Done done)
{
    if (auto s = rules::validateCallbackUrl(settings.callbackUrl); !s) {
        m_context.answer(done, s);
        return;
    }
    if (settings.authKey.contains(QChar::Null) || settings.authKey.size() > 256) {
        m_context.answer(done, Status(invalidParameter(
                                   QStringLiteral("AuthKey"),
                                   tr("AuthKey must be at most 256 characters, without NUL."))));
        return;
    }
    if (settings.authKey.isEmpty() && !settings.clearAuthKey) {
        finishCallbackSettings(settings, false, std::move(done));
        return;
    }
    if (!m_context.secrets()) {
        m_context.answer(done, Status(Error::user(
                                   errc::KeychainUnavailable,
                                   tr("No keychain is available to keep the callback AuthKey: run "
                                      "LiveSnap in a desktop session with a Secret Service (GNOME "
                                      "Keyring, KWallet), or put the key in the credentials file "
                                      "under \"%1\".")
                                       .arg(callbackhttp::AuthKeySecret))));
        return;
    }
    // The key first, off this thread: if the keychain refuses, nothing changes.
    m_context.offThread(
        [secrets = m_context.secrets(), key = settings.authKey] {
            return key.isEmpty() ? secrets->remove(callbackhttp::AuthKeySecret)
                                 : secrets->write(callbackhttp::AuthKeySecret, key);
        },
        [this, settings, done = std::move(done)](const Status &stored) {
            if (!stored) {
                done(stored);
                return;
            }
            finishCallbackSettings(settings, true, done);
        });
}

void SettingsOperations::finishCallbackSettings(const CallbackSettings &settings, bool keyChanged,
                                                Done done)
{
    CatalogTransaction tx(m_context.catalog());
    if (keyChanged) {
        if (auto s = m_context.catalog().setSetting(
                CallbackAuthKeySetting,
                settings.authKey.isEmpty() ? QStringLiteral("0") : QStringLiteral("1"));
            !s) {
            m_context.answer(done, s);
            return;
        }
        // A new key, or none: whether it can be read is found out again by the next delivery.
        setCallbackDeliveryHeld(QString());
    }
    if (auto s = m_context.catalog().setSetting(CallbackUrlSetting, settings.callbackUrl); !s) {
        m_context.answer(done, s);
        return;
    }
    if (auto s = tx.commit(); !s) {
        m_context.answer(done, s);
        return;
    }
    emit m_context.notifier().callbackSettingsChanged();
    m_context.answer(done, success());
}

QString SettingsOperations::globalCallbackUrl() const
{
    return m_context.catalog().setting(CallbackUrlSetting);
}

Result<CallbackSettings> SettingsOperations::getCallbackSettings()
{
    CallbackSettings settings = CallbackSettings::withUrl(globalCallbackUrl());
    const bool flagged = m_context.catalog().setting(CallbackAuthKeySetting) == QLatin1String("1");
    // Only a flag lives in the catalog; an operator's credentials file may hold the key too. That
    // file is read once and kept in memory, so asking it here does not block (a keychain would:
    // whether it can give the key is found out by the engine that sends, off this thread).
    std::optional<Result<QString>> fileKey;
    if (m_context.secrets() && m_context.secrets()->isReadOnly()) {
        fileKey = notify::readCallbackAuthKey(m_context.secrets().get());
    }
    settings.hasAuthKey = flagged || (fileKey && fileKey->ok());
    if (flagged && fileKey && !fileKey->ok()) {
        settings.authKeyProblem = notify::callbackAuthKeyProblem(fileKey->error());
    } else if (settings.hasAuthKey) {
        settings.authKeyProblem = callbackDeliveryHeld();
    }
    return settings;
}

QString SettingsOperations::callbackDeliveryHeld() const
{
    return m_context.catalog().setting(CallbackHeldSetting);
}

void SettingsOperations::setCallbackDeliveryHeld(const QString &reason)
{
    if (callbackDeliveryHeld() == reason) {
        return;
    }
    if (auto s = m_context.catalog().setSetting(CallbackHeldSetting, reason); !s) {
        qCWarning(lcNotify) << "cannot record that callbacks are held:" << s.error().message;
    }
    emit m_context.notifier().callbackSettingsChanged();
}

Result<EngineSettings> SettingsOperations::getEngineSettings()
{
    EngineSettings settings;
    bool ok = false;
    const int max = m_context.catalog().setting(MaxStartedJobsSetting).toInt(&ok);
    if (ok && max > 0) {
        settings.maxStartedJobs = max;
    }
    const int quality = m_context.catalog().setting(JpegQualitySetting).toInt(&ok);
    if (ok && quality >= 1 && quality <= 100) {
        settings.jpegQuality = quality;
    }
    const int spool = m_context.catalog().setting(SpoolLimitSetting).toInt(&ok);
    if (ok && spool >= 1) {
        settings.spoolLimitMb = spool;
    }
    const int port = m_context.catalog().setting(LinkServerPortSetting).toInt(&ok);
    if (ok && port >= 0 && port <= 65535) {
        settings.linkServerPort = port;
    }
    for (const HealthSetting &h : HealthSettings) {
        const int value = m_context.catalog().setting(QString::fromLatin1(h.setting)).toInt(&ok);
        if (ok && value >= h.min && value <= h.max) {
            settings.health.*h.field = value;
        }
    }
    return settings;
}

Status SettingsOperations::updateEngineSettings(const EngineSettings &settings)
{
    if (settings.maxStartedJobs < 1 || settings.maxStartedJobs > MaxStartedJobsCeiling) {
        return invalidParameter(QStringLiteral("MaxStartedJobs"),
                                tr("The running jobs limit is %1; use 1 to %2.")
                                    .arg(settings.maxStartedJobs)
                                    .arg(MaxStartedJobsCeiling));
    }
    if (settings.jpegQuality < 1 || settings.jpegQuality > 100) {
        return invalidParameter(QStringLiteral("JpegQuality"),
                                tr("The JPEG quality is %1; use 1 (smallest) to 100 (best).")
                                    .arg(settings.jpegQuality));
    }
    if (settings.spoolLimitMb < 16 || settings.spoolLimitMb > 1024 * 1024) {
        return invalidParameter(
            QStringLiteral("SpoolLimitMb"),
            tr("The spool limit is %1 MB; use 16 MB to 1 TB (in MB).").arg(settings.spoolLimitMb));
    }
    if (settings.linkServerPort < 0 || settings.linkServerPort > 65535) {
        return invalidParameter(
            QStringLiteral("LinkServerPort"),
            tr("The link server port is %1; use 1-65535, or 0 for any free port.")
                .arg(settings.linkServerPort));
    }
    for (const HealthSetting &h : HealthSettings) {
        const int value = settings.health.*h.field;
        // One snapshot cannot be "the same picture as before".
        const bool oneFrozen = h.field == &StreamHealthSettings::frozenSnapshots && value == 1;
        if (value < h.min || value > h.max || oneFrozen) {
            return invalidParameter(QString::fromLatin1(h.name), tr(h.hint).arg(value));
        }
    }
    CatalogTransaction tx(m_context.catalog());
    for (const HealthSetting &h : HealthSettings) {
        if (auto s = m_context.catalog().setSetting(QString::fromLatin1(h.setting),
                                                    QString::number(settings.health.*h.field));
            !s) {
            return s;
        }
    }
    if (auto s = m_context.catalog().setSetting(LinkServerPortSetting,
                                                QString::number(settings.linkServerPort));
        !s) {
        return s;
    }
    if (auto s = m_context.catalog().setSetting(SpoolLimitSetting,
                                                QString::number(settings.spoolLimitMb));
        !s) {
        return s;
    }
    if (auto s = m_context.catalog().setSetting(MaxStartedJobsSetting,
                                                QString::number(settings.maxStartedJobs));
        !s) {
        return s;
    }
    if (auto s = m_context.catalog().setSetting(JpegQualitySetting,
                                                QString::number(settings.jpegQuality));
        !s) {
        return s;
    }
    return tx.commit();
}

} // namespace livesnap
