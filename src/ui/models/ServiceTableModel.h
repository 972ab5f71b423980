#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <utility>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// Base of the table models over SnapshotService lists. Reloads are asynchronous (the service
// lives on the engine thread) and coalesced: at most one fetch is in flight, and a change
// signalled meanwhile triggers exactly one more. Rows are merged by id, so selections and
// scroll positions survive a reload.
class ServiceTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // Raw values for sorting (dates, numbers), and the row's id.
    enum Role { SortRole = Qt::UserRole, IdRole };

    explicit ServiceTableModel(EngineHost &host, QObject *parent = nullptr);

    bool isLoading() const { return m_inFlight; }
    // The message of the last failed fetch; empty after a successful one.
    QString lastError() const { return m_lastError; }

public slots:
    void reload();

signals:
    void loaded();
    void loadFailed(const QString &message);

protected:
    // Starts one asynchronous fetch; the subclass calls finishFetch() when its result arrives.
    virtual void startFetch() = 0;
    void finishFetch(const QString &errorMessage = QString());

    EngineHost &host() { return m_host; }

    // Makes `rows` equal to `fresh` (as a set keyed by id): gone rows are removed, kept rows
    // updated in place, new rows appended.
    template <typename T, typename KeyFn, typename SameFn>
    void mergeRows(QList<T> &rows, const QList<T> &fresh, KeyFn key, SameFn same);

private:
    EngineHost &m_host;
    bool m_inFlight = false;
    bool m_dirty = false;
    QString m_lastError;
};

template <typename T, typename KeyFn, typename SameFn>
void ServiceTableModel::mergeRows(QList<T> &rows, const QList<T> &fresh, KeyFn key, SameFn same)
{
    QHash<QString, qsizetype> freshIndex;
    freshIndex.reserve(fresh.size());
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        freshIndex.insert(key(fresh.at(i)), i);
    }

    // Remove gone rows bottom-up, one contiguous run at a time.
    for (qsizetype last = rows.size() - 1; last >= 0;) {
        if (freshIndex.contains(key(rows.at(last)))) {
            --last;
            continue;
        }
        qsizetype first = last;
        while (first > 0 && !freshIndex.contains(key(rows.at(first - 1)))) {
            --first;
        }
        beginRemoveRows(QModelIndex(), static_cast<int>(first), static_cast<int>(last));
        rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }

    // Update kept rows; when more than half changed, one full-range dataChanged.
    QSet<QString> kept;
    QList<int> changed;
    for (qsizetype row = 0; row < rows.size(); ++row) {
        const QString id = key(rows.at(row));
        kept.insert(id);
        const T &update = fresh.at(freshIndex.value(id));
        if (!same(rows.at(row), update)) {
            rows[row] = update;
            changed.append(static_cast<int>(row));
        }
    }
    const int lastColumn = columnCount() - 1;
    if (changed.size() > rows.size() / 2) {
        emit dataChanged(index(0, 0), index(static_cast<int>(rows.size()) - 1, lastColumn));
    } else {
        for (int row : std::as_const(changed)) {
            emit dataChanged(index(row, 0), index(row, lastColumn));
        }
    }

    QList<T> added;
    for (const T &item : fresh) {
        if (!kept.contains(key(item))) {
            added.append(item);
        }
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(rows.size());
        beginInsertRows(QModelIndex(), first, first + static_cast<int>(added.size()) - 1);
        rows.append(added);
        endInsertRows();
    }
}

} // namespace livesnap::ui
