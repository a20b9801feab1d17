#include "app/export/chartcatalog.h"

#include <cmath>
#include <map>

namespace dplab {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.rfind(prefix, 0) == 0;
}

/// "order-view.staleness_ms" without the suffix: "order-view".
QString stem(const std::string &column, const std::string &suffix)
{
    return QString::fromStdString(column.substr(0, column.size() - suffix.size()));
}

/// Colours follow the operation (or service), so one operation has one colour on every chart.
class ColorKeys
{
public:
    int indexOf(const QString &key)
    {
        auto it = m_keys.find(key);
        if (it == m_keys.end())
            it = m_keys.emplace(key, static_cast<int>(m_keys.size())).first;
        return it->second;
    }

private:
    std::map<QString, int> m_keys;
};

ChartSpec make(const char *id, const QString &title, const QString &yTitle,
               const QString &description)
{
    ChartSpec c;
    c.id = QString::fromLatin1(id);
    c.title = title;
    c.yTitle = yTitle;
    c.description = description;
    return c;
}

} // namespace

std::vector<ChartSpec> chartCatalog(const std::vector<std::string> &columns)
{
    ChartSpec lag = make("lag", QStringLiteral("Consistency lag"), QStringLiteral("lag (ms)"),
                         QStringLiteral("How far each read model or replica is behind the "
                                        "writes it mirrors; 0 means up to date."));
    ChartSpec latency =
        make("latency", QStringLiteral("Latency per operation"), QStringLiteral("latency (ms)"),
             QStringLiteral("Mean (solid) and 99th percentile (dashed) of the "
                            "operations that finished in each interval."));
    latency.companionLegend = QStringLiteral("dashed: p99, solid: mean");
    ChartSpec throughput = make("throughput", QStringLiteral("Throughput per operation"),
                                QStringLiteral("operations per second"),
                                QStringLiteral("Operations finished per second of simulated "
                                               "time."));
    ChartSpec failed =
        make("failed", QStringLiteral("Failed operations"), QStringLiteral("failed operations"),
             QStringLiteral("Operations that ended with an error."));
    failed.hideWhenFlat = true;
    ChartSpec backlog = make("backlog", QStringLiteral("Consumer lag and backlog"),
                             QStringLiteral("messages behind"),
                             QStringLiteral("Messages a consumer has not read yet, and changes "
                                            "waiting in an outbox."));
    ChartSpec bus = make("bus", QStringLiteral("Message bus totals"),
                         QStringLiteral("messages since the start"),
                         QStringLiteral("What the bus did with the messages so far: a gap "
                                        "between published and delivered is loss or delay."));
    bus.hideWhenFlat = true;
    ChartSpec busNow =
        make("bus-in-flight", QStringLiteral("Messages in flight"), QStringLiteral("messages"),
             QStringLiteral("Messages on their way now, and messages held while "
                            "the bus is down."));
    busNow.hideWhenFlat = true;
    ChartSpec queue = make("queue", QStringLiteral("Queue length per service"),
                           QStringLiteral("requests waiting"),
                           QStringLiteral("Work waiting for a free worker (the busiest "
                                          "services)."));
    queue.maxSeries = 6;
    queue.hideWhenFlat = true;
    ChartSpec utilization = make("utilization", QStringLiteral("Utilization per service"),
                                 QStringLiteral("busy workers (%)"),
                                 QStringLiteral("Share of the workers busy in each interval "
                                                "(the busiest services)."));
    utilization.scale = 100.0;
    utilization.maxSeries = 6;
    utilization.hideWhenFlat = true;
    ChartSpec sagas = make("sagas", QStringLiteral("Saga outcomes"), QStringLiteral("sagas"),
                           QStringLiteral("Sagas started, completed, compensated and stuck."));
    ChartSpec other =
        make("pattern-counters", QStringLiteral("Pattern counters"), QStringLiteral("count"),
             QStringLiteral("Other series the patterns measure (stale reads, "
                            "duplicates skipped, lost events...)."));
    other.hideWhenFlat = true;

    ColorKeys ops, services, sides;
    int busColor = 0, sagaColor = 0, otherColor = 0;
    auto add = [](ChartSpec &c, int column, const std::string &name, const QString &label,
                  int color, bool dashed = false) {
        c.series.push_back({column, QString::fromStdString(name), label, color, dashed, true});
    };
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
        const std::string &c = columns[static_cast<std::size_t>(i)];
        if (i == 0 && c == "time_s")
            continue;
        if (endsWith(c, ".latency_mean_ms")) {
            const QString op = stem(c, ".latency_mean_ms");
            add(latency, i, c, op, ops.indexOf(op));
        } else if (endsWith(c, ".latency_p99_ms")) {
            const QString op = stem(c, ".latency_p99_ms");
            add(latency, i, c, op + QStringLiteral(" p99"), ops.indexOf(op), true);
            latency.series.back().inLegend = false;
        } else if (endsWith(c, ".throughput_per_s")) {
            const QString op = stem(c, ".throughput_per_s");
            add(throughput, i, c, op, ops.indexOf(op));
        } else if (endsWith(c, ".failed")) {
            const QString op = stem(c, ".failed");
            add(failed, i, c, op, ops.indexOf(op));
        } else if (startsWith(c, "bus.")) {
            const QString what = QString::fromStdString(c.substr(4));
            if (what == QLatin1String("in_flight") || what == QLatin1String("held"))
                add(busNow, i, c,
                    what == QLatin1String("held") ? QStringLiteral("held (bus down)")
                                                  : QStringLiteral("in flight"),
                    static_cast<int>(busNow.series.size()));
            else
                add(bus, i, c, what, busColor++);
        } else if (startsWith(c, "sagas.")) {
            add(sagas, i, c, QString::fromStdString(c.substr(6)), sagaColor++);
        } else if (endsWith(c, "staleness_ms") || endsWith(c, "lag_ms")) {
            // "order-view.staleness_ms" -> "order-view staleness"
            QString label = QString::fromStdString(c);
            label.replace(QLatin1Char('.'), QLatin1Char(' '))
                .replace(QLatin1Char('_'), QLatin1Char(' '));
            label.chop(3);
            const auto dot = c.find('.');
            add(lag, i, c, label, sides.indexOf(QString::fromStdString(c.substr(0, dot))),
                endsWith(c, ".lag_ms"));
        } else if (endsWith(c, "consumer_lag") || endsWith(c, "_backlog")) {
            QString label = QString::fromStdString(c);
            label.replace(QLatin1Char('.'), QLatin1Char(' '))
                .replace(QLatin1Char('_'), QLatin1Char(' '));
            add(backlog, i, c, label, static_cast<int>(backlog.series.size()));
        } else if (endsWith(c, ".queue")) {
            const QString svc = stem(c, ".queue");
            add(queue, i, c, svc, services.indexOf(svc));
        } else if (endsWith(c, ".utilization")) {
            const QString svc = stem(c, ".utilization");
            add(utilization, i, c, svc, services.indexOf(svc));
        } else if (endsWith(c, ".up")) {
            continue; // the fault bands show when a service is down
        } else {
            QString label = QString::fromStdString(c);
            label.replace(QLatin1Char('.'), QLatin1Char(' '))
                .replace(QLatin1Char('_'), QLatin1Char(' '));
            add(other, i, c, label, otherColor++);
        }
    }
    std::vector<ChartSpec> out;
    for (ChartSpec *c : {&lag, &latency, &throughput, &failed, &backlog, &bus, &busNow, &queue,
                         &utilization, &sagas, &other})
        if (!c->series.empty())
            out.push_back(std::move(*c));
    return out;
}

bool chartHasData(const ChartSpec &spec, const std::vector<std::vector<double>> &rows,
                  std::size_t from)
{
    if (!spec.hideWhenFlat)
        return true;
    for (std::size_t r = from; r < rows.size(); ++r)
        for (const ChartSeriesSpec &s : spec.series) {
            const auto c = static_cast<std::size_t>(s.column);
            if (c < rows[r].size() && rows[r][c] != 0 && !std::isnan(rows[r][c]))
                return true;
        }
    return false;
}

} // namespace dplab
