#pragma once

#include "simulation/scenario/scenario.h"
#include "simulation/world/database.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dplab {

/**
 * The tables of the reference shop, per role, and their deterministic seed data. Money is in
 * integer cents so that sums are exact.
 */
class ShopSchema
{
public:
    /// Tables owned by a role ("orders" -> {"orders"}); empty for roles without tables.
    static std::vector<std::string> tablesOf(const std::string &role);
    /// The role that owns a table, or "".
    static std::string ownerOf(const std::string &table);
    /// Creates the role's tables (IF NOT EXISTS) in `db`.
    static void create(Database &db, const std::string &role);
    /// Fills the role's tables with seed data sized by `domain`, drawn from `seed`; the same
    /// seed always gives the same rows.
    static void seed(Database &db, const std::string &role, const DomainSpec &domain,
                     std::uint64_t seed);

    /// The order-view's starting rows (summaries and totals of the seed orders), and with
    /// `withNames` its reference tables. Runs inside the caller's transaction.
    static void seedOrderView(Database &db, const DomainSpec &domain, std::uint64_t seed,
                              bool withNames);

    /// Runs `fill` in one transaction whose changes are kept out of the changeset store: seed
    /// data is the starting point of a lesson, not part of it. Rolls back if `fill` throws.
    static void seedTransaction(Database &db, const std::function<void()> &fill);

    /// Seed helpers, shared with tests and other roles.
    static std::string customerName(std::int64_t id, std::uint64_t seed);
    static std::string customerTier(std::int64_t id, std::uint64_t seed);
    static std::string productName(std::int64_t id, std::uint64_t seed);
    static std::int64_t productPrice(std::int64_t id, std::uint64_t seed);
    /** The earlier order every customer starts with (id = customer id, status "delivered"). */
    struct SeedOrder
    {
        std::int64_t product = 0;
        std::int64_t qty = 0;
        std::int64_t total = 0;
    };
    static SeedOrder seedOrder(std::int64_t customer, const DomainSpec &domain, std::uint64_t seed);
    static constexpr std::int64_t kInitialBalance = 1'000'000; ///< cents per customer account
};

} // namespace dplab
