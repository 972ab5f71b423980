#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace livesnap::ui {

// The order and filter of the monitor wall over MonitorWallModel: problems first (down, black,
// frozen, reconnecting, as JobText::condition ranks them), then by name; only the tiles whose
// job name, id or masked stream URL contains the filter text (case-insensitive).
class MonitorWallFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit MonitorWallFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
};

} // namespace livesnap::ui
