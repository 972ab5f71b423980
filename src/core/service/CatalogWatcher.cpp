#include "service/CatalogWatcher.h"

#include "catalog/Schema.h"
#include "common/Logging.h"

#include <QSet>

namespace livesnap {

namespace {
// Rows read per query; a burst bigger than this is read in several.
constexpr int ReadBatch = 2000;
} // namespace

CatalogWatcher::CatalogWatcher(ServiceContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_log(context.catalog())
{
    connect(&m_timer, &QTimer::timeout, this, &CatalogWatcher::check);
}

void CatalogWatcher::start(int intervalMs)
{
    auto last = m_log.lastSeq();
    auto version = m_log.dataVersion();
    if (!last || !version) {
        qCWarning(lcService) << "cannot read the catalog's change log; changes made by other "
                                "processes show after a refresh:"
                             << (last ? version.error().message : last.error().message);
        return;
    }
    m_lastSeq = *last;
    m_dataVersion = *version;
    rememberRecentRows();
    m_timer.start(intervalMs);
}

void CatalogWatcher::rememberRecentRows()
{
    // PostgreSQL: the rows already there are not news (a late one may still come, see check()).
    m_recentSeqs.clear();
    if (const int window = m_log.lateRowWindow(); window > 0) {
        if (auto recent = m_log.after(std::max<qint64>(0, m_lastSeq - window), window)) {
            for (const CatalogChange &change : *recent) {
                m_recentSeqs.insert(change.seq);
            }
        }
    }
}

void CatalogWatcher::stop()
{
    m_timer.stop();
}

void CatalogWatcher::check()
{
    // The newest row first, then data_version: if no other connection committed before the
    // second reading, every row up to the first is this process's own (already signalled).
    auto last = m_log.lastSeq();
    auto version = last ? m_log.dataVersion() : Result<qint64>(last.error());
    if (!version) {
        if (!m_warned) {
            qCWarning(lcService) << "cannot read the catalog's change log:"
                                 << version.error().message;
            m_warned = true;
        }
        return;
    }
    m_warned = false;
    // (PostgreSQL numbers rows before they commit, so an unchanged newest row does not mean that
    // nothing new is visible: it always reads its look-back window.)
    if (*version == m_dataVersion && m_log.lateRowWindow() == 0) {
        m_lastSeq = *last;
        return;
    }
    m_dataVersion = *version;
    // Rows pruned before they were read, or a log that started over (a catalog restored from a
    // copy): what changed is unknown, so everything is signalled once.
    // (PostgreSQL's numbers have gaps of rolled-back writes: there, rows are missed only when
    // more were written than the log keeps.)
    auto first = m_log.firstSeq();
    const bool missed = m_log.lateRowWindow() > 0
                            ? *last - m_lastSeq > schema::ChangeLogKeep - m_log.lateRowWindow()
                            : first && *first > m_lastSeq + 1;
    if (*last < m_lastSeq || missed) {
        qCInfo(lcService) << "the change log moved past the last change seen; reloading";
        m_lastSeq = *last;
        rememberRecentRows();
        resynchronise();
        return;
    }
    QList<CatalogChange> changes;
    const int window = m_log.lateRowWindow();
    qint64 from = std::max<qint64>(0, m_lastSeq - window);
    for (;;) {
        auto batch = m_log.after(from, ReadBatch);
        if (!batch) {
            qCWarning(lcService) << "cannot read the catalog's change log:"
                                 << batch.error().message;
            break;
        }
        for (const CatalogChange &change : *batch) {
            from = change.seq;
            if (window > 0 &&
                (m_recentSeqs.contains(change.seq) || change.seq <= m_lastSeq - window)) {
                continue;
            }
            if (window > 0) {
                m_recentSeqs.insert(change.seq);
            }
            m_lastSeq = std::max(m_lastSeq, change.seq);
            changes << change;
        }
        if (batch->size() < ReadBatch) {
            break;
        }
    }
    if (window > 0) {
        m_recentSeqs.removeIf([this, window](qint64 seq) { return seq <= m_lastSeq - window; });
    }
    emitChanges(changes);
}

void CatalogWatcher::emitChanges(const QList<CatalogChange> &changes)
{
    // Coalesced: one signal per job and kind, in the order first seen.
    QStringList changed;
    QStringList files;
    QStringList removed;
    QSet<QString> seenChanged;
    QSet<QString> seenFiles;
    QSet<QString> seenRemoved;
    bool templates = false;
    bool locations = false;
    bool callbackSettings = false;
    for (const CatalogChange &c : changes) {
        if (c.kind == changelog::Job && !seenChanged.contains(c.itemId)) {
            seenChanged.insert(c.itemId);
            changed << c.itemId;
        } else if (c.kind == changelog::Files && !seenFiles.contains(c.itemId)) {
            seenFiles.insert(c.itemId);
            files << c.itemId;
        } else if (c.kind == changelog::JobRemoved && !seenRemoved.contains(c.itemId)) {
            seenRemoved.insert(c.itemId);
            removed << c.itemId;
        } else if (c.kind == changelog::Templates) {
            templates = true;
        } else if (c.kind == changelog::Locations) {
            locations = true;
        } else if (c.kind == changelog::CallbackSettings) {
            callbackSettings = true;
        }
    }
    ServiceNotifier &n = m_context.notifier();
    if (templates) {
        emit n.templatesChanged();
    }
    if (locations) {
        emit n.storageLocationsChanged();
    }
    if (callbackSettings) {
        emit n.callbackSettingsChanged();
    }
    for (const QString &id : std::as_const(changed)) {
        if (!seenRemoved.contains(id)) {
            emit n.jobChanged(id);
        }
    }
    for (const QString &id : std::as_const(files)) {
        if (!seenRemoved.contains(id)) {
            emit n.filesChanged(id);
        }
    }
    for (const QString &id : std::as_const(removed)) {
        emit n.jobRemoved(id);
    }
}

void CatalogWatcher::resynchronise()
{
    ServiceNotifier &n = m_context.notifier();
    emit n.templatesChanged();
    emit n.storageLocationsChanged();
    emit n.callbackSettingsChanged();
    auto ids = m_log.allJobIds();
    if (!ids) {
        qCWarning(lcService) << "cannot list the jobs:" << ids.error().message;
        return;
    }
    for (const QString &id : std::as_const(*ids)) {
        emit n.jobChanged(id);
        emit n.filesChanged(id);
    }
}

} // namespace livesnap
