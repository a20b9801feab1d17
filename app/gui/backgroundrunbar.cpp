#include "app/gui/backgroundrunbar.h"

#include "app/gui/simulationdocument.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace dplab {

BackgroundRunBar::BackgroundRunBar(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_label(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setObjectName("backgroundRunBar");
    m_label->setTextFormat(Qt::PlainText);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(160);
    m_cancel->setObjectName("cancelBackgroundRun");
    m_cancel->setToolTip(tr("Stop simulating: the run stays as it was, nothing is changed"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    setVisible(false);
    connect(m_cancel, &QPushButton::clicked, m_document, &SimulationDocument::cancelBackground);
    connect(m_document, &SimulationDocument::backgroundStarted, this, &BackgroundRunBar::started);
    connect(m_document, &SimulationDocument::backgroundProgress, this, [this](double fraction) {
        m_progress->setValue(static_cast<int>(std::lround(fraction * 1000)));
    });
    connect(m_document, &SimulationDocument::backgroundFinished, this, &BackgroundRunBar::finished);
}

void BackgroundRunBar::started(const QString &name)
{
    m_label->setText(tr("Simulating \"%1\"...").arg(name));
    m_progress->setValue(0);
    setVisible(true);
}

void BackgroundRunBar::finished()
{
    setVisible(false);
}

} // namespace dplab
