#include "simulation/scenario/patternswitches.h"

#include <algorithm>

namespace dplab {

const PatternSettings *PatternSwitches::find(std::string_view key) const
{
    for (const Switch &s : m_switches)
        if (s.key == key)
            return s.settings.get();
    return nullptr;
}

SourcePos PatternSwitches::pos(std::string_view key) const
{
    for (const Switch &s : m_switches)
        if (s.key == key)
            return s.pos;
    return {};
}

void PatternSwitches::set(std::string key, std::shared_ptr<const PatternSettings> settings,
                          SourcePos pos)
{
    for (Switch &s : m_switches) {
        if (s.key == key) {
            s.settings = std::move(settings);
            s.pos = pos;
            return;
        }
    }
    m_switches.push_back({std::move(key), std::move(settings), pos});
}

void PatternSwitches::erase(std::string_view key)
{
    m_switches.erase(std::remove_if(m_switches.begin(), m_switches.end(),
                                    [key](const Switch &s) { return s.key == key; }),
                     m_switches.end());
}

void PatternSwitches::replace(const std::vector<std::string> &keys, const PatternSwitches &with)
{
    for (const std::string &key : keys) {
        const auto it = std::find_if(with.m_switches.begin(), with.m_switches.end(),
                                     [&key](const Switch &s) { return s.key == key; });
        if (it != with.m_switches.end())
            set(key, it->settings, it->pos);
        else
            erase(key);
    }
}

void PatternSwitches::orderAs(const std::vector<std::string> &keys)
{
    const auto rank = [&keys](const Switch &s) {
        return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), s.key) - keys.begin());
    };
    std::stable_sort(m_switches.begin(), m_switches.end(),
                     [&rank](const Switch &a, const Switch &b) { return rank(a) < rank(b); });
}

} // namespace dplab
