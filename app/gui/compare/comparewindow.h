#pragma once

#include "app/gui/compare/comparisonsetup.h"
#include "simulation/kernel/simtime.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QTableView;

namespace dplab {

class CanvasView;
class CompareBanner;
class ComparisonChart;
class ComparisonFilterModel;
class ComparisonTableModel;
class LockstepPlayback;
class SimulationDocument;

/**
 * The A/B comparison (File > Compare...): two variants of one scenario, each in its own
 * document, side by side on two canvases that play in lockstep (one Play/Pause, Step, speed and
 * time scrubber for both), their charts overlaid, and a table of the summary figures side by
 * side with the notable differences highlighted, brought up to date as the runs advance.
 */
class CompareWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Loads and builds both variants; returns nullptr and sets *error ("Variant B: ...") when
    /// either cannot run. The window is deleted when closed.
    static CompareWindow *create(const ComparisonSetup &setup, QWidget *parent, QString *error);
    ~CompareWindow() override;

protected:
    void showEvent(QShowEvent *event) override;

public:
    SimulationDocument *documentA() const { return m_docs[0]; }
    SimulationDocument *documentB() const { return m_docs[1]; }
    CanvasView *canvasA() const { return m_canvases[0]; }
    CanvasView *canvasB() const { return m_canvases[1]; }
    LockstepPlayback *playback() const { return m_playback; }
    ComparisonChart *chart() const { return m_chart; }
    /// The top: flipped checks and the lesson's key figures, A vs B.
    CompareBanner *banner() const { return m_banner; }
    ComparisonTableModel *tableModel() const { return m_table; }
    QTableView *tableView() const { return m_tableView; }
    QCheckBox *differencesOnlyBox() const { return m_differencesOnly; }
    QSlider *scrubber() const { return m_scrubber; }
    QAction *playAction() const { return m_playAction; }
    QAction *stepAction() const { return m_stepAction; }
    /// "A: outbox off" and "B: outbox on" (what tells them apart).
    QString labelA() const;
    QString labelB() const;
    QString timeText() const;
    /// Wall time of the last table update (both summaries and the comparison), in ms.
    double lastTableMs() const { return m_tableMs; }

public slots:
    /// Recomputes the table from both runs' summaries now.
    void refreshTable();
    void setSpeed(double speed);

private:
    CompareWindow(SimulationDocument *a, SimulationDocument *b, const ComparisonSetup &setup,
                  QWidget *parent);
    void createActions();
    QWidget *createCanvases();
    /// Widens the Difference column to its longest text ("+1,234.5 (+812.3%)").
    void fitDifferenceColumn();
    QWidget *createBottom();
    void onFrame();
    void updateControls();

    SimulationDocument *m_docs[2];
    CanvasView *m_canvases[2] = {};
    QLabel *m_labels[2] = {};
    LockstepPlayback *m_playback;
    ComparisonChart *m_chart = nullptr;
    CompareBanner *m_banner = nullptr;
    ComparisonTableModel *m_table;
    ComparisonFilterModel *m_filter;
    QTableView *m_tableView = nullptr;
    QCheckBox *m_differencesOnly = nullptr;
    QLabel *m_tableCaption = nullptr;
    QSlider *m_scrubber = nullptr;
    QLabel *m_timeLabel = nullptr;
    QComboBox *m_speed = nullptr;
    QAction *m_playAction = nullptr;
    QAction *m_stepAction = nullptr;
    QTimer m_chartTimer;
    QElapsedTimer m_tableClock;
    QString m_descriptions[2];
    double m_tableMs = 0;
    bool m_scrubbing = false;
};

} // namespace dplab
