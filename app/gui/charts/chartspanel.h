#pragma once

#include "app/export/chartcatalog.h"
#include "app/export/faultbands.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QToolButton;

namespace dplab {

class ChartView;
class LabChart;
class SimulationDocument;
struct ChartInput;

/**
 * The Charts dock: one chart at a time (picked in a combo box, remembered in the settings) of
 * the metrics the open scenario produces, synced to the playhead: drawn up to now, faults
 * shaded, redrawn at most once per frame. Exports the chart or all of them as PNG, SVG and CSV.
 */
class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPanel(SimulationDocument *document, QWidget *parent = nullptr);
    ~ChartsPanel() override;

    /// The charts offered now (those with data), in the combo's order.
    QStringList chartIds() const;
    QString currentChartId() const;
    /// Shows a chart by id; false if it is not offered.
    bool setCurrentChart(const QString &id);
    /// Shows the chart that draws a metrics column ("order-view.staleness_ms"), now or as soon
    /// as it has data, and keeps it the pick (a pattern switch brings it back); false when no
    /// chart of this run draws the column.
    bool showSeries(const QString &column);
    LabChart *chart() const { return m_chart; }
    ChartView *chartView() const { return m_view; }
    QComboBox *picker() const { return m_picker; }

    /// Writes the shown chart / every offered chart into `dir`; returns an empty string or why
    /// it failed; *written receives the files.
    QString exportCurrent(const QString &dir, QStringList *written = nullptr);
    QString exportAll(const QString &dir, QStringList *written = nullptr);

    /// Wall time of chart updates (feeding new samples, replacing the lines, moving the
    /// playhead and bands; not the painting), for the frame budget.
    double lastUpdateMs() const { return m_lastUpdateMs; }
    double maxUpdateMs() const { return m_maxUpdateMs; }
    double meanUpdateMs() const { return m_updates ? m_totalUpdateMs / m_updates : 0.0; }
    double totalUpdateMs() const { return m_totalUpdateMs; }
    int updates() const { return m_updates; }
    /// Time between two chart updates while playing: one frame, or longer when a chart is
    /// expensive to draw (a long run, many lines), so the charts take at most about a quarter
    /// of the wall time and the canvas and controls stay fluid.
    int refreshInterval() const { return m_frame.interval(); }

public slots:
    /// Brings the chart up to the document's now (the timer calls it once per frame).
    void refresh();
    /// Asks for folders and exports (the menu and the context menu call these).
    void exportCurrentDialog();
    void exportAllDialog();

private:
    void rebuildCatalog();
    /// Index of a chart in m_specs, or m_specs.size().
    std::size_t indexOf(const QString &id) const;
    void updateOffered();
    void showChart(int specIndex);
    void scheduleRefresh();
    void showContextMenu(const QPoint &pos);
    QString chooseFolder(const QString &caption);
    ChartInput input();

    SimulationDocument *m_document;
    QComboBox *m_picker;
    QToolButton *m_export;
    QLabel *m_empty;
    ChartView *m_view;
    LabChart *m_chart = nullptr;
    std::vector<ChartSpec> m_specs;
    std::vector<bool> m_offered;
    std::size_t m_rowsChecked = 0;
    FaultBandTracker m_faults;
    QTimer m_frame;
    bool m_updatingPicker = false;
    bool m_newCatalog = false;
    double m_lastUpdateMs = 0, m_maxUpdateMs = 0, m_totalUpdateMs = 0;
    int m_updates = 0;
};

} // namespace dplab
