<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>livesnap::CallbackQueue</name>
    <message numerus="yes">
        <location filename="../src/core/service/CallbackQueue.cpp" line="44"/>
        <source>%n undelivered callback(s) dropped: more than %1 were waiting for %2.</source>
        <translation>
            <numerusform>%n undelivered callback dropped: more than %1 were waiting for %2.</numerusform>
            <numerusform>%n undelivered callbacks dropped: more than %1 were waiting for %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::JobOperations</name>
    <message numerus="yes">
        <location filename="../src/core/service/JobOperations.cpp" line="189"/>
        <source>%n jobs are already running, the most allowed; stop a job or raise the running jobs limit in Settings first.</source>
        <translation>
            <numerusform>%n job is already running, the most allowed; stop a job or raise the running jobs limit in Settings first.</numerusform>
            <numerusform>%n jobs are already running, the most allowed; stop a job or raise the running jobs limit in Settings first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/service/JobOperations.cpp" line="286"/>
        <source>JobIds lists %n jobs; give at most %1 at a time.</source>
        <translation>
            <numerusform>JobIds lists %n job; give at most %1 at a time.</numerusform>
            <numerusform>JobIds lists %n jobs; give at most %1 at a time.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::StorageLocationOperations</name>
    <message numerus="yes">
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="273"/>
        <source>Storage location &quot;%1&quot; is used by %n jobs; delete those jobs first.</source>
        <translation>
            <numerusform>Storage location &quot;%1&quot; is used by %n job; delete that job first.</numerusform>
            <numerusform>Storage location &quot;%1&quot; is used by %n jobs; delete those jobs first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::StreamHealthJudge</name>
    <message numerus="yes">
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="125"/>
        <source>Stream down since %1: not live for more than %n second(s).</source>
        <translation>
            <numerusform>Stream down since %1: not live for more than %n second.</numerusform>
            <numerusform>Stream down since %1: not live for more than %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="136"/>
        <source>Frozen picture since %1: the same picture in %n snapshot(s) in a row.</source>
        <translation>
            <numerusform>Frozen picture since %1: the same picture in %n snapshot in a row.</numerusform>
            <numerusform>Frozen picture since %1: the same picture in %n snapshots in a row.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::TemplateOperations</name>
    <message numerus="yes">
        <location filename="../src/core/service/TemplateOperations.cpp" line="154"/>
        <source>Template &quot;%1&quot; is used by %n jobs; delete those jobs first, or submit them again with another template.</source>
        <translation>
            <numerusform>Template &quot;%1&quot; is used by %n job; delete that job first, or submit it again with another template.</numerusform>
            <numerusform>Template &quot;%1&quot; is used by %n jobs; delete those jobs first, or submit them again with another template.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::CloseQuestion</name>
    <message numerus="yes">
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="18"/>
        <source>%n jobs are capturing. What should happen to them?</source>
        <translation>
            <numerusform>%n job is capturing. What should happen to it?</numerusform>
            <numerusform>%n jobs are capturing. What should happen to them?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::DeleteFilesDialog</name>
    <message numerus="yes">
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="21"/>
        <source>Delete %n snapshot(s) from the file list?</source>
        <translation>
            <numerusform>Delete %n snapshot from the file list?</numerusform>
            <numerusform>Delete %n snapshots from the file list?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::EnginesDialog</name>
    <message numerus="yes">
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="106"/>
        <source>%n engine(s) on the catalog, %1 answering.</source>
        <translation>
            <numerusform>%n engine on the catalog, %1 answering.</numerusform>
            <numerusform>%n engines on the catalog, %1 answering.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FileDeleter</name>
    <message numerus="yes">
        <location filename="../src/ui/files/FileDeleter.cpp" line="53"/>
        <source>%n snapshot(s) not deleted: %1</source>
        <translation>
            <numerusform>%n snapshot not deleted: %1</numerusform>
            <numerusform>%n snapshots not deleted: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FilePage</name>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="387"/>
        <source>Deleting %n snapshot(s)...</source>
        <translation>
            <numerusform>Deleting %n snapshot...</numerusform>
            <numerusform>Deleting %n snapshots...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="416"/>
        <source>%n snapshot(s) could not be deleted.</source>
        <translation>
            <numerusform>%n snapshot could not be deleted.</numerusform>
            <numerusform>%n snapshots could not be deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="420"/>
        <source>%n snapshot(s) were deleted.</source>
        <translation>
            <numerusform>%n snapshot was deleted.</numerusform>
            <numerusform>%n snapshots were deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="426"/>
        <source>Stopped: %n snapshot(s) were deleted.</source>
        <translation>
            <numerusform>Stopped: %n snapshot was deleted.</numerusform>
            <numerusform>Stopped: %n snapshots were deleted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::HealthNotifier</name>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="57"/>
        <source>%n streams are down</source>
        <translation>
            <numerusform>%n stream is down</numerusform>
            <numerusform>%n streams are down</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="59"/>
        <source>%n streams show a black picture</source>
        <translation>
            <numerusform>%n stream shows a black picture</numerusform>
            <numerusform>%n streams show a black picture</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="61"/>
        <source>%n streams show a frozen picture</source>
        <translation>
            <numerusform>%n stream shows a frozen picture</numerusform>
            <numerusform>%n streams show a frozen picture</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="63"/>
        <source>%n streams are reconnecting</source>
        <translation>
            <numerusform>%n stream is reconnecting</numerusform>
            <numerusform>%n streams are reconnecting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="65"/>
        <source>%n streams are live again</source>
        <translation>
            <numerusform>%n stream is live again</numerusform>
            <numerusform>%n streams are live again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="208"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="214"/>
        <source>%n streams changed</source>
        <translation>
            <numerusform>%n stream changed</numerusform>
            <numerusform>%n streams changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobBatch</name>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="70"/>
        <source>Starting %1 of %n jobs…</source>
        <translation>
            <numerusform>Starting %1 of %n job…</numerusform>
            <numerusform>Starting %1 of %n jobs…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="73"/>
        <source>Stopping %1 of %n jobs…</source>
        <translation>
            <numerusform>Stopping %1 of %n job…</numerusform>
            <numerusform>Stopping %1 of %n jobs…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="76"/>
        <source>Restarting %1 of %n jobs…</source>
        <translation>
            <numerusform>Restarting %1 of %n job…</numerusform>
            <numerusform>Restarting %1 of %n jobs…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="79"/>
        <source>Asking %1 of %n jobs for a snapshot…</source>
        <translation>
            <numerusform>Asking %1 of %n job for a snapshot…</numerusform>
            <numerusform>Asking %1 of %n jobs for a snapshot…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="81"/>
        <source>Deleting %1 of %n jobs…</source>
        <translation>
            <numerusform>Deleting %1 of %n job…</numerusform>
            <numerusform>Deleting %1 of %n jobs…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="125"/>
        <source>Started %n jobs.</source>
        <translation>
            <numerusform>Started %n job.</numerusform>
            <numerusform>Started %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="128"/>
        <source>Stopped %n jobs.</source>
        <translation>
            <numerusform>Stopped %n job.</numerusform>
            <numerusform>Stopped %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="131"/>
        <source>Restarted %n jobs.</source>
        <translation>
            <numerusform>Restarted %n job.</numerusform>
            <numerusform>Restarted %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="134"/>
        <source>Asked %n jobs for a snapshot.</source>
        <translation>
            <numerusform>Asked %n job for a snapshot.</numerusform>
            <numerusform>Asked %n jobs for a snapshot.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="136"/>
        <source>Deleted %n jobs.</source>
        <translation>
            <numerusform>Deleted %n job.</numerusform>
            <numerusform>Deleted %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="140"/>
        <source>Started %1 of %n jobs.</source>
        <translation>
            <numerusform>Started %1 of %n job.</numerusform>
            <numerusform>Started %1 of %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="142"/>
        <source>Stopped %1 of %n jobs.</source>
        <translation>
            <numerusform>Stopped %1 of %n job.</numerusform>
            <numerusform>Stopped %1 of %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="144"/>
        <source>Restarted %1 of %n jobs.</source>
        <translation>
            <numerusform>Restarted %1 of %n job.</numerusform>
            <numerusform>Restarted %1 of %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="146"/>
        <source>Asked %1 of %n jobs for a snapshot.</source>
        <translation>
            <numerusform>Asked %1 of %n job for a snapshot.</numerusform>
            <numerusform>Asked %1 of %n jobs for a snapshot.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="148"/>
        <source>Deleted %1 of %n jobs.</source>
        <translation>
            <numerusform>Deleted %1 of %n job.</numerusform>
            <numerusform>Deleted %1 of %n jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="156"/>
        <source>%1; and %n more</source>
        <translation>
            <numerusform>%1; and %n more</numerusform>
            <numerusform>%1; and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="158"/>
        <source>%1 %n failed: %2</source>
        <translation>
            <numerusform>%1 %n failed: %2</numerusform>
            <numerusform>%1 %n failed: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobCommandBar</name>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="98"/>
        <source>Delete %n jobs (%1)? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n job (%1)? This cannot be undone.</numerusform>
            <numerusform>Delete %n jobs (%1)? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="102"/>
        <source>Stop %n jobs (%1)? They take no snapshots until started again.</source>
        <translation>
            <numerusform>Stop %n job (%1)? It takes no snapshots until started again.</numerusform>
            <numerusform>Stop %n jobs (%1)? They take no snapshots until started again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="106"/>
        <source>Restart %n jobs (%1)? Each reconnects to its stream.</source>
        <translation>
            <numerusform>Restart %n job (%1)? It reconnects to its stream.</numerusform>
            <numerusform>Restart %n jobs (%1)? Each reconnects to its stream.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobCounts</name>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="31"/>
        <source>%n live</source>
        <translation>
            <numerusform>%n live</numerusform>
            <numerusform>%n live</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="31"/>
        <source>%n with a problem</source>
        <translation>
            <numerusform>%n with a problem</numerusform>
            <numerusform>%n with a problem</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="33"/>
        <source>%n starting</source>
        <translation>
            <numerusform>%n starting</numerusform>
            <numerusform>%n starting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="35"/>
        <source>%n stopped</source>
        <translation>
            <numerusform>%n stopped</numerusform>
            <numerusform>%n stopped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobDetailsPanel</name>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="252"/>
        <source>%n jobs selected. Select one to see its details and recent events.</source>
        <translation>
            <numerusform>%n job selected. Select one to see its details and recent events.</numerusform>
            <numerusform>%n jobs selected. Select one to see its details and recent events.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="361"/>
        <source>every %n s</source>
        <translation>
            <numerusform>every %n s</numerusform>
            <numerusform>every %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobText</name>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobText.cpp" line="178"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::LivePreviewWindow</name>
    <message numerus="yes">
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="165"/>
        <source>%1 Retrying in %n s.</source>
        <translation>
            <numerusform>%1 Retrying in %n s.</numerusform>
            <numerusform>%1 Retrying in %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorTileDelegate</name>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="34"/>
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="37"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="40"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="42"/>
        <source>%n d ago</source>
        <translation>
            <numerusform>%n d ago</numerusform>
            <numerusform>%n d ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplatePage</name>
    <message numerus="yes">
        <location filename="../src/ui/pages/TemplatePage.cpp" line="250"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/TemplatePage.cpp" line="256"/>
        <source>Template &quot;%1&quot; is used by %n jobs: %2. Delete those jobs or submit them again with another template first.</source>
        <translation>
            <numerusform>Template &quot;%1&quot; is used by %n job: %2. Delete that job or submit it again with another template first.</numerusform>
            <numerusform>Template &quot;%1&quot; is used by %n jobs: %2. Delete those jobs or submit them again with another template first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageChart</name>
    <message numerus="yes">
        <location filename="../src/ui/usage/UsageChart.cpp" line="183"/>
        <source>%n other job(s)</source>
        <translation>
            <numerusform>%n other job</numerusform>
            <numerusform>%n other jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsagePage</name>
    <message numerus="yes">
        <location filename="../src/ui/pages/UsagePage.cpp" line="185"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageTableModel</name>
    <message numerus="yes">
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="54"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
</context>
</TS>
