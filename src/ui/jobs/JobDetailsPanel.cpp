#include "jobs/JobDetailsPanel.h"

#include "domain/StreamInput.h"
#include "engine/EngineHost.h"
#include "jobs/JobEventModel.h"
#include "jobs/JobText.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
// Coalesces a burst of jobChanged for the shown job (a running job reports often).
constexpr int ChangeDelayMs = 100;

const QString HighlightStyle = QStringLiteral("QLabel { color: #c62828; font-weight: bold; }");
} // namespace

JobDetailsPanel::JobDetailsPanel(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_fieldsPage(new QWidget(this))
    , m_scroll(new QScrollArea(this))
    , m_eventsError(new QLabel(this))
    , m_events(new JobEventModel(this))
    , m_eventView(new QTableView(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_revealUrls(new QToolButton(this))
{
    setObjectName(QStringLiteral("jobDetails"));

    m_placeholder->setObjectName(QStringLiteral("jobDetailsPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);

    auto *form = new QFormLayout(m_fieldsPage);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addField(QStringLiteral("JobId"), tr("Job ID"));
    addField(QStringLiteral("JobName"), tr("Name"));
    addField(QStringLiteral("Status"), tr("Status"));
    addField(QStringLiteral("StreamState"), tr("Stream state"));
    addField(QStringLiteral("StreamHealth"), tr("Health"));
    addField(QStringLiteral("LastError"), tr("Last error"));
    addField(QStringLiteral("TemplateName"), tr("Template"));
    addField(QStringLiteral("TemplateId"), tr("Template ID"));
    addField(QStringLiteral("TimeInterval"), tr("Interval"));
    addField(QStringLiteral("OverwriteFormat"), tr("Overwrite format"));
    addField(QStringLiteral("SequenceFormat"), tr("Sequence format"));
    addField(QStringLiteral("StreamInput.Type"), tr("Stream type"));
    m_revealUrls->setObjectName(QStringLiteral("revealUrlsButton"));
    m_revealUrls->setCheckable(true);
    m_revealUrls->setText(tr("Show"));
    m_revealUrls->setToolTip(tr("Show the stream and callback URLs with their credentials and "
                                "tokens; they are masked everywhere else."));
    connect(m_revealUrls, &QToolButton::toggled, this, [this](bool reveal) {
        m_revealUrls->setText(reveal ? tr("Hide") : tr("Show"));
        if (m_hasJob) {
            showJob(m_job);
        }
    });
    addField(QStringLiteral("StreamInput.Url"), tr("Stream URL"), m_revealUrls);
    addField(QStringLiteral("StreamInput.TlsVerify"), tr("TLS"));
    addField(QStringLiteral("SnapshotOutput"), tr("Storage location"));
    addField(QStringLiteral("CallbackUrl"), tr("Callback URL"));
    addField(QStringLiteral("CreateTime"), tr("Created"));
    addField(QStringLiteral("ModifiedTime"), tr("Modified"));
    addField(QStringLiteral("LastSnapshotTime"), tr("Last snapshot"));
    addField(QStringLiteral("SnapshotCount"), tr("Snapshots"));
    addField(QStringLiteral("LastSequence"), tr("Last sequence"));
    addField(QStringLiteral("EngineId"), tr("Engine"));
    addField(QStringLiteral("EngineHost"), tr("Engine host"));

    m_scroll->setObjectName(QStringLiteral("jobDetailsScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // Values wrap at spaces; one that cannot (an id, a URL, a format) widens the fields and the
    // pane scrolls sideways instead of cutting it off.
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setWidget(m_fieldsPage);
    // A scroll area ignores height-for-width, so wrapped values would be clipped.
    m_scroll->viewport()->installEventFilter(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_scroll);

    auto *eventsTitle = new QLabel(tr("Recent events"), this);
    eventsTitle->setObjectName(QStringLiteral("jobEventsTitle"));
    m_eventsError->setObjectName(QStringLiteral("jobEventsError"));
    m_eventsError->setWordWrap(true);
    m_eventsError->setStyleSheet(HighlightStyle);
    m_eventsError->hide();
    m_eventView->setObjectName(QStringLiteral("jobEventView"));
    m_eventView->setModel(m_events);
    m_eventView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_eventView->setAlternatingRowColors(true);
    // Messages wrap (a storage error is long), rows grow to fit them; the tooltip has it too.
    m_eventView->setWordWrap(true);
    m_eventView->setTextElideMode(Qt::ElideNone);
    m_eventView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_eventView->verticalHeader()->hide();
    m_eventView->horizontalHeader()->setStretchLastSection(true);
    // The whole time (JobText::time) and a margin, whatever the font.
    m_eventView->horizontalHeader()->resizeSection(
        JobEventModel::TimeColumn,
        m_eventView->fontMetrics().horizontalAdvance(QStringLiteral("2026-12-28 22:58:59")) +
            4 * m_eventView->fontMetrics().averageCharWidth());
    QStringList kinds;
    for (const char *kind : {"submitted", "command", "stream", "engine", "storage"}) {
        kinds.append(JobEventModel::kindText(QLatin1String(kind)));
    }
    int widestKind = m_eventView->horizontalHeader()->sectionSizeHint(JobEventModel::KindColumn);
    for (const QString &kind : std::as_const(kinds)) {
        widestKind = qMax(widestKind, m_eventView->fontMetrics().horizontalAdvance(kind) +
                                          2 * m_eventView->fontMetrics().averageCharWidth());
    }
    // The message gets the rest.
    m_eventView->horizontalHeader()->resizeSection(JobEventModel::KindColumn, widestKind);

    auto *eventsPane = new QWidget(this);
    auto *eventsLayout = new QVBoxLayout(eventsPane);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(eventsTitle);
    eventsLayout->addWidget(m_eventsError);
    eventsLayout->addWidget(m_eventView, 1);

    m_splitter->setObjectName(QStringLiteral("jobDetailsSplitter"));
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(eventsPane);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(ChangeDelayMs);
    connect(&m_changeTimer, &QTimer::timeout, this, &JobDetailsPanel::refresh);
    m_pollTimer.setInterval(PollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &JobDetailsPanel::refresh);

    connect(host.events(), &EngineEvents::jobChanged, this, [this](const QString &jobId) {
        if (jobId == m_jobId && !m_changeTimer.isActive()) {
            m_changeTimer.start();
        }
    });
    connect(host.events(), &EngineEvents::jobRemoved, this, [this](const QString &jobId) {
        if (jobId == m_jobId) {
            m_changeTimer.stop();
            m_hasJob = false;
            m_events->clear();
            showPlaceholder(tr("This job has been deleted."));
        }
    });
    showPlaceholder(tr("Select a job to see its details and recent events."));
}

void JobDetailsPanel::addField(const QString &key, const QString &title, QWidget *trailing)
{
    // Ids, URLs and formats have no space to wrap at: one scrollable line each (selectable and
    // copied whole, the whole value in its tooltip) instead of a label cut at the pane's edge.
    static const QStringList OneLine{
        QStringLiteral("JobId"),           QStringLiteral("TemplateId"),
        QStringLiteral("OverwriteFormat"), QStringLiteral("SequenceFormat"),
        QStringLiteral("StreamInput.Url"), QStringLiteral("CallbackUrl"),
        QStringLiteral("EngineId")};
    auto *name = new QLabel(title, m_fieldsPage);
    name->setToolTip(key); // the field's name in GetLiveSnapshotJob
    QWidget *value = nullptr;
    if (OneLine.contains(key)) {
        auto *line = new QLineEdit(m_fieldsPage);
        line->setReadOnly(true);
        line->setFrame(false);
        line->setFocusPolicy(Qt::ClickFocus);
        QPalette palette = line->palette();
        palette.setColor(QPalette::Base, Qt::transparent);
        line->setPalette(palette);
        line->setTextMargins(0, 0, 0, 0);
        m_lines.insert(key, line);
        value = line;
    } else {
        auto *label = new QLabel(m_fieldsPage);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        m_fields.insert(key, label);
        value = label;
    }
    value->setObjectName(QStringLiteral("detail") + QString(key).remove(QLatin1Char('.')));
    name->setBuddy(value);
    auto *form = static_cast<QFormLayout *>(m_fieldsPage->layout());
    if (trailing) {
        auto *row = new QHBoxLayout;
        row->addWidget(value, 1);
        row->addWidget(trailing, 0, Qt::AlignTop);
        form->addRow(name, row);
    } else {
        form->addRow(name, value);
    }
}

void JobDetailsPanel::setField(const QString &key, const QString &text)
{
    if (QLineEdit *line = m_lines.value(key)) {
        line->setText(text);
        line->setCursorPosition(0); // the start of a long value, not its end
        line->setToolTip(text);
        return;
    }
    m_fields.value(key)->setText(text);
}

void JobDetailsPanel::setJobId(const QString &jobId)
{
    if (jobId == m_jobId) {
        return;
    }
    m_jobId = jobId;
    m_hasJob = false;
    m_revealUrls->setChecked(false); // revealed for one job at a time
    m_changeTimer.stop();
    m_events->clear();
    m_eventsError->hide();
    if (jobId.isEmpty()) {
        showPlaceholder(tr("Select a job to see its details and recent events."));
        return;
    }
    showPlaceholder(tr("Loading the job…"));
    refresh();
}

void JobDetailsPanel::showSelectionCount(int count)
{
    setJobId(QString());
    showPlaceholder(
        tr("%n jobs selected. Select one to see its details and recent events.", nullptr, count));
}

void JobDetailsPanel::refresh()
{
    if (m_jobId.isEmpty()) {
        return;
    }
    if (m_inFlight) {
        m_dirty = true;
        return;
    }
    m_inFlight = true;
    m_dirty = false;
    const QString jobId = m_jobId;
    m_host.call(
        this,
        [jobId](SnapshotService &service) -> Result<Details> {
            Result<SnapshotJob> job = service.getLiveSnapshotJob(jobId);
            if (!job) {
                return job.error();
            }
            Details details;
            details.job = std::move(*job);
            Result<QList<JobEvent>> events = service.listLiveSnapshotJobEvents(jobId, EventLimit);
            if (events) {
                details.events = std::move(*events);
            } else {
                details.eventsError = events.error().message;
            }
            return details;
        },
        [this, jobId](Result<Details> details) {
            m_inFlight = false;
            applyDetails(jobId, details);
            if (m_dirty) {
                refresh();
            }
        });
}

void JobDetailsPanel::applyDetails(const QString &jobId, const Result<Details> &details)
{
    if (jobId != m_jobId) {
        return; // another job was selected meanwhile; its own fetch follows
    }
    if (!details) {
        m_hasJob = false;
        m_events->clear();
        showPlaceholder(
            details.error().code == errc::JobNotFound
                ? tr("This job has been deleted.")
                : tr("Could not load the job: %1").arg(maskSecretsInText(details.error().message)));
        emit refreshed();
        return;
    }
    m_job = details->job;
    m_hasJob = true;
    showJob(m_job);
    m_events->setEvents(details->events);
    m_eventsError->setVisible(!details->eventsError.isEmpty());
    m_eventsError->setText(
        tr("Could not list the events: %1").arg(maskSecretsInText(details->eventsError)));
    emit refreshed();
}

void JobDetailsPanel::showTls(const StreamInput &input)
{
    QLabel *tls = m_fields.value(QStringLiteral("StreamInput.TlsVerify"));
    const bool insecure = input.usesTls() && !input.tlsVerify;
    if (!input.usesTls()) {
        tls->setText(tr("not used (plain stream)"));
    } else if (insecure) {
        tls->setText(tr("NOT verified: the server's certificate is not checked (insecure)"));
    } else if (input.caFile.isEmpty()) {
        tls->setText(tr("verified against the system's trusted CAs"));
    } else {
        tls->setText(tr("verified against the CA in %1").arg(input.caFile));
    }
    tls->setStyleSheet(insecure ? HighlightStyle : QString());
    tls->setProperty("highlighted", insecure);
}

void JobDetailsPanel::showJob(const SnapshotJob &job)
{
    auto set = [this](const QString &key, const QString &text) { setField(key, text); };
    set(QStringLiteral("JobId"), job.jobId);
    set(QStringLiteral("JobName"), job.jobName);
    set(QStringLiteral("Status"), JobText::status(job.status));
    set(QStringLiteral("StreamState"), JobText::streamState(job.streamState));
    QString health = job.status == jobstatus::Started ? JobText::streamHealth(job.streamHealth)
                                                      : tr("judged while the job runs");
    if (job.status == jobstatus::Started && job.streamHealthSince.isValid()) {
        health = tr("%1 since %2").arg(health, JobText::time(job.streamHealthSince));
    }
    QLabel *healthLabel = m_fields.value(QStringLiteral("StreamHealth"));
    healthLabel->setText(health);
    const QColor color = JobText::healthColor(job);
    healthLabel->setStyleSheet(
        JobText::isProblem(JobText::condition(job)) && color.isValid()
            ? QStringLiteral("QLabel { color: %1; font-weight: bold; }").arg(color.name())
            : QString());
    const QString lastError = maskSecretsInText(job.lastError);
    QLabel *error = m_fields.value(QStringLiteral("LastError"));
    error->setText(lastError.isEmpty() ? tr("none") : lastError);
    error->setStyleSheet(lastError.isEmpty() ? QString() : HighlightStyle);
    error->setProperty("highlighted", !lastError.isEmpty());
    set(QStringLiteral("TemplateName"), job.templateName);
    set(QStringLiteral("TemplateId"), job.templateId);
    set(QStringLiteral("TimeInterval"), tr("every %n s", nullptr, job.timeInterval));
    set(QStringLiteral("OverwriteFormat"),
        job.overwriteFormat.isEmpty() ? tr("not set") : job.overwriteFormat);
    set(QStringLiteral("SequenceFormat"),
        job.sequenceFormat.isEmpty() ? tr("not set") : job.sequenceFormat);
    set(QStringLiteral("StreamInput.Type"), job.streamInput.type);
    const bool reveal = m_revealUrls->isChecked();
    set(QStringLiteral("StreamInput.Url"),
        reveal ? job.streamInput.url : maskUrl(job.streamInput.url));
    showTls(job.streamInput);
    QStringList stores;
    for (const SnapshotOutput &output : job.snapshotOutputs) {
        stores << JobText::output(output);
    }
    set(QStringLiteral("SnapshotOutput"),
        stores.isEmpty() ? JobText::output(job.snapshotOutput) : stores.join(QStringLiteral("; ")));
    set(QStringLiteral("CallbackUrl"), job.callbackUrl.isEmpty() ? tr("(the Callback Settings URL)")
                                       : reveal                  ? job.callbackUrl
                                                                 : maskUrl(job.callbackUrl));
    set(QStringLiteral("CreateTime"), JobText::time(job.createTime));
    set(QStringLiteral("ModifiedTime"), JobText::time(job.modifiedTime));
    set(QStringLiteral("LastSnapshotTime"),
        job.lastSnapshotTime.isValid() ? JobText::time(job.lastSnapshotTime) : tr("none yet"));
    set(QStringLiteral("SnapshotCount"), QLocale().toString(job.snapshotCount));
    set(QStringLiteral("LastSequence"), QLocale().toString(job.lastSequence));
    if (job.leaseOwner.isEmpty() && !job.waitingForHost.isEmpty()) {
        // Started, but its local folder is on another machine: only an engine there runs it.
        set(QStringLiteral("EngineId"),
            tr("none: waiting for an engine on %1, where its local folder is")
                .arg(job.waitingForHost));
    } else {
        set(QStringLiteral("EngineId"), job.leaseOwner.isEmpty() ? tr("none") : job.leaseOwner);
    }
    // The catalog's record of the engine's host, else what its id says.
    const QString engineHost =
        job.engineHost.isEmpty() ? JobText::engineHost(job.leaseOwner) : job.engineHost;
    set(QStringLiteral("EngineHost"), engineHost.isEmpty() ? tr("none") : engineHost);
    m_stack->setCurrentIndex(1);
    fitFieldsHeight();
}

void JobDetailsPanel::fitFieldsHeight()
{
    // As wide as the longest unbreakable piece of a label's value beside the widest title (a
    // folder in the storage location, say).
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    auto *form = static_cast<QFormLayout *>(m_fieldsPage->layout());
    int titles = 0;
    int values = 0;
    for (int row = 0; row < form->rowCount(); ++row) {
        if (QLayoutItem *title = form->itemAt(row, QFormLayout::LabelRole)) {
            titles = qMax(titles, title->sizeHint().width());
        }
    }
    for (QLabel *value : std::as_const(m_fields)) {
        int widest = 0;
        const QStringList words = value->text().split(spaces, Qt::SkipEmptyParts);
        for (const QString &word : words) {
            widest = qMax(widest, value->fontMetrics().horizontalAdvance(word));
        }
        values = qMax(values, widest);
    }
    const QMargins margins = form->contentsMargins();
    m_fieldsPage->setMinimumWidth(margins.left() + titles + qMax(0, form->horizontalSpacing()) +
                                  values + margins.right() + 2);
    const int width = qMax(m_scroll->viewport()->width(), m_fieldsPage->minimumWidth());
    if (width > 0 && form->hasHeightForWidth()) {
        m_fieldsPage->setMinimumHeight(form->totalHeightForWidth(width));
    }
}

bool JobDetailsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize) {
        fitFieldsHeight();
    }
    return QWidget::eventFilter(watched, event);
}

void JobDetailsPanel::showPlaceholder(const QString &text)
{
    m_placeholder->setText(text);
    m_stack->setCurrentIndex(0);
}

void JobDetailsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_pollTimer.start();
    refresh();
}

void JobDetailsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_pollTimer.stop();
}

} // namespace livesnap::ui
