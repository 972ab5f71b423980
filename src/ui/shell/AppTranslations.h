#pragma once

class QCoreApplication;

namespace livesnap::ui {

// Installs the translators for the system locale (QLocale()): Qt's own strings (dialog buttons
// and the like) and LiveSnap's, the core's messages included. LiveSnap's come from the
// installed translations folder when it holds a catalogue for the locale, else from the ones
// built into the program (:/i18n). Where none is for the locale (C/POSIX, or a language LiveSnap
// is not translated into), the English one: the window is in English there, and that catalogue
// gives the %n messages their singular and plural ("1 job", "3 jobs"). Call once, before any
// window or engine is made, so that every message, the core's validation errors too, is
// created in the user's language.
void installTranslators(QCoreApplication &app);

} // namespace livesnap::ui
