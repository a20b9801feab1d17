#pragma once

#include "simulation/kernel/rng.h"
#include "simulation/kernel/scheduler.h"
#include "simulation/observe/traceevent.h"
#include "simulation/scenario/scenario.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace dplab {

class World;

/**
 * Request/response calls between endpoints: per-link latency and drop, partitions (through
 * the FaultManager), per-attempt timeouts and retries. Replies that arrive after the caller
 * gave up are traced and ignored.
 */
class Network : public EventHandler
{
public:
    Network(World &world, const NetworkSpec &spec, std::uint64_t seed);

    /// Starts a call; the outcome goes to the caller (service behaviour or client).
    std::uint64_t call(std::int16_t from, std::int16_t to, std::uint32_t label, std::int64_t key,
                       std::string payload, std::uint64_t context, SimTime timeout, int retries);
    /// Puts a message on the wire (id, from, to, kind filled in); returns its slab slot.
    void send(struct Message message);
    /// Sends the reply to a request message.
    void reply(const struct Message &request, bool ok, std::string payload);
    /// The caller crashed: its calls are forgotten (their replies will be ignored).
    void forgetCallsOf(std::int16_t caller);
    std::size_t pendingCalls() const { return m_calls.size(); }

    const NetworkSpec &spec() const { return m_spec; }
    /// Latency distribution and drop probability now in force on a link (faults included).
    /// Not const: a link's state is created on first use.
    Distribution latency(std::int16_t from, std::int16_t to);
    double dropProbability(std::int16_t from, std::int16_t to);

    void handleEvent(const Event &event) override;

private:
    enum EventKinds : std::uint32_t { Arrive = 1, CallTimeout = 2 };

    struct Call
    {
        std::int16_t caller = kNoEndpoint;
        std::int16_t target = kNoEndpoint;
        std::uint32_t callerIncarnation = 0;
        std::uint32_t label = 0;
        std::int64_t key = 0;
        std::uint64_t context = 0;
        SimTime timeout = 0;
        int retriesLeft = 0;
        std::uint8_t attempt = 0;
        TimerId timer = kNoTimer;
        std::string payload;
    };

    struct Link
    {
        Rng rng;
        Distribution latency;
        double drop = 0;
    };

    Link &link(std::int16_t from, std::int16_t to);
    const Distribution &latencyOf(const Link &l, std::int16_t from, std::int16_t to) const;
    double dropOf(const Link &l, std::int16_t from, std::int16_t to) const;
    void sendAttempt(std::uint64_t callId, Call &call);
    /// Puts a message (slab slot) on the wire: trace, drop or schedule its arrival.
    void transmit(std::uint32_t slot);
    void arrive(std::uint32_t slot);
    void deliverReply(std::uint32_t slot);

    World &m_world;
    NetworkSpec m_spec;
    std::uint64_t m_seed;
    std::uint64_t m_nextCall = 1;
    std::unordered_map<std::uint64_t, Call> m_calls;
    std::unordered_map<std::uint32_t, Link> m_links; // key: (from+8) << 16 | (to+8)
};

} // namespace dplab
