#include "patterns/eventsourcing/timetravel.h"

#include "patterns/domain/shopservice.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/eventsourcing/orderaggregate.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

#include <sstream>

namespace dplab {

namespace {

using OJson = nlohmann::ordered_json;

std::string money(std::int64_t cents)
{
    std::string frac = std::to_string(cents % 100);
    return std::to_string(cents / 100) + "." + (frac.size() < 2 ? "0" : "") + frac;
}

} // namespace

std::string TimeTravel::validate(const Scenario &scenario, const AsOf &asOf,
                                 const std::string &stream)
{
    if (!settingsOf<EventSourcingSettings>(scenario))
        return "--as-of reads the event store: the scenario needs patterns.event_sourcing "
               "(e.g. --set patterns.event_sourcing=true)";
    if (!stream.empty() && OrderAggregate::orderOf(stream) <= 0)
        return "--stream \"" + stream + "\": streams are named order-N, such as order-12";
    if (asOf.kind == AsOf::Kind::Version && stream.empty())
        return "--as-of version:N is a version of one stream: add --stream order-N";
    return {};
}

nlohmann::ordered_json TimeTravel::report(const World &world, const AsOf &asOf,
                                          const std::string &stream)
{
    OJson out;
    out["as_of"] = asOf.describe();
    const std::int16_t index = ShopService::findRole(world, "orders");
    if (index < 0)
        return out;
    Database &db = const_cast<World &>(world).service(index).database(); // read-only queries
    OJson streams = OJson::array();
    if (!stream.empty()) {
        const StateAt s = EventStore::stateAt(db, stream, asOf);
        out["stream"] = stream;
        OJson events = OJson::array();
        for (const StoredEvent &e : s.events)
            events.push_back(e.toJson());
        const std::vector<StoredEvent> all = EventStore::readStream(db, stream);
        OJson later = OJson::array();
        for (std::size_t i = s.events.size(); i < all.size(); ++i)
            later.push_back(all[i].toJson());
        streams.push_back({{"stream", stream},
                           {"version", s.version},
                           {"state", s.state},
                           {"events", events},
                           {"later_events", later}});
    } else {
        for (const StateAt &s : EventStore::statesAt(db, asOf))
            streams.push_back({{"stream", s.stream}, {"version", s.version}, {"state", s.state}});
    }
    out["store_events"] = EventStore::lastPosition(db);
    out["streams"] = streams;
    return out;
}

std::string TimeTravel::text(const nlohmann::ordered_json &report, std::size_t maxStreams)
{
    std::ostringstream o;
    const std::string when = report.value("as_of", std::string());
    const OJson &streams = report.contains("streams") ? report["streams"] : OJson::array();
    auto line = [&](const OJson &s) {
        const OJson &st = s["state"];
        o << "  " << s["stream"].get<std::string>() << "  v" << s["version"].get<std::int64_t>();
        if (st.is_object())
            o << "  " << st.value("status", std::string()) << "  customer "
              << st.value("customer_id", std::int64_t{0}) << "  product "
              << st.value("product_id", std::int64_t{0}) << " x" << st.value("qty", std::int64_t{0})
              << "  total " << money(st.value("total", std::int64_t{0}));
        o << "\n";
    };
    if (report.contains("stream")) {
        const OJson &s = streams.at(0);
        const std::string name = s["stream"].get<std::string>();
        if (s["version"].get<std::int64_t>() == 0) {
            o << "as of " << when << ", " << name << " did not exist yet";
            if (!s["later_events"].empty())
                o << " (its first event came at t = "
                  << formatDuration(s["later_events"][0]["time_us"].get<SimTime>()) << ")";
            else
                o << " (nor does it later: the store has no such stream)";
            o << "\n";
            return o.str();
        }
        o << "as of " << when << ", " << name << " is at version " << s["version"] << ":\n";
        auto event = [&](const OJson &e, const char *mark) {
            o << "  " << mark << " v" << e["version"].get<std::int64_t>() << "  "
              << e["type"].get<std::string>()
              << "  at t = " << formatDuration(e["time_us"].get<SimTime>()) << ", event "
              << e["position"].get<std::int64_t>() << "  " << e["payload"].dump() << "\n";
        };
        for (const auto &e : s["events"])
            event(e, " ");
        for (const auto &e : s["later_events"])
            event(e, ">");
        o << "  state: " << s["state"].dump() << "\n";
        if (!s["later_events"].empty())
            o << "  (> marks the " << s["later_events"].size() << " later event"
              << (s["later_events"].size() == 1 ? "" : "s") << ", not applied)\n";
        return o.str();
    }
    o << "as of " << when << ", " << streams.size() << " stream" << (streams.size() == 1 ? "" : "s")
      << " existed (the store holds " << report.value("store_events", std::int64_t{0})
      << " events at the end):\n";
    // The newest streams are the interesting ones (the oldest are the seed's imports).
    const std::size_t skip = streams.size() > maxStreams ? streams.size() - maxStreams : 0;
    if (skip)
        o << "  ... " << skip << " older stream" << (skip == 1 ? "" : "s")
          << " (all of them in as-of.json), then the newest:\n";
    for (std::size_t i = skip; i < streams.size(); ++i)
        line(streams[i]);
    return o.str();
}

} // namespace dplab
