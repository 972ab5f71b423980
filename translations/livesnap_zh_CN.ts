<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>livesnap::ui::FilePage</name>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="11"/>
        <source>Browse a job&apos;s snapshots here: pick a job and a time range to see them as thumbnails, open one, copy its link or delete files.</source>
        <translation>在这里浏览任务的截图：选择任务和时间范围后以缩略图查看，可打开、复制链接或删除文件。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobListModel</name>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="35"/>
        <source>init</source>
        <translation>未启动</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="38"/>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="41"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="49"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="52"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="55"/>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="58"/>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="61"/>
        <source>reconnecting</source>
        <translation>重连中</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="64"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="81"/>
        <source>Job ID: %1</source>
        <translation>任务 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="129"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="131"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="133"/>
        <source>Stream state</source>
        <translation>流状态</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="135"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="137"/>
        <source>Last snapshot</source>
        <translation>最近截图</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="139"/>
        <source>Snapshots</source>
        <translation>截图数</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="141"/>
        <source>Stream URL</source>
        <translation>流地址</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobPage</name>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="27"/>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="28"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="36"/>
        <source>Filter jobs by name, status, template or stream</source>
        <translation>按名称、状态、模板或流地址筛选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="44"/>
        <source>Could not list the jobs: %1</source>
        <translation>无法列出任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="65"/>
        <source>Start the selected job</source>
        <translation>启动所选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="67"/>
        <source>Stop the selected job</source>
        <translation>停止所选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="120"/>
        <source>Job Management</source>
        <translation>任务管理</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MainWindow</name>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="39"/>
        <source>LiveSnap</source>
        <translation>LiveSnap 直播截图</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="42"/>
        <source>Template Management</source>
        <translation>模板管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="43"/>
        <source>Job Management</source>
        <translation>任务管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="44"/>
        <source>File Management</source>
        <translation>文件管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="45"/>
        <source>Usage</source>
        <translation>用量统计</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="62"/>
        <source>Data directory: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="63"/>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="78"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="79"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="84"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="85"/>
        <source>&amp;About LiveSnap</source>
        <translation>关于 LiveSnap(&amp;A)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="88"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="95"/>
        <source>About LiveSnap</source>
        <translation>关于 LiveSnap</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="96"/>
        <source>&lt;h3&gt;LiveSnap %1&lt;/h3&gt;&lt;p&gt;Takes JPG snapshots of RTMP live streams at an interval and keeps them in local folders or object storage.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LiveSnap %1&lt;/h3&gt;&lt;p&gt;按间隔截取 RTMP 直播流的 JPG 截图，并保存到本地文件夹或对象存储。&lt;/p&gt;</translation>
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
    <name>livesnap::ui::TemplateListModel</name>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="39"/>
        <source>Template ID: %1</source>
        <translation>模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="54"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="54"/>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="79"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="81"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="83"/>
        <source>Interval (s)</source>
        <translation>间隔（秒）</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="85"/>
        <source>Overwrite format</source>
        <translation>覆盖格式</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="87"/>
        <source>Sequence format</source>
        <translation>序列格式</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="89"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplatePage</name>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="28"/>
        <source>Filter templates by name, type or format</source>
        <translation>按名称、类型或格式筛选模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="36"/>
        <source>Could not list the templates: %1</source>
        <translation>无法列出模板：%1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsagePage</name>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="11"/>
        <source>See how long each job ran here, per job and day, as a chart, and export the usage as CSV.</source>
        <translation>在这里按任务和日期查看每个任务的运行时长图表，并将用量导出为 CSV。</translation>
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
