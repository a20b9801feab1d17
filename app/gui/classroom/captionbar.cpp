#include "app/gui/classroom/captionbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace dplab {

CaptionBar::CaptionBar(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_counter(new QLabel(this))
    , m_next(new QToolButton(this))
{
    setObjectName("captionBar");
    m_text->setObjectName("narration");
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_counter->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_next->setText(tr("Next ▶"));
    m_next->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_next->setToolTip(tr("Next caption (Page Down): play on to it, or past a pause"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(12, 6, 8, 6);
    row->addWidget(m_text, 1);
    row->addWidget(m_counter);
    row->addWidget(m_next);
    connect(m_next, &QToolButton::clicked, this, &CaptionBar::nextRequested);
    updateLook();
    hide();
}

void CaptionBar::setCaption(const QString &text, int index, int count, bool waiting)
{
    m_waiting = waiting;
    m_text->setText(waiting && !text.isEmpty()
                        ? text + QStringLiteral("   ") + tr("[paused: predict, then Next]")
                        : text);
    m_counter->setText(count > 0 ? QStringLiteral("%1 / %2").arg(index + 1).arg(count) : QString());
    m_next->setEnabled(count > 0 && (waiting || index + 1 < count));
    setVisible(count > 0);
    updateLook();
}

QString CaptionBar::text() const
{
    return m_text->text();
}

void CaptionBar::setPresentation(bool on)
{
    m_presentation = on;
    updateLook();
}

void CaptionBar::updateLook()
{
    QFont f = font();
    f.setPointSizeF(m_presentation ? 22 : 12.5);
    f.setItalic(!m_presentation);
    m_text->setFont(f);
    QFont small = font();
    small.setPointSizeF(m_presentation ? 16 : 10);
    m_counter->setFont(small);
    m_next->setFont(small);
    // A pause is the moment to think: amber; otherwise a calm band (black on white when
    // presenting, for the back of the room).
    const char *fill = m_waiting ? "#fdebd0" : (m_presentation ? "#ffffff" : "#eef4fa");
    const char *edge = m_waiting ? "#e67e22" : (m_presentation ? "#000000" : "#aec6de");
    setStyleSheet(
        QStringLiteral("QFrame#captionBar { background: %1; border-bottom: 2px solid %2; }"
                       " QLabel { color: #111111; }")
            .arg(QLatin1String(fill), QLatin1String(edge)));
}

} // namespace dplab
