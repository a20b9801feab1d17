#pragma once

#include "simulation/kernel/simtime.h"

#include <optional>

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace dplab {

class QueryResultModel;
class SimulationDocument;
class SqlConsole;

/**
 * The database inspector: for the selected service, its state and counters, the rows of any of
 * its tables at the playhead (refreshed a few times a second while time moves) and a read-only
 * SQL console.
 */
class InspectorPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr std::size_t kMaxRows = 500;

    explicit InspectorPanel(SimulationDocument *document, QWidget *parent = nullptr);

    int currentService() const;
    QString currentTable() const;
    QueryResultModel *tableModel() const { return m_tableModel; }
    QTableView *tableView() const { return m_tableView; }
    QComboBox *tableCombo() const { return m_tables; }
    QComboBox *serviceCombo() const { return m_services; }
    SqlConsole *console() const { return m_console; }
    QString rowCountText() const;
    QString stateText() const;
    /// The primary key of the one row shown (showRow()), or "" when the table is shown whole.
    QString shownRowKey() const { return m_rowKey; }

public slots:
    /// Shows service `index` (-1 = none); the canvas's selection calls this.
    void selectService(int index);
    void selectTable(const QString &name);
    /// Selects a service and one of its tables and shows only the row whose primary key is
    /// `key` (as text), as it is at the playhead: the row a chain of evidence names. Choosing
    /// another service or table, or showTable(), shows whole tables again.
    void showRow(int service, const QString &table, const QString &key);
    void showTable();
    /// Re-reads the state and the rows now.
    void refresh();
    /// The panel came into view (its dock's tab raised): refresh if the run moved meanwhile.
    void catchUp();

private:
    void scheduleRefresh();
    void rebuildServices();
    void rebuildTables();
    void refreshState();
    void refreshRows();
    void setStateText(const QString &text);
    void updateConsoleHint();
    /// The service whose database is shown, or -1.
    int databaseService() const;

    SimulationDocument *m_document;
    QComboBox *m_services;
    QLabel *m_state;
    QComboBox *m_tables;
    QLabel *m_rowCount;
    QTableView *m_tableView;
    QueryResultModel *m_tableModel;
    SqlConsole *m_console;
    QTimer m_throttle;
    bool m_stale = false; ///< the run moved on while the panel was hidden
    bool m_fitColumns = true;
    QString m_rowKey; ///< showRow()'s key ("" for the whole table)
    /// When the console's result was read (none shown: unset).
    std::optional<SimTime> m_queryTime;
};

} // namespace dplab
