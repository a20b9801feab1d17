#pragma once

#include "patterns/saga/sagaorders.h"
#include "simulation/kernel/scheduler.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace dplab {

/**
 * The orchestrated saga: a state machine inside orders that sends each step's command
 * (reserve, charge, create_shipment) over the bus, waits for the reply, and on a failure sends
 * the compensations of the completed steps in reverse order. Its state is a row of the `sagas`
 * table committed with every transition, so after a crash it resumes every unfinished saga by
 * resending the current command. A step that stays unanswered after `step_retries` resends
 * counts as failed and is compensated too (it may have happened, only its reply got lost);
 * compensations are resent until acknowledged.
 */
class SagaOrchestrator : public SagaOrders, public EventHandler
{
public:
    explicit SagaOrchestrator(Service &self);

    void setup(Service &self) override;
    void begin(Service &self, const Message &request, std::int64_t product, std::int64_t qty,
               std::int64_t price) override;
    bool onEvent(Service &self, const Message &event) override;
    void onCrash(Service &self) override;
    void onRestart(Service &self) override;
    bool orchestrated() const override { return true; }
    std::uint64_t messages() const override { return m_commands; }

    void handleEvent(const Event &event) override;

private:
    struct Row
    {
        std::int64_t id = 0;
        std::int64_t order = 0;
        std::int64_t customer = 0;
        std::int64_t product = 0;
        std::int64_t qty = 0;
        std::int64_t total = 0;
        int step = 0;
        std::string status;
        int attempts = 0;
    };
    void onReply(Service &self, const nlohmann::json &reply);
    void onTimeout(std::int64_t saga);
    void resume(Service &self);
    std::optional<Row> load(std::int64_t saga);
    /// The action the saga waits for now (a step, or a step's compensation).
    static std::string currentAction(const Row &row);
    /// Sends the current command and arms its timeout.
    void send(const Row &row);
    /// Commits the new state (and the order's outcome at the end); then sends the next command.
    void moveTo(Row row, int step, const std::string &status, int attempts,
                const std::string &what);
    /// Compensates the steps from `step` down to the first.
    void compensateFrom(const Row &row, int step);

    Service &m_self;
    std::uint32_t m_replies = 0;
    SimTime m_timeout = 0;
    int m_retries = 0;
    std::map<std::int64_t, TimerId>
        m_timers; // saga -> its pending timeout (memory: lost in a crash)
    std::uint64_t m_commands = 0;
};

} // namespace dplab
