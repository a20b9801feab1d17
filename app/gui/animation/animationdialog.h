#pragma once

#include "app/gui/animation/canvasrecorder.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace dplab {

/**
 * File > Export > Animation...: asks for the window of virtual time, the playback speed, the
 * size and whether the caption bar is drawn, and says how long the clip will be.
 */
class AnimationDialog : public QDialog
{
    Q_OBJECT

public:
    /// Starts with the window around `now` within [0, end].
    AnimationDialog(SimTime now, SimTime end, QWidget *parent = nullptr);
    AnimationSpec spec() const;

private:
    void updateSummary();

    QDoubleSpinBox *m_from;
    QDoubleSpinBox *m_to;
    QComboBox *m_speed;
    QComboBox *m_size;
    QCheckBox *m_caption;
    QLabel *m_summary;
};

} // namespace dplab
