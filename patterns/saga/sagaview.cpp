#include "patterns/saga/sagaview.h"

#include "patterns/domain/shopservice.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagaparticipant.h"
#include "patterns/saga/sagaprotocol.h"
#include "patterns/saga/sagasettings.h"
#include "simulation/world/world.h"

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

std::map<std::int64_t, std::string> SagaView::participantStatus(const World &world,
                                                                const std::string &role)
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

namespace {

std::vector<SagaRecord> collect(const World &world, bool inFlightOnly)
{
    std::vector<SagaRecord> out;
    const auto &spec = settingsOf<SagaSettings>(world.scenario());
    const std::int16_t orders = world.serviceWithRole("orders");
    if (!spec || orders < 0)
        return out;
    World &w = const_cast<World &>(world);
    // Every saga: one scan per participant table. Only those in flight (the GUI asks every
    // frame): one lookup by saga id each.
    std::map<std::int64_t, std::string> reservations, payments, shipments;
    if (!inFlightOnly) {
        reservations = SagaView::participantStatus(world, "inventory");
        payments = SagaView::participantStatus(world, "payments");
        shipments = SagaView::participantStatus(world, "shipping");
    }
    auto lookup = [&](const char *role, std::int64_t saga) {
        const std::int16_t i = world.serviceWithRole(role);
        if (i < 0)
            return std::string();
        const auto r = w.service(i).database().query(std::string("SELECT status FROM ") +
                                                         SagaParticipant::tableOf(role) +
                                                         " WHERE saga_id = ?1",
                                                     {saga});
        return r.rows.empty() ? std::string() : std::get<std::string>(r.rows[0][0]);
    };
    auto fill = [&](SagaRecord &r) {
        if (inFlightOnly) {
            r.reservation = lookup("inventory", r.saga);
            r.payment = lookup("payments", r.saga);
            r.shipment = lookup("shipping", r.saga);
            return;
        }
        if (const auto it = reservations.find(r.saga); it != reservations.end())
            r.reservation = it->second;
        if (const auto it = payments.find(r.saga); it != payments.end())
            r.payment = it->second;
        if (const auto it = shipments.find(r.saga); it != shipments.end())
            r.shipment = it->second;
    };
    try {
        if (spec->style == SagaSettings::Style::Orchestration) {
            const auto rows = w.service(orders).database().query(
                inFlightOnly ? "SELECT id, order_id, status, step, attempts, started_us FROM sagas"
                               " WHERE status IN ('running', 'compensating') ORDER BY id"
                             : "SELECT id, order_id, status, step, attempts, started_us FROM sagas "
                               "ORDER BY id",
                {}, kAll);
            for (const auto &v : rows.rows) {
                SagaRecord r;
                r.saga = std::get<std::int64_t>(v[0]);
                r.order = std::get<std::int64_t>(v[1]);
                r.status = std::get<std::string>(v[2]);
                const auto &step =
                    SagaProtocol::kSteps[static_cast<std::size_t>(std::get<std::int64_t>(v[3]))];
                r.step = r.status == "compensating" ? step.compensation : step.action;
                r.attempts = static_cast<int>(std::get<std::int64_t>(v[4]));
                r.startedAt = std::get<std::int64_t>(v[5]);
                fill(r);
                out.push_back(std::move(r));
            }
        } else {
            const auto rows = w.service(orders).database().query(
                inFlightOnly ? "SELECT id, status FROM orders WHERE status = 'pending' ORDER BY id"
                             : "SELECT id, status FROM orders WHERE status IN ('pending', "
                               "'confirmed', 'rejected')"
                               " ORDER BY id",
                {}, kAll);
            for (const auto &v : rows.rows) {
                SagaRecord r;
                r.saga = r.order = std::get<std::int64_t>(v[0]);
                const std::string status = std::get<std::string>(v[1]);
                r.status = status == "pending"     ? "running"
                           : status == "confirmed" ? "completed"
                                                   : "compensated";
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

} // namespace

std::vector<SagaRecord> SagaView::all(const World &world)
{
    return collect(world, false);
}

SagaView::Finished SagaView::finished(const World &world)
{
    Finished out;
    const auto &spec = settingsOf<SagaSettings>(world.scenario());
    const std::int16_t orders = world.serviceWithRole("orders");
    if (!spec || orders < 0)
        return out;
    // A choreography keeps no saga table: its outcome is the order's status.
    const bool orchestrated = spec->style == SagaSettings::Style::Orchestration;
    const char *sql = orchestrated
                          ? "SELECT status, count(*) FROM sagas WHERE status IN ('completed', "
                            "'compensated') GROUP BY status"
                          : "SELECT status, count(*) FROM orders WHERE status IN ('confirmed', "
                            "'rejected') GROUP BY status";
    try {
        World &w = const_cast<World &>(world);
        for (const auto &row : w.service(orders).database().query(sql).rows) {
            const std::string &status = std::get<std::string>(row[0]);
            const int n = static_cast<int>(std::get<std::int64_t>(row[1]));
            if (status == "completed" || status == "confirmed")
                out.completed = n;
            else
                out.compensated = n;
        }
    } catch (const DatabaseError &) {
        // a table renamed away by a schema-change fault: nothing readable
    }
    return out;
}

std::vector<SagaRecord> SagaView::inFlight(const World &world)
{
    return collect(world, true);
}

} // namespace dplab
