#include "app/gui/panels/runsummarypanel.h"

#include "app/gui/simulationdocument.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>

namespace dplab {

namespace {
constexpr int kRefreshMs = 250;

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
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
    m_operations->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 6; ++c)
        m_operations->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
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
    connect(&m_throttle, &QTimer::timeout, this, &RunSummaryPanel::refresh);
    connect(m_document, &SimulationDocument::advanced, this, &RunSummaryPanel::scheduleRefresh);
    connect(m_document, &SimulationDocument::worldReset, this, &RunSummaryPanel::refresh);
    refresh();
}

void RunSummaryPanel::scheduleRefresh()
{
    if (!m_throttle.isActive())
        m_throttle.start();
}

QString RunSummaryPanel::busText() const
{
    return m_bus->text();
}

void RunSummaryPanel::refresh()
{
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
        m_operations->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(op.name)));
        m_operations->setItem(r, 1, numberItem(QString::number(op.count)));
        m_operations->setItem(r, 2, numberItem(QString::number(op.failed)));
        m_operations->setItem(
            r, 3,
            numberItem(any ? QString::number(op.latency.quantile(0.5) / 1000.0, 'f', 2) : "–"));
        m_operations->setItem(
            r, 4,
            numberItem(any ? QString::number(op.latency.quantile(0.99) / 1000.0, 'f', 2) : "–"));
        m_operations->setItem(
            r, 5,
            numberItem(seconds > 0
                           ? QString::number(static_cast<double>(op.count) / seconds, 'f', 1)
                           : "–"));
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
