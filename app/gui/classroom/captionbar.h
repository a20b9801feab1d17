#pragma once

#include <QFrame>

class QLabel;
class QScrollArea;
class QToolButton;

namespace dplab {

/**
 * The lesson's narration above the canvas: the caption of this moment in large type, which one
 * it is ("3 / 7"), and Next (Page Down). At a "predict, then reveal" pause it says that the
 * run waits, so the class can predict before Next reveals.
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
    static constexpr double kSmallest = 0.75;

    explicit CaptionBar(QWidget *parent = nullptr);

    /// index: 0-based caption shown (-1: none yet); count: captions in the lesson.
    void setCaption(const QString &text, int index, int count, bool waiting);
    QString text() const;
    bool waiting() const { return m_waiting; }
    /// Larger type for a projector.
    void setPresentation(bool on);
    /// The point size the caption is set in now (smaller than the bar's for a long caption).
    double textPointSize() const;

signals:
    void nextRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLook();
    /// Sets the caption in the largest type, from the bar's down to kSmallest of it, in which
    /// it fits the fixed height.
    void fitText();

    QScrollArea *m_scroll;
    QLabel *m_text;
    QLabel *m_counter;
    QToolButton *m_next;
    bool m_waiting = false;
    bool m_presentation = false;
};

} // namespace dplab
