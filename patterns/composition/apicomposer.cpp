#include "patterns/composition/apicomposer.h"

#include "patterns/composition/compositionsettings.h"
#include "patterns/domain/shopservice.h"
#include "patterns/sourcepeek.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

const char *roleOf(ApiComposer::Part part)
{
    switch (part) {
    case ApiComposer::Orders:
        return "orders";
    case ApiComposer::Customers:
        return "customers";
    case ApiComposer::Products:
        return "products";
    }
    return "";
}

std::string cacheKey(std::int64_t key)
{
    return "order_details:" + std::to_string(key);
}

} // namespace

ApiComposer::ApiComposer(const CompositionSettings &spec, bool replication, FailFn fail)
    : m_spec(spec)
    , m_replication(replication)
    , m_fail(std::move(fail))
{
    for (auto &b : m_breakers)
        b = CircuitBreaker(spec.breakerFailures, spec.breakerOpenFor);
}

std::int16_t ApiComposer::target(Service &self, Part part)
{
    auto &t = m_targets[static_cast<std::size_t>(part)];
    if (t == -2)
        t = ShopService::findRole(self.world(), roleOf(part));
    return t;
}

void ApiComposer::handle(Service &self, const Message &request)
{
    ++m_stats.requests;
    if (m_spec.cacheTtl > 0 && answerFromCache(self, request))
        return;
    const std::uint64_t id = m_next++;
    Pending &p = m_pending[id];
    p.request = request;
    p.outstanding = 1;
    send(self, id, Orders, request.key);
}

void ApiComposer::send(Service &self, std::uint64_t id, Part part, std::int64_t key)
{
    const std::int16_t to = target(self, part);
    if (to < 0)
        return partDone(self, id, part, false, {}, std::string("no ") + roleOf(part) + " service");
    CircuitBreaker &breaker = m_breakers[static_cast<std::size_t>(part)];
    bool probe = false, changed = false;
    const bool allowed = breaker.allow(self.world().now(), &probe, &changed);
    if (changed)
        traceBreaker(self, part);
    if (!allowed) {
        ++m_stats.fastFailures;
        return partDone(self, id, part, false, {},
                        self.world().names().endpoint(to) + " breaker open, call not sent");
    }
    m_pending.at(id).probe[static_cast<std::size_t>(part)] = probe;
    // With replication on, orders answers with the customer from its own replica.
    const char *op = part == Orders      ? (m_replication ? "get_order_details" : "get_order")
                     : part == Customers ? "get_customer"
                                         : "get_product";
    const std::uint64_t context = kContextBit | (id << 2) | static_cast<std::uint64_t>(part);
    self.call(to, self.world().operationLabel(op), key, {}, context, m_spec.timeout,
              m_spec.retries);
}

void ApiComposer::onCallResult(Service &self, const CallResult &result)
{
    const std::uint64_t id = (result.context & ~kContextBit) >> 2;
    const auto part = static_cast<Part>(result.context & 3);
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    CircuitBreaker &breaker = m_breakers[static_cast<std::size_t>(part)];
    bool changed = false;
    breaker.record(result.ok, it->second.probe[static_cast<std::size_t>(part)], self.world().now(),
                   &changed);
    if (changed) {
        if (breaker.state() == CircuitBreaker::State::Open)
            ++m_stats.breakerOpens;
        traceBreaker(self, part);
    }
    Json payload = Json::object();
    if (!result.payload.empty()) {
        payload = Json::parse(result.payload, nullptr, false);
        if (payload.is_discarded())
            payload = Json::object();
    }
    const std::string name = self.world().names().endpoint(result.target);
    std::string why;
    if (!result.ok)
        why = result.timedOut ? name + " did not answer in time"
                              : name + ": " + payload.value("error", std::string("failed"));
    partDone(self, id, part, result.ok, std::move(payload), why);
}

void ApiComposer::partDone(Service &self, std::uint64_t id, Part part, bool ok, Json value,
                           const std::string &why)
{
    Pending &p = m_pending.at(id);
    const auto i = static_cast<std::size_t>(part);
    p.ok[i] = ok;
    p.parts[i] = ok ? std::move(value) : Json(why);
    --p.outstanding;
    if (part == Orders) {
        if (ok)
            return afterOrder(self, id);
        // Without the order there is nothing to compose: the whole request fails.
        ++m_stats.failed;
        const Message request = std::move(p.request);
        m_pending.erase(id);
        return m_fail(self, request, why);
    }
    if (p.outstanding > 0)
        return;
    if (part == Customers && m_spec.mode == CompositionSettings::Mode::Sequential) {
        p.outstanding = 1;
        return send(self, id, Products, p.parts[Orders].value("product_id", std::int64_t{0}));
    }
    finish(self, id);
}

void ApiComposer::afterOrder(Service &self, std::uint64_t id)
{
    Pending &p = m_pending.at(id);
    Json &order = p.parts[Orders];
    const std::int64_t customer = order.value("customer_id", std::int64_t{0});
    const std::int64_t product = order.value("product_id", std::int64_t{0});
    if (m_replication) {
        const auto it = order.find("customer");
        p.ok[Customers] = it != order.end() && it->is_object();
        p.parts[Customers] = p.ok[Customers] ? *it : Json("not in the orders' replica");
        order.erase("customer");
        p.outstanding = 1;
        return send(self, id, Products, product);
    }
    if (m_spec.mode == CompositionSettings::Mode::Parallel) {
        // Both are outstanding before the first is sent: a fast failure of the first must
        // not finish the request.
        p.outstanding = 2;
        send(self, id, Customers, customer);
        send(self, id, Products, product);
        return;
    }
    p.outstanding = 1;
    send(self, id, Customers, customer);
}

void ApiComposer::finish(Service &self, std::uint64_t id)
{
    Pending p = std::move(m_pending.at(id));
    m_pending.erase(id);
    ++m_stats.composed;
    Json answer = Json::object();
    answer["order"] = p.parts[Orders];
    Json missing = Json::array();
    for (const Part part : {Customers, Products}) {
        const auto i = static_cast<std::size_t>(part);
        const char *name = part == Customers ? "customer" : "product";
        answer[name] = p.ok[i] ? p.parts[i] : Json(nullptr);
        if (!p.ok[i])
            missing.push_back(name);
    }
    if (!missing.empty()) {
        // The fallback: answer with what is known, and say what is not.
        ++m_stats.partialResponses;
        answer["partial"] = true;
        answer["missing"] = missing;
    } else if (m_spec.cacheTtl > 0) {
        const std::uint32_t incarnation = self.incarnation();
        store(self, p.request.key, answer);
        if (self.incarnation() != incarnation)
            return; // crashed right after the cache commit
    }
    self.reply(p.request, true, answer.dump());
}

bool ApiComposer::answerFromCache(Service &self, const Message &request)
{
    World &w = self.world();
    const auto r =
        self.database().query("SELECT value FROM cache WHERE key = ?1 AND expires_us > ?2",
                              {cacheKey(request.key), w.now()});
    if (r.rows.empty()) {
        ++m_stats.cacheMisses;
        return false;
    }
    ++m_stats.cacheHits;
    Json answer = Json::parse(std::get<std::string>(r.rows[0][0]), nullptr, false);
    if (answer.is_discarded())
        answer = Json::object();
    // Measurement only: is what the cache says older than what the owners hold right now?
    bool stale = false;
    for (const auto &[part, table] :
         {std::pair{"customer", "customers"}, std::pair{"product", "products"}}) {
        const Json &cached = answer.value(part, Json());
        if (!cached.is_object())
            continue;
        const auto now = SourcePeek::version(w, table, table, cached.value("id", std::int64_t{0}));
        stale = stale || (now && *now > cached.value("version", std::int64_t{0}));
    }
    if (stale) {
        ++m_stats.staleReads;
        self.traceStaleRead(request.key, -1, "cached answer");
    }
    answer["cached"] = true;
    self.reply(request, true, answer.dump());
    return true;
}

void ApiComposer::store(Service &self, std::int64_t key, const Json &answer)
{
    Database &db = self.database();
    const SimTime now = self.world().now();
    try {
        db.begin();
        db.prepare("INSERT OR REPLACE INTO cache (key, value, stored_us, expires_us)"
                   " VALUES (?1, ?2, ?3, ?4)")
            .bind(1, cacheKey(key))
            .bind(2, answer.dump())
            .bind(3, now)
            .bind(4, now + m_spec.cacheTtl)
            .run();
        self.commit("cache order details");
    } catch (const DatabaseError &) {
        // A cache that cannot be written is only a missed optimisation.
        if (db.inTransaction())
            db.rollback();
    }
}

void ApiComposer::traceBreaker(Service &self, Part part)
{
    World &w = self.world();
    const std::int16_t to = target(self, part);
    const CircuitBreaker::State state = m_breakers[static_cast<std::size_t>(part)].state();
    TraceEvent e;
    e.kind = TraceKind::Breaker;
    e.from = self.index();
    e.to = to;
    e.value = static_cast<std::int64_t>(state);
    e.cause = w.cause();
    e.text =
        w.names().addText(w.names().endpoint(to) + " breaker " + CircuitBreaker::stateName(state));
    w.record(e);
}

void ApiComposer::onCrash()
{
    m_pending.clear();
    for (auto &b : m_breakers)
        b.reset();
}

} // namespace dplab
