<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>livesnap::ui::DeleteFilesDialog</name>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="15"/>
        <source>Also delete the stored objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="18"/>
        <source>Delete Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="21"/>
        <source>Delete %n snapshot(s) from the file list?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="23"/>
        <source>Snapshots are deleted by capture time, so an overwrite object goes together with the real-time snapshot taken at the same moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="30"/>
        <source>Without this, only the records are deleted and the JPG files stay in their folder or bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="36"/>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FileDeleter</name>
    <message numerus="yes">
        <location filename="../src/ui/files/FileDeleter.cpp" line="52"/>
        <source>%n snapshot(s) not deleted: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/files/FileDeleter.cpp" line="69"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FileListModel</name>
    <message>
        <location filename="../src/ui/files/FileListModel.cpp" line="299"/>
        <source>%1 (%2)
Sequence %3, %4 x %5, %6
%7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/FileListModel.cpp" line="301"/>
        <source>overwrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/FileListModel.cpp" line="301"/>
        <source>real-time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FilePage</name>
    <message>
        <source>Browse a job&apos;s snapshots here: pick a job and a time range to see them as thumbnails, open one, copy its link or delete files.</source>
        <translation type="vanished">在这里浏览任务的截图：选择任务和时间范围后以缩略图查看，可打开、复制链接或删除文件。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="45"/>
        <source>Last &amp;24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="47"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="51"/>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="52"/>
        <source>&amp;Delete...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="62"/>
        <source>The job whose snapshots are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="68"/>
        <source>Snapshots captured at or after this time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="70"/>
        <source>Snapshots captured at or before this time. Until you change it, the range stays open to new snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="73"/>
        <source>Show the snapshots of the last 24 hours, up to now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="75"/>
        <source>Newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="76"/>
        <source>Oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="84"/>
        <source>View the selected snapshot (or double-click it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="86"/>
        <source>Delete the selected snapshots (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="127"/>
        <source>Could not list the snapshots: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="142"/>
        <source>&amp;Job:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="144"/>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="146"/>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="220"/>
        <source>Could not list the jobs: %1</source>
        <translation type="unfinished">无法列出任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="296"/>
        <source>No jobs yet: submit one on the Job Management tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="298"/>
        <source>Pick a job to see its snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="300"/>
        <source>Snapshots: counting... (%1 loaded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="302"/>
        <source>Snapshots: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="304"/>
        <source>Snapshots: %1 (%2 loaded; scroll for more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="372"/>
        <source>Deleting %n snapshot(s)...</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="372"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="375"/>
        <location filename="../src/ui/pages/FilePage.cpp" line="400"/>
        <source>Delete Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="382"/>
        <source>Stopping after the current batch...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="401"/>
        <source>%n snapshot(s) could not be deleted.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="405"/>
        <source>%n snapshot(s) were deleted.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="411"/>
        <source>Stopped: %n snapshot(s) were deleted.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobDetailsPanel</name>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="49"/>
        <source>Job ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="50"/>
        <source>Name</source>
        <translation type="unfinished">名称</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="51"/>
        <source>Status</source>
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="52"/>
        <source>Stream state</source>
        <translation type="unfinished">流状态</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="53"/>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="54"/>
        <source>Template</source>
        <translation type="unfinished">模板</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="55"/>
        <source>Template ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="56"/>
        <source>Interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="57"/>
        <source>Overwrite format</source>
        <translation type="unfinished">覆盖格式</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="58"/>
        <source>Sequence format</source>
        <translation type="unfinished">序列格式</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="59"/>
        <source>Stream type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="60"/>
        <source>Stream URL</source>
        <translation type="unfinished">流地址</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="61"/>
        <source>Storage location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="62"/>
        <source>Callback URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="63"/>
        <source>Created</source>
        <translation type="unfinished">创建时间</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="64"/>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="65"/>
        <source>Last snapshot</source>
        <translation type="unfinished">最近截图</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="66"/>
        <source>Snapshots</source>
        <translation type="unfinished">截图数</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="67"/>
        <source>Last sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="68"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="80"/>
        <source>Recent events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="130"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="218"/>
        <source>This job has been deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="134"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="163"/>
        <source>Select a job to see its details and recent events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="166"/>
        <source>Loading the job…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="219"/>
        <source>Could not load the job: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="229"/>
        <source>Could not list the events: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="244"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="265"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="249"/>
        <source>every %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="251"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="253"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="257"/>
        <source>(the Callback Settings URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="262"/>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobEventModel</name>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="22"/>
        <source>submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="25"/>
        <source>command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="28"/>
        <source>stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="31"/>
        <source>engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="34"/>
        <source>storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="82"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="84"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="86"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobListModel</name>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="153"/>
        <source>init</source>
        <translation>未启动</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="156"/>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="159"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="167"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="170"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="173"/>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="176"/>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="179"/>
        <source>reconnecting</source>
        <translation>重连中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="182"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="199"/>
        <source>Job ID: %1</source>
        <translation>任务 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="251"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="253"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="255"/>
        <source>Stream state</source>
        <translation>流状态</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="257"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="259"/>
        <source>Last snapshot</source>
        <translation>最近截图</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="261"/>
        <source>Snapshots</source>
        <translation>截图数</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="263"/>
        <source>Stream URL</source>
        <translation>流地址</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobPage</name>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="46"/>
        <source>S&amp;ubmit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="47"/>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="48"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="49"/>
        <source>&amp;Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="50"/>
        <location filename="../src/ui/pages/JobPage.cpp" line="212"/>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="51"/>
        <source>&amp;Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="52"/>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="55"/>
        <source>Filter jobs by name, status, template or stream</source>
        <translation>按名称、状态、模板或流地址筛选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="59"/>
        <source>Could not list the jobs: %1</source>
        <translation>无法列出任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="88"/>
        <source>Submit a new snapshot job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="89"/>
        <source>Start the selected job</source>
        <translation>启动所选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="90"/>
        <source>Stop the selected job</source>
        <translation>停止所选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="91"/>
        <source>Restart the selected job afresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="92"/>
        <source>Delete the selected job (it must be stopped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="93"/>
        <source>Watch the selected job&apos;s live stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="94"/>
        <source>List every job again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="120"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="207"/>
        <source>Delete Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="208"/>
        <source>Delete the job &quot;%1&quot;? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="238"/>
        <source>Job Management</source>
        <translation>任务管理</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobText</name>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="19"/>
        <source>Local folder: %1 (default, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="19"/>
        <source>Local folder: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="23"/>
        <source>OSS: %1 @ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="26"/>
        <source>S3: %1 @ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="34"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="36"/>
        <source>%1: %2 @ %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::LivePreviewWindow</name>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="26"/>
        <source>Live preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="38"/>
        <source>Loading the job…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="43"/>
        <source>Cannot preview this job: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="50"/>
        <source>Live preview — %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="54"/>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="99"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="101"/>
        <source>Live — %1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="106"/>
        <source>%1 Retrying in %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="122"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MainWindow</name>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="45"/>
        <source>LiveSnap</source>
        <translation>LiveSnap 直播截图</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="48"/>
        <source>Template Management</source>
        <translation>模板管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="49"/>
        <source>Job Management</source>
        <translation>任务管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="50"/>
        <source>File Management</source>
        <translation>文件管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="51"/>
        <source>Usage</source>
        <translation>用量统计</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="53"/>
        <source>Monitor Wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="73"/>
        <source>Data directory: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="74"/>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="89"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="90"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="95"/>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="96"/>
        <source>&amp;Callback and Engine Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="101"/>
        <source>&amp;Storage Locations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="105"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="106"/>
        <source>&amp;About LiveSnap</source>
        <translation>关于 LiveSnap(&amp;A)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="109"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="116"/>
        <source>About LiveSnap</source>
        <translation>关于 LiveSnap</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="117"/>
        <source>&lt;h3&gt;LiveSnap %1&lt;/h3&gt;&lt;p&gt;Takes JPG snapshots of RTMP live streams at an interval and keeps them in local folders or object storage.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LiveSnap %1&lt;/h3&gt;&lt;p&gt;按间隔截取 RTMP 直播流的 JPG 截图，并保存到本地文件夹或对象存储。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorTileDelegate</name>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="34"/>
        <source>%n s ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="37"/>
        <source>%n min ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="40"/>
        <source>%n h ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="42"/>
        <source>%n d ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="100"/>
        <source>Waiting for the first snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="134"/>
        <source>no snapshot yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorWall</name>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="29"/>
        <source>No job is running. Start a job and its newest snapshots will appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="66"/>
        <source>Could not list the running jobs: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorWallModel</name>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="33"/>
        <source>Could not download the newest snapshot (HTTP %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="37"/>
        <source>Could not download the newest snapshot (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="87"/>
        <source>Job: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="87"/>
        <source>Job ID: %1</source>
        <translation type="unfinished">任务 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="88"/>
        <source>Stream: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="196"/>
        <source>The engine is not running.</source>
        <translation type="unfinished">引擎未运行。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="462"/>
        <source>Could not decode the newest snapshot: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ScaledJpegDecoder</name>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="50"/>
        <source>The file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="56"/>
        <source>libjpeg-turbo could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="68"/>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="86"/>
        <source>Not a readable JPEG: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="76"/>
        <source>Not enough memory for a %1x%2 image.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ServiceTableModel</name>
    <message>
        <location filename="../src/ui/models/ServiceTableModel.cpp" line="19"/>
        <source>The engine is not running.</source>
        <translation>引擎未运行。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::SettingsDialog</name>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="60"/>
        <source>Callback Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="63"/>
        <source>&amp;Clear the stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="64"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="76"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="80"/>
        <source>https://example.com/livesnap/callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="81"/>
        <source>Where snapshot events are posted for jobs that have no callback URL of their own. Leave empty for none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="86"/>
        <source>The key callbacks are signed with (HMAC-SHA256). It is kept in the system keychain and never shown again; leave empty to keep the stored one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="90"/>
        <source>Remove the stored key: callbacks are then sent unsigned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="98"/>
        <source>Callback &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="99"/>
        <source>&amp;Auth key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="103"/>
        <source>The most jobs that may be started at once in this catalog; one more start is refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="105"/>
        <source>JPEG quality of new snapshots: 1 (smallest) to 100 (best).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="106"/>
        <source> MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="108"/>
        <source>The most disk space snapshots waiting for their storage location may take.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="109"/>
        <source>Any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="110"/>
        <source>The port on 127.0.0.1 that serves links to snapshots in local folders; takes effect when the engine restarts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="113"/>
        <source>&amp;Running jobs limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="114"/>
        <source>&amp;JPEG quality:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="115"/>
        <source>S&amp;pool limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="116"/>
        <source>&amp;Link server port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="188"/>
        <source>Loading the settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="205"/>
        <source>Could not load the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="235"/>
        <source>(stored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="235"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="259"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="322"/>
        <source>%1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::SnapshotViewer</name>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="58"/>
        <source>&amp;Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="59"/>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="60"/>
        <source>Open containing &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="61"/>
        <source>&amp;Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="64"/>
        <source>Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="71"/>
        <source>The previous snapshot (Left arrow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="73"/>
        <source>The next snapshot (Right arrow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="77"/>
        <source>Copies a link that lets anyone download this snapshot for one hour: presigned for OSS / S3, served by this computer&apos;s engine for local folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="94"/>
        <source>Captured:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="95"/>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="96"/>
        <source>Sequence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="97"/>
        <source>Dimensions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="98"/>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="99"/>
        <source>Object key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="100"/>
        <source>Stored in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="159"/>
        <source>Snapshot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="161"/>
        <source>Overwrite (replaced by every new snapshot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="162"/>
        <source>Real-time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="164"/>
        <source>%1 x %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="170"/>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="173"/>
        <source>Show the folder that holds this snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="174"/>
        <source>Only for snapshots in a local folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="196"/>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="206"/>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="238"/>
        <source>This snapshot could not be shown: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="211"/>
        <source>Loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="294"/>
        <source>%1 of %2+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="295"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="332"/>
        <source>Link copied. This computer&apos;s engine serves it on 127.0.0.1 until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="335"/>
        <source>Presigned link copied. It expires at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="353"/>
        <source>Could not open the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StorageLocationDialog</name>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="38"/>
        <source>Add a Storage Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="50"/>
        <source>Edit Storage Location %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="63"/>
        <source>Stored in the keychain; leave empty to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="66"/>
        <source>Leave empty to keep the current region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="90"/>
        <source>Empty: a folder with this name in the data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="91"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="101"/>
        <source>Path-style addressing (MinIO and similar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="105"/>
        <source>V4 (OSS4-HMAC-SHA256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="106"/>
        <source>V1 (older endpoints)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="110"/>
        <source>Kept in the system keychain, never in the catalog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="113"/>
        <source>&amp;Storage type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="114"/>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="181"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="115"/>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="116"/>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="117"/>
        <source>&amp;Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="119"/>
        <source>Si&amp;gnature version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="120"/>
        <source>Access&amp;KeyId:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="121"/>
        <source>AccessKey&amp;Secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="181"/>
        <source>&amp;Bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="184"/>
        <source>e.g. archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="184"/>
        <source>e.g. my-snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="185"/>
        <source>e.g. oss-cn-hangzhou.aliyuncs.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="186"/>
        <source>e.g. https://s3.us-east-1.amazonaws.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="187"/>
        <source>e.g. cn-hangzhou</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="187"/>
        <source>e.g. us-east-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="190"/>
        <source>Snapshots are written as files under this folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="192"/>
        <source>The access key is kept in the system keychain. Leave both key fields empty to keep the stored key, or fill in both to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="196"/>
        <source>The access key is kept in the system keychain, never in the catalog or the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="204"/>
        <source>Choose the Storage Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="294"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StorageLocationModel</name>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="42"/>
        <source>Local folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="45"/>
        <source>Alibaba OSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="48"/>
        <source>S3-compatible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="69"/>
        <source>The built-in default location, a folder in the data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="72"/>
        <source>Region: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="88"/>
        <source>%1 (built-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="109"/>
        <source>Location ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="111"/>
        <source>Type</source>
        <translation type="unfinished">类型</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="113"/>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="115"/>
        <source>Bucket / Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="117"/>
        <source>Folder / Region</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StorageLocationsDialog</name>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="44"/>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="45"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="46"/>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="47"/>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="52"/>
        <source>Storage Locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="55"/>
        <source>Filter locations by id, type, endpoint, bucket or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="59"/>
        <source>Could not list the storage locations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="86"/>
        <source>Configure a new local folder, OSS or S3 location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="87"/>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="186"/>
        <source>Change the selected location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="89"/>
        <source>Write, read back and delete a probe object in the selected location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="90"/>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="188"/>
        <source>Delete the selected location (no job may use it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="185"/>
        <source>The built-in default location cannot be changed or deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="196"/>
        <source>Added storage location %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="213"/>
        <source>Saved storage location %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="226"/>
        <source>Testing storage location %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="234"/>
        <source>Test of %1: OK. A probe object was written, read back and deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="236"/>
        <source>Test of %1 failed (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="254"/>
        <source>Delete Storage Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="255"/>
        <source>Delete storage location %1 (%2, %3)?

Files already stored there stay where they are; only LiveSnap&apos;s configuration and its stored access key are removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="285"/>
        <source>Deleted storage location %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="286"/>
        <source>Could not delete %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StreamPreviewDecoder</name>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="201"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="250"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="276"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="298"/>
        <source>Out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="215"/>
        <source>The stream did not answer within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="218"/>
        <source>Cannot open the stream: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="229"/>
        <source>Cannot read the stream: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="244"/>
        <source>The stream&apos;s video codec (%1) is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="261"/>
        <source>Cannot open the %1 video decoder: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="293"/>
        <source>Cannot convert the stream&apos;s pictures (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="322"/>
        <source>The stream has no video track.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="323"/>
        <source>The stream sent no data within %1 s — is the publisher live?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="327"/>
        <source>The stream sent no data for %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="331"/>
        <source>The stream ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="333"/>
        <source>Reading the stream failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="352"/>
        <source>Decoding the stream failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::SubmitJobDialog</name>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="57"/>
        <source>Configure…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="67"/>
        <source>Submitting the job…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="71"/>
        <source>Submit Snapshot Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="74"/>
        <source>e.g. lobby camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="77"/>
        <source>Loading storage locations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="78"/>
        <source>Where this job&apos;s snapshots are stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="80"/>
        <source>Add or change storage locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="82"/>
        <source>Loading templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="84"/>
        <source>rtmp://host/app/stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="86"/>
        <source>Optional; empty uses the Callback Settings URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="105"/>
        <source>&amp;Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="116"/>
        <source>Job &amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="117"/>
        <source>Storage &amp;Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="118"/>
        <source>Select &amp;Template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="119"/>
        <source>Live &amp;Stream:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="120"/>
        <source>&amp;Callback URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="199"/>
        <source>system</source>
        <translation type="unfinished">系统</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="199"/>
        <source>custom</source>
        <translation type="unfinished">自定义</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="200"/>
        <source>%1 (every %2 s, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="204"/>
        <source>Template ID: %1</source>
        <translation type="unfinished">模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="207"/>
        <source>No templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="208"/>
        <source>Choose a template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="245"/>
        <source>Location ID: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="250"/>
        <source>No storage locations; configure one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="251"/>
        <source>Choose a storage location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="299"/>
        <source>Could not load the list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="308"/>
        <source>The template you chose has been deleted; choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="310"/>
        <source>The storage location you chose has been removed; choose another.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplateDialog</name>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="75"/>
        <source>New Snapshot Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="76"/>
        <source>Edit Snapshot Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="120"/>
        <source>Template ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="125"/>
        <source>e.g. Lobby cameras, every 30 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="127"/>
        <source>Template &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="132"/>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="133"/>
        <source>Seconds between snapshots; each is taken on the first keyframe at or after the moment it is due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="139"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="142"/>
        <source>Snapshot &amp;frequency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="144"/>
        <source>Storage rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="148"/>
        <source>&amp;Overwrite snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="151"/>
        <source>Each new snapshot overwrites the previous one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="154"/>
        <source>The object key of the latest snapshot; {JobId} is replaced by the job&apos;s ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="157"/>
        <source>Object &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="160"/>
        <source>&amp;Real-time snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="164"/>
        <source>Every snapshot is kept under its own name; none is overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="168"/>
        <source>The object key of each snapshot; {JobId}, {Date} (YYYY-MM-DD, UTC), {Sequence} (the job&apos;s snapshot counter) and {UnixTimestamp} (seconds) are replaced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="174"/>
        <source>Object k&amp;ey:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="179"/>
        <source>Snapshots are saved as JPG.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="183"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="191"/>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="191"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplateListModel</name>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="49"/>
        <source>Template ID: %1</source>
        <translation>模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="66"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="66"/>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="95"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="93"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="52"/>
        <source>A system template: shipped with LiveSnap and read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="53"/>
        <source>A custom template: yours to edit and delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="97"/>
        <source>Interval (s)</source>
        <translation>间隔（秒）</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="99"/>
        <source>Overwrite format</source>
        <translation>覆盖格式</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="101"/>
        <source>Sequence format</source>
        <translation>序列格式</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="103"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplatePage</name>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="44"/>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="45"/>
        <source>D&amp;uplicate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="46"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="47"/>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="211"/>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="50"/>
        <source>Filter templates by name, type or format</source>
        <translation>按名称、类型或格式筛选模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="53"/>
        <source>Could not list the templates: %1</source>
        <translation>无法列出模板：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="71"/>
        <source>Create a custom template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="75"/>
        <source>Create a custom template from the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="174"/>
        <source>Copy of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="205"/>
        <source>Delete Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="206"/>
        <source>Delete the template &quot;%1&quot;? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="209"/>
        <source>Template ID: %1</source>
        <translation type="unfinished">模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="213"/>
        <source>&amp;Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="241"/>
        <source>Template Management</source>
        <translation type="unfinished">模板管理</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="257"/>
        <source>System templates are read-only; duplicate one to make a custom template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="258"/>
        <source>Edit the selected template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="260"/>
        <source>Delete the selected template</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ThumbnailDelegate</name>
    <message>
        <location filename="../src/ui/files/ThumbnailDelegate.cpp" line="76"/>
        <source>Overwrite</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ThumbnailLoader</name>
    <message>
        <location filename="../src/ui/files/ThumbnailLoader.cpp" line="56"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/ThumbnailLoader.cpp" line="183"/>
        <source>There is no file or link to read this snapshot from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/files/ThumbnailLoader.cpp" line="287"/>
        <source>Cannot download the snapshot: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageChart</name>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="135"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/usage/UsageChart.cpp" line="141"/>
        <source>%n other job(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="155"/>
        <source>Day (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="160"/>
        <source>Hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="160"/>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="168"/>
        <source>No usage in this time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="169"/>
        <source>Run time per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="180"/>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageExportPanel</name>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="20"/>
        <source>Export as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="24"/>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="267"/>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="28"/>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="29"/>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="37"/>
        <source>The storage location the CSV file is written to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="41"/>
        <source>Write the usage of every job in the range to a CSV file and make a link to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="53"/>
        <source>The link to the exported file appears here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="55"/>
        <source>Copy the link to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="57"/>
        <source>Open the link in the browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="71"/>
        <source>&amp;Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="79"/>
        <source>&amp;Link:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="103"/>
        <source>Exports the usage of every job from %1 to %2 (UTC), per run and UTC day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="132"/>
        <source>Local (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="135"/>
        <source>Local: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="137"/>
        <source>%1: %2 at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="173"/>
        <source>Could not list the storage locations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="205"/>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="245"/>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="246"/>
        <source>The link expired at %1 (UTC); export again for a new link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="250"/>
        <source>expires in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="252"/>
        <source>The link expires at %1 (UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="267"/>
        <source>&amp;Export a new link</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageJobFilter</name>
    <message>
        <location filename="../src/ui/usage/UsageJobFilter.cpp" line="17"/>
        <source>Show the usage of one job or of all jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageJobFilter.cpp" line="20"/>
        <source>All jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageJobFilter.cpp" line="81"/>
        <source>Job ID: %1</source>
        <translation type="unfinished">任务 ID：%1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsagePage</name>
    <message>
        <source>See how long each job ran here, per job and day, as a chart, and export the usage as CSV.</source>
        <translation type="vanished">在这里按任务和日期查看每个任务的运行时长图表，并将用量导出为 CSV。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="45"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="52"/>
        <source>The start of the range, in UTC (included)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="53"/>
        <source>The end of the range, in UTC (not included)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="55"/>
        <source>Show the usage of the range and job picked here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="93"/>
        <source>Could not show the usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="97"/>
        <source>&amp;From (UTC):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="99"/>
        <source>&amp;To (UTC):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="101"/>
        <source>&amp;Job:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="114"/>
        <source>Times are UTC. Run time is counted per UTC day, from the start (included) to the end (not included).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="176"/>
        <source>Total: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/UsagePage.cpp" line="177"/>
        <source>%n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageTableModel</name>
    <message numerus="yes">
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="54"/>
        <source>%n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="57"/>
        <source>Job ID: %1</source>
        <translation type="unfinished">任务 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="89"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="91"/>
        <source>Job ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="93"/>
        <source>Date (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="95"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../src/ui/main.cpp" line="39"/>
        <source>LiveSnap</source>
        <translation>LiveSnap 直播截图</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="43"/>
        <source>Takes JPG snapshots of RTMP live streams.</source>
        <translation>截取 RTMP 直播流的 JPG 截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="48"/>
        <source>Keep the catalog, spool and local storage in &lt;dir&gt; (default: LIVESNAP_DATA_DIR, else the app-data folder).</source>
        <translation>将目录数据库、缓存和本地存储保存在 &lt;dir&gt;（默认：LIVESNAP_DATA_DIR，否则为应用数据文件夹）。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="50"/>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="56"/>
        <source>LiveSnap cannot start</source>
        <translation>LiveSnap 无法启动</translation>
    </message>
</context>
</TS>
