#include "sagaview.h"

#include "domain/shopservice.h"
#include "saga/sagaparticipant.h"
#include "saga/sagaprotocol.h"
#include "world/world.h"

namespace dplab {

namespace {

constexpr std::size_t kAll = static_cast<std::size_t>(ScenarioLimits::maxKeys);

/// The step a choreographed saga is at, from what its participants recorded.
std::string choreographyStep(const SagaRecord &r)
{
    if (r.reservation.empty())
        return "reserve";
    if (r.reservation != "reserved")
        return r.reservation == "released" ? "release" : "reserve";
    if (r.payment.empty())
        return "charge";
    if (r.payment != "charged")
        return "release";
    if (r.shipment.empty())
        return "create_shipment";
    return r.shipment == "created" ? "create_shipment" : "refund";
}

} // namespace

std::map<std::int64_t, std::string> SagaView::participantStatus(const World &world, const std::string &role)
{
    std::map<std::int64_t, std::string> out;
    const std::int16_t i = world.serviceWithRole(role);
    if (i < 0)
        return out;
    World &w = const_cast<World &>(world); // query() is non-const only for its statement cache
    try {
        const auto r = w.service(i).database().query(
            std::string("SELECT saga_id, status FROM ") + SagaParticipant::tableOf(role), {}, kAll);
        for (const auto &row : r.rows)
            out[std::get<std::int64_t>(row[0])] = std::get<std::string>(row[1]);
    } catch (const DatabaseError &) {
        // no table: the saga is off, or the role is missing
    }
    return out;
}

std::vector<SagaRecord> SagaView::all(const World &world)
{
    std::vector<SagaRecord> out;
    const auto &spec = world.scenario().patterns.saga;
    const std::int16_t orders = world.serviceWithRole("orders");
    if (!spec || orders < 0)
        return out;
    World &w = const_cast<World &>(world);
    const auto reservations = participantStatus(world, "inventory");
    const auto payments = participantStatus(world, "payments");
    const auto shipments = participantStatus(world, "shipping");
    auto fill = [&](SagaRecord &r) {
        if (const auto it = reservations.find(r.saga); it != reservations.end())
            r.reservation = it->second;
        if (const auto it = payments.find(r.saga); it != payments.end())
            r.payment = it->second;
        if (const auto it = shipments.find(r.saga); it != shipments.end())
            r.shipment = it->second;
    };
    try {
        if (spec->style == SagaSpec::Style::Orchestration) {
            const auto rows = w.service(orders).database().query(
                "SELECT id, order_id, status, step, attempts, started_us FROM sagas ORDER BY id", {}, kAll);
            for (const auto &v : rows.rows) {
                SagaRecord r;
                r.saga = std::get<std::int64_t>(v[0]);
                r.order = std::get<std::int64_t>(v[1]);
                r.status = std::get<std::string>(v[2]);
                const auto &step = SagaProtocol::kSteps[static_cast<std::size_t>(std::get<std::int64_t>(v[3]))];
                r.step = r.status == "compensating" ? step.compensation : step.action;
                r.attempts = static_cast<int>(std::get<std::int64_t>(v[4]));
                r.startedAt = std::get<std::int64_t>(v[5]);
                fill(r);
                out.push_back(std::move(r));
            }
        } else {
            const auto rows = w.service(orders).database().query(
                "SELECT id, status FROM orders WHERE status IN ('pending', 'confirmed', 'rejected') ORDER BY id",
                {}, kAll);
            for (const auto &v : rows.rows) {
                SagaRecord r;
                r.saga = r.order = std::get<std::int64_t>(v[0]);
                const std::string status = std::get<std::string>(v[1]);
                r.status = status == "pending" ? "running" : status == "confirmed" ? "completed" : "compensated";
                fill(r);
                r.step = choreographyStep(r);
                out.push_back(std::move(r));
            }
        }
    } catch (const DatabaseError &) {
        // a table renamed away by a schema-change fault: nothing readable
    }
    return out;
}

std::vector<SagaRecord> SagaView::inFlight(const World &world)
{
    std::vector<SagaRecord> out;
    for (auto &r : all(world))
        if (r.status == "running" || r.status == "compensating")
            out.push_back(std::move(r));
    return out;
}

} // namespace dplab
