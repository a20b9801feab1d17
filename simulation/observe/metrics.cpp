#include "simulation/observe/metrics.h"

#include "simulation/world/world.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dplab {

namespace {
constexpr double kNoLatency = std::numeric_limits<double>::quiet_NaN();

// A failure's reason as a kind: each word made only of digits (an order id, a count) becomes
// N, so "order 87 was paid meanwhile" and "order 113 was paid meanwhile" count together.
std::string reasonKind(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t end = std::min(text.find(' ', i), text.size());
        const bool digits = end > i && std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i),
                                                   text.begin() + static_cast<std::ptrdiff_t>(end),
                                                   [](char c) { return c >= '0' && c <= '9'; });
        out += digits ? std::string("N") : text.substr(i, end - i);
        if (end < text.size())
            out += ' ';
        i = end + 1;
    }
    return out;
}
} // namespace

Metrics::Metrics(const World &world)
{
    const auto &names = world.names();
    for (const auto &w : world.scenario().workload) {
        const std::string label = "op:" + operationName(w);
        auto it = names.labelIndex.find(label);
        if (it == names.labelIndex.end() || m_opIndex.count(it->second))
            continue;
        m_opIndex[it->second] = m_ops.size();
        OperationStats s;
        s.name = operationName(w);
        m_ops.push_back(std::move(s));
    }
    m_columns.push_back("time_s");
    for (const auto &op : m_ops) {
        m_columns.push_back(op.name + ".throughput_per_s");
        m_columns.push_back(op.name + ".latency_mean_ms");
        m_columns.push_back(op.name + ".latency_p99_ms");
        m_columns.push_back(op.name + ".failed");
    }
    for (const char *c : {"bus.published", "bus.delivered", "bus.dropped", "bus.duplicated",
                          "bus.redelivered", "bus.in_flight", "bus.held"})
        m_columns.push_back(c);
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        const std::string &n = world.names().services[i];
        m_columns.push_back(n + ".queue");
        m_columns.push_back(n + ".utilization");
        m_columns.push_back(n + ".up");
    }
    m_lastBusy.assign(world.serviceCount(), 0.0);
}

void Metrics::addSource(std::unique_ptr<SeriesSource> source)
{
    for (auto &c : source->columns())
        m_columns.push_back(std::move(c));
    m_sources.push_back(std::move(source));
}

OperationStats *Metrics::opFor(std::uint32_t label)
{
    auto it = m_opIndex.find(label);
    return it == m_opIndex.end() ? nullptr : &m_ops[it->second];
}

const OperationStats *Metrics::operation(const std::string &name) const
{
    for (const auto &op : m_ops)
        if (op.name == name)
            return &op;
    return nullptr;
}

void Metrics::onEvent(const TraceEvent &e, const World &world)
{
    ++m_events;
    ++m_kindCounts[static_cast<std::size_t>(e.kind)];
    if (e.kind == TraceKind::Failure && e.to == kClientEndpoint && e.text != 0) {
        m_reasonOf[e.id] = e.text;
        return;
    }
    if (e.kind == TraceKind::Reply || e.kind == TraceKind::Deliver) {
        if (auto it = m_reasonOf.find(e.cause); it != m_reasonOf.end()) {
            const std::uint32_t text = it->second;
            m_reasonOf.erase(it);
            m_reasonOf[e.id] = text;
        }
        return;
    }
    if (e.kind != TraceKind::Complete)
        return;
    std::uint32_t reason = 0;
    if (auto it = m_reasonOf.find(e.cause); it != m_reasonOf.end()) {
        reason = it->second;
        m_reasonOf.erase(it);
    }
    OperationStats *op = opFor(e.label);
    if (!op)
        return;
    ++op->count;
    ++op->intervalCount;
    op->latency.record(e.value);
    op->intervalLatency.record(e.value);
    if (e.ok) {
        ++op->ok;
        op->okLatency.record(e.value);
    } else {
        ++op->failed;
        ++op->failuresByReason[reason != 0 && reason < world.names().texts.size()
                                   ? reasonKind(world.names().texts[reason])
                                   : std::string("no reason given")];
    }
}

void Metrics::onSample(SimTime now, const World &world)
{
    std::vector<double> row;
    row.reserve(m_columns.size());
    const double interval = toSeconds(now - m_lastSample);
    row.push_back(toSeconds(now));
    for (auto &op : m_ops) {
        row.push_back(interval > 0 ? static_cast<double>(op.intervalCount) / interval : 0.0);
        // Nothing completed: no latency to tell (NaN in rows(), an empty cell in metrics.csv,
        // a gap in the charts), not a latency of 0.
        row.push_back(op.intervalLatency.empty() ? kNoLatency : op.intervalLatency.mean() / 1000.0);
        row.push_back(op.intervalLatency.empty() ? kNoLatency
                                                 : op.intervalLatency.quantile(0.99) / 1000.0);
        row.push_back(static_cast<double>(op.failed));
        op.intervalLatency.clear();
        op.intervalCount = 0;
    }
    const BusCounters &b = world.bus().counters();
    row.push_back(static_cast<double>(b.published));
    row.push_back(static_cast<double>(b.delivered));
    row.push_back(static_cast<double>(b.dropped));
    row.push_back(static_cast<double>(b.duplicated));
    row.push_back(static_cast<double>(b.redelivered));
    row.push_back(static_cast<double>(world.bus().inFlight()));
    row.push_back(static_cast<double>(world.bus().heldCount()));
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        const Service &s = world.service(static_cast<std::int16_t>(i));
        const double busy = s.busyTimeAt(now);
        const double span = static_cast<double>(now - m_lastSample) * s.workers();
        row.push_back(static_cast<double>(s.queueLength()));
        row.push_back(span > 0 ? (busy - m_lastBusy[i]) / span : 0.0);
        row.push_back(s.isUp() ? 1.0 : 0.0);
        m_lastBusy[i] = busy;
    }
    for (auto &source : m_sources)
        source->sample(now, world, row);
    m_rows.push_back(std::move(row));
    m_lastSample = now;
}

void Metrics::onFinish(SimTime, const World &) {}

void Metrics::writeCsv(std::ostream &out) const
{
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        out << (i ? "," : "") << m_columns[i];
    out << '\n';
    char buf[64];
    for (const auto &row : m_rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out << (i ? "," : "");
            if (std::isnan(row[i]))
                continue; // no value in this interval: an empty cell
            std::snprintf(buf, sizeof buf, "%.6g", row[i]);
            out << buf;
        }
        out << '\n';
    }
}

} // namespace dplab
