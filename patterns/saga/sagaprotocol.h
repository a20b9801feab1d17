#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace dplab {

/**
 * The vocabulary every saga participant shares: the three steps of placing an order, the topics
 * commands, replies and events travel on, and the ids that make a retry recognisable.
 */
struct SagaProtocol
{
    /** One step: who does it, what it does, and what undoes it. */
    struct Step
    {
        const char *role;
        const char *action;
        const char *compensation;
    };
    static constexpr std::array<Step, 3> kSteps = {
        {{"inventory", "reserve", "release"},
         {"payments", "charge", "refund"},
         {"shipping", "create_shipment", "cancel_shipment"}}};
    static constexpr const char *kReplies = "saga-replies";
    static constexpr const char *kEvents = "saga-events";

    /// "inventory-commands": where the orchestrator sends a role its commands.
    static std::string commandTopic(const std::string &role) { return role + "-commands"; }
    /// The step index of a role, or -1.
    static int stepOf(const std::string &role)
    {
        for (std::size_t i = 0; i < kSteps.size(); ++i)
            if (role == kSteps[i].role)
                return static_cast<int>(i);
        return -1;
    }
    /// A command's id: the same for every resend, so a participant recognises a retry.
    static std::string commandId(std::int64_t saga, const std::string &action)
    {
        return "saga " + std::to_string(saga) + "/" + action;
    }
    /// A choreography event's id: one event of each type per saga.
    static std::string eventId(std::int64_t saga, const std::string &type)
    {
        return type + "/" + std::to_string(saga);
    }
};

} // namespace dplab
