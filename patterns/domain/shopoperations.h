#pragma once

#include <string>
#include <vector>

namespace dplab {

class World;

/** The client side of the shop's operations: what each one sends, and to whom. */
class ShopOperations
{
public:
    /// The workload operations the shop implements in this build.
    static const std::vector<std::string> &names();
    /// Registers a handler for each with the world's client: it draws the operation's
    /// parameters and sends it to the gateway (or, without one, to the owning service).
    static void install(World &world);
};

} // namespace dplab
