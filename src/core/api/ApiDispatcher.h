#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace livesnap {

class SnapshotService;
class ApiArguments;

// The reference API as actions with string parameters (what the CLI, and later any HTTP front
// end, takes), mapped onto SnapshotService. Nested inputs come as JSON strings, as the
// reference API takes them; every response is one JSON object with the reference field names.
class ApiDispatcher {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ApiDispatcher)

public:
    struct Parameter {
        QString name;
        QString help;
        bool required = false;
    };
    using Respond = std::function<void(Result<QJsonObject>)>;
    struct Action {
        QString name;
        QString summary;
        QList<Parameter> parameters;
        std::function<Result<QJsonObject>(SnapshotService &, const ApiArguments &)> run;
        // Instead of run, for actions that wait on the keychain or a store: answers through
        // Respond later, on the service's thread.
        std::function<void(SnapshotService &, const ApiArguments &, Respond)> runAsync = {};
    };

    static const QList<Action> &actions();
    static const Action *find(const QString &name);

    // Validates the parameter names against the action, runs it, and adds a RequestId. done
    // runs once: at once for most actions, later (from the event loop of the service's thread)
    // for those that wait on the keychain or a store.
    static void call(SnapshotService &service, const QString &action,
                     const QMap<QString, QString> &parameters, const Respond &done);

    static QString helpText();
    static QString helpText(const Action &action);
};

} // namespace livesnap
