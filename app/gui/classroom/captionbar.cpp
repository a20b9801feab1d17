#include "app/gui/classroom/captionbar.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>

namespace dplab {

namespace {

constexpr int kMarginV = 6;

double basePointSize(bool presentation)
{
    return presentation ? 22 : 12.5;
}

} // namespace

CaptionBar::CaptionBar(QWidget *parent)
    : QFrame(parent)
    , m_scroll(new QScrollArea(this))
    , m_text(new QLabel)
    , m_counter(new QLabel(this))
    , m_next(new QToolButton(this))
{
    setObjectName("captionBar");
    m_text->setObjectName("narration");
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_scroll->setWidget(m_text);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setStyleSheet(QStringLiteral("QScrollArea, QScrollArea > QWidget > QWidget "
                                           "{ background: transparent; }"));
    m_counter->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_next->setText(tr("Next ▶"));
    m_next->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_next->setToolTip(tr("Next caption (Page Down): play on to it, or past a pause"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(12, kMarginV, 8, kMarginV);
    row->addWidget(m_scroll, 1);
    row->addWidget(m_counter);
    row->addWidget(m_next);
    connect(m_next, &QToolButton::clicked, this, &CaptionBar::nextRequested);
    updateLook();
    hide();
}

void CaptionBar::setCaption(const QString &text, int index, int count, bool waiting)
{
    const bool look = waiting != m_waiting;
    m_waiting = waiting;
    m_text->setText(waiting && !text.isEmpty()
                        ? text + QStringLiteral("   ") + tr("[paused: predict, then Next]")
                        : text);
    m_counter->setText(count > 0 ? QStringLiteral("%1 / %2").arg(index + 1).arg(count) : QString());
    m_next->setEnabled(count > 0 && (waiting || index + 1 < count));
    setVisible(count > 0);
    if (look)
        updateLook();
    else
        fitText();
}

QString CaptionBar::text() const
{
    return m_text->text();
}

double CaptionBar::textPointSize() const
{
    return m_text->font().pointSizeF();
}

void CaptionBar::setPresentation(bool on)
{
    m_presentation = on;
    updateLook();
}

void CaptionBar::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitText();
}

void CaptionBar::fitText()
{
    QFont f = m_text->font();
    const double base = basePointSize(m_presentation);
    const int width = m_scroll->viewport()->width() - 4;
    const int height = m_scroll->height();
    if (width <= 0)
        return;
    for (double size = base; size >= base * kSmallest - 1e-9; size -= 0.5) {
        f.setPointSizeF(size);
        const QRect needed = QFontMetrics(f).boundingRect(QRect(0, 0, width, 100000),
                                                          Qt::TextWordWrap, m_text->text());
        if (needed.height() <= height)
            break;
    }
    m_text->setFont(f);
    m_scroll->verticalScrollBar()->setValue(0);
}

void CaptionBar::updateLook()
{
    QFont f = font();
    f.setPointSizeF(basePointSize(m_presentation));
    f.setItalic(!m_presentation);
    m_text->setFont(f);
    // The bar keeps the height of kLines lines of its type: captions never move the layout.
    setFixedHeight(QFontMetrics(f).lineSpacing() * kLines + 2 * kMarginV + 4);
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
    fitText();
}

} // namespace dplab
