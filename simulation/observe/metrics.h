#pragma once

#include "histogram.h"
#include "observer.h"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace dplab {

/** Counts and latency of one client operation. */
struct OperationStats
{
    std::string name;
    std::uint64_t count = 0;
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    LatencyHistogram latency;         ///< every completion (ok or failed)
    LatencyHistogram okLatency;       ///< successful completions only
    LatencyHistogram intervalLatency; ///< since the last sample
    std::uint64_t intervalCount = 0;
};

/**
 * Turns the event stream into numbers: per-operation latency histograms and counts, and a time
 * series sampled at the scenario's interval (the rows of metrics.csv).
 */
class Metrics : public SimObserver
{
public:
    explicit Metrics(const World &world);

    void onEvent(const TraceEvent &event, const World &world) override;
    void onSample(SimTime now, const World &world) override;
    void onFinish(SimTime now, const World &world) override;

    /// Operations in workload order, by operation label.
    const std::vector<OperationStats> &operations() const { return m_ops; }
    const OperationStats *operation(const std::string &name) const;

    const std::vector<std::string> &columns() const { return m_columns; }
    const std::vector<std::vector<double>> &rows() const { return m_rows; }
    /// metrics.csv: a header line, then one row per sample.
    void writeCsv(std::ostream &out) const;

    std::uint64_t events() const { return m_events; }
    std::uint64_t eventsOfKind(TraceKind kind) const { return m_kindCounts[static_cast<std::size_t>(kind)]; }

private:
    OperationStats *opFor(std::uint32_t label);

    std::vector<OperationStats> m_ops;
    std::map<std::uint32_t, std::size_t> m_opIndex;
    std::vector<std::string> m_columns;
    std::vector<std::vector<double>> m_rows;
    std::vector<double> m_lastBusy;
    SimTime m_lastSample = 0;
    std::uint64_t m_events = 0;
    std::uint64_t m_kindCounts[static_cast<std::size_t>(TraceKind::Count_)] = {};
};

} // namespace dplab
