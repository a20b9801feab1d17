#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace dplab {

/**
 * The lesson's narration above the canvas: the caption of this moment in large type, which one
 * it is ("3 / 7"), and Next (Page Down). At a "predict, then reveal" pause it says that the
 * run waits, so the class can predict before Next reveals.
 */
class CaptionBar : public QFrame
{
    Q_OBJECT

public:
    explicit CaptionBar(QWidget *parent = nullptr);

    /// index: 0-based caption shown (-1: none yet); count: captions in the lesson.
    void setCaption(const QString &text, int index, int count, bool waiting);
    QString text() const;
    bool waiting() const { return m_waiting; }
    /// Larger type for presentation mode.
    void setPresentation(bool on);

signals:
    void nextRequested();

private:
    void updateLook();

    QLabel *m_text;
    QLabel *m_counter;
    QToolButton *m_next;
    bool m_waiting = false;
    bool m_presentation = false;
};

} // namespace dplab
