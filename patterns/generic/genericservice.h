#pragma once

#include "simulation/world/service.h"

#include <cstdint>
#include <unordered_map>

namespace dplab {

/**
 * The `generic` role of theory labs: records each request in its own table, optionally
 * publishes an event, calls the services in `calls` (in parallel or in sequence) and replies;
 * it fails if any call fails after retries, or with its own failure_rate. Subscribed topics
 * are recorded in another table.
 */
class GenericService : public ServiceBehavior
{
public:
    void setup(Service &self) override;
    void onRequest(Service &self, const Message &request) override;
    void onEvent(Service &self, const Message &event) override;
    void onCallResult(Service &self, const CallResult &result) override;
    void onCrash(Service &self) override;

private:
    struct Pending
    {
        Message request;
        std::size_t next = 0;      ///< sequential: index of the next call
        std::size_t remaining = 0; ///< parallel: calls without an outcome yet
        bool failed = false;
    };
    void callNext(Service &self, std::uint64_t id, Pending &p);
    void finish(Service &self, std::uint64_t id, bool ok);

    std::vector<std::int16_t> m_calls;
    std::uint32_t m_publishTopic = 0;
    std::uint64_t m_nextContext = 1;
    std::unordered_map<std::uint64_t, Pending> m_pending;
};

} // namespace dplab
