#include "notify/CallbackAuthKey.h"

#include "notify/CallbackEvent.h"
#include "secrets/SecretStore.h"

#include <QCoreApplication>

namespace livesnap::notify {

namespace {
// The translation context of this file's messages.
class CallbackAuthKey {
    Q_DECLARE_TR_FUNCTIONS(livesnap::CallbackAuthKey)
};
} // namespace

QString callbackAuthKeyProblem(const Error &readError)
{
    return CallbackAuthKey::tr(
               "The callback AuthKey is set but cannot be read (%1). Callbacks are held, not sent "
               "unsigned: make the key readable again (unlock the keychain, or add \"%2\" to the "
               "credentials file), set it again with SetCallbackSettings --AuthKey, or remove it "
               "with SetCallbackSettings --ClearAuthKey true to send callbacks unsigned.")
        .arg(readError.message, callbackhttp::AuthKeySecret);
}

Result<QString> readCallbackAuthKey(SecretStore *secrets)
{
    if (!secrets) {
        return Error::user(errc::KeychainUnavailable,
                           CallbackAuthKey::tr("no keychain or credentials file"));
    }
    auto key = secrets->read(callbackhttp::AuthKeySecret);
    if (key && key->isEmpty()) {
        return Error::user(errc::SecretNotFound, CallbackAuthKey::tr("the stored key is empty"));
    }
    return key;
}

} // namespace livesnap::notify
