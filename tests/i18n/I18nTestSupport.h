#pragma once

// What the translation tests share: recognising Chinese text, the zh_CN catalogue built
// from the repository's .ts (LIVESNAP_ZH_CN_QM, the .qm the application embeds and installs).

#include "api/ApiDispatcher.h"

#include <QJsonObject>
#include <QString>
#include <QTest>
#include <QTranslator>

#include <optional>

namespace livesnap::i18ntest {

// True when text holds a CJK ideograph (so it was really translated into Chinese).
inline bool hasChinese(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) {
            return true;
        }
    }
    return false;
}

// The translation the built zh_CN catalogue holds for (context, source), or an empty string.
inline QString zhCnTranslation(const char *context, const char *source)
{
    QTranslator catalogue;
    if (!catalogue.load(QStringLiteral(LIVESNAP_ZH_CN_QM))) {
        return {};
    }
    return catalogue.translate(context, source);
}

// One action through the API dispatcher, as every front end calls it, waiting (at most 5 s) for
// its answer; a NoAnswer error when none comes.
inline Result<QJsonObject> callApi(SnapshotService &service, const QString &action,
                                   const QMap<QString, QString> &parameters)
{
    std::optional<Result<QJsonObject>> answer;
    ApiDispatcher::call(service, action, parameters, [&answer](Result<QJsonObject> result) {
        answer.emplace(std::move(result));
    });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 5000)) {
        return Error::user(QStringLiteral("NoAnswer"), QStringLiteral("no answer came back"));
    }
    return *answer;
}

} // namespace livesnap::i18ntest
