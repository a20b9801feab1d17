#pragma once

#include "simulation/kernel/rng.h"
#include "simulation/kernel/scheduler.h"
#include "simulation/scenario/scenario.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dplab {

class World;
struct Message;

/// The name an operation is reported under: "request:TARGET", "publish:TOPIC" or the
/// shop operation's own name.
std::string operationName(const WorkloadSpec &w);

/** One operation issued by the workload, handed to the operation's handler. */
struct ClientOperation
{
    std::uint64_t requestId = 0;
    std::size_t workload = 0;
    std::uint32_t label = 0; ///< operation label ("op:NAME")
    std::int64_t key = 0;
    std::int16_t target = -1;
    SimTime timeout = 0;
};

/**
 * The open-loop clients of the workload: arrivals (Poisson or constant), key choice, and the
 * client side of every request (send, timeout, latency measured from send to reply).
 */
class Client : public EventHandler
{
public:
    /// Handles an operation the World does not know natively (shop operations).
    using OperationHandler = std::function<void(World &, const ClientOperation &)>;

    Client(World &world, const std::vector<WorkloadSpec> &workload, SimTime duration,
           std::uint64_t seed);

    void registerOperation(const std::string &name, OperationHandler handler);
    bool hasOperation(const std::string &name) const;
    /// Schedules the first arrival of every workload.
    void start();

    /// Sends a request from the client to a service and tracks it.
    std::uint64_t request(std::size_t workload, std::uint32_t label, std::int16_t target,
                          std::int64_t key, SimTime timeout, std::string payload = {});
    /// Completes a request (reply arrived, or a handler finished it).
    void complete(std::uint64_t requestId, bool ok, const std::string &why = {});
    /// A reply message addressed to the client.
    void onReply(const Message &reply);
    std::size_t outstanding() const { return m_open.size(); }

    void handleEvent(const Event &event) override;

private:
    enum EventKinds : std::uint32_t { Arrival = 1, RequestTimeout = 2 };

    struct Stream
    {
        WorkloadSpec spec;
        Rng rng;
        KeySampler keys;
        std::uint32_t label = 0;
        std::uint32_t topic = 0;
        std::int16_t target = -1;
        SimTime stop = 0;
    };
    struct Open
    {
        std::uint32_t label = 0;
        std::int16_t target = -1;
        SimTime sentAt = 0;
        TimerId timer = kNoTimer;
        std::uint64_t cause = 0;
        std::int64_t key = 0;
    };

    void scheduleNext(std::size_t i);
    void arrive(std::size_t i);

    World &m_world;
    SimTime m_duration;
    std::vector<Stream> m_streams;
    std::unordered_map<std::string, OperationHandler> m_handlers;
    std::unordered_map<std::uint64_t, Open> m_open;
    std::uint64_t m_nextRequest = 1;
};

} // namespace dplab
