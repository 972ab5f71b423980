#pragma once

// What the translation tests share: recognising Chinese text, and the zh_CN catalogue built
// from the repository's .ts (LIVESNAP_ZH_CN_QM, the .qm the application embeds and installs).

#include <QString>
#include <QTranslator>

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

} // namespace livesnap::i18ntest
