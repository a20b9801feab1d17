#pragma once

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QStringList>

#include <string>
#include <vector>

namespace dplab {

/**
 * What the parameter study dialog offers to pick from: the parameters a scenario file has
 * (its numbers, durations and switches, as "PATH=VALUES" with values around the current one)
 * and the metrics a run's summary has (its numbers, as dotted paths).
 */
class StudyChoices
{
public:
    /// "patterns.outbox.poll=50ms,100ms,200ms,500ms", "workload[0].rate=25,37.5,50,62.5",
    /// "services[1].workers=1,2,3,4": the patterns' first, then the workload's, the services',
    /// the faults' and the rest, each in file order.
    static QStringList parameters(const QByteArray &scenarioText);
    /// Every number of `summary` as a dotted path (findMetric's), in summary order, after the
    /// `first` ones (the scenario's expect metrics), without duplicates.
    static QStringList metrics(const nlohmann::ordered_json &summary,
                               const std::vector<std::string> &first);
    /// Values around `current` (a JSON number, a duration text, a boolean) as VALUES.
    static QString valuesAround(const nlohmann::ordered_json &current);
};

} // namespace dplab
