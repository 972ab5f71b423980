#include "jobs/StreamTlsFields.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace livesnap::ui {

StreamTlsFields::StreamTlsFields(QWidget *parent)
    : QWidget(parent)
    , m_caFile(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_verify(new QCheckBox(tr("&Verify the server certificate"), this))
    , m_warning(new QLabel(this))
{
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("CA file (PEM); empty: the system's trusted CAs"));
    m_caFile->setToolTip(tr("The certificate of the CA that signed the server's certificate, "
                            "for a private CA"));
    m_browse->setObjectName(QStringLiteral("caFileBrowse"));
    m_verify->setObjectName(QStringLiteral("tlsVerifyCheck"));
    m_verify->setChecked(true);
    m_verify->setToolTip(tr("Check the server's certificate chain, dates and host name, as a "
                            "browser does"));
    m_warning->setObjectName(QStringLiteral("tlsVerifyWarning"));
    m_warning->setWordWrap(true);
    m_warning->setText(tr("Insecure: the server's certificate is not checked, so anyone "
                          "between LiveSnap and the server can pose as it. The job is flagged."));
    m_warning->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_warning->hide();

    auto *caRow = new QHBoxLayout;
    caRow->setContentsMargins(0, 0, 0, 0);
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_browse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(caRow);
    layout->addWidget(m_verify);
    layout->addWidget(m_warning);
    setFocusProxy(m_caFile);

    connect(m_caFile, &QLineEdit::textChanged, this, &StreamTlsFields::changed);
    connect(m_browse, &QPushButton::clicked, this, &StreamTlsFields::browse);
    connect(m_verify, &QCheckBox::toggled, this, [this] {
        update();
        emit changed();
    });
    update();
}

void StreamTlsFields::setUrl(const QString &url)
{
    StreamInput input;
    input.url = url.trimmed();
    m_tls = input.usesTls();
    update();
}

StreamInput StreamTlsFields::applyTo(StreamInput input) const
{
    if (m_tls) {
        input.tlsVerify = m_verify->isChecked();
        input.caFile = m_caFile->text().trimmed();
    }
    return input;
}

void StreamTlsFields::browse()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("CA Certificate"), m_caFile->text(),
                                     tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!file.isEmpty()) {
        m_caFile->setText(file);
    }
}

void StreamTlsFields::update()
{
    // The children, not this widget: the dialog enables and disables this one while submitting.
    for (QWidget *field : {static_cast<QWidget *>(m_caFile), static_cast<QWidget *>(m_browse),
                           static_cast<QWidget *>(m_verify)}) {
        field->setEnabled(m_tls);
    }
    setToolTip(m_tls ? QString() : tr("Only for TLS streams (rtmps://, rtsps://, https://)"));
    m_warning->setVisible(m_tls && !m_verify->isChecked());
}

} // namespace livesnap::ui
