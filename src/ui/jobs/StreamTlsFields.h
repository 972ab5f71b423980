#pragma once

#include "domain/StreamInput.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace livesnap::ui {

// The TLS part of a job's stream input in the Submit Job dialog: a CA file (with Browse…) and
// "Verify the server certificate" (on by default; a warning when off). Only meaningful for a TLS
// URL (rtmps://): setUrl() enables it for one and disables it otherwise.
class StreamTlsFields : public QWidget {
    Q_OBJECT

public:
    explicit StreamTlsFields(QWidget *parent = nullptr);

    void setUrl(const QString &url);
    // `input` with CaFile and TlsVerify from the fields (left at their defaults for a plain URL).
    StreamInput applyTo(StreamInput input) const;

signals:
    void changed();

private:
    void browse();
    void update();

    QLineEdit *m_caFile;
    QPushButton *m_browse;
    QCheckBox *m_verify;
    QLabel *m_warning;
    bool m_tls = false;
};

} // namespace livesnap::ui
