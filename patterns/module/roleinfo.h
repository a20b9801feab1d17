#pragma once

#include "simulation/world/service.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dplab {

/** The picture on a service box: what the role does, drawn as a simple glyph. */
enum class RoleGlyph {
    Gear,    ///< a generic service of a theory lab
    Door,    ///< the entry of every client request
    Person,  ///< people (customers)
    Tag,     ///< a catalogue (products)
    Boxes,   ///< stock (inventory)
    Receipt, ///< orders
    Card,    ///< money (payments)
    Truck,   ///< deliveries (shipping)
    Screen,  ///< a read model built from events
    Baton,   ///< a conductor of other services' steps
    Scales,  ///< a judge of other services' votes
};

/** Where a role stands on the canvas, from left (clients) to right. */
enum class RoleColumn {
    Flow,        ///< placed by the calls and subscriptions it takes part in
    Entry,       ///< first after the clients (a gateway)
    Coordinator, ///< first behind the entry
    Core,        ///< the services that own the data
    ReadSide,    ///< last: read models fed by events
};

/** A role a service may take: its name in files, its behaviour and how it is drawn. */
struct RoleInfo
{
    using Factory = std::function<std::unique_ptr<ServiceBehavior>(const ServiceSpec &)>;

    std::string name; ///< in files: "role": "orders"
    Factory create;   ///< empty: reserved, refused as not implemented in this build
    RoleGlyph glyph = RoleGlyph::Gear;
    RoleColumn column = RoleColumn::Core;
    std::vector<std::string> tables; ///< the tables a service of this role owns
    std::string description;         ///< for tooltips; empty: "<name> service"
};

} // namespace dplab
