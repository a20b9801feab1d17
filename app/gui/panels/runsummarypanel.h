#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace dplab {

class SimulationDocument;

/**
 * A live summary of the run at the playhead: count, failures and latency percentiles per
 * operation, the bus counters and the services' utilization. Refreshes a few times a second,
 * only the cells that changed, and not at all while hidden.
 */
class RunSummaryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunSummaryPanel(SimulationDocument *document, QWidget *parent = nullptr);

    QTableWidget *operationsTable() const { return m_operations; }
    QString busText() const;

public slots:
    void refresh();
    /// The panel came into view (its dock's tab raised): refresh if something changed meanwhile.
    void catchUp();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();
    void refreshIfShown();
    /// Sets a cell's text only when it changed (a change costs a repaint of the cell).
    void setCell(int row, int column, const QString &text);

    SimulationDocument *m_document;
    QTableWidget *m_operations;
    QLabel *m_bus;
    QTimer m_throttle;
    bool m_stale = false; ///< the run moved on while the panel was hidden
};

} // namespace dplab
