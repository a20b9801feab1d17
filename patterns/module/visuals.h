#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dplab {

/** Something a pattern asks the canvas to draw beside a service box. */
struct Decoration
{
    enum class Kind {
        Staleness, ///< a read side's lag badge, fed by the "<name>.staleness_ms" series
        Notice,    ///< a pill with one line about the pattern's state (see Probe)
        Steps,     ///< a panel of steps, each with its count in flight (see Probe)
    };

    Kind kind = Kind::Notice;
    std::size_t service = 0;  ///< index of the service it belongs to
    std::string seriesPrefix; ///< Staleness: "<name>." or "<name>.replica_"
    std::string label;        ///< Staleness: a word before the lag ("replica"), or ""
    std::string explanation;  ///< what it shows, for a tooltip
    std::string module;       ///< the module that answers its probes (filled by the catalog)
};

/** The figures of a decoration at one moment. */
struct Probe
{
    enum class Level { Calm, Waiting, PiledUp };

    /** One step of a Steps decoration. */
    struct Step
    {
        std::string label; ///< "reserve"
        int running = 0;   ///< doing this step
        int undoing = 0;   ///< compensating this step

        bool operator==(const Step &) const = default;
    };

    std::string text; ///< Notice: the one line ("1 locked · 3 waiting")
    Level level = Level::Calm;
    std::vector<Step> steps; ///< Steps
    int completed = 0;       ///< Steps: finished well
    int undone = 0;          ///< Steps: finished by undoing

    bool operator==(const Probe &) const = default;
};

} // namespace dplab
