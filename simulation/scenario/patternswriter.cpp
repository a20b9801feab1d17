#include "patternswriter.h"

namespace dplab {

nlohmann::ordered_json PatternsWriter::toJson(const PatternsSpec &p)
{
    using OJson = nlohmann::ordered_json;
    OJson out = OJson::object();
    out["data"] = p.data == PatternsSpec::Data::Shared ? "shared" : "per-service";
    if (const auto &c = p.composition) {
        OJson breaker = false;
        if (c->breakerFailures > 0)
            breaker = {{"failures", c->breakerFailures},
                       {"open_for", formatDuration(c->breakerOpenFor)}};
        out["composition"] = {
            {"mode", c->mode == CompositionSpec::Mode::Sequential ? "sequential" : "parallel"},
            {"timeout", formatDuration(c->timeout)},
            {"retries", c->retries},
            {"circuit_breaker", breaker},
            {"cache_ttl", formatDuration(c->cacheTtl)}};
    }
    if (p.replication)
        out["replication"] = true;
    if (p.cqrs)
        out["cqrs"] = true;
    if (const auto &o = p.outbox)
        out["outbox"] = {{"poll", formatDuration(o->poll)}, {"batch", o->batch}};
    else if (p.dualWrite == PatternsSpec::DualWrite::PublishFirst)
        out["dual_write"] = "publish-first";
    if (p.idempotentConsumers)
        out["idempotent_consumers"] = true;
    if (const auto &e = p.eventSourcing)
        out["event_sourcing"] = {{"snapshot_every", e->snapshotEvery},
                                 {"poll", formatDuration(e->poll)},
                                 {"batch", e->batch}};
    if (const auto &s = p.saga)
        out["saga"] = {
            {"style", s->style == SagaSpec::Style::Choreography ? "choreography" : "orchestration"},
            {"step_timeout", formatDuration(s->stepTimeout)},
            {"step_retries", s->stepRetries}};
    if (const auto &t = p.twoPhaseCommit)
        out["two_phase_commit"] = {{"timeout", formatDuration(t->timeout)}};
    return out;
}

} // namespace dplab
