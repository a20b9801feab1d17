#pragma once

#include "simulation/world/service.h"

#include <cstdint>
#include <functional>
#include <string>

namespace dplab {

/**
 * What a two-phase commit participant can promise and then do: inventory reserves stock of a
 * product, payments charges a customer. The participant owns the protocol (prepared table,
 * locks, votes); the resource owns the domain SQL.
 */
struct TwoPhaseResource
{
    using Sql = std::function<std::string(const std::string &)>;
    /// Why the work cannot be promised (empty: it can), checked with the key's lock held.
    using Refuse = std::function<std::string(Service &, std::int64_t key, std::int64_t amount)>;
    /// Applies promised work inside the open transaction (the decision was commit).
    using Apply =
        std::function<void(Service &, std::int64_t key, std::int64_t amount, std::int64_t order)>;

    std::string role;    ///< "inventory" or "payments": the coordinator's name for it
    std::string keyName; ///< what the lock protects, for texts: "product", "customer"
    Refuse refuse;
    Apply apply;

    /// Reserve `amount` units of product `key` (available -> reserved).
    static TwoPhaseResource inventory(Sql sql);
    /// Charge customer `key` `amount` and record the payment of the order.
    static TwoPhaseResource payments(Sql sql);
};

} // namespace dplab
