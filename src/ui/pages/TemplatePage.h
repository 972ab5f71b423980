#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class TemplateListModel;

// Template Management: every template, sortable and filterable. Read-only for now.
class TemplatePage : public QWidget {
    Q_OBJECT

public:
    explicit TemplatePage(EngineHost &host, QWidget *parent = nullptr);

    TemplateListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

private:
    TemplateListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace livesnap::ui
