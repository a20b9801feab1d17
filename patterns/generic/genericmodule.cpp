#include "patterns/generic/genericmodule.h"

#include "patterns/generic/genericservice.h"

namespace dplab {

std::vector<RoleInfo> GenericModule::roles() const
{
    RoleInfo generic;
    generic.name = "generic";
    generic.create = [](const ServiceSpec &) { return std::make_unique<GenericService>(); };
    generic.glyph = RoleGlyph::Gear;
    generic.column = RoleColumn::Flow;
    generic.description = "generic service";
    return {generic};
}

} // namespace dplab
