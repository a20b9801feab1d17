#include "app/gui/panels/runsummarypanel.h"

#include "app/gui/simulationdocument.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>

namespace dplab {

namespace {
constexpr int kRefreshMs = 250;
constexpr int kSummaryColumns = 6;
} // namespace

RunSummaryPanel::RunSummaryPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_operations(new QTableWidget(this))
    , m_bus(new QLabel(this))
{
    m_operations->setColumnCount(6);
    m_operations->setHorizontalHeaderLabels(
        {tr("Operation"), tr("Count"), tr("Failed"), tr("p50 (ms)"), tr("p99 (ms)"), tr("Per s")});
    m_operations->verticalHeader()->hide();
    m_operations->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_operations->setSelectionMode(QAbstractItemView::NoSelection);
    m_operations->setFocusPolicy(Qt::NoFocus);
    // Sized by hand (see fitColumns): ResizeToContents measures every row of a column each time
    // one cell changes, which at a hundred operations took over a second per refresh.
    m_operations->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_operations->horizontalHeader()->setStretchLastSection(false);
    m_operations->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_operations->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_operations->setWordWrap(false);
    for (int c = 1; c < kSummaryColumns; ++c)
        m_operations->setColumnWidth(
            c, m_operations->horizontalHeader()->fontMetrics().horizontalAdvance(
                   m_operations->horizontalHeaderItem(c)->text()) +
                   24);
    m_operations->setToolTip(tr("Client operations completed so far: how many, how many failed, "
                                "and the median and 99th percentile of their latency."));

    m_bus->setWordWrap(true);
    m_bus->setTextFormat(Qt::RichText);
    m_bus->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_bus->setMinimumWidth(260);
    m_bus->setToolTip(tr("Message bus counters since the start of the run."));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_operations, 3);
    layout->addWidget(m_bus, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kRefreshMs);
    connect(&m_throttle, &QTimer::timeout, this, &RunSummaryPanel::refreshIfShown);
    connect(m_document, &SimulationDocument::advanced, this, &RunSummaryPanel::scheduleRefresh);
    connect(m_document, &SimulationDocument::worldReset, this, &RunSummaryPanel::refresh);
    refresh();
}

void RunSummaryPanel::scheduleRefresh()
{
    if (!m_throttle.isActive())
        m_throttle.start();
}

void RunSummaryPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    catchUp();
}

void RunSummaryPanel::catchUp()
{
    if (m_stale)
        refresh();
}

void RunSummaryPanel::refreshIfShown()
{
    // Behind another dock's tab (or closed) the table is not drawn: update it when it shows.
    if (!isVisible() || visibleRegion().isEmpty()) {
        m_stale = true;
        return;
    }
    refresh();
}

void RunSummaryPanel::setCell(int row, int column, const QString &text)
{
    QTableWidgetItem *item = m_operations->item(row, column);
    if (!item) {
        item = new QTableWidgetItem(text);
        if (column > 0)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_operations->setItem(row, column, item);
    } else if (item->text() != text) {
        item->setText(text);
    } else {
        return;
    }
    // Columns grow to fit their widest number and never shrink while the run goes on, so the
    // table does not jump as counts tick.
    if (column > 0) {
        const int needed = m_operations->fontMetrics().horizontalAdvance(text) + 16;
        if (needed > m_operations->columnWidth(column))
            m_operations->setColumnWidth(column, needed);
    }
}

QString RunSummaryPanel::busText() const
{
    return m_bus->text();
}

void RunSummaryPanel::refresh()
{
    m_throttle.stop();
    m_stale = false;
    if (!m_document->hasRun()) {
        m_operations->setRowCount(0);
        m_bus->clear();
        return;
    }
    const Run &run = m_document->run();
    const auto &ops = run.metrics().operations();
    const double seconds = static_cast<double>(m_document->now()) / static_cast<double>(kSecond);
    m_operations->setRowCount(static_cast<int>(ops.size()));
    for (int r = 0; r < static_cast<int>(ops.size()); ++r) {
        const OperationStats &op = ops[static_cast<std::size_t>(r)];
        const bool any = op.latency.count() > 0;
        setCell(r, 0, QString::fromStdString(op.name));
        setCell(r, 1, QString::number(op.count));
        setCell(r, 2, QString::number(op.failed));
        setCell(r, 3, any ? QString::number(op.latency.quantile(0.5) / 1000.0, 'f', 2) : "–");
        setCell(r, 4, any ? QString::number(op.latency.quantile(0.99) / 1000.0, 'f', 2) : "–");
        setCell(r, 5,
                seconds > 0 ? QString::number(static_cast<double>(op.count) / seconds, 'f', 1)
                            : "–");
    }

    const Bus &bus = m_document->world().bus();
    const BusCounters &c = bus.counters();
    m_bus->setText(
        tr("<b>Bus</b>%1<br>published %2<br>delivered %3<br>dropped %4<br>"
           "duplicated %5<br>redelivered %6<br>held %7 · refused %8<br>in flight %9")
            .arg(bus.isDown() ? tr(" <span style='color:#c0392b'>(down)</span>") : QString())
            .arg(c.published)
            .arg(c.delivered)
            .arg(c.dropped)
            .arg(c.duplicated)
            .arg(c.redelivered)
            .arg(c.held)
            .arg(c.refused)
            .arg(bus.inFlight()));
}

} // namespace dplab
