<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>livesnap::ApiArguments</name>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="18"/>
        <source>%1 is not valid JSON (%2 at offset %3).</source>
        <translation>%1 不是有效的 JSON（%2，位于偏移 %3）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="44"/>
        <source>--%1 is required.</source>
        <translation>必须提供 --%1。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="57"/>
        <source>%1 must be a whole number (got &quot;%2&quot;).</source>
        <translation>%1 必须是整数（收到的是“%2”）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="77"/>
        <source>%1 must be true or false (got &quot;%2&quot;).</source>
        <translation>%1 必须是 true 或 false（收到的是“%2”）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="92"/>
        <source>%1 must be a JSON object such as {&quot;Key&quot;:&quot;value&quot;}.</source>
        <translation>%1 必须是 JSON 对象，例如 {&quot;Key&quot;:&quot;value&quot;}。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="108"/>
        <source>%1 must be a JSON array such as [1, 2].</source>
        <translation>%1 必须是 JSON 数组，例如 [1, 2]。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiArguments.cpp" line="126"/>
        <source>%1 must be a JSON object such as {&quot;Key&quot;:&quot;value&quot;} or an array of them.</source>
        <translation>%1 必须是 JSON 对象（例如 {&quot;Key&quot;:&quot;value&quot;}）或由此类对象组成的数组。</translation>
    </message>
</context>
<context>
    <name>livesnap::ApiDispatcher</name>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="32"/>
        <source>--StreamInput is required, e.g. &apos;{&quot;Type&quot;:&quot;rtmp&quot;,&quot;Url&quot;:&quot;rtmp://127.0.0.1/live/cam1&quot;}&apos;.</source>
        <translation>必须提供 --StreamInput，例如 &apos;{&quot;Type&quot;:&quot;rtmp&quot;,&quot;Url&quot;:&quot;rtmp://127.0.0.1/live/cam1&quot;}&apos;。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiFileActions.cpp" line="103"/>
        <source>CreateTimestampList must hold CreateTimestamp values (milliseconds) from ListLiveSnapshotFiles.</source>
        <translation>CreateTimestampList 必须包含来自 ListLiveSnapshotFiles 的 CreateTimestamp 值（毫秒）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiTemplateActions.cpp" line="131"/>
        <source>Create a custom snapshot template.</source>
        <translation>创建自定义截图模板。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiTemplateActions.cpp" line="137"/>
        <source>Show one template.</source>
        <translation>显示一个模板。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiTemplateActions.cpp" line="141"/>
        <source>Change a custom template (only the fields given).</source>
        <translation>修改自定义模板（仅修改所给字段）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiTemplateActions.cpp" line="147"/>
        <source>Delete a custom template that no job uses.</source>
        <translation>删除没有任务使用的自定义模板。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiTemplateActions.cpp" line="151"/>
        <source>List templates, a page at a time.</source>
        <translation>分页列出模板。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="152"/>
        <source>Create a snapshot job (status init).</source>
        <translation>创建截图任务（状态为 init）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="163"/>
        <source>Show one job with its stream state.</source>
        <translation>显示一个任务及其流状态。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="167"/>
        <source>List jobs, a page at a time.</source>
        <translation>分页列出任务。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="175"/>
        <source>Start, stop or restart a job, or take a snapshot now.</source>
        <translation>启动、停止或重启任务，或立即截图。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="181"/>
        <source>Delete a job that is not started.</source>
        <translation>删除未启动的任务。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="185"/>
        <source>A job&apos;s recent events, newest first.</source>
        <translation>任务的最近事件，最新的在前。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="266"/>
        <source>Usage: livesnapctl [--data-dir DIR] [--credentials FILE] &lt;Action&gt; [--Param value]...
       livesnapctl [--data-dir DIR] [--credentials FILE] serve
       livesnapctl &lt;Action&gt; --help

Prints one JSON object on stdout. Errors print {&quot;Code&quot;,&quot;Message&quot;} and exit 2 (your input) or 1 (internal).
The data directory is --data-dir, else LIVESNAP_DATA_DIR, else ~/.local/share/livesnap.
The catalog is --catalog URL, else LIVESNAP_CATALOG (a PostgreSQL database shared by engines: postgresql://user@host:port/database), else catalog.sqlite in the data directory.
OSS/S3 secrets live in the system keychain; --credentials FILE (JSON, mode 0600) replaces it on machines without one.

Actions:
</source>
        <translation>用法：livesnapctl [--data-dir DIR] [--credentials FILE] &lt;Action&gt; [--Param value]...
       livesnapctl [--data-dir DIR] [--credentials FILE] serve
       livesnapctl &lt;Action&gt; --help

在标准输出上打印一个 JSON 对象。出错时打印 {&quot;Code&quot;,&quot;Message&quot;}，并以 2（输入有误）或 1（内部错误）退出。
数据目录为 --data-dir，否则为 LIVESNAP_DATA_DIR，否则为 ~/.local/share/livesnap。
目录数据库为 --catalog URL，否则为 LIVESNAP_CATALOG（由多个引擎共用的 PostgreSQL 数据库：postgresql://user@host:port/database），否则为数据目录中的 catalog.sqlite。
OSS/S3 密钥保存在系统密钥环中；在没有密钥环的机器上，用 --credentials FILE（JSON，权限 0600）代替。

操作：
</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiFileActions.cpp" line="53"/>
        <source>Name the store with --StorageType, --Endpoint (for oss and s3) and --Bucket, as the file&apos;s Stores list it.</source>
        <translation>请按该文件的 Stores 列表中的写法，用 --StorageType、--Endpoint（用于 oss 和 s3）和 --Bucket 指定存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiFileActions.cpp" line="121"/>
        <source>List a job&apos;s snapshot files; page on with NextStartTime (asc) or NextEndTime (desc).</source>
        <translation>列出任务的截图文件；用 NextStartTime（asc）或 NextEndTime（desc）翻页。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiFileActions.cpp" line="130"/>
        <source>A link to download one snapshot file until it expires.</source>
        <translation>用于下载单个截图文件的链接，在过期前有效。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiFileActions.cpp" line="141"/>
        <source>Delete snapshot files of a job.</source>
        <translation>删除任务的截图文件。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="192"/>
        <source>How long engines ran each job, per UTC day, and the total (seconds).</source>
        <translation>各引擎运行每个任务的时长（按 UTC 日期）及总计（秒）。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="198"/>
        <source>Write the usage as CSV under usage/ and return a link that lives 30 minutes.</source>
        <translation>将用量以 CSV 写入 usage/ 下，并返回一个有效期 30 分钟的链接。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="235"/>
        <source>There is no action &quot;%1&quot;; run livesnapctl --help for the list.</source>
        <translation>没有操作“%1”；运行 livesnapctl --help 查看操作列表。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="245"/>
        <source>%1 takes no parameter --%2; run livesnapctl %1 --help.</source>
        <translation>%1 没有参数 --%2；请运行 livesnapctl %1 --help。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="282"/>
        <source>Run the engine headless until SIGINT/SIGTERM.</source>
        <translation>在后台无界面运行引擎，直到收到 SIGINT/SIGTERM。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="294"/>
        <source>No parameters.
</source>
        <translation>无参数。
</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiDispatcher.cpp" line="299"/>
        <source>(required) </source>
        <translation>（必填）</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiJobCommands.cpp" line="19"/>
        <source>Give --JobId for one job or --JobIds for several, not both.</source>
        <translation>请用 --JobId 指定单个任务，或用 --JobIds 指定多个任务，不要同时使用。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiJobCommands.cpp" line="27"/>
        <source>JobIds must be a JSON array of job ids (strings), e.g. [&quot;id1&quot;,&quot;id2&quot;].</source>
        <translation>JobIds 必须是由任务 ID（字符串）组成的 JSON 数组，例如 [&quot;id1&quot;,&quot;id2&quot;]。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiJobCommands.cpp" line="64"/>
        <source>--JobId is required, or --JobIds &apos;[&quot;id1&quot;,&quot;id2&quot;]&apos; for several jobs.</source>
        <translation>必须提供 --JobId；多个任务请用 --JobIds &apos;[&quot;id1&quot;,&quot;id2&quot;]&apos;。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="20"/>
        <source>Name the location with --LocationId, or with --StorageType, --Endpoint and --Bucket.</source>
        <translation>请用 --LocationId，或用 --StorageType、--Endpoint 和 --Bucket 指定存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="202"/>
        <source>Configure a storage location.</source>
        <translation>配置存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="218"/>
        <source>Change a storage location.</source>
        <translation>修改存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="229"/>
        <source>Delete a storage location no job uses.</source>
        <translation>删除没有任务使用的存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="232"/>
        <source>List the configured storage locations.</source>
        <translation>列出已配置的存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="236"/>
        <source>Write, read back and delete a probe object in a location.</source>
        <translation>在存储位置中写入、读回并删除一个探测对象。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="239"/>
        <source>Set the global callback URL and the key callbacks are signed with.</source>
        <translation>设置全局回调地址和用于对回调签名的密钥。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="247"/>
        <source>Show the global callback URL (masked), whether an AuthKey is set and whether callbacks are held because it cannot be read.</source>
        <translation>显示全局回调地址（已隐去密钥信息）、是否已设置 AuthKey，以及是否因无法读取 AuthKey 而暂停发送回调。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="253"/>
        <source>Show engine settings.</source>
        <translation>显示引擎设置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiStorageActions.cpp" line="257"/>
        <source>Change engine settings.</source>
        <translation>修改引擎设置。</translation>
    </message>
    <message>
        <location filename="../src/core/api/ApiEngineActions.cpp" line="26"/>
        <source>List the engines on this catalog: host, pid, version, heartbeat, jobs held and capacity; Alive is false for one that stopped beating.</source>
        <translation>列出此目录数据库上的引擎：主机、pid、版本、心跳、持有的任务数和容量；已停止心跳的引擎的 Alive 为 false。</translation>
    </message>
</context>
<context>
    <name>livesnap::CallbackAuthKey</name>
    <message>
        <location filename="../src/core/notify/CallbackAuthKey.cpp" line="19"/>
        <source>The callback AuthKey is set but cannot be read (%1). Callbacks are held, not sent unsigned: make the key readable again (unlock the keychain, or add &quot;%2&quot; to the credentials file), set it again with SetCallbackSettings --AuthKey, or remove it with SetCallbackSettings --ClearAuthKey true to send callbacks unsigned.</source>
        <translation>已设置回调 AuthKey，但无法读取（%1）。回调将暂停发送，而不会以未签名方式发送：请让密钥重新可读（解锁密钥环，或将“%2”添加到凭据文件中），用 SetCallbackSettings --AuthKey 重新设置密钥，或用 SetCallbackSettings --ClearAuthKey true 移除密钥以发送未签名的回调。</translation>
    </message>
    <message>
        <location filename="../src/core/notify/CallbackAuthKey.cpp" line="31"/>
        <source>no keychain or credentials file</source>
        <translation>没有密钥环或凭据文件</translation>
    </message>
    <message>
        <location filename="../src/core/notify/CallbackAuthKey.cpp" line="35"/>
        <source>the stored key is empty</source>
        <translation>存储的密钥为空</translation>
    </message>
</context>
<context>
    <name>livesnap::CallbackDispatcher</name>
    <message>
        <location filename="../src/core/engine/CallbackDispatcher.cpp" line="132"/>
        <source>Callbacks resume: the AuthKey can be used again, or it was removed.</source>
        <translation>回调恢复发送：AuthKey 已可再次使用，或已被移除。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/CallbackDispatcher.cpp" line="151"/>
        <source>Callbacks to %1 are held: %2</source>
        <translation>发送到 %1 的回调已暂停：%2</translation>
    </message>
    <message>
        <location filename="../src/core/engine/CallbackDispatcher.cpp" line="241"/>
        <source>Callback %1 to %2 given up after %3 tries; the last one failed: %4</source>
        <translation>回调 %1（发送到 %2）在尝试 %3 次后放弃；最后一次失败原因：%4</translation>
    </message>
</context>
<context>
    <name>livesnap::CallbackQueue</name>
    <message numerus="yes">
        <location filename="../src/core/service/CallbackQueue.cpp" line="44"/>
        <source>%n undelivered callback(s) dropped: more than %1 were waiting for %2.</source>
        <translation>
            <numerusform>已丢弃 %n 个未送达的回调：等待发送的回调超过 %1 个，已等待 %2。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::CaptureWorker</name>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="197"/>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="276"/>
        <source>the stream sent no data within %1 s — is the publisher live and sending video?</source>
        <translation>流在 %1 秒内没有发送任何数据——推流端是否在直播并发送视频？</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="206"/>
        <source>cannot open the stream: %1</source>
        <translation>无法打开流：%1</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="220"/>
        <source>cannot read the stream: %1</source>
        <translation>无法读取流：%1</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="238"/>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="256"/>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="273"/>
        <source>the stream has no video track (it carries only audio or data) — snapshots need video</source>
        <translation>该流没有视频轨道（只有音频或数据）——截图需要视频</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="284"/>
        <source>no data for %1 s — is the publisher live?</source>
        <translation>%1 秒内没有数据——推流端是否在直播？</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="288"/>
        <source>the stream ended — the publisher stopped or the server closed it</source>
        <translation>流已结束——推流端已停止推流，或服务器关闭了连接</translation>
    </message>
    <message>
        <location filename="../src/core/capture/CaptureWorker.cpp" line="290"/>
        <source>reading the stream failed: %1</source>
        <translation>读取流失败：%1</translation>
    </message>
</context>
<context>
    <name>livesnap::Catalog</name>
    <message>
        <location filename="../src/core/catalog/Catalog.cpp" line="44"/>
        <source>The catalog %1 is read-only (%2): LiveSnap must write to it. Remount its folder read-write or make the file writable by this user (chmod u+w, chattr -i), or choose another data directory with --data-dir or LIVESNAP_DATA_DIR.</source>
        <translation>目录数据库 %1 为只读（%2）：LiveSnap 必须写入它。请以读写方式重新挂载其所在文件夹，或让此用户可写该文件（chmod u+w、chattr -i），或用 --data-dir 或 LIVESNAP_DATA_DIR 选择其他数据目录。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/Catalog.cpp" line="52"/>
        <source>Cannot open the catalog %1: %2</source>
        <translation>无法打开目录数据库 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/Catalog.cpp" line="135"/>
        <source>Qt&apos;s PostgreSQL driver is not installed, so the catalog %1 cannot be reached: install libqt6sql6-psql.</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动，因此无法连接目录数据库 %1：请安装 libqt6sql6-psql。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/Catalog.cpp" line="158"/>
        <source>The password comes from PGPASSWORD, ~/.pgpass (or PGPASSFILE), or the keychain (livesnapctl --catalog URL set-catalog-password).</source>
        <translation>密码来自 PGPASSWORD、~/.pgpass（或 PGPASSFILE）或密钥环（livesnapctl --catalog URL set-catalog-password）。</translation>
    </message>
</context>
<context>
    <name>livesnap::CatalogUrl</name>
    <message>
        <location filename="../src/core/catalog/CatalogUrl.cpp" line="53"/>
        <source>The catalog &quot;%1&quot; is not a file path or a postgresql:// URL. Give a PostgreSQL database as postgresql://user@host:port/database, or leave the catalog unset for the embedded one in the data directory.</source>
        <translation>目录数据库“%1”既不是文件路径，也不是 postgresql:// 地址。请以 postgresql://user@host:port/database 的形式指定 PostgreSQL 数据库，或不设置目录数据库以使用数据目录中的内置目录数据库。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/CatalogUrl.cpp" line="59"/>
        <source>The catalog URL must not hold a password: it is shown in the status bar and in logs. Put the password in PGPASSWORD or ~/.pgpass, or in the keychain with livesnapctl --catalog URL set-catalog-password.</source>
        <translation>目录数据库地址中不能包含密码：它会显示在状态栏和日志中。请把密码放在 PGPASSWORD 或 ~/.pgpass 中，或用 livesnapctl --catalog URL set-catalog-password 存入密钥环。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/CatalogUrl.cpp" line="65"/>
        <source>The catalog URL %1 names no database: add it after the host, as in postgresql://livesnap@db.example.com:5432/livesnap.</source>
        <translation>目录数据库地址 %1 没有指定数据库：请在主机后添加数据库名，例如 postgresql://livesnap@db.example.com:5432/livesnap。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/CatalogUrl.cpp" line="78"/>
        <source>The catalog URL must not hold a password: put it in PGPASSWORD or ~/.pgpass.</source>
        <translation>目录数据库地址中不能包含密码：请将密码放在 PGPASSWORD 或 ~/.pgpass 中。</translation>
    </message>
</context>
<context>
    <name>livesnap::ComponentVersion</name>
    <message>
        <location filename="../src/core/common/ComponentVersion.cpp" line="16"/>
        <source>built with %1</source>
        <translation>构建时为 %1</translation>
    </message>
    <message>
        <location filename="../src/core/common/ComponentVersion.cpp" line="19"/>
        <source>build-time version</source>
        <translation>构建时的版本</translation>
    </message>
</context>
<context>
    <name>livesnap::DataDirectory</name>
    <message>
        <location filename="../src/core/common/DataDirectory.cpp" line="46"/>
        <source>The data directory %1 is read-only (%2). LiveSnap keeps its catalog, spool and local storage there and must write to it: remount it read-write or give this user write permission, or choose another directory with --data-dir or LIVESNAP_DATA_DIR.</source>
        <translation>数据目录 %1 为只读（%2）。LiveSnap 在其中保存目录数据库、缓存和本地存储，必须能写入：请以读写方式重新挂载，或给此用户写权限，或用 --data-dir 或 LIVESNAP_DATA_DIR 选择其他目录。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DataDirectory.cpp" line="67"/>
        <source>Cannot create the data directory %1 (%2); choose another with --data-dir or LIVESNAP_DATA_DIR.</source>
        <translation>无法创建数据目录 %1（%2）；请用 --data-dir 或 LIVESNAP_DATA_DIR 选择其他目录。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DataDirectory.cpp" line="73"/>
        <source>Cannot read the data directory %1 (%2).</source>
        <translation>无法读取数据目录 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DataDirectory.cpp" line="80"/>
        <source>The data directory %1 is not a directory; choose another with --data-dir or LIVESNAP_DATA_DIR.</source>
        <translation>数据目录 %1 不是文件夹；请用 --data-dir 或 LIVESNAP_DATA_DIR 选择其他目录。</translation>
    </message>
</context>
<context>
    <name>livesnap::DurableFile</name>
    <message>
        <location filename="../src/core/common/DurableFile.cpp" line="42"/>
        <source>Cannot write %1: the disk is full (%2). Free some space on it, or move the folder to a larger disk.</source>
        <translation>无法写入 %1：磁盘已满（%2）。请释放一些空间，或将该文件夹移到更大的磁盘上。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DurableFile.cpp" line="49"/>
        <source>Cannot write %1: the folder is read-only (%2). Make it writable for the user running LiveSnap, or mount its disk read-write.</source>
        <translation>无法写入 %1：文件夹为只读（%2）。请让运行 LiveSnap 的用户可写该文件夹，或以读写方式挂载其磁盘。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DurableFile.cpp" line="59"/>
        <source>Cannot write %1: the folder or its disk is not there (%2). Reconnect or mount the disk, or choose another folder.</source>
        <translation>无法写入 %1：文件夹或其磁盘不存在（%2）。请重新连接或挂载磁盘，或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DurableFile.cpp" line="65"/>
        <source>Cannot write %1: %2. Check the folder and its disk.</source>
        <translation>无法写入 %1：%2。请检查该文件夹及其磁盘。</translation>
    </message>
    <message>
        <location filename="../src/core/common/DurableFile.cpp" line="194"/>
        <source>Cannot read %1: %2. Check the folder and its disk.</source>
        <translation>无法读取 %1：%2。请检查该文件夹及其磁盘。</translation>
    </message>
</context>
<context>
    <name>livesnap::EngineHost</name>
    <message>
        <location filename="../src/core/engine/EngineHost.h" line="74"/>
        <source>The engine is not running.</source>
        <translation>引擎未运行。</translation>
    </message>
</context>
<context>
    <name>livesnap::ExactFrameDecoder</name>
    <message>
        <location filename="../src/core/capture/ExactFrameDecoder.cpp" line="70"/>
        <source>the decoder returned no picture at or after the due time</source>
        <translation>解码器在截图时刻或之后没有输出画面</translation>
    </message>
</context>
<context>
    <name>livesnap::FileOperations</name>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="32"/>
        <source>Limit is %1; use 1 to %2.</source>
        <translation>Limit 为 %1；请使用 1 到 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="38"/>
        <source>EndTime is before StartTime.</source>
        <translation>EndTime 早于 StartTime。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="68"/>
        <source>Offset is %1; use 0 or more.</source>
        <translation>Offset 为 %1；请使用 0 或更大的值。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="99"/>
        <source>No snapshot of this job has CreateTimestamp %1.</source>
        <translation>此任务没有 CreateTimestamp 为 %1 的截图。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="131"/>
        <source>CreateTimestampList has %1 entries; give 1 to %2 CreateTimestamp values from ListLiveSnapshotFiles.</source>
        <translation>CreateTimestampList 有 %1 项；请提供 1 到 %2 个来自 ListLiveSnapshotFiles 的 CreateTimestamp 值。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="248"/>
        <source>Snapshot &quot;%1&quot; has no recorded copy.</source>
        <translation>截图“%1”没有已记录的副本。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="262"/>
        <source>The copy of &quot;%1&quot; in %2 is not stored yet (that store is behind or unreachable); ask again later, or ask for another store&apos;s copy.</source>
        <translation>“%1”在 %2 中的副本尚未存储（该存储位置进度落后或无法访问）；请稍后再请求，或请求其他存储位置中的副本。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="272"/>
        <source>No copy of &quot;%1&quot; is stored yet; ask again later.</source>
        <translation>“%1”尚无已存储的副本；请稍后再请求。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="275"/>
        <source>This job keeps no copy of &quot;%1&quot; in %2 %3; its stores are: %4.</source>
        <translation>此任务在 %2 %3 中没有保存“%1”的副本；其存储位置为：%4。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="293"/>
        <source>ExpireSeconds is %1; use 1 to %2 (7 days).</source>
        <translation>ExpireSeconds 为 %1；请使用 1 到 %2（7 天）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="305"/>
        <source>Job %1 has no stored object &quot;%2&quot;; take OssObject from ListLiveSnapshotFiles.</source>
        <translation>任务 %1 没有已存储的对象“%2”；请使用 ListLiveSnapshotFiles 返回的 OssObject。</translation>
    </message>
    <message>
        <location filename="../src/core/service/FileOperations.cpp" line="326"/>
        <source>The object &quot;%1&quot; is in a local folder of the machine %2, which only that machine can read: ask for its link there (livesnapctl GetLiveSnapshotFileUrl on %2, or its console), or keep snapshots in OSS/S3 or a folder marked --SharedMount true.</source>
        <translation>对象“%1”在机器 %2 的本地文件夹中，只有那台机器能读取：请在那里获取它的链接（在 %2 上运行 livesnapctl GetLiveSnapshotFileUrl，或使用它的控制台），或将截图保存在 OSS/S3 或标记为 --SharedMount true 的文件夹中。</translation>
    </message>
</context>
<context>
    <name>livesnap::FrameScaler</name>
    <message>
        <location filename="../src/core/capture/FrameScaler.cpp" line="87"/>
        <source>Pictures in pixel format %1 cannot be scaled to %2×%3.</source>
        <translation>像素格式为 %1 的画面无法缩放到 %2×%3。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/FrameScaler.cpp" line="104"/>
        <source>Out of memory while scaling a picture.</source>
        <translation>缩放画面时内存不足。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/FrameScaler.cpp" line="132"/>
        <source>Scaling a %1×%2 picture to %3×%4 failed.</source>
        <translation>将 %1×%2 的画面缩放到 %3×%4 时失败。</translation>
    </message>
</context>
<context>
    <name>livesnap::HttpObjectStore</name>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="136"/>
        <source>The object key &quot;%1&quot; is empty or longer than 1023 bytes; use a shorter key.</source>
        <translation>对象键“%1”为空或超过 1023 字节；请使用更短的对象键。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="304"/>
        <source>The secure connection to %1 failed: %2. Check that the endpoint is right and its certificate is valid for that host name and trusted by this system.</source>
        <translation>与 %1 的安全连接失败：%2。请检查 Endpoint 是否正确，以及其证书是否适用于该主机名并受本系统信任。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="312"/>
        <source>%1 did not answer within %2 seconds. Check the endpoint URL, the network connection and any firewall in between.</source>
        <translation>%1 在 %2 秒内没有响应。请检查 Endpoint 地址、网络连接以及中间的防火墙。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="328"/>
        <source>Cannot reach %1: %2. Check the endpoint URL and the network connection.</source>
        <translation>无法连接 %1：%2。请检查 Endpoint 地址和网络连接。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="334"/>
        <source>The request to %1 failed: %2. Try again later; if it keeps failing, check the storage location&apos;s settings.</source>
        <translation>对 %1 的请求失败：%2。请稍后重试；如果仍然失败，请检查存储位置的设置。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="349"/>
        <source>%1 refused the request because this computer&apos;s clock is off (%2). Set the system clock (enable NTP) and try again.</source>
        <translation>%1 拒绝了请求，因为本机时钟不准（%2）。请校准系统时钟（启用 NTP）后重试。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="357"/>
        <source>%1 refused the access key &quot;%2&quot; (%3). Check the AccessKeyId and AccessKeySecret of this storage location, and that the key may read and write the bucket.</source>
        <translation>%1 拒绝了 AccessKey“%2”（%3）。请检查此存储位置的 AccessKeyId 和 AccessKeySecret，以及该密钥是否有权读写该 Bucket。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="365"/>
        <source>The bucket &quot;%1&quot; does not exist at %2 (%3). Create it, or correct the bucket name or the endpoint of this storage location.</source>
        <translation>Bucket“%1”在 %2 上不存在（%3）。请创建它，或更正此存储位置的 Bucket 名称或 Endpoint。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="374"/>
        <source>The object &quot;%1&quot; does not exist in %2.</source>
        <translation>对象“%1”在 %2 中不存在。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="379"/>
        <source>%1 redirects to another endpoint%2 (%3): the bucket is in another region. Set the endpoint (and region) of this storage location to the bucket&apos;s.</source>
        <translation>%1 重定向到另一个 Endpoint%2（%3）：该 Bucket 位于其他地域。请将此存储位置的 Endpoint（和地域）设置为该 Bucket 所在的地域。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="391"/>
        <source>%1 rejected the request&apos;s region (%2). Set the region of this storage location to the bucket&apos;s.</source>
        <translation>%1 拒绝了请求的地域（%2）。请将此存储位置的地域设置为该 Bucket 所在的地域。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="397"/>
        <source>%1 answered %2. Try again later; if it keeps failing, check the storage location&apos;s settings.</source>
        <translation>%1 返回 %2。请稍后重试；如果仍然失败，请检查存储位置的设置。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="438"/>
        <source>A signed S3 link lasts from 1 second to 7 days (604800 seconds); %1 is out of range.</source>
        <translation>S3 签名链接的有效期为 1 秒到 7 天（604800 秒）；%1 超出范围。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/HttpObjectStore.cpp" line="482"/>
        <source>A signed OSS link lasts from 1 second to %1 seconds; %2 is out of range.</source>
        <translation>OSS 签名链接的有效期为 1 秒到 %1 秒；%2 超出范围。</translation>
    </message>
</context>
<context>
    <name>livesnap::JobOperations</name>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="50"/>
        <source>SnapshotOutput names %1 stores; a job keeps at most %2 copies.</source>
        <translation>SnapshotOutput 指定了 %1 个存储位置；一个任务最多保存 %2 份副本。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="66"/>
        <source>SnapshotOutput names local folders of two machines (%1 and %2); no engine writes to both. Use the folders of one machine, or mark a folder every machine mounts with UpdateStorageLocation --SharedMount true.</source>
        <translation>SnapshotOutput 指定了两台机器上的本地文件夹（%1 和 %2）；没有引擎能同时写入这两处。请使用同一台机器上的文件夹，或用 UpdateStorageLocation --SharedMount true 将一个所有机器都已挂载的文件夹标记为共享挂载。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="76"/>
        <source>SnapshotOutput names the store %1 twice; list each store once.</source>
        <translation>SnapshotOutput 中存储位置 %1 出现了两次；每个存储位置只需列出一次。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="98"/>
        <source>Job submitted with template %1.</source>
        <translation>已使用模板 %1 提交任务。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="114"/>
        <source>JobId is required.</source>
        <translation>必须提供 JobId。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="122"/>
        <source>Job %1 does not exist; it may have been deleted.</source>
        <translation>任务 %1 不存在，可能已被删除。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="140"/>
        <source>Status is &quot;%1&quot;; use init, started or paused.</source>
        <translation>Status 为“%1”；请使用 init、started 或 paused。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="143"/>
        <source>EndTime is before StartTime.</source>
        <translation>EndTime 早于 StartTime。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="171"/>
        <source>Job &quot;%1&quot; is already running; restart it to start afresh.</source>
        <translation>任务“%1”已在运行；如需重新开始，请重启它。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="186"/>
        <source>Job &quot;%1&quot; is already running.</source>
        <translation>任务“%1”已在运行。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/service/JobOperations.cpp" line="189"/>
        <source>%n jobs are already running, the most allowed; stop a job or raise the running jobs limit in Settings first.</source>
        <translation>
            <numerusform>已有 %n 个任务在运行，达到上限；请先停止一个任务，或在“设置”中提高运行任务数上限。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="193"/>
        <source>Job started.</source>
        <translation>任务已启动。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="202"/>
        <source>Job &quot;%1&quot; is not running; there is nothing to stop.</source>
        <translation>任务“%1”未在运行，无需停止。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="204"/>
        <source>Job stopped.</source>
        <translation>任务已停止。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="210"/>
        <source>Job restarted.</source>
        <translation>任务已重启。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="214"/>
        <source>Command is &quot;%1&quot;; use start, stop, restart or snapshot.</source>
        <translation>Command 为“%1”；请使用 start、stop、restart 或 snapshot。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="244"/>
        <source>Job %1 is %2, not started; start it before asking for a snapshot.</source>
        <translation>任务 %1 的状态为 %2，未启动；请先启动它再请求截图。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="249"/>
        <source>Snapshot requested: one is taken at the stream&apos;s next keyframe.</source>
        <translation>已请求截图：将在流的下一个关键帧截取一张。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="271"/>
        <source>Job &quot;%1&quot; is running. Stop the job before deleting it.</source>
        <translation>任务“%1”正在运行。请先停止该任务再删除。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="282"/>
        <source>JobIds is empty; give at least one job id, e.g. [&quot;id1&quot;,&quot;id2&quot;].</source>
        <translation>JobIds 为空；请至少提供一个任务 ID，例如 [&quot;id1&quot;,&quot;id2&quot;]。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/service/JobOperations.cpp" line="286"/>
        <source>JobIds lists %n jobs; give at most %1 at a time.</source>
        <translation>
            <numerusform>JobIds 列出了 %n 个任务；一次最多提供 %1 个。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="293"/>
        <source>JobIds holds an empty id; give job ids as listed by ListLiveSnapshotJobs.</source>
        <translation>JobIds 中有空的 ID；请提供 ListLiveSnapshotJobs 列出的任务 ID。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="298"/>
        <source>JobIds lists %1 twice; give each job once.</source>
        <translation>JobIds 中 %1 出现了两次；每个任务只需提供一次。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="332"/>
        <source>Command is &quot;%1&quot;; use %2.</source>
        <translation>Command 为“%1”；请使用 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/service/JobOperations.cpp" line="355"/>
        <source>Limit is %1; use 1 to %2.</source>
        <translation>Limit 为 %1；请使用 1 到 %2。</translation>
    </message>
</context>
<context>
    <name>livesnap::JpegEncoder</name>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="85"/>
        <source>The JPEG encoder could not be initialised.</source>
        <translation>无法初始化 JPEG 编码器。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="89"/>
        <source>The decoder returned an empty picture.</source>
        <translation>解码器返回了空画面。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="95"/>
        <source>Pictures in pixel format %1 cannot be encoded to JPEG.</source>
        <translation>像素格式为 %1 的画面无法编码为 JPEG。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="102"/>
        <source>The decoder returned a picture without pixel data.</source>
        <translation>解码器返回的画面没有像素数据。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="143"/>
        <source>The picture is too large to encode (%1×%2).</source>
        <translation>画面过大，无法编码（%1×%2）。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="152"/>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="224"/>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="232"/>
        <source>Out of memory while encoding a JPEG.</source>
        <translation>编码 JPEG 时内存不足。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="162"/>
        <source>JPEG encoding failed: %1</source>
        <translation>JPEG 编码失败：%1</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="206"/>
        <source>Pictures in pixel format %1 cannot be converted for JPEG.</source>
        <translation>像素格式为 %1 的画面无法转换为 JPEG 可用的格式。</translation>
    </message>
    <message>
        <location filename="../src/core/capture/JpegEncoder.cpp" line="239"/>
        <source>Converting a %1 picture for JPEG failed.</source>
        <translation>转换 %1 画面以编码 JPEG 时失败。</translation>
    </message>
</context>
<context>
    <name>livesnap::KeyframeDecodePool</name>
    <message>
        <location filename="../src/core/capture/KeyframeDecodePool.cpp" line="37"/>
        <source>the decoder returned no picture</source>
        <translation>解码器没有输出画面</translation>
    </message>
    <message>
        <location filename="../src/core/capture/KeyframeDecodePool.cpp" line="107"/>
        <source>the stream&apos;s video codec (%1) is not supported</source>
        <translation>不支持该流的视频编码（%1）</translation>
    </message>
    <message>
        <location filename="../src/core/capture/KeyframeDecodePool.cpp" line="113"/>
        <location filename="../src/core/capture/KeyframeDecodePool.cpp" line="149"/>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../src/core/capture/KeyframeDecodePool.cpp" line="124"/>
        <source>cannot open the %1 video decoder: %2</source>
        <translation>无法打开 %1 视频解码器：%2</translation>
    </message>
</context>
<context>
    <name>livesnap::LinkServer</name>
    <message>
        <location filename="../src/core/storage/LinkServer.cpp" line="386"/>
        <source>The link server cannot listen on 127.0.0.1:%1: %2. Choose another link server port, or 0 for any free port.</source>
        <translation>链接服务无法在 127.0.0.1:%1 上监听：%2。请选择其他链接服务端口，或设为 0 以使用任一空闲端口。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkServer.cpp" line="466"/>
        <source>The link server is not running, so local storage links cannot be made. Check the link server port setting.</source>
        <translation>链接服务未运行，因此无法生成本地存储的链接。请检查链接服务端口设置。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkServer.cpp" line="471"/>
        <source>A link must live for at least one second.</source>
        <translation>链接的有效期至少为一秒。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkServer.cpp" line="477"/>
        <source>There is no local storage location &quot;%1&quot;.</source>
        <translation>没有本地存储位置“%1”。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkServer.cpp" line="482"/>
        <source>The object key &quot;%1&quot; would leave the storage folder.</source>
        <translation>对象键“%1”会超出存储文件夹的范围。</translation>
    </message>
</context>
<context>
    <name>livesnap::LinkSigner</name>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="65"/>
        <source>Cannot use the link key file %1: %2. Local storage links are unavailable until this is fixed; deleting the file makes a new key (links made before stop working).</source>
        <translation>无法使用链接密钥文件 %1：%2。在修复之前，本地存储的链接不可用；删除该文件会生成新的密钥（之前生成的链接将失效）。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="84"/>
        <source>it is a symbolic link</source>
        <translation>它是符号链接</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="93"/>
        <source>it is not a regular file</source>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="96"/>
        <source>it belongs to another user</source>
        <translation>它属于其他用户</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="116"/>
        <source>it does not hold exactly %1 bytes</source>
        <translation>它的大小不是恰好 %1 字节</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="128"/>
        <source>cannot set its mode to 0600: %1</source>
        <translation>无法将其权限设为 0600：%1</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="274"/>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LinkSigner.cpp" line="289"/>
        <source>it keeps changing</source>
        <translation>它在不断变化</translation>
    </message>
</context>
<context>
    <name>livesnap::LocalFolderStore</name>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="25"/>
        <source>There is no object %1 in this storage folder.</source>
        <translation>此存储文件夹中没有对象 %1。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="40"/>
        <source>The object key &quot;%1&quot; would leave the storage folder.</source>
        <translation>对象键“%1”会超出存储文件夹的范围。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="91"/>
        <source>%1 is a symbolic link or a file, not a folder: LiveSnap does not follow links inside a storage folder. Replace it with a real folder.</source>
        <translation>%1 是符号链接或文件，而不是文件夹：LiveSnap 不会跟随存储文件夹中的链接。请将其替换为真正的文件夹。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="117"/>
        <source>%1 holds %2 bytes after the write, not the %3 that were written; check the folder&apos;s disk.</source>
        <translation>写入后 %1 有 %2 字节，而不是写入的 %3 字节；请检查该文件夹所在的磁盘。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="149"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="171"/>
        <source>Cannot read %1 whole; it changed while it was copied.</source>
        <translation>无法完整读取 %1；复制过程中它发生了变化。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="186"/>
        <source>The spooled snapshot %1 changed while it was stored; it is stored again.</source>
        <translation>缓存中的截图 %1 在存储过程中发生了变化；将重新存储。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="237"/>
        <source>Links to local files are served by a running engine (the LiveSnap window or livesnapctl serve); start one and ask again.</source>
        <translation>本地文件的链接由运行中的引擎（LiveSnap 窗口或 livesnapctl serve）提供；请启动一个引擎后再请求。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="246"/>
        <source>A link must live at least one second.</source>
        <translation>链接的有效期至少为一秒。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="264"/>
        <source>Cannot read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/LocalFolderStore.cpp" line="282"/>
        <source>Cannot delete %1: %2.</source>
        <translation>无法删除 %1：%2。</translation>
    </message>
</context>
<context>
    <name>livesnap::LocationCredentials</name>
    <message>
        <location filename="../src/core/service/LocationCredentials.cpp" line="39"/>
        <source>No keychain is available to keep the access key: run LiveSnap in a desktop session with a Secret Service (GNOME Keyring, KWallet), or give a headless engine a credentials file.</source>
        <translation>没有可用于保存 AccessKey 的密钥环：请在带有 Secret Service（GNOME Keyring、KWallet）的桌面会话中运行 LiveSnap，或为无界面引擎提供凭据文件。</translation>
    </message>
</context>
<context>
    <name>livesnap::ObjectStore</name>
    <message>
        <location filename="../src/core/storage/ObjectStore.cpp" line="25"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/core/storage/ObjectStore.cpp" line="60"/>
        <source>This storage location cannot make links.</source>
        <translation>此存储位置无法生成链接。</translation>
    </message>
    <message>
        <location filename="../src/core/storage/ObjectStore.cpp" line="85"/>
        <source>The probe object read back differs from what was written; check the location.</source>
        <translation>读回的探测对象与写入的内容不同；请检查该存储位置。</translation>
    </message>
</context>
<context>
    <name>livesnap::Queries</name>
    <message>
        <location filename="../src/core/catalog/Queries.cpp" line="19"/>
        <source>PageNo is %1; pages are numbered from 1.</source>
        <translation>PageNo 为 %1；页码从 1 开始。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/Queries.cpp" line="24"/>
        <source>PageSize is %1; use 1 to %2.</source>
        <translation>PageSize 为 %1；请使用 1 到 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/catalog/Queries.cpp" line="33"/>
        <source>SortBy is &quot;%1&quot;; use asc or desc.</source>
        <translation>SortBy 为“%1”；请使用 asc 或 desc。</translation>
    </message>
</context>
<context>
    <name>livesnap::SettingsOperations</name>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="34"/>
        <source>BlackLumaMax is %1; use 0-255: a picture at most this bright (on 0-255) with a spread at most BlackSpreadMax is black (default 24).</source>
        <translation>BlackLumaMax 为 %1；请使用 0-255：亮度不超过此值（0-255）且离散度不超过 BlackSpreadMax 的画面视为黑屏（默认 24）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="38"/>
        <source>BlackSpreadMax is %1; use 0-255: how much a black picture&apos;s brightness may vary (its standard deviation, default 10).</source>
        <translation>BlackSpreadMax 为 %1；请使用 0-255：黑屏画面亮度允许的变化幅度（其标准差，默认 10）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="42"/>
        <source>FrozenSnapshots is %1; use 2-1000 snapshots in a row of the same picture, or 0 to never call a picture frozen (default 3).</source>
        <translation>FrozenSnapshots 为 %1；请使用 2-1000，即连续多少张截图画面相同视为画面冻结，或设为 0 表示从不判定为冻结（默认 3）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="46"/>
        <source>FrozenTolerance is %1; use 0-255: how much any part of the same picture may differ in brightness between snapshots (default 1).</source>
        <translation>FrozenTolerance 为 %1；请使用 0-255：同一画面在两次截图之间任一部分亮度允许的差异（默认 1）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="50"/>
        <source>DownGraceSeconds is %1; use 1-86400: how long a stream may be not live before it is down (default 30).</source>
        <translation>DownGraceSeconds 为 %1；请使用 1-86400：流不在直播状态多久后视为中断（默认 30）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="82"/>
        <source>AuthKey must be at most 256 characters, without NUL.</source>
        <translation>AuthKey 最多 256 个字符，且不能包含 NUL。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="92"/>
        <source>No keychain is available to keep the callback AuthKey: run LiveSnap in a desktop session with a Secret Service (GNOME Keyring, KWallet), or put the key in the credentials file under &quot;%1&quot;.</source>
        <translation>没有可用于保存回调 AuthKey 的密钥环：请在带有 Secret Service（GNOME Keyring、KWallet）的桌面会话中运行 LiveSnap，或将密钥以“%1”为名写入凭据文件。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="215"/>
        <source>The running jobs limit is %1; use 1 to %2.</source>
        <translation>运行任务数上限为 %1；请使用 1 到 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="221"/>
        <source>The JPEG quality is %1; use 1 (smallest) to 100 (best).</source>
        <translation>JPEG 质量为 %1；请使用 1（文件最小）到 100（质量最好）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="227"/>
        <source>The spool limit is %1 MB; use 16 MB to 1 TB (in MB).</source>
        <translation>缓存上限为 %1 MB；请使用 16 MB 到 1 TB（以 MB 为单位）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/SettingsOperations.cpp" line="232"/>
        <source>The link server port is %1; use 1-65535, or 0 for any free port.</source>
        <translation>链接服务端口为 %1；请使用 1-65535，或设为 0 以使用任一空闲端口。</translation>
    </message>
</context>
<context>
    <name>livesnap::SnapshotSink</name>
    <message>
        <location filename="../src/core/engine/SnapshotSink.cpp" line="345"/>
        <source>Cannot store snapshots: %1 They stay in the spool and are retried.</source>
        <translation>无法存储截图：%1 截图保留在缓存中，稍后重试。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/SnapshotSink.cpp" line="389"/>
        <source>Snapshots are being stored again.</source>
        <translation>截图已恢复存储。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/SnapshotSink.cpp" line="411"/>
        <source>Stream %1.</source>
        <translation>流状态：%1。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/SnapshotSink.cpp" line="411"/>
        <source>Stream %1: %2</source>
        <translation>流状态 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/core/engine/SnapshotSink.cpp" line="421"/>
        <source>Snapshots are being lost: %1</source>
        <translation>截图正在丢失：%1</translation>
    </message>
    <message>
        <location filename="../src/core/engine/SnapshotSink.cpp" line="434"/>
        <source>The snapshot taken at %1 was not recorded: %2</source>
        <translation>于 %1 截取的截图未被记录：%2</translation>
    </message>
</context>
<context>
    <name>livesnap::Spool</name>
    <message>
        <location filename="../src/core/spool/Spool.cpp" line="68"/>
        <source>The spool is full (%1 MB of %2 MB waiting to be stored): new snapshots are not taken until the storage location accepts the waiting ones. Check the location, or raise the spool limit.</source>
        <translation>缓存已满（%2 MB 中已有 %1 MB 等待存储）：在存储位置接收等待中的截图之前，不会截取新截图。请检查存储位置，或提高缓存上限。</translation>
    </message>
    <message>
        <location filename="../src/core/spool/Spool.cpp" line="84"/>
        <source>The snapshot cannot be kept in the spool of the data directory, so it is lost: %1</source>
        <translation>截图无法保存在数据目录的缓存中，因此已丢失：%1</translation>
    </message>
    <message>
        <location filename="../src/core/spool/Spool.cpp" line="98"/>
        <source>Cannot read the spooled snapshot %1: %2</source>
        <translation>无法读取缓存中的截图 %1：%2</translation>
    </message>
</context>
<context>
    <name>livesnap::StorageLocation</name>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="21"/>
        <source>The storage type is &quot;%1&quot;; use local, oss or s3.</source>
        <translation>存储类型为“%1”；请使用 local、oss 或 s3。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="73"/>
        <source>%1 (really %2)</source>
        <translation>%1（实际为 %2）</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="75"/>
        <source>The folder %1 %2</source>
        <translation>文件夹 %1 %2</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="87"/>
        <source>is a system folder; snapshots must not be written there. Choose a folder of their own, such as /srv/livesnap or ~/LiveSnap.</source>
        <translation>是系统文件夹，截图不能写入其中。请选择专用的文件夹，例如 /srv/livesnap 或 ~/LiveSnap。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="95"/>
        <source>is a system folder shared by everything on the machine; choose a folder of its own inside it, such as %1/livesnap.</source>
        <translation>是整个系统共用的文件夹；请在其中选择一个专用的文件夹，例如 %1/livesnap。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="102"/>
        <source>is your home folder itself; choose a folder inside it, such as %1/LiveSnap.</source>
        <translation>就是您的主文件夹；请选择其中的一个文件夹，例如 %1/LiveSnap。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="109"/>
        <source>is LiveSnap&apos;s data directory itself (it holds the catalog); choose a subfolder such as %1/storage/&lt;Bucket&gt;, or another folder.</source>
        <translation>就是 LiveSnap 的数据目录（其中保存着目录数据库）；请选择其子文件夹，例如 %1/storage/&lt;Bucket&gt;，或其他文件夹。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="162"/>
        <source>SnapshotOutput.Bucket is empty; name a configured storage location, e.g. {&quot;StorageType&quot;:&quot;local&quot;,&quot;Bucket&quot;:&quot;default&quot;}.</source>
        <translation>SnapshotOutput.Bucket 为空；请指定一个已配置的存储位置，例如 {&quot;StorageType&quot;:&quot;local&quot;,&quot;Bucket&quot;:&quot;default&quot;}。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="182"/>
        <source>SnapshotOutput must be one store or an array of 1 to %1 stores, e.g. [{&quot;StorageType&quot;:&quot;local&quot;,&quot;Bucket&quot;:&quot;default&quot;},{&quot;StorageType&quot;:&quot;s3&quot;,&quot;Endpoint&quot;:&quot;https://s3.example.com&quot;,&quot;Bucket&quot;:&quot;snapshots&quot;}].</source>
        <translation>SnapshotOutput 必须是一个存储位置，或由 1 到 %1 个存储位置组成的数组，例如 [{&quot;StorageType&quot;:&quot;local&quot;,&quot;Bucket&quot;:&quot;default&quot;},{&quot;StorageType&quot;:&quot;s3&quot;,&quot;Endpoint&quot;:&quot;https://s3.example.com&quot;,&quot;Bucket&quot;:&quot;snapshots&quot;}]。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="192"/>
        <source>Each SnapshotOutput in the array must be an object such as {&quot;StorageType&quot;:&quot;local&quot;,&quot;Bucket&quot;:&quot;default&quot;}.</source>
        <translation>数组中的每个 SnapshotOutput 都必须是对象，例如 {&quot;StorageType&quot;:&quot;local&quot;,&quot;Bucket&quot;:&quot;default&quot;}。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="208"/>
        <source>SnapshotOutput names the store %1 twice; list each store once.</source>
        <translation>SnapshotOutput 中存储位置 %1 出现了两次；每个存储位置只需列出一次。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="263"/>
        <source>The name &quot;%1&quot; is not valid: use 1-63 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>名称“%1”无效：请使用 1-63 个字母、数字、“.”、“_”或“-”，并以字母或数字开头。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="270"/>
        <source>The folder &quot;%1&quot; must be an absolute path.</source>
        <translation>文件夹“%1”必须是绝对路径。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="281"/>
        <source>The signature version is &quot;%1&quot;; use v4 (OSS4-HMAC-SHA256) or v1 for older endpoints.</source>
        <translation>签名版本为“%1”；请使用 v4（OSS4-HMAC-SHA256），旧版 Endpoint 请使用 v1。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="289"/>
        <source>The bucket name &quot;%1&quot; is not valid: use 3-63 lower-case letters, digits, &apos;-&apos; or &apos;.&apos;, starting and ending with a letter or digit.</source>
        <translation>Bucket 名称“%1”无效：请使用 3-63 个小写字母、数字、“-”或“.”，并以字母或数字开头和结尾。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StorageLocation.cpp" line="301"/>
        <source>The endpoint &quot;%1&quot; is not valid; give a host such as oss-cn-hangzhou.aliyuncs.com or https://s3.us-east-1.amazonaws.com.</source>
        <translation>Endpoint“%1”无效；请提供主机地址，例如 oss-cn-hangzhou.aliyuncs.com 或 https://s3.us-east-1.amazonaws.com。</translation>
    </message>
</context>
<context>
    <name>livesnap::StorageLocationOperations</name>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="20"/>
        <source>No storage location %1 is configured; add it with AddStorageLocation or pick one from ListStorageLocations.</source>
        <translation>未配置存储位置 %1；请用 AddStorageLocation 添加，或从 ListStorageLocations 中选择一个。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="61"/>
        <source>SharedMount is for local folders; an OSS or S3 location works from every engine. Leave SharedMount out.</source>
        <translation>SharedMount 仅适用于本地文件夹；OSS 或 S3 存储位置可供所有引擎使用。请不要指定 SharedMount。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="86"/>
        <source>The storage type is &quot;%1&quot;; use local, oss or s3.</source>
        <translation>存储类型为“%1”；请使用 local、oss 或 s3。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="118"/>
        <source>A %1 location with bucket &quot;%2&quot; already exists (%3); use UpdateStorageLocation to change it.</source>
        <translation>Bucket 为“%2”的 %1 存储位置已存在（%3）；如需修改，请使用 UpdateStorageLocation。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="130"/>
        <source>An %1 location needs --AccessKeyId and --AccessKeySecret (or, on a machine without a keychain, --credentials FILE holding them).</source>
        <translation>%1 存储位置需要 --AccessKeyId 和 --AccessKeySecret（在没有密钥环的机器上，也可用包含它们的 --credentials FILE）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="187"/>
        <source>The built-in default location cannot be changed; add another location instead.</source>
        <translation>内置的默认位置不能修改；请添加其他存储位置。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="220"/>
        <source>Give both --AccessKeyId and --AccessKeySecret to change the access key.</source>
        <translation>要修改 AccessKey，请同时提供 --AccessKeyId 和 --AccessKeySecret。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="259"/>
        <source>The built-in default location cannot be deleted.</source>
        <translation>内置的默认位置不能删除。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="271"/>
        <source>Storage location &quot;%1&quot; is used by a job; delete that job first.</source>
        <translation>存储位置“%1”正被一个任务使用；请先删除该任务。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="273"/>
        <source>Storage location &quot;%1&quot; is used by %n jobs; delete those jobs first.</source>
        <translation>
            <numerusform>存储位置“%1”正被 %n 个任务使用；请先删除这些任务。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="343"/>
        <source>Location %1 is not a local folder.</source>
        <translation>存储位置 %1 不是本地文件夹。</translation>
    </message>
    <message>
        <location filename="../src/core/service/StorageLocationOperations.cpp" line="366"/>
        <source>No keychain is available to this engine, so it cannot read the access key of location %1.</source>
        <translation>此引擎没有可用的密钥环，因此无法读取存储位置 %1 的 AccessKey。</translation>
    </message>
</context>
<context>
    <name>livesnap::StoreFactory</name>
    <message>
        <location filename="../src/core/storage/StoreFactory.cpp" line="22"/>
        <source>The %1 location %2 cannot be opened: check its endpoint and bucket.</source>
        <translation>无法打开 %1 存储位置 %2：请检查其 Endpoint 和 Bucket。</translation>
    </message>
</context>
<context>
    <name>livesnap::StreamHealthJudge</name>
    <message numerus="yes">
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="125"/>
        <source>Stream down since %1: not live for more than %n second(s).</source>
        <translation>
            <numerusform>流自 %1 起中断：已超过 %n 秒不在直播状态。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="130"/>
        <source>Black picture since %1 (brightness %2, spread %3 of 255).</source>
        <translation>自 %1 起画面黑屏（亮度 %2，离散度 %3，满值 255）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="136"/>
        <source>Frozen picture since %1: the same picture in %n snapshot(s) in a row.</source>
        <translation>
            <numerusform>自 %1 起画面冻结：连续 %n 张截图画面相同。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="141"/>
        <source>Stream live again since %1.</source>
        <translation>自 %1 起流已恢复直播。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="144"/>
        <source>Picture no longer black since %1.</source>
        <translation>自 %1 起画面不再黑屏。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="147"/>
        <source>Picture moving again since %1.</source>
        <translation>自 %1 起画面恢复变化。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamHealthJudge.cpp" line="149"/>
        <source>Picture ok since %1.</source>
        <translation>自 %1 起画面正常。</translation>
    </message>
</context>
<context>
    <name>livesnap::StreamInput</name>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="51"/>
        <source>StreamInput.TlsVerify must be true or false.</source>
        <translation>StreamInput.TlsVerify 必须是 true 或 false。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="104"/>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="141"/>
        <source>StreamInput.Type is &quot;%1&quot;; use rtmp (rtmp://, rtmps://), rtsp (rtsp://, rtsps://), srt (srt://) or hls (https://, http://).</source>
        <translation>StreamInput.Type 为“%1”；请使用 rtmp（rtmp://、rtmps://）、rtsp（rtsp://、rtsps://）、srt（srt://）或 hls（https://、http://）。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="148"/>
        <source>The stream URL is empty; give a %1 URL for StreamInput.Type %2, e.g. %3.</source>
        <translation>流地址为空；请为 StreamInput.Type %2 提供 %1 地址，例如 %3。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="159"/>
        <source>StreamInput.Type %1 reads %2 URLs, but the URL is %3; set StreamInput.Type to %4 or give a URL like %5.</source>
        <translation>StreamInput.Type %1 只读取 %2 地址，但所给地址为 %3；请将 StreamInput.Type 设为 %4，或提供类似 %5 的地址。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="162"/>
        <source>The stream URL must start with %1 for StreamInput.Type %2 (got %3), e.g. %4.</source>
        <translation>StreamInput.Type 为 %2 时，流地址必须以 %1 开头（收到的是 %3），例如 %4。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="168"/>
        <source>The stream URL %1 is not a valid URL with a host, e.g. %2.</source>
        <translation>流地址 %1 不是带主机名的有效地址；有效地址例如 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="183"/>
        <source>The SRT URL %1 has no port; write it as srt://host:port, e.g. %2.</source>
        <translation>SRT 地址 %1 没有端口；请写成 srt://host:port，例如 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="192"/>
        <source>The SRT URL %1 asks for listener mode; LiveSnap connects as a caller to the encoder or server: remove mode=listener.</source>
        <translation>SRT 地址 %1 要求 listener 模式；LiveSnap 以 caller 身份连接编码器或服务器：请删除 mode=listener。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="199"/>
        <source>The HLS URL %1 names no playlist; give the playlist&apos;s URL, e.g. %2.</source>
        <translation>HLS 地址 %1 没有指定播放列表；请提供播放列表的地址，例如 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="213"/>
        <source>StreamInput.CaFile applies only to TLS streams; use an rtmps://, rtsps:// or https:// URL, or leave CaFile out.</source>
        <translation>StreamInput.CaFile 仅适用于 TLS 流；请使用 rtmps://、rtsps:// 或 https:// 地址，或不设置 CaFile。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="219"/>
        <source>StreamInput.TlsVerify applies only to TLS streams; use an rtmps://, rtsps:// or https:// URL, or leave TlsVerify out.</source>
        <translation>StreamInput.TlsVerify 仅适用于 TLS 流；请使用 rtmps://、rtsps:// 或 https:// 地址，或不设置 TlsVerify。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="230"/>
        <source>StreamInput.CaFile has no effect with TlsVerify false; leave one of them out.</source>
        <translation>TlsVerify 为 false 时 StreamInput.CaFile 不起作用；请去掉其中一项。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="237"/>
        <source>StreamInput.CaFile &quot;%1&quot; is not an absolute path; give the full path of the CA&apos;s PEM file, e.g. /etc/livesnap/ca.pem.</source>
        <translation>StreamInput.CaFile“%1”不是绝对路径；请提供该 CA 的 PEM 文件的完整路径，例如 /etc/livesnap/ca.pem。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="245"/>
        <source>StreamInput.CaFile %1 is not a readable file; check the path and that LiveSnap may read it.</source>
        <translation>StreamInput.CaFile %1 不是可读取的文件；请检查路径，以及 LiveSnap 是否有权读取该文件。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/StreamInput.cpp" line="176"/>
        <source>The stream URL %1 names no application and stream; write it as rtmp://host/app/stream.</source>
        <translation>流地址 %1 没有指定应用和流名称；请写成 rtmp://host/app/stream。</translation>
    </message>
</context>
<context>
    <name>livesnap::Supervisor</name>
    <message>
        <location filename="../src/core/engine/Supervisor.cpp" line="290"/>
        <source>Not capturing: %1</source>
        <translation>未在截图：%1</translation>
    </message>
    <message>
        <location filename="../src/core/engine/Supervisor.cpp" line="304"/>
        <source>Engine %1 took the job.</source>
        <translation>引擎 %1 接管了此任务。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/Supervisor.cpp" line="308"/>
        <source>TLS verification is off for this stream: its server&apos;s certificate is not checked (insecure).</source>
        <translation>此流已关闭 TLS 验证：不检查其服务器的证书（不安全）。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/Supervisor.cpp" line="383"/>
        <source>engine %1 holds the job.</source>
        <translation>引擎 %1 持有此任务。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/Supervisor.cpp" line="384"/>
        <source>no engine holds the job at the moment.</source>
        <translation>目前没有引擎持有此任务。</translation>
    </message>
    <message>
        <location filename="../src/core/engine/Supervisor.cpp" line="388"/>
        <source>Engine %1 lost its lease (epoch %2) while paused; stopped capturing; %3</source>
        <translation>引擎 %1 在暂停期间失去了租约（纪元 %2）；已停止截图；%3</translation>
    </message>
</context>
<context>
    <name>livesnap::TemplateOperations</name>
    <message>
        <location filename="../src/core/service/TemplateOperations.cpp" line="66"/>
        <source>TemplateId is required.</source>
        <translation>必须提供 TemplateId。</translation>
    </message>
    <message>
        <location filename="../src/core/service/TemplateOperations.cpp" line="75"/>
        <source>Template %1 does not exist; it may have been deleted.</source>
        <translation>模板 %1 不存在，可能已被删除。</translation>
    </message>
    <message>
        <location filename="../src/core/service/TemplateOperations.cpp" line="93"/>
        <source>Template &quot;%1&quot; is a system template and cannot be changed; create a custom template instead.</source>
        <translation>模板“%1”是系统模板，不能修改；请改为创建自定义模板。</translation>
    </message>
    <message>
        <location filename="../src/core/service/TemplateOperations.cpp" line="143"/>
        <source>Template &quot;%1&quot; is a system template and cannot be deleted.</source>
        <translation>模板“%1”是系统模板，不能删除。</translation>
    </message>
    <message>
        <location filename="../src/core/service/TemplateOperations.cpp" line="152"/>
        <source>Template &quot;%1&quot; is used by a job; delete that job first, or submit it again with another template.</source>
        <translation>模板“%1”正被一个任务使用；请先删除该任务，或换用其他模板重新提交该任务。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/service/TemplateOperations.cpp" line="154"/>
        <source>Template &quot;%1&quot; is used by %n jobs; delete those jobs first, or submit them again with another template.</source>
        <translation>
            <numerusform>模板“%1”正被 %n 个任务使用；请先删除这些任务，或换用其他模板重新提交这些任务。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/service/TemplateOperations.cpp" line="179"/>
        <source>Type is &quot;%1&quot;; use system or custom.</source>
        <translation>Type 为“%1”；请使用 system 或 custom。</translation>
    </message>
</context>
<context>
    <name>livesnap::TemplateRules</name>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="29"/>
        <source>%1 is %2 characters long; use at most %3.</source>
        <translation>%1 的长度为 %2 个字符；最多 %3 个。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="37"/>
        <source>%1 must not start with &apos;/&apos;; write a relative object key such as %2.</source>
        <translation>%1 不能以“/”开头；请写相对的对象键，例如 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="44"/>
        <source>%1 must end in &apos;.jpg&apos; (JPG is the only output format).</source>
        <translation>%1 必须以“.jpg”结尾（JPG 是唯一的输出格式）。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="49"/>
        <source>%1 must not contain &apos;..&apos;.</source>
        <translation>%1 不能包含“..”。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="53"/>
        <source>%1 must not contain &apos;\&apos; or an empty path segment (&apos;//&apos;).</source>
        <translation>%1 不能包含“\”或空的路径段（“//”）。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="64"/>
        <source>%1 &quot;%2&quot; must contain {JobId}, so that two jobs never write, overwrite or delete each other&apos;s files; for example %3.</source>
        <translation>%1“%2”必须包含 {JobId}，以免两个任务写入、覆盖或删除彼此的文件；例如 %3。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="81"/>
        <source>%1 uses the unknown token %2; allowed tokens: %3.</source>
        <translation>%1 使用了未知的占位符 %2；允许的占位符：%3。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="88"/>
        <source>%1 has an unmatched &apos;{&apos; or &apos;}&apos;.</source>
        <translation>%1 中有不匹配的“{”或“}”。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="100"/>
        <source>The overwrite object key</source>
        <translation>覆盖截图的对象键</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="103"/>
        <source>The real-time object key</source>
        <translation>实时截图的对象键</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="106"/>
        <source>The template name</source>
        <translation>模板名称</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="109"/>
        <source>The job name</source>
        <translation>任务名称</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="112"/>
        <source>The callback URL</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="115"/>
        <source>The snapshot width</source>
        <translation>截图宽度</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="118"/>
        <source>The snapshot height</source>
        <translation>截图高度</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="121"/>
        <source>The JPEG quality</source>
        <translation>JPEG 质量</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="124"/>
        <source>The capture mode</source>
        <translation>截图模式</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="141"/>
        <source>%1 contains the invisible character U+%2 at position %3; control characters, line breaks and text-direction overrides are not allowed. Retype it without them.</source>
        <translation>%1 在第 %3 个位置包含不可见字符 U+%2；不允许使用控制字符、换行符和文字方向覆盖字符。请去掉它们后重新输入。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="158"/>
        <source>The template name is empty; give the template a name.</source>
        <translation>模板名称为空；请为模板命名。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="163"/>
        <source>The template name is %1 characters long; use at most %2.</source>
        <translation>模板名称的长度为 %1 个字符；最多 %2 个。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="176"/>
        <source>The snapshot interval must be a whole number of seconds between %1 and %2, without a unit (got &quot;%3&quot;).</source>
        <translation>截图间隔必须是 %1 到 %2 之间的整数秒数，且不带单位（收到的是“%3”）。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="194"/>
        <source>The snapshot interval is %1 s; it must be between %2 and %3 seconds.</source>
        <translation>截图间隔为 %1 秒；必须在 %2 到 %3 秒之间。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="230"/>
        <source>The real-time object key must contain {Sequence} or {UnixTimestamp} so that every snapshot is kept under its own name.</source>
        <translation>实时截图的对象键必须包含 {Sequence} 或 {UnixTimestamp}，以便每张截图都以自己的名称保存。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="242"/>
        <source>Set an overwrite object key, a real-time object key or both; for example %1 or %2.</source>
        <translation>请设置覆盖截图的对象键、实时截图的对象键或两者；例如 %1 或 %2。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="272"/>
        <source>Template &quot;%1&quot; was saved before the current naming rules and cannot be used by a job until it is edited: %3 Edit it in the Templates tab (or with UpdateLiveSnapshotTemplate --TemplateId %2 --%4 &lt;new format&gt;), or use another template. Files already stored keep their names.</source>
        <translation>模板“%1”保存于当前命名规则之前，在编辑之前不能被任务使用：%3 请在“模板”页中编辑它（或使用 UpdateLiveSnapshotTemplate --TemplateId %2 --%4 &lt;新格式&gt;），或使用其他模板。已存储的文件保留原名称。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="286"/>
        <source>%1 is %2 pixels; use 0 to keep the stream&apos;s size, or %3 to %4 pixels (give one side and the other follows the picture&apos;s aspect ratio).</source>
        <translation>%1 为 %2 像素；请使用 0 以保持流的原始尺寸，或使用 %3 到 %4 像素（只提供一边时，另一边按画面宽高比自动计算）。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="309"/>
        <source>The JPEG quality is %1; use 1 (smallest files) to %2 (best pictures), or 0 for the engine setting.</source>
        <translation>JPEG 质量为 %1；请使用 1（文件最小）到 %2（质量最好），或设为 0 以使用引擎设置。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="322"/>
        <source>The capture mode &quot;%1&quot; is not known; use %2 (the first keyframe at or after the due time) or %3 (the frame of the due time, at a higher decoding cost).</source>
        <translation>截图模式“%1”未知；请使用 %2（截图时刻或之后的第一个关键帧）或 %3（截图时刻的那一帧，解码开销更高）。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="344"/>
        <source>The job name is empty; give the job a name.</source>
        <translation>任务名称为空；请为任务命名。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="349"/>
        <source>The job name is %1 characters long; use at most %2.</source>
        <translation>任务名称的长度为 %1 个字符；最多 %2 个。</translation>
    </message>
    <message>
        <location filename="../src/core/domain/TemplateRules.cpp" line="367"/>
        <source>%1 must be an http:// or https:// URL with a host, e.g. https://example.com/livesnap/callback.</source>
        <translation>%1 必须是带主机名的 http:// 或 https:// 地址，例如 https://example.com/livesnap/callback。</translation>
    </message>
</context>
<context>
    <name>livesnap::TimeFormat</name>
    <message>
        <location filename="../src/core/common/TimeFormat.cpp" line="29"/>
        <source>%1 &quot;%2&quot; is not a time; use ISO 8601 in UTC such as 2026-11-25T08:00:00Z, or UNIX milliseconds.</source>
        <translation>%1“%2”不是时间；请使用 UTC 的 ISO 8601 格式（如 2026-11-25T08:00:00Z）或 UNIX 毫秒数。</translation>
    </message>
</context>
<context>
    <name>livesnap::TlsCertificateCheck</name>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="145"/>
        <source>it holds no PEM certificate</source>
        <translation>它不包含 PEM 证书</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="214"/>
        <source>cannot load the CA file %1 (%2); give a readable PEM file as StreamInput.CaFile</source>
        <translation>无法加载 CA 文件 %1（%2）；请提供可读取的 PEM 文件作为 StreamInput.CaFile</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="219"/>
        <source>the TLS handshake failed (%1); is this a TLS server?</source>
        <translation>TLS 握手失败（%1）；这是 TLS 服务器吗？</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="223"/>
        <source>unknown CA: the server&apos;s certificate is not signed by a CA this system trusts; give the CA&apos;s certificate as StreamInput.CaFile</source>
        <translation>CA 未知：服务器的证书不是由本系统信任的 CA 签发的；请将该 CA 的证书作为 StreamInput.CaFile 提供</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="225"/>
        <source>unknown CA: the server&apos;s certificate is not signed by the CA in %1</source>
        <translation>CA 未知：服务器的证书不是由 %1 中的 CA 签发的</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="229"/>
        <source>expired: the server&apos;s certificate has expired; the server must renew it</source>
        <translation>已过期：服务器的证书已过期；服务器必须更新证书</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="232"/>
        <source>not yet valid: the server&apos;s certificate is not valid yet; check the clocks of both machines</source>
        <translation>尚未生效：服务器的证书尚未生效；请检查两台机器的时钟</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="236"/>
        <source>wrong host: the server&apos;s certificate is not for %1; connect by a name the certificate lists</source>
        <translation>主机不符：服务器的证书不是为 %1 签发的；请使用证书中列出的名称连接</translation>
    </message>
    <message>
        <location filename="../src/core/media/TlsCertificateCheck.cpp" line="241"/>
        <source>the server&apos;s certificate is rejected (%1)</source>
        <translation>服务器的证书被拒绝（%1）</translation>
    </message>
</context>
<context>
    <name>livesnap::UsageOperations</name>
    <message>
        <location filename="../src/core/service/UsageOperations.cpp" line="20"/>
        <source>StartTime is required (ISO 8601 UTC).</source>
        <translation>必须提供 StartTime（ISO 8601 UTC）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/UsageOperations.cpp" line="24"/>
        <source>EndTime is required (ISO 8601 UTC).</source>
        <translation>必须提供 EndTime（ISO 8601 UTC）。</translation>
    </message>
    <message>
        <location filename="../src/core/service/UsageOperations.cpp" line="28"/>
        <source>EndTime must be after StartTime.</source>
        <translation>EndTime 必须晚于 StartTime。</translation>
    </message>
    <message>
        <location filename="../src/core/service/UsageOperations.cpp" line="33"/>
        <source>Ask for at most %1 days at a time.</source>
        <translation>一次最多查询 %1 天。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::AboutDialog</name>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="35"/>
        <source>About LiveSnap</source>
        <translation>关于 LiveSnap</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="40"/>
        <source>LiveSnap %1</source>
        <translation>LiveSnap %1</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="42"/>
        <source>Takes JPG snapshots of RTMP live streams at an interval and keeps them in local folders or object storage.</source>
        <translation>按间隔截取 RTMP 直播流的 JPG 截图，并保存到本地文件夹或对象存储。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="50"/>
        <source>LiveSnap is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version (GPL-3.0-or-later).</source>
        <translation>LiveSnap 是自由软件：您可以依据自由软件基金会发布的 GNU 通用公共许可证第 3 版或（由您选择）任何更新的版本（GPL-3.0-or-later）的条款重新分发和/或修改它。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="54"/>
        <source>It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.</source>
        <translation>发布它是希望它能有用，但不提供任何担保；甚至不包括对适销性或特定用途适用性的默示担保。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="57"/>
        <source>The full licence text is in %1 and in the LICENSE file of the source code.</source>
        <translation>许可证全文见 %1 以及源代码中的 LICENSE 文件。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="66"/>
        <source>Libraries in use:</source>
        <translation>使用的库：</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="73"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="76"/>
        <source>Copy LiveSnap&apos;s version and the libraries&apos; versions as plain text, for a bug report.</source>
        <translation>以纯文本复制 LiveSnap 及各库的版本，用于报告问题。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="88"/>
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="88"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="88"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/AboutDialog.cpp" line="134"/>
        <source>The versions are on the clipboard.</source>
        <translation>版本信息已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::CatalogDialog</name>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="26"/>
        <source>Console only: run no jobs on this computer</source>
        <translation>仅作控制台：不在本机运行任务</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="30"/>
        <source>Catalog</source>
        <translation>目录数据库</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="32"/>
        <source>Empty: the SQLite catalog in the data directory</source>
        <translation>留空：使用数据目录中的 SQLite 目录数据库</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="39"/>
        <source>The window shows and changes the jobs of the catalog, but the engines on other computers capture them.</source>
        <translation>窗口显示并修改目录数据库中的任务，但由其他计算机上的引擎执行截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="43"/>
        <source>Catalog URL:</source>
        <translation>目录数据库地址：</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="44"/>
        <source>A PostgreSQL database shared by several engines, as postgresql://user@host:5432/database. The password is never part of the URL: it comes from the PGPASSWORD environment variable, ~/.pgpass, or the keychain (livesnapctl --catalog URL set-catalog-password).</source>
        <translation>由多个引擎共享的 PostgreSQL 数据库，格式为 postgresql://user@host:5432/database。密码从不写在地址中：它来自环境变量 PGPASSWORD、~/.pgpass 或密钥环（livesnapctl --catalog URL set-catalog-password）。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="56"/>
        <source>the SQLite catalog in the data directory</source>
        <translation>数据目录中的 SQLite 目录数据库</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="58"/>
        <source>This window runs on %1%2.</source>
        <translation>此窗口当前使用 %1%2。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="59"/>
        <source>, as a console only</source>
        <translation>，仅作为控制台</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="61"/>
        <source>It was chosen by --catalog or LIVESNAP_CATALOG, which win over the catalog saved here.</source>
        <translation>它由 --catalog 或 LIVESNAP_CATALOG 指定，二者优先于此处保存的目录数据库。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="64"/>
        <source>A change takes effect when LiveSnap starts again.</source>
        <translation>修改将在 LiveSnap 重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="87"/>
        <source>Restart LiveSnap</source>
        <translation>重新启动 LiveSnap</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/CatalogDialog.cpp" line="88"/>
        <source>The new catalog choice takes effect when LiveSnap starts again. Until then this window stays on the catalog it opened.</source>
        <translation>新选择的目录数据库将在 LiveSnap 重新启动后生效。在此之前，此窗口仍使用其打开时的目录数据库。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::CatalogSettings</name>
    <message>
        <location filename="../src/ui/engines/CatalogSettings.cpp" line="58"/>
        <location filename="../src/ui/engines/CatalogSettings.cpp" line="60"/>
        <source>SQLite in %1</source>
        <translation>%1 中的 SQLite</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::CloseController</name>
    <message>
        <location filename="../src/ui/shell/CloseController.cpp" line="84"/>
        <source>LiveSnap keeps capturing</source>
        <translation>LiveSnap 仍在截图</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseController.cpp" line="85"/>
        <source>The window is hidden; snapshots go on. Quit from this icon&apos;s menu to stop.</source>
        <translation>窗口已隐藏，截图继续进行。要停止，请从此图标的菜单中退出。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseController.cpp" line="107"/>
        <source>Cannot hand over the jobs</source>
        <translation>无法移交任务</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::CloseQuestion</name>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="16"/>
        <source>Quit LiveSnap</source>
        <translation>退出 LiveSnap</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="16"/>
        <source>Close LiveSnap</source>
        <translation>关闭 LiveSnap</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="17"/>
        <source>A job is capturing. What should happen to it?</source>
        <translation>有 1 个任务正在截图。要如何处理它？</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="18"/>
        <source>%n jobs are capturing. What should happen to them?</source>
        <translation>
            <numerusform>有 %n 个任务正在截图。要如何处理它们？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="22"/>
        <source>Keep capturing: the window hides, LiveSnap stays in the tray and keeps taking snapshots and telling you about stream problems.</source>
        <translation>继续截图：窗口隐藏，LiveSnap 留在系统托盘中继续截图，并在流出现问题时通知您。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="26"/>
        <source>Hand over: the background service (livesnapctl serve) takes the jobs and keeps taking snapshots after LiveSnap quits.</source>
        <translation>移交：后台服务（livesnapctl serve）接管任务，LiveSnap 退出后继续截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="29"/>
        <source>Stop capture: no snapshots are taken until LiveSnap or the service runs again; the jobs stay started.</source>
        <translation>停止截图：在 LiveSnap 或后台服务再次运行之前不会截图；任务保持已启动状态。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="33"/>
        <source>Your choice is remembered; change it in Settings ▸ When the Window Closes.</source>
        <translation>您的选择会被记住；可在“设置 ▸ 关闭窗口时”中更改。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="40"/>
        <source>Keep Capturing in the Tray</source>
        <translation>在托盘中继续截图</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="43"/>
        <source>Hand Over and Quit</source>
        <translation>移交并退出</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/CloseQuestion.cpp" line="45"/>
        <source>Stop Capture and Quit</source>
        <translation>停止截图并退出</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::DeleteFilesDialog</name>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="15"/>
        <source>Also delete the stored objects</source>
        <translation>同时删除存储中的截图文件</translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="18"/>
        <source>Delete Snapshots</source>
        <translation>删除截图</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="21"/>
        <source>Delete %n snapshot(s) from the file list?</source>
        <translation>
            <numerusform>要从文件列表中删除 %n 张截图吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="23"/>
        <source>Snapshots are deleted by capture time, so an overwrite object goes together with the real-time snapshot taken at the same moment.</source>
        <translation>截图按截取时间删除，因此覆盖截图对象会与同一时刻截取的实时截图一起删除。</translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="30"/>
        <source>Without this, only the records are deleted and the JPG files stay in their folder or bucket.</source>
        <translation>不勾选此项时，只删除记录，JPG 文件仍保留在其文件夹或 Bucket 中。</translation>
    </message>
    <message>
        <location filename="../src/ui/files/DeleteFilesDialog.cpp" line="36"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::EngineHandOff</name>
    <message>
        <location filename="../src/ui/shell/EngineHandOff.cpp" line="52"/>
        <source>The background service (livesnapctl) was not found next to LiveSnap or on the PATH. Install it, or choose to stop capture instead.</source>
        <translation>在 LiveSnap 所在目录和 PATH 中都找不到后台服务（livesnapctl）。请安装它，或改为选择停止截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/EngineHandOff.cpp" line="62"/>
        <source>Cannot write the background service&apos;s log %1: %2</source>
        <translation>无法写入后台服务的日志 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/EngineHandOff.cpp" line="77"/>
        <source>Cannot start the background service %1: %2</source>
        <translation>无法启动后台服务 %1：%2</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::EnginesDialog</name>
    <message>
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="29"/>
        <source>Engines</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="46"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="89"/>
        <source>This window&apos;s engine is not running.</source>
        <translation>此窗口的引擎未运行。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="91"/>
        <source>This window is a console only: it runs no jobs.</source>
        <translation>此窗口仅作为控制台：不运行任何任务。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="93"/>
        <source>This window&apos;s engine: %1.</source>
        <translation>此窗口的引擎：%1。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="97"/>
        <source>Cannot list the engines: %1</source>
        <translation>无法列出引擎：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/engines/EnginesDialog.cpp" line="106"/>
        <source>%n engine(s) on the catalog, %1 answering.</source>
        <translation>
            <numerusform>目录数据库上有 %n 个引擎，其中 %1 个有响应。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::EnginesModel</name>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="41"/>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="136"/>
        <source>Alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="43"/>
        <source>Not answering since %1</source>
        <translation>自 %1 起无响应</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="64"/>
        <source>This engine has not answered since %1; its jobs go to other engines when their leases expire.</source>
        <translation>此引擎自 %1 起没有响应；其任务将在租约到期后转交给其他引擎。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="69"/>
        <source>A console: it shows and changes the jobs but runs none.</source>
        <translation>控制台：显示并修改任务，但不运行任何任务。</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="100"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="102"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="104"/>
        <source>Capture</source>
        <translation>截图</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="104"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="120"/>
        <source>Engine ID</source>
        <translation>引擎 ID</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="122"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="124"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="126"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="128"/>
        <source>Started</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="130"/>
        <source>Last heartbeat</source>
        <translation>最近心跳</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="132"/>
        <source>Jobs / Capacity</source>
        <translation>任务数 / 容量</translation>
    </message>
    <message>
        <location filename="../src/ui/engines/EnginesModel.cpp" line="134"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ExtraStoresList</name>
    <message>
        <location filename="../src/ui/jobs/ExtraStoresList.cpp" line="11"/>
        <source>Each snapshot is also stored in the checked locations (one capture, one sequence, a copy in each).</source>
        <translation>每张截图还会存储到勾选的存储位置中（只截取一次、使用同一序号，每个位置各存一份副本）。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FileDeleter</name>
    <message numerus="yes">
        <location filename="../src/ui/files/FileDeleter.cpp" line="53"/>
        <source>%n snapshot(s) not deleted: %1</source>
        <translation>
            <numerusform>%n 张截图未删除：%1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/files/FileDeleter.cpp" line="70"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FileListModel</name>
    <message>
        <location filename="../src/ui/files/FileListModel.cpp" line="469"/>
        <source>%1 (%2)
Sequence %3, %4 x %5, %6
%7</source>
        <translation>%1（%2）
序号 %3，%4 x %5，%6
%7</translation>
    </message>
    <message>
        <location filename="../src/ui/files/FileListModel.cpp" line="471"/>
        <source>overwrite</source>
        <translation>覆盖截图</translation>
    </message>
    <message>
        <location filename="../src/ui/files/FileListModel.cpp" line="471"/>
        <source>real-time</source>
        <translation>实时截图</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::FilePage</name>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="46"/>
        <source>Last &amp;24 hours</source>
        <translation>最近 24 小时(&amp;2)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="48"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="53"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="54"/>
        <source>&amp;Delete...</source>
        <translation>删除(&amp;D)...</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="61"/>
        <source>The job whose snapshots are shown</source>
        <translation>要显示其截图的任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="67"/>
        <source>Snapshots captured at or after this time</source>
        <translation>在此时间或之后截取的截图</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="69"/>
        <source>Snapshots captured at or before this time. Until you change it, the range stays open to new snapshots.</source>
        <translation>在此时间或之前截取的截图。在您修改此时间之前，该范围会持续包含新的截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="72"/>
        <source>Show the snapshots of the last 24 hours, up to now</source>
        <translation>显示最近 24 小时（截至现在）的截图</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="74"/>
        <source>Newest first</source>
        <translation>最新在前</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="75"/>
        <source>Oldest first</source>
        <translation>最早在前</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="84"/>
        <source>View the selected snapshot (or double-click it)</source>
        <translation>查看所选截图（也可双击截图）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="86"/>
        <source>Delete the selected snapshots (Delete)</source>
        <translation>删除所选截图（Delete 键）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="129"/>
        <source>Could not list the snapshots: %1</source>
        <translation>无法列出截图：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="142"/>
        <source>&amp;Job:</source>
        <translation>任务(&amp;J)：</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="144"/>
        <source>&amp;From:</source>
        <translation>开始时间(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="146"/>
        <source>&amp;To:</source>
        <translation>结束时间(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="179"/>
        <source>Snapshot times on this page are in your computer&apos;s local time (%1).</source>
        <translation>此页上的截图时间为您计算机的本地时间（%1）。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="226"/>
        <source>Could not list the jobs: %1</source>
        <translation>无法列出任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="307"/>
        <source>No jobs yet: submit one on the Job Management tab.</source>
        <translation>暂无任务：请在“任务管理”页提交任务。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="309"/>
        <source>Pick a job to see its snapshots.</source>
        <translation>选择一个任务以查看其截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="311"/>
        <source>Snapshots: counting... (%1 loaded)</source>
        <translation>截图：正在统计...（已加载 %1 张）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="313"/>
        <source>Snapshots: %1</source>
        <translation>截图：%1 张</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="316"/>
        <source>Snapshots: %1 (%2 loaded)</source>
        <translation>截图：%1 张（已加载 %2 张）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="319"/>
        <source>Snapshots: %1 (%2 loaded; scroll for more)</source>
        <translation>截图：%1 张（已加载 %2 张，滚动可加载更多）</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="387"/>
        <source>Deleting %n snapshot(s)...</source>
        <translation>
            <numerusform>正在删除 %n 张截图...</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="387"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="390"/>
        <location filename="../src/ui/pages/FilePage.cpp" line="415"/>
        <source>Delete Snapshots</source>
        <translation>删除截图</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/FilePage.cpp" line="397"/>
        <source>Stopping after the current batch...</source>
        <translation>将在当前批次完成后停止...</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="416"/>
        <source>%n snapshot(s) could not be deleted.</source>
        <translation>
            <numerusform>%n 张截图无法删除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="420"/>
        <source>%n snapshot(s) were deleted.</source>
        <translation>
            <numerusform>已删除 %n 张截图。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/FilePage.cpp" line="426"/>
        <source>Stopped: %n snapshot(s) were deleted.</source>
        <translation>
            <numerusform>已停止：已删除 %n 张截图。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::HealthNotifier</name>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="23"/>
        <source>%1: stream down</source>
        <translation>%1：流已中断</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="25"/>
        <source>%1: black picture</source>
        <translation>%1：黑屏</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="27"/>
        <source>%1: frozen picture</source>
        <translation>%1：画面冻结</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="29"/>
        <source>%1: reconnecting</source>
        <translation>%1：正在重连</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="31"/>
        <source>%1: live again</source>
        <translation>%1：已恢复直播</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="40"/>
        <source>Down</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="42"/>
        <source>Black picture</source>
        <translation>黑屏</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="44"/>
        <source>Frozen picture</source>
        <translation>画面冻结</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="46"/>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="48"/>
        <source>Live again</source>
        <translation>已恢复</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="57"/>
        <source>%n streams are down</source>
        <translation>
            <numerusform>%n 路流已中断</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="59"/>
        <source>%n streams show a black picture</source>
        <translation>
            <numerusform>%n 路流黑屏</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="61"/>
        <source>%n streams show a frozen picture</source>
        <translation>
            <numerusform>%n 路流画面冻结</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="63"/>
        <source>%n streams are reconnecting</source>
        <translation>
            <numerusform>%n 路流正在重连</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="65"/>
        <source>%n streams are live again</source>
        <translation>
            <numerusform>%n 路流已恢复直播</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="190"/>
        <source>Snapshots are being taken again.</source>
        <translation>已重新开始截图。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="208"/>
        <source>and %n more</source>
        <translation>
            <numerusform>等另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="210"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/HealthNotifier.cpp" line="214"/>
        <source>%n streams changed</source>
        <translation>
            <numerusform>%n 路流状态变化</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ImagePipeline</name>
    <message>
        <location filename="../src/ui/imaging/ImagePipeline.cpp" line="36"/>
        <source>Cannot download the snapshot (HTTP %1).</source>
        <translation>无法下载截图（HTTP %1）。</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ImagePipeline.cpp" line="40"/>
        <source>Cannot download the snapshot (%1).</source>
        <translation>无法下载截图（%1）。</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ImagePipeline.cpp" line="81"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ImagePipeline.cpp" line="231"/>
        <source>There is no file or link to read this snapshot from.</source>
        <translation>没有可用于读取此截图的文件或链接。</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ImagePipeline.cpp" line="313"/>
        <source>There is no engine to link this snapshot.</source>
        <translation>没有可为此截图生成链接的引擎。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobBatch</name>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="70"/>
        <source>Starting %1 of %n jobs…</source>
        <translation>
            <numerusform>正在启动第 %1 个任务，共 %n 个…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="73"/>
        <source>Stopping %1 of %n jobs…</source>
        <translation>
            <numerusform>正在停止第 %1 个任务，共 %n 个…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="76"/>
        <source>Restarting %1 of %n jobs…</source>
        <translation>
            <numerusform>正在重启第 %1 个任务，共 %n 个…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="79"/>
        <source>Asking %1 of %n jobs for a snapshot…</source>
        <translation>
            <numerusform>正在请求第 %1 个任务截图，共 %n 个…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="81"/>
        <source>Deleting %1 of %n jobs…</source>
        <translation>
            <numerusform>正在删除第 %1 个任务，共 %n 个…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="93"/>
        <source>Started “%1”.</source>
        <translation>已启动“%1”。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="96"/>
        <source>Stopped “%1”.</source>
        <translation>已停止“%1”。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="99"/>
        <source>Restarted “%1”.</source>
        <translation>已重启“%1”。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="102"/>
        <source>“%1” takes a snapshot at the next keyframe.</source>
        <translation>“%1”将在下一个关键帧截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="104"/>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="109"/>
        <source>Could not start “%1”: %2.</source>
        <translation>无法启动“%1”：%2。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="112"/>
        <source>Could not stop “%1”: %2.</source>
        <translation>无法停止“%1”：%2。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="115"/>
        <source>Could not restart “%1”: %2.</source>
        <translation>无法重启“%1”：%2。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="118"/>
        <source>Could not take a snapshot of “%1”: %2.</source>
        <translation>无法为“%1”截图：%2。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="120"/>
        <source>Could not delete “%1”: %2.</source>
        <translation>无法删除“%1”：%2。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="125"/>
        <source>Started %n jobs.</source>
        <translation>
            <numerusform>已启动 %n 个任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="128"/>
        <source>Stopped %n jobs.</source>
        <translation>
            <numerusform>已停止 %n 个任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="131"/>
        <source>Restarted %n jobs.</source>
        <translation>
            <numerusform>已重启 %n 个任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="134"/>
        <source>Asked %n jobs for a snapshot.</source>
        <translation>
            <numerusform>已请求 %n 个任务截图。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="136"/>
        <source>Deleted %n jobs.</source>
        <translation>
            <numerusform>已删除 %n 个任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="140"/>
        <source>Started %1 of %n jobs.</source>
        <translation>
            <numerusform>已启动 %1 个任务（共 %n 个）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="142"/>
        <source>Stopped %1 of %n jobs.</source>
        <translation>
            <numerusform>已停止 %1 个任务（共 %n 个）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="144"/>
        <source>Restarted %1 of %n jobs.</source>
        <translation>
            <numerusform>已重启 %1 个任务（共 %n 个）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="146"/>
        <source>Asked %1 of %n jobs for a snapshot.</source>
        <translation>
            <numerusform>已请求 %1 个任务截图（共 %n 个）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="148"/>
        <source>Deleted %1 of %n jobs.</source>
        <translation>
            <numerusform>已删除 %1 个任务（共 %n 个）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="152"/>
        <source>“%1”: %2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="154"/>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="156"/>
        <source>%1; and %n more</source>
        <translation>
            <numerusform>%1；另有 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobBatch.cpp" line="158"/>
        <source>%1 %n failed: %2</source>
        <translation>
            <numerusform>%1 %n 个失败：%2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobBatch.cpp" line="166"/>
        <source>%1 (%2): %3 [%4]</source>
        <translation>%1 (%2): %3 [%4]</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobCommandBar</name>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="41"/>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="42"/>
        <source>Which jobs failed and why, with the service&apos;s codes</source>
        <translation>哪些任务失败及失败原因，附服务返回的错误代码</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="46"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="85"/>
        <source>Stop %1 before deleting.</source>
        <translation>请先停止%1，再删除。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="97"/>
        <source>Delete the job “%1”? This cannot be undone.</source>
        <translation>要删除任务“%1”吗？此操作无法撤销。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="98"/>
        <source>Delete %n jobs (%1)? This cannot be undone.</source>
        <translation>
            <numerusform>要删除 %n 个任务（%1）吗？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="100"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="102"/>
        <source>Stop %n jobs (%1)? They take no snapshots until started again.</source>
        <translation>
            <numerusform>要停止 %n 个任务（%1）吗？在再次启动之前，它们不会截图。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="104"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="106"/>
        <source>Restart %n jobs (%1)? Each reconnects to its stream.</source>
        <translation>
            <numerusform>要重启 %n 个任务（%1）吗？每个任务都会重新连接其直播流。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="108"/>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="114"/>
        <location filename="../src/ui/jobs/JobCommandBar.cpp" line="193"/>
        <source>Job Management</source>
        <translation>任务管理</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobCounts</name>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="31"/>
        <source>%n live</source>
        <translation>
            <numerusform>%n 个直播中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="31"/>
        <source>%n with a problem</source>
        <translation>
            <numerusform>%n 个有问题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="33"/>
        <source>%n starting</source>
        <translation>
            <numerusform>%n 个启动中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/shell/JobCounts.cpp" line="35"/>
        <source>%n stopped</source>
        <translation>
            <numerusform>%n 个已停止</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobDetailsPanel</name>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="53"/>
        <source>Job ID</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="54"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="55"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="56"/>
        <source>Stream state</source>
        <translation>流状态</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="57"/>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="58"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="59"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="60"/>
        <source>Template ID</source>
        <translation>模板 ID</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="61"/>
        <source>Interval</source>
        <translation>截图间隔</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="62"/>
        <source>Overwrite format</source>
        <translation>覆盖格式</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="63"/>
        <source>Sequence format</source>
        <translation>序列格式</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="64"/>
        <source>Stream type</source>
        <translation>流类型</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="67"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="71"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="68"/>
        <source>Show the stream and callback URLs with their credentials and tokens; they are masked everywhere else.</source>
        <translation>显示包含凭据和令牌的流地址和回调地址；在其他位置它们均被隐去。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="71"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="76"/>
        <source>Stream URL</source>
        <translation>流地址</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="77"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="78"/>
        <source>Storage location</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="79"/>
        <source>Callback URL</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="80"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="81"/>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="82"/>
        <source>Last snapshot</source>
        <translation>最近截图</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="83"/>
        <source>Snapshots</source>
        <translation>截图数</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="84"/>
        <source>Last sequence</source>
        <translation>最新序号</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="85"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="86"/>
        <source>Engine host</source>
        <translation>引擎主机</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="100"/>
        <source>Recent events</source>
        <translation>最近事件</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="168"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="303"/>
        <source>This job has been deleted.</source>
        <translation>此任务已被删除。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="171"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="241"/>
        <source>Select a job to see its details and recent events.</source>
        <translation>选择一个任务以查看其详情和最近事件。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="244"/>
        <source>Loading the job…</source>
        <translation>正在加载任务…</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="252"/>
        <source>%n jobs selected. Select one to see its details and recent events.</source>
        <translation>
            <numerusform>已选择 %n 个任务。选择一个任务以查看其详情和最近事件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="304"/>
        <source>Could not load the job: %1</source>
        <translation>无法加载任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="314"/>
        <source>Could not list the events: %1</source>
        <translation>无法列出事件：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="323"/>
        <source>not used (plain stream)</source>
        <translation>未使用（非加密流）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="325"/>
        <source>NOT verified: the server&apos;s certificate is not checked (insecure)</source>
        <translation>未验证：不检查服务器的证书（不安全）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="327"/>
        <source>verified against the system&apos;s trusted CAs</source>
        <translation>已通过系统信任的 CA 验证</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="329"/>
        <source>verified against the CA in %1</source>
        <translation>已通过 %1 中的 CA 验证</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="343"/>
        <source>judged while the job runs</source>
        <translation>任务运行时判断</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="345"/>
        <source>%1 since %2</source>
        <translation>%1，自 %2 起</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="356"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="392"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="397"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="361"/>
        <source>every %n s</source>
        <translation>
            <numerusform>每 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="363"/>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="365"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="377"/>
        <source>(the Callback Settings URL)</source>
        <translation>（回调设置中的地址）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="383"/>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobDetailsPanel.cpp" line="389"/>
        <source>none: waiting for an engine on %1, where its local folder is</source>
        <translation>无：等待 %1 上的引擎（它的本地文件夹在那里）</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobEventModel</name>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="22"/>
        <source>Submitted</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="25"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="28"/>
        <source>Stream</source>
        <translation>直播流</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="31"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="34"/>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="82"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="84"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobEventModel.cpp" line="86"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobListModel</name>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="142"/>
        <source>Judged while the job runs</source>
        <translation>任务运行时判断</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="149"/>
        <source>%1 (since %2)</source>
        <translation>%1（自 %2 起）</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="186"/>
        <source>%1
Job ID: %2</source>
        <translation>%1
任务 ID：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="258"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="260"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="262"/>
        <source>Stream state</source>
        <translation>流状态</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="264"/>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="266"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="268"/>
        <source>Last snapshot</source>
        <translation>最近截图</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="270"/>
        <source>Snapshots</source>
        <translation>截图数</translation>
    </message>
    <message>
        <location filename="../src/ui/models/JobListModel.cpp" line="272"/>
        <source>Stream URL</source>
        <translation>流地址</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobPage</name>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="76"/>
        <source>S&amp;ubmit…</source>
        <translation>提交(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="77"/>
        <location filename="../src/ui/pages/JobPage.cpp" line="203"/>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="78"/>
        <location filename="../src/ui/pages/JobPage.cpp" line="205"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="79"/>
        <location filename="../src/ui/pages/JobPage.cpp" line="207"/>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="80"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="81"/>
        <location filename="../src/ui/pages/JobPage.cpp" line="197"/>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="82"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="83"/>
        <location filename="../src/ui/pages/JobPage.cpp" line="199"/>
        <source>S&amp;nap now</source>
        <translation>立即截图(&amp;N)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="87"/>
        <source>Filter jobs by name, status, template or stream</source>
        <translation>按名称、状态、模板或流地址筛选任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="91"/>
        <source>Could not list the jobs: %1</source>
        <translation>无法列出任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="145"/>
        <source>Submit a new snapshot job</source>
        <translation>提交新的截图任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="200"/>
        <source>Take a snapshot of each selected running job at its next keyframe (%1)</source>
        <translation>在下一个关键帧为每个所选的运行中任务截图（%1）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="204"/>
        <source>Start the selected jobs that are not running</source>
        <translation>启动所选的未运行任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="205"/>
        <source>Stop the selected running jobs</source>
        <translation>停止所选的运行中任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="208"/>
        <source>Restart the selected running jobs afresh</source>
        <translation>重新启动所选的运行中任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="209"/>
        <source>Show &amp;files</source>
        <translation>显示文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="210"/>
        <source>Show the selected job&apos;s snapshots in File Management</source>
        <translation>在“文件管理”中显示所选任务的截图</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="212"/>
        <source>&amp;Copy stream URL</source>
        <translation>复制流地址(&amp;C)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="213"/>
        <source>Copy the selected job&apos;s stream URL, with its secrets masked</source>
        <translation>复制所选任务的流地址（其中的密钥信息已隐去）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="215"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="216"/>
        <source>Delete the selected jobs (they must be stopped)</source>
        <translation>删除所选任务（须先停止）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="198"/>
        <source>Watch the selected job&apos;s live stream</source>
        <translation>观看所选任务的直播流</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="146"/>
        <source>List every job again</source>
        <translation>重新列出所有任务</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/JobPage.cpp" line="175"/>
        <source>Jobs</source>
        <translation>任务列表</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::JobText</name>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="30"/>
        <source>Local folder: %1 (default, %2)</source>
        <translation>本地文件夹：%1（默认，%2）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="30"/>
        <source>Local folder: %1 (%2)</source>
        <translation>本地文件夹：%1（%2）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="34"/>
        <source>OSS: %1 @ %2</source>
        <translation>OSS：%1 @ %2</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="37"/>
        <source>S3: %1 @ %2</source>
        <translation>S3：%1 @ %2</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="45"/>
        <location filename="../src/ui/jobs/JobText.cpp" line="159"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="47"/>
        <source>%1: %2 @ %3</source>
        <translation>%1：%2 @ %3</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="53"/>
        <source>Not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="56"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="59"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="67"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="70"/>
        <source>Waiting for an engine</source>
        <translation>等待引擎</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="73"/>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="76"/>
        <source>Live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="79"/>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="82"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="90"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="93"/>
        <source>Black picture</source>
        <translation>黑屏</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="96"/>
        <source>Frozen picture</source>
        <translation>画面冻结</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="99"/>
        <source>Stream down</source>
        <translation>流已中断</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="102"/>
        <source>Not judged yet</source>
        <translation>尚未判断</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="168"/>
        <location filename="../src/ui/jobs/JobText.cpp" line="197"/>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="176"/>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="176"/>
        <location filename="../src/ui/jobs/JobText.cpp" line="178"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/jobs/JobText.cpp" line="178"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 及其他 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="184"/>
        <source>it is already running</source>
        <translation>它已在运行</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="187"/>
        <source>it is not running</source>
        <translation>它未在运行</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="190"/>
        <source>it is running; stop it first</source>
        <translation>它正在运行，请先停止</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/JobText.cpp" line="193"/>
        <source>it has been deleted</source>
        <translation>它已被删除</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::LivePreviewWindow</name>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="29"/>
        <source>&amp;Retry now</source>
        <translation>立即重试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="34"/>
        <source>Live preview</source>
        <translation>直播预览</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="73"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="79"/>
        <source>Loading the job…</source>
        <translation>正在加载任务…</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="84"/>
        <source>Cannot preview this job: %1</source>
        <translation>无法预览此任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="94"/>
        <source>Live preview — %1 — %2</source>
        <translation>直播预览 — %1 — %2</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="98"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="151"/>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="155"/>
        <source>Connected to %1; waiting for the first picture…</source>
        <translation>已连接到 %1，正在等待第一帧画面…</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="159"/>
        <source>Live — %1 × %2</source>
        <translation>直播中 — %1 × %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="165"/>
        <source>%1 Retrying in %n s.</source>
        <translation>
            <numerusform>%1 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/LivePreviewWindow.cpp" line="182"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MainWindow</name>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="64"/>
        <source>LiveSnap</source>
        <translation>LiveSnap 直播截图</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="67"/>
        <source>Template Management</source>
        <translation>模板管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="68"/>
        <source>Job Management</source>
        <translation>任务管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="69"/>
        <source>File Management</source>
        <translation>文件管理</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="70"/>
        <source>Usage</source>
        <translation>用量统计</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="72"/>
        <source>Monitor Wall</source>
        <translation>监控墙</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="106"/>
        <source>Data directory: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="107"/>
        <source>Catalog: %1</source>
        <translation>目录数据库：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="109"/>
        <source>Engine: console only (runs no jobs)</source>
        <translation>引擎：仅作控制台（不运行任务）</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="110"/>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="137"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="138"/>
        <source>&amp;Catalog…</source>
        <translation>目录数据库(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="142"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="150"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="151"/>
        <source>&amp;Callback and Engine Settings…</source>
        <translation>回调和引擎设置(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="156"/>
        <source>&amp;Storage Locations…</source>
        <translation>存储位置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="161"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="162"/>
        <source>&amp;About LiveSnap</source>
        <translation>关于 LiveSnap(&amp;A)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="166"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="95"/>
        <source>Engine: handed over to the background service</source>
        <translation>引擎：已移交给后台服务</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="173"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="174"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="178"/>
        <source>&amp;Filter…</source>
        <translation>筛选(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="182"/>
        <source>&amp;Engines…</source>
        <translation>引擎(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="197"/>
        <source>&amp;Notify on Stream Problems</source>
        <translation>流出现问题时通知(&amp;N)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="206"/>
        <source>&amp;When the Window Closes</source>
        <translation>关闭窗口时(&amp;W)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="214"/>
        <source>&amp;Ask at the Next Close</source>
        <translation>下次关闭时询问(&amp;A)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="215"/>
        <source>&amp;Keep Capturing in the Tray</source>
        <translation>在托盘中继续截图(&amp;K)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="216"/>
        <source>&amp;Hand the Jobs to the Background Service</source>
        <translation>将任务移交给后台服务(&amp;H)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="218"/>
        <source>&amp;Stop Capture</source>
        <translation>停止截图(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="228"/>
        <source>The desktop has no system tray.</source>
        <translation>桌面没有系统托盘。</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="341"/>
        <source>Jobs: live, with a problem (down, black, frozen or reconnecting), stopped</source>
        <translation>任务：直播中、有问题（中断、黑屏、画面冻结或正在重连）、已停止</translation>
    </message>
    <message>
        <location filename="../src/ui/MainWindow.cpp" line="350"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorTileDelegate</name>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="34"/>
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="37"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="40"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="42"/>
        <source>%n d ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="114"/>
        <source>Waiting for the first snapshot</source>
        <translation>等待第一张截图</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="162"/>
        <source>no snapshot yet</source>
        <translation>暂无截图</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="176"/>
        <source>last picture %1</source>
        <translation>最后画面：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorTileDelegate.cpp" line="177"/>
        <source>last picture</source>
        <translation>最后画面</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorWall</name>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="58"/>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="269"/>
        <source>No job is running. Start a job and its newest snapshots will appear here.</source>
        <translation>没有正在运行的任务。启动任务后，其最新截图将显示在这里。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="110"/>
        <source>Small tiles</source>
        <translation>小图块</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="111"/>
        <source>Medium tiles</source>
        <translation>中图块</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="112"/>
        <source>Large tiles</source>
        <translation>大图块</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="113"/>
        <source>How large the wall&apos;s tiles are</source>
        <translation>监控墙图块的大小</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="134"/>
        <source>Could not list the running jobs: %1</source>
        <translation>无法列出正在运行的任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="219"/>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="223"/>
        <source>Snap &amp;now</source>
        <translation>立即截图(&amp;N)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="226"/>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="228"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="230"/>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="233"/>
        <source>Show &amp;files</source>
        <translation>显示文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="236"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWall.cpp" line="270"/>
        <source>No running job matches the filter “%1”.</source>
        <translation>没有正在运行的任务匹配筛选条件“%1”。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::MonitorWallModel</name>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="67"/>
        <source>Job: %1</source>
        <translation>任务：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="67"/>
        <source>Job ID: %1</source>
        <translation>任务 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="68"/>
        <source>Stream: %1</source>
        <translation>直播流：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="72"/>
        <source>Since: %1</source>
        <translation>开始于：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="208"/>
        <source>The engine is not running.</source>
        <translation>引擎未运行。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="336"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="338"/>
        <source>Waiting for the first snapshot</source>
        <translation>等待第一张截图</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="340"/>
        <source>%1 (since %2)</source>
        <translation>%1（自 %2 起）</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="461"/>
        <location filename="../src/ui/monitor/MonitorWallModel.cpp" line="511"/>
        <source>Could not show the newest snapshot: %1</source>
        <translation>无法显示最新截图：%1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ScaledJpegDecoder</name>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="50"/>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="56"/>
        <source>libjpeg-turbo could not start: %1</source>
        <translation>libjpeg-turbo 无法启动：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="68"/>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="86"/>
        <source>Not a readable JPEG: %1</source>
        <translation>不是可读取的 JPEG：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/imaging/ScaledJpegDecoder.cpp" line="76"/>
        <source>Not enough memory for a %1x%2 image.</source>
        <translation>内存不足，无法处理 %1x%2 的图像。</translation>
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
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="62"/>
        <source>Callback Settings</source>
        <translation>回调设置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="65"/>
        <source>&amp;Clear the stored key</source>
        <translation>清除已存储的密钥(&amp;C)</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="68"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="80"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="84"/>
        <source>https://example.com/livesnap/callback</source>
        <translation>https://example.com/livesnap/callback</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="85"/>
        <source>Where snapshot events are posted for jobs that have no callback URL of their own. Leave empty for none.</source>
        <translation>未单独设置回调地址的任务，其截图事件将发送到此地址。留空表示不发送。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="90"/>
        <source>The key callbacks are signed with (HMAC-SHA256). It is kept in the system keychain and never shown again; leave empty to keep the stored one.</source>
        <translation>用于对回调进行签名的密钥（HMAC-SHA256）。密钥保存在系统密钥环中，不会再次显示；留空则保留已存储的密钥。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="94"/>
        <source>Remove the stored key: callbacks are then sent unsigned.</source>
        <translation>移除已存储的密钥：此后回调将以未签名方式发送。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="102"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="105"/>
        <source>Show the URL with its credentials and tokens, to edit it.</source>
        <translation>显示包含凭据和令牌的完整地址，以便编辑。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="117"/>
        <source>Callback &amp;URL:</source>
        <translation>回调地址(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="120"/>
        <source>&amp;Auth key:</source>
        <translation>鉴权密钥(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="125"/>
        <source>The most jobs that may be started at once in this catalog; one more start is refused.</source>
        <translation>此目录数据库中最多可同时启动的任务数；达到上限后，再启动任务将被拒绝。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="127"/>
        <source>JPEG quality of new snapshots: 1 (smallest) to 100 (best).</source>
        <translation>新截图的 JPEG 质量：1（文件最小）到 100（质量最好）。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="128"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="130"/>
        <source>The most disk space snapshots waiting for their storage location may take.</source>
        <translation>等待写入存储位置的截图最多可占用的磁盘空间。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="131"/>
        <source>Any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="132"/>
        <source>The port on 127.0.0.1 that serves links to snapshots in local folders; takes effect when the engine restarts.</source>
        <translation>127.0.0.1 上为本地文件夹中的截图提供链接服务的端口；引擎重启后生效。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="135"/>
        <source>&amp;Running jobs limit:</source>
        <translation>运行任务上限(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="136"/>
        <source>&amp;JPEG quality:</source>
        <translation>JPEG 质量(&amp;J)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="137"/>
        <source>S&amp;pool limit:</source>
        <translation>缓存上限(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="138"/>
        <source>&amp;Link server port:</source>
        <translation>链接服务端口(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="218"/>
        <source>Loading the settings…</source>
        <translation>正在加载设置…</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="235"/>
        <source>Could not load the settings</source>
        <translation>无法加载设置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="279"/>
        <source>(stored)</source>
        <translation>（已存储）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="279"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="297"/>
        <source>The URL still holds masked parts (***): press Show to edit it with its secrets, or type the whole URL.</source>
        <translation>地址中仍有隐去的部分（***）：请点击“显示”以连同密钥信息一起编辑，或输入完整地址。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="299"/>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="312"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="386"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/SettingsDialog.cpp" line="387"/>
        <source>Details: error code %1</source>
        <translation>详情：错误代码 %1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::SnapshotViewer</name>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="59"/>
        <source>&amp;Previous</source>
        <translation>上一张(&amp;P)</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="60"/>
        <source>&amp;Next</source>
        <translation>下一张(&amp;N)</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="61"/>
        <source>Open containing &amp;folder</source>
        <translation>打开所在文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="62"/>
        <source>&amp;Copy link</source>
        <translation>复制链接(&amp;C)</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="65"/>
        <source>Snapshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="72"/>
        <source>The previous snapshot (Left arrow)</source>
        <translation>上一张截图（左方向键）</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="74"/>
        <source>The next snapshot (Right arrow)</source>
        <translation>下一张截图（右方向键）</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="78"/>
        <source>Copies a link that lets anyone download this snapshot for one hour: presigned for OSS / S3, served by this computer&apos;s engine for local folders.</source>
        <translation>复制一个链接，任何人在一小时内都可通过它下载此截图：OSS / S3 使用预签名链接，本地文件夹则由本机引擎提供。</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="95"/>
        <source>Captured:</source>
        <translation>截取时间：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="96"/>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="97"/>
        <source>Sequence:</source>
        <translation>序号：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="98"/>
        <source>Dimensions:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="99"/>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="100"/>
        <source>Object key:</source>
        <translation>对象键：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="101"/>
        <source>Stored in:</source>
        <translation>存储于：</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="173"/>
        <source>Snapshot %1</source>
        <translation>截图 %1</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="175"/>
        <source>Overwrite (replaced by every new snapshot)</source>
        <translation>覆盖截图（每张新截图都会替换它）</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="176"/>
        <source>Real-time</source>
        <translation>实时截图</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="178"/>
        <source>%1 x %2</source>
        <translation>%1 x %2</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="198"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="183"/>
        <source>Show the folder that holds this snapshot</source>
        <translation>显示存放此截图的文件夹</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="184"/>
        <source>Only for snapshots in a local folder</source>
        <translation>仅适用于本地文件夹中的截图</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="201"/>
        <source>A local folder</source>
        <translation>本地文件夹</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="237"/>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="247"/>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="279"/>
        <source>This snapshot could not be shown: %1</source>
        <translation>无法显示此截图：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="164"/>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="252"/>
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="330"/>
        <source>%1 of %2</source>
        <translation>第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="367"/>
        <source>Link copied. This computer&apos;s engine serves it on 127.0.0.1 until %1.</source>
        <translation>链接已复制。本机引擎将在 127.0.0.1 上提供该链接，直至 %1。</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="370"/>
        <source>Presigned link copied. It expires at %1.</source>
        <translation>预签名链接已复制，将于 %1 过期。</translation>
    </message>
    <message>
        <location filename="../src/ui/files/SnapshotViewer.cpp" line="387"/>
        <source>Could not open the folder %1.</source>
        <translation>无法打开文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StorageLocationDialog</name>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="38"/>
        <source>Add a Storage Location</source>
        <translation>添加存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="50"/>
        <source>Edit Storage Location %1</source>
        <translation>编辑存储位置 %1</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="63"/>
        <source>Stored in the keychain; leave empty to keep it</source>
        <translation>已保存在密钥环中；留空则保留</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="66"/>
        <source>Leave empty to keep the current region</source>
        <translation>留空则保留当前地域</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="90"/>
        <source>Empty: a folder with this name in the data directory</source>
        <translation>留空：使用数据目录中与名称同名的文件夹</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="91"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="101"/>
        <source>Path-style addressing (MinIO and similar)</source>
        <translation>路径风格寻址（MinIO 等）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="105"/>
        <source>V4 (OSS4-HMAC-SHA256)</source>
        <translation>V4（OSS4-HMAC-SHA256）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="106"/>
        <source>V1 (older endpoints)</source>
        <translation>V1（旧版 Endpoint）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="110"/>
        <source>Kept in the system keychain, never in the catalog.</source>
        <translation>保存在系统密钥环中，不会写入目录数据库。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="113"/>
        <source>&amp;Storage type:</source>
        <translation>存储类型(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="114"/>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="181"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="115"/>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="116"/>
        <source>&amp;Endpoint:</source>
        <translation>Endpoint(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="117"/>
        <source>&amp;Region:</source>
        <translation>地域(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="119"/>
        <source>Si&amp;gnature version:</source>
        <translation>签名版本(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="120"/>
        <source>Access&amp;KeyId:</source>
        <translation>AccessKey ID(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="121"/>
        <source>AccessKey&amp;Secret:</source>
        <translation>AccessKey Secret(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="181"/>
        <source>&amp;Bucket:</source>
        <translation>Bucket(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="184"/>
        <source>e.g. archive</source>
        <translation>例如：archive</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="184"/>
        <source>e.g. my-snapshots</source>
        <translation>例如：my-snapshots</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="185"/>
        <source>e.g. oss-cn-hangzhou.aliyuncs.com</source>
        <translation>例如：oss-cn-hangzhou.aliyuncs.com</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="186"/>
        <source>e.g. https://s3.us-east-1.amazonaws.com</source>
        <translation>例如：https://s3.us-east-1.amazonaws.com</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="187"/>
        <source>e.g. cn-hangzhou</source>
        <translation>例如：cn-hangzhou</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="187"/>
        <source>e.g. us-east-1</source>
        <translation>例如：us-east-1</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="190"/>
        <source>Snapshots are written as files under this folder.</source>
        <translation>截图将以文件形式写入此文件夹。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="192"/>
        <source>The access key is kept in the system keychain. Leave both key fields empty to keep the stored key, or fill in both to replace it.</source>
        <translation>AccessKey 保存在系统密钥环中。两个密钥字段都留空则保留已存储的密钥，都填写则替换为新密钥。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="196"/>
        <source>The access key is kept in the system keychain, never in the catalog or the settings.</source>
        <translation>AccessKey 保存在系统密钥环中，不会写入目录数据库或设置。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="204"/>
        <source>Choose the Storage Folder</source>
        <translation>选择存储文件夹</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationDialog.cpp" line="298"/>
        <source>Details: error code %1</source>
        <translation>详情：错误代码 %1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StorageLocationModel</name>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="40"/>
        <source>Local folder</source>
        <translation>本地文件夹</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="43"/>
        <source>Alibaba OSS</source>
        <translation>阿里云 OSS</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="46"/>
        <source>S3-compatible</source>
        <translation>S3 兼容</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="67"/>
        <source>The built-in default location, a folder in the data directory</source>
        <translation>内置的默认位置，即数据目录中的一个文件夹</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="70"/>
        <source>Region: %1</source>
        <translation>地域：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="86"/>
        <source>%1 (built-in)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="107"/>
        <source>Location ID</source>
        <translation>位置 ID</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="109"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="111"/>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="113"/>
        <source>Bucket / Name</source>
        <translation>Bucket / 名称</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationModel.cpp" line="115"/>
        <source>Folder / Region</source>
        <translation>文件夹 / 地域</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StorageLocationsDialog</name>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="44"/>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="45"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="46"/>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="47"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="52"/>
        <source>Storage Locations</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="55"/>
        <source>Filter locations by id, type, endpoint, bucket or folder</source>
        <translation>按 ID、类型、Endpoint、Bucket 或文件夹筛选存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="59"/>
        <source>Could not list the storage locations: %1</source>
        <translation>无法列出存储位置：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="87"/>
        <source>Configure a new local folder, OSS or S3 location</source>
        <translation>配置新的本地文件夹、OSS 或 S3 存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="88"/>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="187"/>
        <source>Change the selected location</source>
        <translation>修改所选存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="90"/>
        <source>Write, read back and delete a probe object in the selected location</source>
        <translation>在所选存储位置中写入、读回并删除一个探测对象</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="91"/>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="189"/>
        <source>Delete the selected location (no job may use it)</source>
        <translation>删除所选存储位置（不能有任务正在使用）</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="186"/>
        <source>The built-in default location cannot be changed or deleted</source>
        <translation>内置的默认位置不能修改或删除</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="197"/>
        <source>Added storage location %1.</source>
        <translation>已添加存储位置 %1。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="214"/>
        <source>Saved storage location %1.</source>
        <translation>已保存存储位置 %1。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="231"/>
        <source>Testing storage location %1…</source>
        <translation>正在测试存储位置 %1…</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="242"/>
        <source>Test of %1: OK. A probe object was written, read back and deleted.</source>
        <translation>%1 测试通过：已写入、读回并删除一个探测对象。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="244"/>
        <source>Test of %1 failed: %2</source>
        <translation>%1 测试失败：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="248"/>
        <source>Details: error code %1</source>
        <translation>详情：错误代码 %1</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="264"/>
        <source>Delete Storage Location</source>
        <translation>删除存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="265"/>
        <source>Delete storage location %1 (%2, %3)?

Files already stored there stay where they are; only LiveSnap&apos;s configuration and its stored access key are removed.</source>
        <translation>要删除存储位置 %1（%2，%3）吗？

已存储在其中的文件保持不动；只会移除 LiveSnap 中的配置及其存储的 AccessKey。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="295"/>
        <source>Deleted storage location %1.</source>
        <translation>已删除存储位置 %1。</translation>
    </message>
    <message>
        <location filename="../src/ui/settings/StorageLocationsDialog.cpp" line="296"/>
        <source>Could not delete %1 (%2): %3</source>
        <translation>无法删除 %1（%2）：%3</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StreamPreviewDecoder</name>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="278"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="304"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="326"/>
        <source>Out of memory.</source>
        <translation>内存不足。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="242"/>
        <source>The stream did not answer within %1 s.</source>
        <translation>直播流在 %1 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="222"/>
        <source>The server of %1 did not answer within %2 s.</source>
        <translation>%1 的服务器在 %2 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="223"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="244"/>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="239"/>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="353"/>
        <source>No stream is published at %1: the server answered, but no picture came within %2 s.</source>
        <translation>%1 上没有发布直播流：服务器已响应，但在 %2 秒内没有收到画面。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="257"/>
        <source>Cannot read the stream: %1</source>
        <translation>无法读取直播流：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="272"/>
        <source>The stream&apos;s video codec (%1) is not supported.</source>
        <translation>不支持该直播流的视频编码（%1）。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="289"/>
        <source>Cannot open the %1 video decoder: %2</source>
        <translation>无法打开 %1 视频解码器：%2</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="321"/>
        <source>Cannot convert the stream&apos;s pictures (%1).</source>
        <translation>无法转换直播流的画面（%1）。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="352"/>
        <source>The stream has no video track.</source>
        <translation>直播流中没有视频轨道。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="359"/>
        <source>The stream sent no data for %1 s.</source>
        <translation>直播流已有 %1 秒没有发送数据。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="363"/>
        <source>The stream ended.</source>
        <translation>直播流已结束。</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="365"/>
        <source>Reading the stream failed: %1</source>
        <translation>读取直播流失败：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/monitor/StreamPreviewDecoder.cpp" line="384"/>
        <source>Decoding the stream failed: %1</source>
        <translation>解码直播流失败：%1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::StreamTlsFields</name>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="16"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="17"/>
        <source>&amp;Verify the server certificate</source>
        <translation>验证服务器证书(&amp;V)</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="21"/>
        <source>CA file (PEM); empty: the system&apos;s trusted CAs</source>
        <translation>CA 文件（PEM）；留空：使用系统信任的 CA</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="22"/>
        <source>The certificate of the CA that signed the server&apos;s certificate, for a private CA</source>
        <translation>为服务器证书签名的 CA 的证书，用于私有 CA</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="27"/>
        <source>Check the server&apos;s certificate chain, dates and host name, as a browser does</source>
        <translation>像浏览器一样检查服务器的证书链、有效期和主机名</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="31"/>
        <source>Insecure: the server&apos;s certificate is not checked, so anyone between LiveSnap and the server can pose as it. The job is flagged.</source>
        <translation>不安全：不检查服务器的证书，因此 LiveSnap 与服务器之间的任何人都可以冒充该服务器。此任务将被标记。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="77"/>
        <source>CA Certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="78"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/StreamTlsFields.cpp" line="91"/>
        <source>Only for TLS streams (rtmps://, rtsps://, https://)</source>
        <translation>仅适用于 TLS 流（rtmps://、rtsps://、https://）</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::SubmitJobDialog</name>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="84"/>
        <source>Configure…</source>
        <translation>配置…</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="97"/>
        <source>Submitting the job…</source>
        <translation>正在提交任务…</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="101"/>
        <source>Submit Snapshot Job</source>
        <translation>提交截图任务</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="104"/>
        <source>e.g. lobby camera</source>
        <translation>例如：大厅摄像头</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="107"/>
        <source>Loading storage locations…</source>
        <translation>正在加载存储位置…</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="223"/>
        <source>Where this job&apos;s snapshots are stored</source>
        <translation>此任务截图的存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="111"/>
        <source>Add or change storage locations</source>
        <translation>添加或修改存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="113"/>
        <source>Loading templates…</source>
        <translation>正在加载模板…</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="237"/>
        <source>rtmp://host/app/stream</source>
        <translation>rtmp://host/app/stream</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="124"/>
        <source>Optional; empty uses the Callback Settings URL</source>
        <translation>可选；留空则使用回调设置中的地址</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="119"/>
        <source>The stream&apos;s protocol: RTMP (rtmp://, rtmps://), RTSP cameras (rtsp://, rtsps://), SRT encoders (srt://) or HLS playlists (https://, http://)</source>
        <translation>流的协议：RTMP（rtmp://、rtmps://）、RTSP 摄像头（rtsp://、rtsps://）、SRT 编码器（srt://）或 HLS 播放列表（https://、http://）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="143"/>
        <source>&amp;Submit</source>
        <translation>提交(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="160"/>
        <source>Job &amp;Name:</source>
        <translation>任务名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="161"/>
        <source>Storage &amp;Location:</source>
        <translation>存储位置(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="162"/>
        <source>Also &amp;keep a copy in:</source>
        <translation>同时保存副本到(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="163"/>
        <source>Select &amp;Template:</source>
        <translation>选择模板(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="164"/>
        <source>Live &amp;Stream:</source>
        <translation>直播流(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="165"/>
        <source>TLS:</source>
        <translation>TLS：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="166"/>
        <source>&amp;Callback URL:</source>
        <translation>回调地址(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="229"/>
        <source>rtsp://user:password@camera:554/stream</source>
        <translation>rtsp://user:password@camera:554/stream</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="232"/>
        <source>srt://host:port?streamid=… (LiveSnap calls the encoder)</source>
        <translation>srt://host:port?streamid=…（LiveSnap 主动连接编码器）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="235"/>
        <source>https://host/path/playlist.m3u8</source>
        <translation>https://host/path/playlist.m3u8</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="242"/>
        <source>How often the job takes a snapshot and how it names the files</source>
        <translation>任务的截图频率及文件命名方式</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="268"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="268"/>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="269"/>
        <source>%1 (every %2 s, %3)</source>
        <translation>%1（每 %2 秒，%3）</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="273"/>
        <source>Template ID: %1</source>
        <translation>模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="277"/>
        <source>No templates</source>
        <translation>没有模板</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="278"/>
        <source>Choose a template</source>
        <translation>请选择模板</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="316"/>
        <source>Location ID: %1</source>
        <translation>位置 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="325"/>
        <source>No storage locations; configure one</source>
        <translation>没有存储位置，请先配置一个</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="326"/>
        <source>Choose a storage location</source>
        <translation>请选择存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="373"/>
        <source>Could not load the list: %1</source>
        <translation>无法加载列表：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="382"/>
        <source>The template you chose has been deleted; choose another.</source>
        <translation>您选择的模板已被删除，请另选一个。</translation>
    </message>
    <message>
        <location filename="../src/ui/jobs/SubmitJobDialog.cpp" line="384"/>
        <source>The storage location you chose has been removed; choose another.</source>
        <translation>您选择的存储位置已被移除，请另选一个。</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplateDialog</name>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="44"/>
        <source>New Snapshot Template</source>
        <translation>新建截图模板</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="45"/>
        <source>Edit Snapshot Template</source>
        <translation>编辑截图模板</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="90"/>
        <source>Template ID:</source>
        <translation>模板 ID：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="95"/>
        <source>e.g. Lobby cameras, every 30 s</source>
        <translation>例如：大厅摄像头，每 30 秒</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="97"/>
        <source>Template &amp;name:</source>
        <translation>模板名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="102"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="103"/>
        <source>Seconds between snapshots; each is taken on the first keyframe at or after the moment it is due.</source>
        <translation>两次截图之间的秒数；每次截图取自到达截图时刻或之后的第一个关键帧。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="109"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="112"/>
        <source>Snapshot &amp;frequency:</source>
        <translation>截图频率(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="114"/>
        <source>Storage rule</source>
        <translation>存储规则</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="118"/>
        <source>&amp;Overwrite snapshot</source>
        <translation>覆盖截图(&amp;O)</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="121"/>
        <source>Each new snapshot overwrites the previous one.</source>
        <translation>每张新截图都会覆盖上一张。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="124"/>
        <source>The object key of the latest snapshot; {JobId} is replaced by the job&apos;s ID.</source>
        <translation>最新截图的对象键；{JobId} 会替换为任务 ID。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="127"/>
        <source>Object &amp;key:</source>
        <translation>对象键(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="130"/>
        <source>&amp;Real-time snapshot</source>
        <translation>实时截图(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="134"/>
        <source>Every snapshot is kept under its own name; none is overwritten.</source>
        <translation>每张截图都以各自的名称保存，不会被覆盖。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="138"/>
        <source>The object key of each snapshot; {JobId}, {Date} (YYYY-MM-DD, UTC), {Sequence} (the job&apos;s snapshot counter) and {UnixTimestamp} (seconds) are replaced.</source>
        <translation>每张截图的对象键；其中 {JobId}、{Date}（YYYY-MM-DD，UTC）、{Sequence}（任务的截图计数）和 {UnixTimestamp}（秒）会被替换。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="144"/>
        <source>Object k&amp;ey:</source>
        <translation>对象键(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="149"/>
        <source>Snapshots are saved as JPG.</source>
        <translation>截图保存为 JPG 格式。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="157"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="165"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateDialog.cpp" line="165"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplateListModel</name>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="47"/>
        <source>Template ID: %1</source>
        <translation>模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="64"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="64"/>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="93"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="91"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="50"/>
        <source>A system template: shipped with LiveSnap and read-only</source>
        <translation>系统模板：随 LiveSnap 提供，只读</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="51"/>
        <source>A custom template: yours to edit and delete</source>
        <translation>自定义模板：您可以编辑和删除</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="95"/>
        <source>Interval (s)</source>
        <translation>间隔（秒）</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="97"/>
        <source>Overwrite format</source>
        <translation>覆盖格式</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="99"/>
        <source>Sequence format</source>
        <translation>序列格式</translation>
    </message>
    <message>
        <location filename="../src/ui/models/TemplateListModel.cpp" line="101"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplateOutputBox</name>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="37"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="42"/>
        <source>Stream&apos;s width</source>
        <translation>流原始宽度</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="43"/>
        <source>Snapshot width in pixels. Give only the width and the height follows the picture&apos;s aspect ratio; give both and the picture fits inside them. Snapshots are never enlarged.</source>
        <translation>截图宽度（像素）。只填写宽度时，高度按画面宽高比自动计算；两者都填写时，画面缩放到该尺寸以内。截图不会被放大。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="46"/>
        <source>Stream&apos;s height</source>
        <translation>流原始高度</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="56"/>
        <source>Snapshot &amp;size:</source>
        <translation>截图尺寸(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="61"/>
        <source>Engine default</source>
        <translation>引擎默认值</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="62"/>
        <source>1 (smallest files) to 100 (best pictures); the engine default is set in Settings.</source>
        <translation>1（文件最小）到 100（质量最好）；引擎默认值在“设置”中设置。</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="65"/>
        <source>&amp;JPEG quality:</source>
        <translation>JPEG 质量(&amp;J)：</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="69"/>
        <source>Keyframe (first keyframe at or after the due time)</source>
        <translation>关键帧（截图时刻或之后的第一个关键帧）</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="71"/>
        <source>Exact (the frame of the due time; more decoding)</source>
        <translation>精确（截图时刻的那一帧；解码开销更大）</translation>
    </message>
    <message>
        <location filename="../src/ui/templates/TemplateOutputBox.cpp" line="74"/>
        <source>Capture &amp;mode:</source>
        <translation>截图模式(&amp;M)：</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TemplatePage</name>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="45"/>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="46"/>
        <source>D&amp;uplicate…</source>
        <translation>复制(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="47"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="48"/>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="279"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="51"/>
        <source>Filter templates by name, type or format</source>
        <translation>按名称、类型或格式筛选模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="54"/>
        <source>Could not list the templates: %1</source>
        <translation>无法列出模板：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="73"/>
        <source>Create a custom template</source>
        <translation>创建自定义模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="77"/>
        <source>Create a custom template from the selected one</source>
        <translation>基于所选模板创建自定义模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="176"/>
        <source>Copy of %1</source>
        <translation>%1 的副本</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/TemplatePage.cpp" line="250"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 及其他 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="254"/>
        <source>Template &quot;%1&quot; is used by the job %2. Delete that job or submit it again with another template first.</source>
        <translation>模板“%1”正被任务 %2 使用。请先删除该任务，或使用其他模板重新提交该任务。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/TemplatePage.cpp" line="256"/>
        <source>Template &quot;%1&quot; is used by %n jobs: %2. Delete those jobs or submit them again with another template first.</source>
        <translation>
            <numerusform>模板“%1”正被 %n 个任务使用：%2。请先删除这些任务，或使用其他模板重新提交这些任务。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="260"/>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="272"/>
        <source>Delete Template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="273"/>
        <source>Delete the template &quot;%1&quot;? This cannot be undone.</source>
        <translation>要删除模板“%1”吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="276"/>
        <source>No job uses it.</source>
        <translation>没有任务使用此模板。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="277"/>
        <source>Template ID: %1</source>
        <translation>模板 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="281"/>
        <source>&amp;Keep</source>
        <translation>保留(&amp;K)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="316"/>
        <source>Template Management</source>
        <translation>模板管理</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="320"/>
        <source>Error code: %1</source>
        <translation>错误代码：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="335"/>
        <source>System templates are read-only; duplicate one to make a custom template.</source>
        <translation>系统模板为只读；请复制系统模板来创建自定义模板。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="336"/>
        <source>Edit the selected template</source>
        <translation>编辑所选模板</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/TemplatePage.cpp" line="338"/>
        <source>Delete the selected template</source>
        <translation>删除所选模板</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::ThumbnailDelegate</name>
    <message>
        <location filename="../src/ui/files/ThumbnailDelegate.cpp" line="91"/>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::TrayController</name>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="32"/>
        <source>&amp;Quit LiveSnap</source>
        <translation>退出 LiveSnap(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="66"/>
        <source>Live: %1</source>
        <translation>直播中：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="67"/>
        <source>With a problem: %1</source>
        <translation>有问题：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="68"/>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="69"/>
        <source>LiveSnap: %1</source>
        <translation>LiveSnap：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="104"/>
        <source>&amp;Hide Window</source>
        <translation>隐藏窗口(&amp;H)</translation>
    </message>
    <message>
        <location filename="../src/ui/shell/TrayController.cpp" line="104"/>
        <source>&amp;Show Window</source>
        <translation>显示窗口(&amp;S)</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageChart</name>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="177"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/usage/UsageChart.cpp" line="183"/>
        <source>%n other job(s)</source>
        <translation>
            <numerusform>其他 %n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="197"/>
        <source>Day (UTC)</source>
        <translation>日期（UTC）</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="202"/>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="202"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="210"/>
        <source>No usage in this time range</source>
        <translation>此时间范围内没有用量</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="211"/>
        <source>Run time per day</source>
        <translation>每日运行时长</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageChart.cpp" line="224"/>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageExportPanel</name>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="23"/>
        <source>Export as CSV</source>
        <translation>导出为 CSV</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="27"/>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="274"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="31"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="32"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="40"/>
        <source>The storage location the CSV file is written to</source>
        <translation>CSV 文件写入的存储位置</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="44"/>
        <source>Write the usage of every job in the range to a CSV file and make a link to it</source>
        <translation>将该时间范围内所有任务的用量写入 CSV 文件，并生成指向该文件的链接</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="56"/>
        <source>The link to the exported file appears here</source>
        <translation>导出文件的链接将显示在这里</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="58"/>
        <source>Copy the link to the clipboard</source>
        <translation>将链接复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="60"/>
        <source>Open the link in the browser</source>
        <translation>在浏览器中打开链接</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="72"/>
        <source>&amp;Location:</source>
        <translation>存储位置(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="80"/>
        <source>&amp;Link:</source>
        <translation>链接(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="104"/>
        <source>Exports the usage of every job from %1 to %2 (UTC), per run and UTC day.</source>
        <translation>导出 %1 至 %2（UTC）期间所有任务的用量，按每次运行和 UTC 日期分别列出。</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="133"/>
        <source>Local (default)</source>
        <translation>本地（默认）</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="136"/>
        <source>Local: %1 (%2)</source>
        <translation>本地：%1（%2）</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="138"/>
        <source>%1: %2 at %3</source>
        <translation>%1：%2 @ %3</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="174"/>
        <source>Could not list the storage locations: %1</source>
        <translation>无法列出存储位置：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="213"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="252"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="253"/>
        <source>The link expired at %1 (UTC); export again for a new link.</source>
        <translation>链接已于 %1（UTC）过期；请重新导出以获取新链接。</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="257"/>
        <source>expires in %1</source>
        <translation>%1 后过期</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="259"/>
        <source>The link expires at %1 (UTC).</source>
        <translation>链接将于 %1（UTC）过期。</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageExportPanel.cpp" line="274"/>
        <source>&amp;Export a new link</source>
        <translation>导出新链接(&amp;E)</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageJobFilter</name>
    <message>
        <location filename="../src/ui/usage/UsageJobFilter.cpp" line="17"/>
        <source>Show the usage of one job or of all jobs</source>
        <translation>显示单个任务或所有任务的用量</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageJobFilter.cpp" line="20"/>
        <source>All jobs</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageJobFilter.cpp" line="79"/>
        <source>Job ID: %1</source>
        <translation>任务 ID：%1</translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsagePage</name>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="48"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="55"/>
        <source>The start of the range, in UTC (included)</source>
        <translation>时间范围的开始（UTC，包含）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="56"/>
        <source>The end of the range, in UTC (not included)</source>
        <translation>时间范围的结束（UTC，不包含）</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="58"/>
        <source>Show the usage of the range and job picked here</source>
        <translation>显示此处所选时间范围和任务的用量</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="96"/>
        <source>Could not show the usage: %1</source>
        <translation>无法显示用量：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="100"/>
        <source>&amp;From (UTC):</source>
        <translation>开始时间 (UTC)(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="102"/>
        <source>&amp;To (UTC):</source>
        <translation>结束时间 (UTC)(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="104"/>
        <source>&amp;Job:</source>
        <translation>任务(&amp;J)：</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="117"/>
        <source>Times are UTC. Run time is counted per UTC day, from the start (included) to the end (not included).</source>
        <translation>时间均为 UTC。运行时长按 UTC 日统计，从开始时间（包含）到结束时间（不包含）。</translation>
    </message>
    <message>
        <location filename="../src/ui/pages/UsagePage.cpp" line="184"/>
        <source>Total: %1</source>
        <translation>总计：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/ui/pages/UsagePage.cpp" line="185"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livesnap::ui::UsageTableModel</name>
    <message numerus="yes">
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="54"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="57"/>
        <source>Job ID: %1</source>
        <translation>任务 ID：%1</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="89"/>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="91"/>
        <source>Job ID</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="93"/>
        <source>Date (UTC)</source>
        <translation>日期（UTC）</translation>
    </message>
    <message>
        <location filename="../src/ui/usage/UsageTableModel.cpp" line="95"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../src/ui/main.cpp" line="41"/>
        <source>LiveSnap</source>
        <translation>LiveSnap 直播截图</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="45"/>
        <source>Takes JPG snapshots of RTMP live streams.</source>
        <translation>截取 RTMP 直播流的 JPG 截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="50"/>
        <source>Keep the catalog, spool and local storage in &lt;dir&gt; (default: LIVESNAP_DATA_DIR, else the app-data folder).</source>
        <translation>将目录数据库、缓存和本地存储保存在 &lt;dir&gt;（默认：LIVESNAP_DATA_DIR，否则为应用数据文件夹）。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="52"/>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="56"/>
        <source>Open the catalog at &lt;url&gt;, a PostgreSQL database shared by several engines (postgresql://user@host:port/db; the password from PGPASSWORD or ~/.pgpass). Default: LIVESNAP_CATALOG, else the one chosen in File &gt; Catalog, else SQLite in the data directory.</source>
        <translation>打开位于 &lt;url&gt; 的目录数据库，即由多个引擎共用的 PostgreSQL 数据库（postgresql://user@host:port/db；密码来自 PGPASSWORD 或 ~/.pgpass）。默认：LIVESNAP_CATALOG，否则为 File &gt; Catalog 中选择的目录数据库，否则为数据目录中的 SQLite。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="62"/>
        <source>url</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="66"/>
        <source>Run no jobs on this computer: show and change the catalog&apos;s jobs while engines elsewhere capture them.</source>
        <translation>不在本机运行任务：显示并修改目录数据库中的任务，由其他位置的引擎执行截图。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="85"/>
        <source>LiveSnap cannot open its catalog</source>
        <translation>LiveSnap 无法打开其目录数据库</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="86"/>
        <source>%1

Open the SQLite catalog in the data directory this time? File &gt; Catalog changes the saved choice.</source>
        <translation>%1

本次改为打开数据目录中的 SQLite 目录数据库吗？可在 File &gt; Catalog 中修改已保存的选择。</translation>
    </message>
    <message>
        <location filename="../src/ui/main.cpp" line="96"/>
        <source>LiveSnap cannot start</source>
        <translation>LiveSnap 无法启动</translation>
    </message>
</context>
</TS>
