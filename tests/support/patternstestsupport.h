#pragma once

// Scenarios of the shop with the event-driven patterns (CQRS, outbox, idempotent consumers),
// shared by their tests.

#include "tests/support/testsupport.h"

#include <algorithm>
#include <string>
#include <vector>

namespace dplab::test {

/// A shop workload entry over customers 1..n.
inline WorkloadSpec shopOp(const std::string &op, double rate, SimTime stop, std::int64_t n = 200)
{
    WorkloadSpec w;
    w.operation = op;
    w.rate = rate;
    w.stop = stop;
    w.keys.n = n;
    return w;
}

/// orders, products, inventory, payments and an order-view (no gateway: clients call the
/// owners), with place/pay/cancel until `stop`. Patterns: CQRS plus what the caller adds.
inline Scenario eventShop(SimTime stop, SimTime duration, std::uint64_t seed = 5)
{
    Scenario sc;
    sc.name = "event shop";
    sc.seed = seed;
    sc.duration = duration;
    sc.sampleInterval = 500 * kMillisecond;
    sc.domain.customers = 200;
    sc.domain.products = 40;
    sc.domain.stock = 1000000;
    sc.network.latency = Distribution::constant(kMillisecond);
    sc.services.push_back(shopService("orders", 16, Distribution::exponential(kMillisecond)));
    sc.services.push_back(shopService("products", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("inventory", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("payments", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("order-view", 8, Distribution::exponential(kMillisecond)));
    sc.bus.latency = Distribution::exponential(10 * kMillisecond);
    sc.bus.redeliveryAfter = 300 * kMillisecond;
    turnOn(sc.patterns, CqrsSettings{});
    sc.workload = {shopOp("place_order", 60, stop), shopOp("pay_order", 30, stop),
                   shopOp("cancel_order", 10, stop)};
    return sc;
}

inline void withOutbox(Scenario &sc, SimTime poll = 100 * kMillisecond)
{
    OutboxSettings o;
    o.poll = poll;
    turnOn(sc.patterns, o);
}

inline void withIdempotentConsumers(Scenario &sc)
{
    turnOn(sc.patterns, IdempotentConsumersSettings{});
}

inline FaultSpec crashAfter(FaultSpec::Kind kind, const std::string &service, double p, SimTime at,
                            SimTime length)
{
    FaultSpec f;
    f.kind = kind;
    f.service = service;
    f.probability = p;
    f.restartAfter = 200 * kMillisecond;
    f.at = at;
    f.duration = length;
    return f;
}

inline const CheckResult *checkById(const std::vector<CheckResult> &checks, const std::string &id)
{
    const auto it = std::find_if(checks.begin(), checks.end(),
                                 [&](const CheckResult &c) { return c.id == id; });
    return it == checks.end() ? nullptr : &*it;
}
/// The pointer would outlive a temporary list (AddressSanitizer caught four such uses).
const CheckResult *checkById(std::vector<CheckResult> &&checks, const std::string &id) = delete;

} // namespace dplab::test
