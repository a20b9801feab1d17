#pragma once

#include "patterns/module/switches.h"
#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dplab {

/**
 * One control of the app's Patterns panel, described by the pattern's module so that the panel
 * needs no code per pattern. A module's first control is its head (the switch, or a choice such
 * as per-service/shared data); the others are its parameters, shown under it. Values are ints:
 * 0/1 for a switch, the index of a choice, milliseconds for a duration, a count.
 */
struct PatternControl
{
    enum class Kind { Switch, Choice, Duration, Count };

    Kind kind = Kind::Switch;
    std::string label;       ///< "Poll every"; the head's label is the module's title
    std::string explanation; ///< a tooltip of its own (empty: the pattern's explainer)
    /// What a change is called on the undo stack, %1 standing for the new value as shown
    /// ("set the outbox poll to %1"). A switch is "turn on/off <title>".
    std::string changeName;
    int min = 0, max = 0;
    std::string atMin;  ///< the text shown at `min` instead of the number ("no cache")
    std::string suffix; ///< after the number (" events"); durations say " ms"
    std::vector<std::string> choices;

    std::function<int(const PatternSwitches &)> get;
    std::function<void(PatternSwitches &, int)> set;
    /// Whether it can be changed for these switches (a parameter: while its pattern is on).
    std::function<bool(const PatternSwitches &)> enabled;
};

/** Builders of PatternControls for a module whose switch and settings are T. */
namespace controls {

/// Replaces the settings of T::kKey, keeping the switch's position in the file.
template <class T> void replace(PatternSwitches &p, T settings)
{
    p.set(T::kKey, std::make_shared<const T>(std::move(settings)), p.pos(T::kKey));
}

/// The on/off switch of T: on with T's defaults, off removes it.
template <class T> PatternControl onOff(std::string title)
{
    PatternControl c;
    c.kind = PatternControl::Kind::Switch;
    c.label = std::move(title);
    c.get = [](const PatternSwitches &p) { return p.isOn(T::kKey) ? 1 : 0; };
    c.set = [](PatternSwitches &p, int on) {
        if (!on)
            p.erase(T::kKey);
        else if (!p.isOn(T::kKey))
            replace(p, T{});
    };
    c.enabled = [](const PatternSwitches &) { return true; };
    return c;
}

/// A choice between "off" (choices[0]) and "on with T's defaults" (choices[1]).
template <class T> PatternControl offOrOn(std::string label, std::string off, std::string on)
{
    PatternControl c = onOff<T>(std::move(label));
    c.kind = PatternControl::Kind::Choice;
    c.choices = {std::move(off), std::move(on)};
    return c;
}

/// A parameter of T (the field `field`, read and written by `read`/`write` as an int), enabled
/// while T is on; when T is off it shows T's default.
template <class T>
PatternControl parameter(PatternControl::Kind kind, std::string label, std::string changeName,
                         std::function<int(const T &)> read, std::function<void(T &, int)> write)
{
    PatternControl c;
    c.kind = kind;
    c.label = std::move(label);
    c.changeName = std::move(changeName);
    c.get = [read](const PatternSwitches &p) {
        const T *s = settingsOf<T>(p);
        return read(s ? *s : T{});
    };
    c.set = [write](PatternSwitches &p, int value) {
        const T *s = settingsOf<T>(p);
        if (!s)
            return;
        T changed = *s;
        write(changed, value);
        replace(p, std::move(changed));
    };
    c.enabled = [](const PatternSwitches &p) { return p.isOn(T::kKey); };
    return c;
}

/// A duration field of T, in whole milliseconds from `min` to `max`.
template <class T>
PatternControl duration(std::string label, std::string changeName, SimTime T::*field, int min,
                        int max, std::string atMin = {})
{
    PatternControl c = parameter<T>(
        PatternControl::Kind::Duration, std::move(label), std::move(changeName),
        [field](const T &s) { return static_cast<int>(s.*field / kMillisecond); },
        [field](T &s, int ms) { s.*field = static_cast<SimTime>(ms) * kMillisecond; });
    c.min = min;
    c.max = max;
    c.atMin = std::move(atMin);
    c.suffix = " ms";
    return c;
}

/// A count field of T, from `min` to `max`.
template <class T>
PatternControl count(std::string label, std::string changeName, int T::*field, int min, int max,
                     std::string atMin = {}, std::string suffix = {})
{
    PatternControl c = parameter<T>(
        PatternControl::Kind::Count, std::move(label), std::move(changeName),
        [field](const T &s) { return s.*field; }, [field](T &s, int n) { s.*field = n; });
    c.min = min;
    c.max = max;
    c.atMin = std::move(atMin);
    c.suffix = std::move(suffix);
    return c;
}

/// An enum field of T shown as a choice (the enum's values are the choices' indexes).
template <class T, class E>
PatternControl choice(std::string label, std::string changeName, E T::*field,
                      std::vector<std::string> choices)
{
    PatternControl c = parameter<T>(
        PatternControl::Kind::Choice, std::move(label), std::move(changeName),
        [field](const T &s) { return static_cast<int>(s.*field); },
        [field](T &s, int i) { s.*field = static_cast<E>(i); });
    c.choices = std::move(choices);
    return c;
}

} // namespace controls

} // namespace dplab
