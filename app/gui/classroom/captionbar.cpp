#include "app/gui/classroom/captionbar.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace dplab {

namespace {

constexpr int kMarginV = 6;

double basePointSize(bool presentation)
{
    return presentation ? 22 : 12.5;
}

double choicePointSize(bool presentation)
{
    return presentation ? 18 : 11;
}

/// Lines of a choice's text a button holds (longer ones are set smaller by nobody: keep
/// choices short).
constexpr int kChoiceLines = 2;

} // namespace

CaptionBar::CaptionBar(QWidget *parent)
    : QFrame(parent)
    , m_scroll(new QScrollArea(this))
    , m_text(new QLabel)
    , m_counter(new QLabel(this))
    , m_next(new QToolButton(this))
    , m_try(new QPushButton(this))
    , m_why(new QPushButton(this))
    , m_choiceRow(new QWidget(this))
    , m_choiceLayout(new QHBoxLayout(m_choiceRow))
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
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(12, kMarginV, 8, kMarginV);
    column->setSpacing(kMarginV);
    m_try->setObjectName("tryIt");
    m_try->setFocusPolicy(Qt::NoFocus); // Space and Page Down stay the presenter's
    m_try->setToolTip(tr("Make this change now, as the Patterns or Faults panel would (it forks "
                         "the run at the playhead; Undo takes it back)"));
    m_try->hide();
    connect(m_try, &QPushButton::clicked, this, &CaptionBar::tryRequested);
    m_why->setObjectName("showWhy");
    m_why->setText(tr("Show why"));
    m_why->setFocusPolicy(Qt::NoFocus);
    m_why->setToolTip(tr("Walk the events that prove why the check failed, one by one (the run "
                         "plays to its end first if it has not got there)"));
    m_why->hide();
    connect(m_why, &QPushButton::clicked, this, &CaptionBar::whyRequested);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_scroll, 1);
    // Counter and Next on top, the caption's "Try it" under them: within the bar's height.
    auto *side = new QVBoxLayout;
    side->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_counter);
    top->addWidget(m_next);
    side->addLayout(top);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_why);
    buttons->addWidget(m_try);
    side->addLayout(buttons);
    side->addStretch(1);
    row->addLayout(side);
    column->addLayout(row);
    m_choiceRow->setObjectName("choices");
    m_choiceLayout->setContentsMargins(0, 0, 0, 0);
    m_choiceLayout->setSpacing(12);
    m_choiceRow->hide();
    column->addWidget(m_choiceRow);
    connect(m_next, &QToolButton::clicked, this, &CaptionBar::nextRequested);
    updateLook();
    hide();
}

void CaptionBar::setCaption(const QString &text, int index, int count, bool waiting)
{
    const bool look = waiting != m_waiting;
    m_waiting = waiting;
    m_caption = text;
    updateText();
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

void CaptionBar::updateText()
{
    QString text = m_caption;
    if (m_offLesson && !text.isEmpty())
        text = tr("[Written for the lesson's own patterns; you changed them]") +
               QStringLiteral(" ") + text;
    if (m_waiting && !text.isEmpty())
        text += QStringLiteral("   ") + tr("[paused: predict, then Next]");
    m_text->setText(text);
}

void CaptionBar::setTryLabel(const QString &label)
{
    m_try->setText(label.isEmpty() ? QString() : tr("Try it: %1").arg(label));
    m_try->setVisible(!label.isEmpty());
}

void CaptionBar::setShowWhy(bool on)
{
    m_why->setVisible(on);
}

void CaptionBar::setOffLesson(bool off)
{
    if (off == m_offLesson)
        return;
    m_offLesson = off;
    updateText();
    fitText();
}

void CaptionBar::setChoices(const QStringList &choices, int answer)
{
    m_chosen = -1;
    if (choices == m_choices && answer == m_answer) {
        updateChoices();
        return; // the same buttons
    }
    m_choices = choices;
    m_answer = answer;
    qDeleteAll(m_choiceButtons);
    m_choiceButtons.clear();
    m_choiceLabels.clear();
    for (int i = 0; i < choices.size(); ++i) {
        auto *button = new QPushButton(m_choiceRow);
        button->setObjectName(QStringLiteral("choice%1").arg(i));
        // Never takes the keyboard: Space and Page Down stay the presenter's.
        button->setFocusPolicy(Qt::NoFocus);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        button->setAccessibleName(choices[i]);
        auto *label = new QLabel(button);
        label->setTextFormat(Qt::RichText);
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignCenter);
        label->setAttribute(Qt::WA_TransparentForMouseEvents);
        auto *inside = new QHBoxLayout(button);
        inside->setContentsMargins(10, 4, 10, 4);
        inside->addWidget(label);
        connect(button, &QPushButton::clicked, this, [this, i] { choose(i); });
        m_choiceLayout->addWidget(button, 1);
        m_choiceButtons << button;
        m_choiceLabels << label;
    }
    m_choiceRow->setVisible(!choices.isEmpty());
    updateLook();
}

void CaptionBar::setRevealed(bool revealed)
{
    if (revealed == m_revealed)
        return;
    m_revealed = revealed;
    updateChoices();
}

void CaptionBar::choose(int index)
{
    if (m_revealed)
        return;
    m_chosen = m_chosen == index ? -1 : index; // a second click takes it back
    updateChoices();
}

void CaptionBar::updateChoices()
{
    for (int i = 0; i < m_choiceButtons.size(); ++i) {
        QPushButton *button = m_choiceButtons[i];
        const bool right = m_revealed && i == m_answer;
        const bool wrong = m_revealed && i == m_chosen && i != m_answer;
        const bool chosen = i == m_chosen;
        // A mark before the letter, so the text keeps its two lines: the colours say the rest
        // and the tooltip says it in words.
        QString mark, words;
        if (right) {
            mark = QStringLiteral("✓");
            words = chosen ? tr("The right answer, and the class's") : tr("The right answer");
        } else if (wrong) {
            mark = QStringLiteral("✗");
            words = tr("The class's answer: not the right one");
        } else if (chosen) {
            mark = QStringLiteral("●");
            words = tr("The class's answer; Next reveals the right one");
        } else if (!m_revealed) {
            words = tr("Click for the class's answer, then Next reveals the right one");
        }
        const QString letter = QString(QChar('A' + i));
        m_choiceLabels[i]->setText(
            QStringLiteral("<b>%1%2</b>&nbsp;&nbsp;%3")
                .arg(mark.isEmpty() ? QString() : mark + QStringLiteral("&nbsp;"), letter,
                     m_choices[i].toHtmlEscaped()));
        button->setProperty("verdict", right   ? QStringLiteral("right")
                                       : wrong ? QStringLiteral("wrong")
                                               : QString());
        button->setToolTip(words);
        button->setEnabled(true);
        // Green for the right answer, red for a wrong guess, blue for the guess before the
        // reveal; the others fade once the answer is known.
        const char *fill = right        ? "#d4efdf"
                           : wrong      ? "#f5d5d0"
                           : chosen     ? "#d6e4f5"
                           : m_revealed ? "#f2f2f2"
                                        : "#ffffff";
        const char *edge = right ? "#1e8449" : wrong ? "#c0392b" : chosen ? "#1f5fa8" : "#7f8c8d";
        const char *ink = m_revealed && !right && !wrong ? "#555555" : "#111111";
        button->setStyleSheet(QStringLiteral("QPushButton { background: %1; border: %2px solid %3;"
                                             " border-radius: 6px; } QLabel { color: %4; }")
                                  .arg(QLatin1String(fill))
                                  .arg(right || wrong || chosen ? 4 : 2)
                                  .arg(QLatin1String(edge), QLatin1String(ink)));
    }
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
    // The bar keeps the height of kLines lines of its type: captions never move the layout
    // (only a caption with choices adds their row, while the run waits on it).
    const int textHeight = QFontMetrics(f).lineSpacing() * kLines + 4;
    m_scroll->setFixedHeight(textHeight);
    QFont choiceFont = font();
    choiceFont.setPointSizeF(choicePointSize(m_presentation));
    const int choiceHeight = QFontMetrics(choiceFont).lineSpacing() * kChoiceLines + 16;
    for (QLabel *label : m_choiceLabels)
        label->setFont(choiceFont);
    m_choiceRow->setFixedHeight(choiceHeight);
    setFixedHeight(textHeight + 2 * kMarginV +
                   (m_choiceButtons.isEmpty() ? 0 : choiceHeight + kMarginV));
    QFont small = font();
    small.setPointSizeF(m_presentation ? 16 : 10);
    m_counter->setFont(small);
    m_next->setFont(small);
    m_try->setFont(small);
    m_try->setStyleSheet(QStringLiteral("QPushButton { background: #d4efdf; border: 2px solid "
                                        "#1e8449; border-radius: 5px; padding: 2px 8px; }"));
    m_why->setFont(small);
    m_why->setStyleSheet(QStringLiteral("QPushButton { background: #d4e6ff; border: 2px solid "
                                        "#0b3d80; border-radius: 5px; padding: 2px 8px; }"));
    // A pause is the moment to think: amber; otherwise a calm band (black on white when
    // presenting, for the back of the room).
    const char *fill = m_waiting ? "#fdebd0" : (m_presentation ? "#ffffff" : "#eef4fa");
    const char *edge = m_waiting ? "#e67e22" : (m_presentation ? "#000000" : "#aec6de");
    setStyleSheet(
        QStringLiteral("QFrame#captionBar { background: %1; border-bottom: 2px solid %2; }"
                       " QLabel { color: #111111; }")
            .arg(QLatin1String(fill), QLatin1String(edge)));
    updateChoices();
    fitText();
}

} // namespace dplab
