#pragma once

#include "simulation/scenario/sourcepos.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

/**
 * The settings of one switch of a scenario's "patterns" section, as the pattern's module (in
 * patterns/) read them. The simulation keeps them as data it never looks into: it knows no
 * pattern. Settings are immutable once read, so scenarios share them when copied.
 */
class PatternSettings
{
public:
    virtual ~PatternSettings() = default;
};

/**
 * A scenario's "patterns" section: the switches that are on, in the order the file wrote them,
 * each with its settings and where it was written. Absent means off.
 */
class PatternSwitches
{
public:
    /** One switch that is on. */
    struct Switch
    {
        std::string key; ///< "data" for "patterns.data"
        std::shared_ptr<const PatternSettings> settings;
        SourcePos pos; ///< where the file set it; {0, 0} when not from a file
    };

    bool isOn(std::string_view key) const { return find(key) != nullptr; }
    /// The settings of switch `key`, or nullptr when it is off.
    const PatternSettings *find(std::string_view key) const;
    /// Where switch `key` was written ({0, 0} when it is off or was not read from a file).
    SourcePos pos(std::string_view key) const;
    /// Turns `key` on with these settings (replacing its settings in place when it was on).
    void set(std::string key, std::shared_ptr<const PatternSettings> settings, SourcePos pos = {});
    /// Turns `key` off.
    void erase(std::string_view key);
    const std::vector<Switch> &switches() const { return m_switches; }
    /// Replaces the switches `keys` names by those `with` holds: a key `with` has no switch for
    /// is turned off (a "Try it" change over the lesson's patterns).
    void replace(const std::vector<std::string> &keys, const PatternSwitches &with);
    /// Reorders the switches as `keys` lists them (the file's order); others go last.
    void orderAs(const std::vector<std::string> &keys);

private:
    std::vector<Switch> m_switches;
};

} // namespace dplab
