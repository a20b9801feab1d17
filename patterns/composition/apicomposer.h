#pragma once

#include "patterns/composition/circuitbreaker.h"
#include "patterns/composition/compositionsettings.h"
#include "simulation/scenario/scenario.h"
#include "simulation/world/service.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace dplab {

/** What API composition did during a run (summary.json "composition"). */
struct CompositionStats
{
    std::uint64_t requests = 0; ///< get_order_details handled by the composer
    std::uint64_t composed = 0; ///< answered after calling the downstreams
    std::uint64_t partialResponses = 0;
    std::uint64_t failed = 0; ///< orders failed: no answer at all
    std::uint64_t cacheHits = 0;
    std::uint64_t cacheMisses = 0;
    std::uint64_t staleReads = 0;   ///< cache hits older than the source at that moment
    std::uint64_t breakerOpens = 0; ///< transitions to open (re-opens after a probe too)
    std::uint64_t fastFailures = 0; ///< calls not sent because a breaker was open
};

/**
 * API composition at the gateway: answers get_order_details by asking orders for the order,
 * then customers and products (in parallel or one after the other) and merging the three
 * answers. Each downstream has its own timeout, retries and circuit breaker; a missing
 * customer or product gives a partial answer, a missing order a failure. An optional cache
 * in the gateway's own `cache` table answers repeated reads without any call.
 */
class ApiComposer
{
public:
    using Json = nlohmann::json;
    /// Replies with a traced failure (the gateway's replyFailed).
    using FailFn = std::function<void(Service &, const Message &, const std::string &)>;

    /// Call contexts of the composer have this bit set; the gateway's own flows never do.
    static constexpr std::uint64_t kContextBit = std::uint64_t{1} << 63;

    ApiComposer(const CompositionSettings &spec, bool replication, FailFn fail);

    void handle(Service &self, const Message &request);
    static bool owns(std::uint64_t context) { return (context & kContextBit) != 0; }
    void onCallResult(Service &self, const CallResult &result);
    /// The gateway crashed: requests in progress and the breakers' memory are gone.
    void onCrash();

    const CompositionStats &stats() const { return m_stats; }
    const CompositionSettings &spec() const { return m_spec; }
    CircuitBreaker::State breakerState(int part) const
    {
        return m_breakers[static_cast<std::size_t>(part)].state();
    }

    enum Part { Orders = 0, Customers = 1, Products = 2 };

private:
    struct Pending
    {
        Message request;
        std::array<Json, 3> parts;
        std::array<bool, 3> ok = {false, false, false};
        std::array<bool, 3> probe = {false, false, false};
        int outstanding = 0;
    };

    void send(Service &self, std::uint64_t id, Part part, std::int64_t key);
    void partDone(Service &self, std::uint64_t id, Part part, bool ok, Json value,
                  const std::string &why);
    void afterOrder(Service &self, std::uint64_t id);
    void finish(Service &self, std::uint64_t id);
    void traceBreaker(Service &self, Part part);
    std::int16_t target(Service &self, Part part);
    bool answerFromCache(Service &self, const Message &request);
    void store(Service &self, std::int64_t key, const Json &answer);

    CompositionSettings m_spec;
    bool m_replication = false;
    FailFn m_fail;
    std::array<CircuitBreaker, 3> m_breakers;
    std::array<std::int16_t, 3> m_targets = {-2, -2, -2}; // -2: not looked up yet
    std::unordered_map<std::uint64_t, Pending> m_pending;
    std::uint64_t m_next = 1;
    CompositionStats m_stats;
};

} // namespace dplab
