#pragma once

#include "simulation/scenario/loadercontext.h"
#include "simulation/scenario/scenario.h"

#include <memory>
#include <string>

namespace dplab {

/// The settings of the switch T::kKey (a PatternSettings of type T), or nullptr when it is off.
template <class T> const T *settingsOf(const PatternSwitches &patterns)
{
    return dynamic_cast<const T *>(patterns.find(T::kKey));
}
template <class T> const T *settingsOf(const Scenario &scenario)
{
    return settingsOf<T>(scenario.patterns);
}

/// Turns the switch T::kKey on with these settings.
template <class T> void turnOn(PatternSwitches &patterns, T settings, SourcePos pos = {})
{
    patterns.set(std::string(T::kKey), std::make_shared<const T>(std::move(settings)), pos);
}

/** How the pattern modules read their switches: false, true (defaults) or an object. */
namespace switches {

enum class Toggle { Off, Defaults, Object, Invalid };

/// What the value of a switch says; reports anything else to ctx.
Toggle toggleOf(loader::LoaderContext &ctx, const loader::Json &v, const std::string &path);

/// Reads the switch T::kKey of the "patterns" object r: absent or false leaves it off, true
/// turns it on with T's defaults, an object with the settings readSettings(reader, T&) reads.
template <class T, class ReadSettings>
bool read(loader::LoaderContext &ctx, loader::ObjectReader &r, PatternSwitches &out,
          ReadSettings readSettings)
{
    const loader::Json *v = r.get(T::kKey);
    if (!v)
        return false;
    const std::string path = r.pathOf(T::kKey);
    switch (toggleOf(ctx, *v, path)) {
    case Toggle::Defaults:
        turnOn(out, T{}, ctx.pos(path));
        return true;
    case Toggle::Object: {
        T settings;
        loader::ObjectReader o(ctx, *v, path);
        readSettings(o, settings);
        turnOn(out, std::move(settings), ctx.pos(path));
        return true;
    }
    case Toggle::Off:
    case Toggle::Invalid:
        break;
    }
    return false;
}

/// Reads a switch that is only true or false (T has no settings).
template <class T>
bool readBool(loader::LoaderContext &ctx, loader::ObjectReader &r, PatternSwitches &out)
{
    bool on = false;
    if (!r.readBool(T::kKey, on) || !on)
        return false;
    turnOn(out, T{}, ctx.pos(r.pathOf(T::kKey)));
    return true;
}

} // namespace switches

} // namespace dplab
