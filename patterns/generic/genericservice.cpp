#include "patterns/generic/genericservice.h"

#include "simulation/world/world.h"

namespace dplab {

void GenericService::setup(Service &self)
{
    Database &db = self.database();
    db.exec("CREATE TABLE IF NOT EXISTS requests ("
            " id INTEGER PRIMARY KEY, msg INTEGER NOT NULL, key INTEGER NOT NULL,"
            " caller TEXT NOT NULL, at_us INTEGER NOT NULL)");
    if (!self.spec().subscribes.empty())
        db.exec("CREATE TABLE IF NOT EXISTS events_seen ("
                " id INTEGER PRIMARY KEY, msg INTEGER NOT NULL, topic TEXT NOT NULL,"
                " key INTEGER NOT NULL, at_us INTEGER NOT NULL)");
    World &w = self.world();
    for (const auto &name : self.spec().calls)
        m_calls.push_back(w.serviceIndex(name));
    if (!self.spec().publishes.empty())
        m_publishTopic = w.bus().topic(self.spec().publishes);
    for (const auto &topic : self.spec().subscribes)
        w.bus().subscribe(w.bus().topic(topic), self.index());
}

void GenericService::onRequest(Service &self, const Message &request)
{
    World &w = self.world();
    if (self.rollFailure()) {
        self.traceFailure(request, "business failure (failure_rate)");
        self.reply(request, false);
        return;
    }
    Database &db = self.database();
    db.begin();
    db.prepare("INSERT INTO requests (msg, key, caller, at_us) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, static_cast<std::int64_t>(request.id))
        .bind(2, request.key)
        .bind(3, w.names().endpoint(request.from))
        .bind(4, w.now())
        .run();
    if (!self.commit("record request"))
        return; // crashed right after the commit: no event, no calls, no reply
    if (m_publishTopic)
        self.publish(m_publishTopic, request.key);
    if (m_calls.empty()) {
        self.reply(request, true);
        return;
    }
    const std::uint64_t id = m_nextContext++;
    Pending &p = m_pending[id];
    p.request = request;
    p.request.payload.clear();
    if (self.spec().fanout == ServiceSpec::Fanout::Parallel) {
        p.remaining = m_calls.size();
        for (std::int16_t target : m_calls)
            self.call(target, request.label, request.key, {}, id);
    } else {
        callNext(self, id, p);
    }
}

void GenericService::callNext(Service &self, std::uint64_t id, Pending &p)
{
    const std::int16_t target = m_calls[p.next++];
    self.call(target, p.request.label, p.request.key, {}, id);
}

void GenericService::onCallResult(Service &self, const CallResult &result)
{
    auto it = m_pending.find(result.context);
    if (it == m_pending.end())
        return;
    Pending &p = it->second;
    if (!result.ok)
        p.failed = true;
    if (self.spec().fanout == ServiceSpec::Fanout::Parallel) {
        if (--p.remaining == 0)
            finish(self, result.context, !p.failed);
        return;
    }
    if (p.failed || p.next >= m_calls.size())
        finish(self, result.context, !p.failed);
    else
        callNext(self, result.context, p);
}

void GenericService::finish(Service &self, std::uint64_t id, bool ok)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const Message request = std::move(it->second.request);
    m_pending.erase(it);
    self.reply(request, ok);
}

void GenericService::onEvent(Service &self, const Message &event)
{
    World &w = self.world();
    Database &db = self.database();
    db.begin();
    db.prepare("INSERT INTO events_seen (msg, topic, key, at_us) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, static_cast<std::int64_t>(event.id))
        .bind(2, w.names().labelName(event.label))
        .bind(3, event.key)
        .bind(4, w.now())
        .run();
    self.commit("record event");
}

void GenericService::onCrash(Service &)
{
    m_pending.clear();
}

} // namespace dplab
