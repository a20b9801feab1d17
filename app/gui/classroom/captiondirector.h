#pragma once

#include <QObject>

#include <functional>

class QDockWidget;

namespace dplab {

class ChartsPanel;
class ChecksPanel;
class ExplainerPane;
class FollowController;
class InspectorPanel;
class SimulationDocument;

/**
 * Makes the view follow the lesson: when a caption appears, shows what it names (its "chart"
 * in the Charts dock, its "select"ed service and "table" in the inspector, its "figure"
 * highlighted in the Checks and figures dock (or the check its "evidence" names), the explainer of
 * the pattern it "explain"s, the request it asks to "follow", its playback "speed"), raising those
 * docks.
 */
class CaptionDirector : public QObject
{
    Q_OBJECT

public:
    /// The docks the captions can drive, and how to set the playback speed.
    struct Views
    {
        ChartsPanel *charts = nullptr;
        QDockWidget *chartsDock = nullptr;
        InspectorPanel *inspector = nullptr;
        QDockWidget *inspectorDock = nullptr;
        ChecksPanel *checks = nullptr;
        QDockWidget *checksDock = nullptr;
        ExplainerPane *explainer = nullptr;
        QDockWidget *explainerDock = nullptr;
        FollowController *follow = nullptr;
        std::function<void(double)> setSpeed;
        /// Shows a dock (the presenter's placement); show() and raise() when not set.
        std::function<void(QDockWidget *)> raise;
    };

    CaptionDirector(SimulationDocument *document, Views views, QObject *parent = nullptr);

    /// The caption shown now (0-based, -1 before the first): applies what it names when it
    /// differs from the last one applied.
    void show(int index);
    /// A new scenario: the next caption is applied even if its index is the same. A new file
    /// (not a pattern switch) also turns the explainer to the lesson's pattern: the first one a
    /// caption explains, else the first switched on.
    void reset();

private:
    void raiseDock(QDockWidget *dock);

    SimulationDocument *m_document;
    Views m_views;
    int m_index = -2;
    int m_lesson = -1; ///< the load generation whose explainer was chosen
};

} // namespace dplab
