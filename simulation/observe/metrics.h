#pragma once

#include "simulation/observe/histogram.h"
#include "simulation/observe/observer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
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
    /// Failed completions by the reason the failing service gave ("no order awaiting
    /// payment"), numbers in the reason written as N; "no reason given" when none was traced.
    std::map<std::string, std::uint64_t> failuresByReason;
};

/**
 * Extra columns of the time series, measured outside the simulation core (a pattern's lag or
 * backlog, say). Sampled with the rest, in the same rows.
 */
class SeriesSource
{
public:
    virtual ~SeriesSource() = default;
    /// Column names, fixed for the whole run.
    virtual std::vector<std::string> columns() const = 0;
    /// Appends one value per column to `row`.
    virtual void sample(SimTime now, const World &world, std::vector<double> &row) = 0;
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

    /// Adds columns measured by `source`; call before the first sample.
    void addSource(std::unique_ptr<SeriesSource> source);
    const std::vector<std::string> &columns() const { return m_columns; }
    const std::vector<std::vector<double>> &rows() const { return m_rows; }
    /// metrics.csv: a header line, then one row per sample.
    void writeCsv(std::ostream &out) const;

    std::uint64_t events() const { return m_events; }
    std::uint64_t eventsOfKind(TraceKind kind) const
    {
        return m_kindCounts[static_cast<std::size_t>(kind)];
    }

private:
    OperationStats *opFor(std::uint32_t label);

    std::vector<OperationStats> m_ops;
    std::map<std::uint32_t, std::size_t> m_opIndex;
    std::vector<std::string> m_columns;
    std::vector<std::vector<double>> m_rows;
    std::vector<double> m_lastBusy;
    std::vector<std::unique_ptr<SeriesSource>> m_sources;
    // Why a client request failed, carried from the Failure event along its reply (reply,
    // then delivery) to the Complete event: event id -> index of the reason's text.
    std::unordered_map<std::uint64_t, std::uint32_t> m_reasonOf;
    SimTime m_lastSample = 0;
    std::uint64_t m_events = 0;
    std::uint64_t m_kindCounts[static_cast<std::size_t>(TraceKind::Count_)] = {};
};

} // namespace dplab
