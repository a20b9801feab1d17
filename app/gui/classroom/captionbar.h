#pragma once

#include <QFrame>
#include <QList>
#include <QStringList>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;

namespace dplab {

/**
 * The lesson's narration above the canvas: the caption of this moment in large type, which one
 * it is ("3 / 7"), and Next (Page Down). At a "predict, then reveal" pause it says that the
 * run waits, so the class can predict before Next reveals. A "predict" caption with choices
 * shows them as large buttons under the text: the teacher clicks the class's answer, and the
 * reveal marks the right one (and the class's, right or wrong). A caption may offer a "Try it"
 * button under Next (a change the lesson suggests), and a "Show why" button that walks the
 * evidence of a check it points at. When the patterns no longer are the
 * lesson's, the caption says that it was written for the lesson's own.
 *
 * Its height is fixed (kLines lines of the caption's type), whatever the caption: a long one is
 * set in smaller type, down to kSmallest of the size, and scrolls beyond that, so the canvas and
 * the docks never move when the caption changes.
 */
class CaptionBar : public QFrame
{
    Q_OBJECT

public:
    static constexpr int kLines = 3;
    static constexpr double kSmallest = 0.65;

    explicit CaptionBar(QWidget *parent = nullptr);

    /// index: 0-based caption shown (-1: none yet); count: captions in the lesson.
    void setCaption(const QString &text, int index, int count, bool waiting);
    QString text() const;
    bool waiting() const { return m_waiting; }
    /// The answers offered with the caption (none: no buttons); `answer` is the right one.
    /// Forgets the class's choice.
    void setChoices(const QStringList &choices, int answer);
    /// Shows the right answer (and whether the class's was right); before it, choices can be
    /// clicked.
    void setRevealed(bool revealed);
    bool revealed() const { return m_revealed; }
    /// The answer the class chose (-1: none).
    int chosen() const { return m_chosen; }
    /// One button per choice, in order ("verdict" property after the reveal: "right" for the
    /// answer, "wrong" for the class's other choice, "" otherwise).
    QList<QPushButton *> choiceButtons() const { return m_choiceButtons; }
    /// The caption's "Try it" button: its label ("" hides it).
    void setTryLabel(const QString &label);
    QPushButton *tryButton() const { return m_try; }
    /// The caption points at a check's evidence: its "Show why" button is shown.
    void setShowWhy(bool on);
    QPushButton *whyButton() const { return m_why; }
    /// The patterns are not the lesson's (nor a "Try it" change): the caption says so.
    void setOffLesson(bool off);
    bool offLesson() const { return m_offLesson; }
    /// Larger type for a projector.
    void setPresentation(bool on);
    /// The point size the caption is set in now (smaller than the bar's for a long caption).
    double textPointSize() const;

signals:
    void nextRequested();
    void tryRequested();
    void whyRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLook();
    /// The caption, the pause note and the off-lesson note into the label.
    void updateText();
    /// Text, colours and verdicts of the choice buttons for the state now.
    void updateChoices();
    void choose(int index);
    /// Sets the caption in the largest type, from the bar's down to kSmallest of it, in which
    /// it fits the fixed height.
    void fitText();

    QScrollArea *m_scroll;
    QLabel *m_text;
    QLabel *m_counter;
    QToolButton *m_next;
    QPushButton *m_try;
    QPushButton *m_why;
    QString m_caption; ///< the caption as written
    bool m_offLesson = false;
    QWidget *m_choiceRow;
    QHBoxLayout *m_choiceLayout;
    QList<QPushButton *> m_choiceButtons;
    QList<QLabel *> m_choiceLabels;
    QStringList m_choices;
    int m_answer = -1;
    int m_chosen = -1;
    bool m_revealed = false;
    bool m_waiting = false;
    bool m_presentation = false;
};

} // namespace dplab
