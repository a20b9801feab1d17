#include "app/gui/animation/animationdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

#include <algorithm>
#include <cmath>

namespace dplab {

AnimationDialog::AnimationDialog(SimTime now, SimTime end, QWidget *parent)
    : QDialog(parent)
    , m_from(new QDoubleSpinBox(this))
    , m_to(new QDoubleSpinBox(this))
    , m_speed(new QComboBox(this))
    , m_size(new QComboBox(this))
    , m_caption(new QCheckBox(tr("Draw the lesson's caption under the canvas"), this))
    , m_summary(new QLabel(this))
{
    setWindowTitle(tr("Export an Animation"));
    const double endSeconds = double(end) / kSecond;
    for (QDoubleSpinBox *box : {m_from, m_to}) {
        box->setDecimals(3);
        box->setRange(0, endSeconds);
        box->setSingleStep(0.05);
        box->setSuffix(tr(" s"));
    }
    // Around the playhead: what the teacher is looking at is what they want on the slide.
    const double at = double(now) / kSecond;
    m_from->setValue(std::max(0.0, at - 0.1));
    m_to->setValue(std::min(endSeconds, at + 0.3));
    for (double s : {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0})
        m_speed->addItem(tr("%1× (1 s of video shows %2 ms)").arg(s).arg(s * 1000), s);
    m_speed->setCurrentIndex(3);
    for (const QSize &s : {QSize(640, 360), QSize(1280, 720), QSize(1920, 1080)})
        m_size->addItem(QStringLiteral("%1 x %2").arg(s.width()).arg(s.height()), s);
    m_size->setCurrentIndex(1);
    m_caption->setChecked(true);

    auto *form = new QFormLayout(this);
    form->addRow(tr("From:"), m_from);
    form->addRow(tr("To:"), m_to);
    form->addRow(tr("Speed:"), m_speed);
    form->addRow(tr("Size:"), m_size);
    form->addRow(m_caption);
    form->addRow(m_summary);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Choose File..."));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_from, &QDoubleSpinBox::valueChanged, this, &AnimationDialog::updateSummary);
    connect(m_to, &QDoubleSpinBox::valueChanged, this, &AnimationDialog::updateSummary);
    connect(m_speed, &QComboBox::currentIndexChanged, this, &AnimationDialog::updateSummary);
    updateSummary();
    m_summary->setWordWrap(true);
    m_summary->setMinimumWidth(360);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setAccessibleName(tr("What the animation will be"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(spec().check().empty());
    connect(m_from, &QDoubleSpinBox::valueChanged, buttons, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(spec().check().empty());
    });
    connect(m_to, &QDoubleSpinBox::valueChanged, buttons, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(spec().check().empty());
    });
}

AnimationSpec AnimationDialog::spec() const
{
    AnimationSpec s;
    s.from = static_cast<SimTime>(std::llround(m_from->value() * kSecond));
    s.to = static_cast<SimTime>(std::llround(m_to->value() * kSecond));
    s.speed = m_speed->currentData().toDouble();
    s.size = m_size->currentData().toSize();
    s.caption = m_caption->isChecked();
    return s;
}

void AnimationDialog::updateSummary()
{
    const AnimationSpec s = spec();
    const std::string why = s.check();
    m_summary->setText(why.empty() ? tr("%1 frames, %2 s of video at %3 frames a second (MP4 "
                                        "or GIF, as the file name says).")
                                         .arg(s.frameCount())
                                         .arg(double(s.frameCount()) / s.fps, 0, 'f', 2)
                                         .arg(s.fps)
                                   : QString::fromStdString(why));
}

} // namespace dplab
