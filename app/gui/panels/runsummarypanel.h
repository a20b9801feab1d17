#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace dplab {

class SimulationDocument;

/**
 * A live summary of the run at the playhead: count, failures and latency percentiles per
 * operation, the bus counters and the services' utilization. Refreshes a few times a second.
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

private:
    void scheduleRefresh();

    SimulationDocument *m_document;
    QTableWidget *m_operations;
    QLabel *m_bus;
    QTimer m_throttle;
};

} // namespace dplab
