#include "app/gui/inspector/inspectorpanel.h"

#include "app/gui/inspector/queryresultmodel.h"
#include "app/gui/inspector/sqlconsole.h"
#include "app/gui/simulationdocument.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace dplab {

namespace {

constexpr int kRefreshMs = 250;

QString quoted(const QString &identifier)
{
    QString q = identifier;
    q.replace('"', "\"\"");
    return '"' + q + '"';
}

bool plainIdentifier(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return plain.match(name).hasMatch();
}

QString seconds(SimTime t)
{
    return QString::number(static_cast<double>(t) / static_cast<double>(kSecond), 'f', 1) + " s";
}

} // namespace

InspectorPanel::InspectorPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_services(new QComboBox(this))
    , m_state(new QLabel(this))
    , m_tables(new QComboBox(this))
    , m_rowCount(new QLabel(this))
    , m_tableView(new QTableView(this))
    , m_tableModel(new QueryResultModel(this))
    , m_console(new SqlConsole(
          [this](const std::string &sql, std::size_t maxRows,
                 std::uint64_t maxSteps) -> std::optional<QueryResult> {
              const int s = databaseService();
              if (s < 0)
                  return std::nullopt;
              QueryResult result = m_document->queryDatabase(s, sql, maxRows, maxSteps);
              m_queryTime = m_document->now();
              return result;
          },
          this))
{
    m_services->setToolTip(tr("The service to inspect (or click it on the canvas)"));
    // Long service and table names must not widen the dock past a 1280-pixel screen's room.
    for (QComboBox *combo : {m_services, m_tables}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    m_rowCount->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_tables->setToolTip(tr("A table of the service's own database"));
    m_state->setTextFormat(Qt::RichText);
    m_state->setWordWrap(true);
    m_rowCount->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_tableView->setModel(m_tableModel);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->horizontalHeader()->setStretchLastSection(true);
    m_tableView->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 6);
    m_tableView->verticalHeader()->hide(); // row numbers would lie: only the newest rows are shown
    // Fit the columns to the first rows of each table, then leave them to the user.
    connect(m_tableModel, &QAbstractItemModel::modelReset, this, [this] { m_fitColumns = true; });
    m_tableView->setToolTip(
        tr("The table's rows at the playhead (the last %1 by insertion order)").arg(kMaxRows));

    auto *top = new QFormLayout;
    top->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    top->addRow(tr("Service"), m_services);
    top->addRow(m_state);

    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto *tableRow = new QHBoxLayout;
    tableRow->addWidget(new QLabel(tr("Table"), tableBox));
    tableRow->addWidget(m_tables, 1);
    tableRow->addWidget(m_rowCount);
    tableLayout->addLayout(tableRow);
    tableLayout->addWidget(m_tableView, 1);

    auto *consoleBox = new QGroupBox(tr("SQL console (read-only)"), this);
    auto *consoleLayout = new QVBoxLayout(consoleBox);
    consoleLayout->setContentsMargins(6, 6, 6, 6);
    consoleLayout->addWidget(m_console);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tableBox);
    split->addWidget(consoleBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kRefreshMs);
    connect(&m_throttle, &QTimer::timeout, this, &InspectorPanel::refresh);
    connect(m_document, &SimulationDocument::advanced, this, &InspectorPanel::scheduleRefresh);
    // A query's rows are true at the moment they were read: once the playhead leaves it (back
    // or forward), they go, and the console says how to ask again.
    connect(m_document, &SimulationDocument::advanced, this, [this] {
        if (!m_queryTime || m_document->now() == *m_queryTime)
            return;
        m_console->expire(tr("The result was read at t = %1 s; press Run to read it again at the "
                             "playhead.")
                              .arg(static_cast<double>(*m_queryTime) / kSecond, 0, 'f', 3));
        m_queryTime.reset();
    });
    connect(m_document, &SimulationDocument::scenarioChanged, this,
            &InspectorPanel::rebuildServices);
    connect(m_document, &SimulationDocument::worldReset, this, [this] {
        rebuildTables();
        refresh();
    });
    connect(m_services, &QComboBox::currentIndexChanged, this, [this] {
        m_rowKey.clear();
        m_console->clearResult();
        m_queryTime.reset();
        rebuildTables();
        refresh();
    });
    connect(m_tables, &QComboBox::currentIndexChanged, this, [this] {
        m_rowKey.clear();
        m_tableModel->clear();
        updateConsoleHint();
        refreshRows();
    });
    rebuildServices();
}

int InspectorPanel::currentService() const
{
    return m_services->currentIndex();
}

QString InspectorPanel::currentTable() const
{
    return m_tables->currentText();
}

QString InspectorPanel::rowCountText() const
{
    return m_rowCount->text();
}

QString InspectorPanel::stateText() const
{
    return m_state->text();
}

void InspectorPanel::selectService(int index)
{
    if (index >= 0 && index < m_services->count())
        m_services->setCurrentIndex(index);
}

void InspectorPanel::selectTable(const QString &name)
{
    const int i = m_tables->findText(name);
    if (i >= 0)
        m_tables->setCurrentIndex(i);
}

void InspectorPanel::showRow(int service, const QString &table, const QString &key)
{
    selectService(service);
    selectTable(table);
    if (m_services->currentIndex() != service || m_tables->currentText() != table)
        return;
    m_rowKey = key;
    refreshRows();
}

void InspectorPanel::showTable()
{
    if (m_rowKey.isEmpty())
        return;
    m_rowKey.clear();
    refreshRows();
}

void InspectorPanel::scheduleRefresh()
{
    // Closed or behind another dock's tab: nothing to draw; catch up when it shows.
    if (!isVisible() || visibleRegion().isEmpty()) {
        m_stale = true;
        return;
    }
    if (!m_throttle.isActive())
        m_throttle.start();
}

int InspectorPanel::databaseService() const
{
    const int i = m_services->currentIndex();
    if (!m_document->hasRun() || i < 0 || i >= static_cast<int>(m_document->world().serviceCount()))
        return -1;
    return i;
}

void InspectorPanel::rebuildServices()
{
    const QString previous = m_services->currentData().toString();
    QSignalBlocker block(m_services);
    m_services->clear();
    if (m_document->hasRun()) {
        const World &w = m_document->world();
        for (std::size_t i = 0; i < w.serviceCount(); ++i) {
            const Service &s = w.service(static_cast<std::int16_t>(i));
            m_services->addItem(
                QStringLiteral("%1  (%2)")
                    .arg(QString::fromStdString(s.name()), QString::fromStdString(s.role())),
                QString::fromStdString(s.name()));
        }
    }
    const int keep = m_services->findData(previous);
    m_services->setCurrentIndex(keep >= 0 ? keep : (m_services->count() > 0 ? 0 : -1));
    m_console->clearResult();
    m_queryTime.reset();
    rebuildTables();
    refresh();
}

void InspectorPanel::rebuildTables()
{
    const QString previous = m_tables->currentText();
    QStringList names;
    if (const int s = databaseService(); s >= 0) {
        try {
            for (const auto &t : m_document->databaseTables(s))
                names << QString::fromStdString(t);
        } catch (const std::exception &) {
            // A database that cannot list its tables shows none.
        }
    }
    QSignalBlocker block(m_tables);
    m_tables->clear();
    m_tables->addItems(names);
    const int keep = m_tables->findText(previous);
    m_tables->setCurrentIndex(keep >= 0 ? keep : (names.isEmpty() ? -1 : 0));
    m_tableModel->clear();
    updateConsoleHint();
}

void InspectorPanel::updateConsoleHint()
{
    const QString table = m_tables->currentText();
    m_console->editor()->setPlaceholderText(
        table.isEmpty()
            ? tr("SELECT name FROM sqlite_schema")
            : tr("SELECT * FROM %1 LIMIT 20").arg(plainIdentifier(table) ? table : quoted(table)));
}

void InspectorPanel::catchUp()
{
    if (m_stale)
        refresh();
}

void InspectorPanel::refresh()
{
    m_stale = false;
    refreshState();
    refreshRows();
}

void InspectorPanel::refreshState()
{
    const int i = m_services->currentIndex();
    if (!m_document->hasRun() || i < 0) {
        setStateText(tr("<i>No service selected.</i>"));
        return;
    }
    const World &w = m_document->world();
    const Service &s = w.service(static_cast<std::int16_t>(i));
    const SimTime now = w.now();
    const ServiceStats &st = s.stats();
    const QLocale locale;
    if (!m_document->atPresent()) {
        // At a past playhead: what the trace says about that moment.
        const ServiceTraceState &t =
            m_document->traceState().services()[static_cast<std::size_t>(i)];
        setStateText(
            tr("<table cellspacing='0' cellpadding='1'>"
               "<tr><td>State&nbsp;&nbsp;</td><td>%1</td><td "
               "width='18'></td><td>Queue&nbsp;&nbsp;</td><td align='right'>%2</td></tr>"
               "<tr><td>Busy workers&nbsp;&nbsp;</td><td>%3 of "
               "%4</td><td></td><td>Crashes&nbsp;&nbsp;</td><td align='right'>%5</td></tr>"
               "<tr><td>Processed&nbsp;&nbsp;</td><td>%6</td><td></td><td>Commits&nbsp;&nbsp;</"
               "td><td align='right'>%7</td></tr>"
               "<tr><td colspan='5'><i>as it was at %8 s</i></td></tr>"
               "</table>")
                .arg(t.up ? tr("<span style='color:#1e8449'><b>up</b></span>")
                          : tr("<span style='color:#b03a2e'><b>down</b></span>"))
                .arg(t.queue)
                .arg(t.busy)
                .arg(s.workers())
                .arg(t.crashes)
                .arg(locale.toString(static_cast<qulonglong>(t.processed)))
                .arg(locale.toString(static_cast<qulonglong>(t.commits)))
                .arg(QString::number(static_cast<double>(m_document->now()) / kSecond, 'f', 3)));
        return;
    }
    QString up = s.isUp() ? tr("<span style='color:#1e8449'><b>up</b></span>")
                          : tr("<span style='color:#b03a2e'><b>down</b></span>");
    if (!s.isUp() && s.restartAt() != kSimTimeMax)
        up += tr(" (restarts in %1)").arg(seconds(std::max<SimTime>(0, s.restartAt() - now)));
    setStateText(
        tr("<table cellspacing='0' cellpadding='1'>"
           "<tr><td>State&nbsp;&nbsp;</td><td>%1</td><td "
           "width='18'></td><td>Queue&nbsp;&nbsp;</td><td align='right'>%2</td></tr>"
           "<tr><td>Busy workers&nbsp;&nbsp;</td><td>%3 of "
           "%4</td><td></td><td>Utilization&nbsp;&nbsp;</td><td align='right'>%5%</td></tr>"
           "<tr><td>Processed&nbsp;&nbsp;</td><td>%6</td><td></td><td>Crashes&nbsp;&nbsp;</td><td "
           "align='right'>%7</td></tr>"
           "<tr><td>Commits&nbsp;&nbsp;</td><td>%8</td><td></td><td>Max queue&nbsp;&nbsp;</td><td "
           "align='right'>%9</td></tr>"
           "</table>")
            .arg(up)
            .arg(s.queueLength())
            .arg(s.busyWorkers())
            .arg(s.workers())
            .arg(QString::number(100.0 * s.utilization(now), 'f', 1))
            .arg(locale.toString(static_cast<qulonglong>(st.processed)))
            .arg(st.crashes)
            .arg(locale.toString(static_cast<qulonglong>(st.commits)))
            .arg(st.maxQueue));
}

void InspectorPanel::setStateText(const QString &text)
{
    // Rich text is laid out again on every setText, with the form around it.
    if (m_state->text() != text)
        m_state->setText(text);
}

void InspectorPanel::refreshRows()
{
    const int service = databaseService();
    const QString table = m_tables->currentText();
    if (service < 0 || table.isEmpty()) {
        m_tableModel->clear();
        m_rowCount->setText(m_tables->count() == 0 ? tr("no tables") : QString());
        return;
    }
    const std::string name = quoted(table).toStdString();
    if (!m_rowKey.isEmpty()) {
        try {
            // The row by its primary key (the rowid for a table without one); evidence writes
            // keys as text.
            const QueryResult pk = m_document->queryDatabase(
                service, "SELECT name FROM pragma_table_info(?1) WHERE pk = 1",
                {SqlValue(table.toStdString())});
            const std::string column =
                pk.rows.empty()
                    ? std::string("rowid")
                    : quoted(QString::fromStdString(std::get<std::string>(pk.rows[0][0])))
                          .toStdString();
            // An integer key by the key's index; another by its text.
            bool integer = false;
            const qlonglong asInteger = m_rowKey.toLongLong(&integer);
            const QueryResult rows =
                integer ? m_document->queryDatabase(
                              service, "SELECT * FROM " + name + " WHERE " + column + " = ?1",
                              {SqlValue(std::int64_t(asInteger))})
                        : m_document->queryDatabase(service,
                                                    "SELECT * FROM " + name + " WHERE CAST(" +
                                                        column + " AS TEXT) = ?1",
                                                    {SqlValue(m_rowKey.toStdString())});
            m_tableModel->setResult(rows);
            m_tableView->resizeColumnsToContents();
            m_rowCount->setText(rows.rows.empty() ? tr("no row %1 at the playhead").arg(m_rowKey)
                                                  : tr("row %1 only").arg(m_rowKey));
        } catch (const std::exception &e) {
            m_tableModel->clear();
            m_rowCount->setText(QString::fromStdString(e.what()));
        }
        return;
    }
    try {
        const QueryResult count =
            m_document->queryDatabase(service, "SELECT count(*) FROM " + name);
        const std::int64_t total =
            count.rows.empty() ? 0 : std::get<std::int64_t>(count.rows[0][0]);
        QueryResult rows;
        try {
            // The newest rows, shown oldest first.
            rows = m_document->queryDatabase(service, "SELECT * FROM " + name +
                                                          " ORDER BY rowid DESC LIMIT " +
                                                          std::to_string(kMaxRows));
            std::reverse(rows.rows.begin(), rows.rows.end());
        } catch (const DatabaseError &) {
            rows = m_document->queryDatabase(service, "SELECT * FROM " + name + " LIMIT " +
                                                          std::to_string(kMaxRows));
        }
        m_tableModel->setResult(rows);
        if (m_fitColumns && m_tableModel->rowCount() > 0) {
            m_tableView->resizeColumnsToContents();
            m_fitColumns = false;
        } else {
            // Numbers grow as time goes on: widen a column when its visible rows need it.
            const QAbstractItemView *view = m_tableView; // sizeHintForColumn is public there
            for (int c = 0; c < m_tableModel->columnCount(); ++c)
                m_tableView->setColumnWidth(
                    c, std::max(m_tableView->columnWidth(c), view->sizeHintForColumn(c)));
        }
        const QLocale locale;
        m_rowCount->setText(total > static_cast<std::int64_t>(kMaxRows)
                                ? tr("%1 rows, the last %2 shown")
                                      .arg(locale.toString(static_cast<qlonglong>(total)))
                                      .arg(kMaxRows)
                                : (total == 1 ? tr("1 row") : tr("%1 rows").arg(total)));
    } catch (const std::exception &e) {
        m_tableModel->clear();
        m_rowCount->setText(QString::fromStdString(e.what()));
    }
}

} // namespace dplab
