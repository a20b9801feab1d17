#pragma once

#include "patterns/checks.h"

#include <vector>

namespace dplab {

class World;
class SagaParticipant;
class SagaOrders;

/**
 * The promises of the order saga, checked once the run has quiesced: no saga stuck, every
 * saga's effects match its outcome, stock and money conserved, each compensation applied at
 * most once.
 */
struct SagaChecks
{
    /// Appends the saga checks when patterns.saga is on.
    static void append(const World &world, std::vector<CheckResult> &out);
    /// The one that can be judged at any moment: a compensation applied twice stays so.
    static void appendLive(const World &world, std::vector<CheckResult> &out);
    /// The saga part of a participant role (inventory, payments, shipping), or nullptr.
    static const SagaParticipant *participant(const World &world, const std::string &role);
    /// The saga part of orders, or nullptr.
    static const SagaOrders *orders(const World &world);
};

} // namespace dplab
