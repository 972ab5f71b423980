#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;

namespace livesnap::ui {

// Asks before snapshots are deleted, and whether their stored objects go too.
class DeleteFilesDialog : public QDialog {
    Q_OBJECT

public:
    // count: capture times to delete; includesOverwrite: an overwrite object is among them
    // (it shares its capture time with a real-time twin, and both go).
    DeleteFilesDialog(int count, bool includesOverwrite, QWidget *parent = nullptr);

    bool deleteStoredObjects() const;
    QCheckBox *deleteObjectsBox() const { return m_deleteObjects; }

private:
    QLabel *m_text = nullptr;
    QCheckBox *m_deleteObjects = nullptr;
};

} // namespace livesnap::ui
