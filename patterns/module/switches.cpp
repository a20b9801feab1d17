#include "patterns/module/switches.h"

namespace dplab::switches {

Toggle toggleOf(loader::LoaderContext &ctx, const loader::Json &v, const std::string &path)
{
    if (v.is_boolean())
        return v.get<bool>() ? Toggle::Defaults : Toggle::Off;
    if (v.is_object())
        return Toggle::Object;
    ctx.error(path, "expected true, false or an object of settings, got " + compactJson(v));
    return Toggle::Invalid;
}

} // namespace dplab::switches
