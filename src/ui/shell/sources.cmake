# Sources of the window's shell: job counts, tray, health notifications, what closing the
# window does with running capture (paths relative to src/ui).
list(APPEND LIVESNAP_UI_SOURCES
    shell/AboutDialog.cpp shell/AboutDialog.h
    shell/AppTranslations.cpp shell/AppTranslations.h
    shell/CloseController.cpp shell/CloseController.h
    shell/CloseQuestion.cpp shell/CloseQuestion.h
    shell/EngineHandOff.cpp shell/EngineHandOff.h
    shell/HealthNotifier.cpp shell/HealthNotifier.h
    shell/JobCounts.cpp shell/JobCounts.h
    shell/JobListWatch.cpp shell/JobListWatch.h
    shell/ScreenFit.cpp shell/ScreenFit.h
    shell/ShellLogging.cpp shell/ShellLogging.h
    shell/ShellSettings.cpp shell/ShellSettings.h
    shell/TrayController.cpp shell/TrayController.h
)
