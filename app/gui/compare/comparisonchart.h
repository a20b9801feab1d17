#pragma once

#include "app/export/chartcatalog.h"
#include "app/export/comparisonoverlay.h"
#include "app/export/faultbands.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;

namespace dplab {

class ChartView;
class LabChart;
class SimulationDocument;

/**
 * The charts of variants A and B overlaid on the same axes (A solid, B dashed in the same
 * colour, faults of either shaded), one chart at a time picked in a combo box: the charts the
 * CLI's comparison report draws, fed as the two runs advance.
 */
class ComparisonChart : public QWidget
{
    Q_OBJECT

public:
    ComparisonChart(SimulationDocument *a, SimulationDocument *b, QWidget *parent = nullptr);
    ~ComparisonChart() override;

    /// The charts offered now (those with data in either run), in the picker's order.
    QStringList chartIds() const;
    QString currentChartId() const;
    bool setCurrentChart(const QString &id);
    LabChart *chart() const { return m_chart; }
    ChartView *chartView() const { return m_view; }
    QComboBox *picker() const { return m_picker; }
    const MetricsMerger &merged() const { return m_merged; }

public slots:
    /// Brings the chart up to the documents' shared time.
    void refresh();

private:
    void updateOffered();
    void showChart(const QString &id);

    SimulationDocument *m_docs[2];
    QComboBox *m_picker;
    ChartView *m_view;
    LabChart *m_chart = nullptr;
    MetricsMerger m_merged;
    std::vector<ChartSpec> m_catalogA, m_catalogB;
    std::vector<ChartSpec> m_overlays; ///< every chart either run supports, overlaid
    std::vector<bool> m_offered;
    std::size_t m_rowsChecked = 0;
    FaultBandTracker m_faultsA, m_faultsB;
    bool m_updatingPicker = false;
};

} // namespace dplab
