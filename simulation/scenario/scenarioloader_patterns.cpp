// The "patterns" and "domain" sections of a scenario file.

#include "loadercontext.h"

#include <climits>

namespace dplab::loader {

namespace {

enum class Toggle { Off, Defaults, Object, Invalid };

/// A pattern switch is false, true (defaults) or an object of settings.
Toggle toggleOf(LoaderContext &ctx, const Json &v, const std::string &path)
{
    if (v.is_boolean())
        return v.get<bool>() ? Toggle::Defaults : Toggle::Off;
    if (v.is_object())
        return Toggle::Object;
    ctx.error(path, "expected true, false or an object of settings, got " + compactJson(v));
    return Toggle::Invalid;
}

/// Reads a switch that takes settings; returns whether it is on.
template <class Spec, class ReadSettings>
bool readSwitch(LoaderContext &ctx, ObjectReader &patterns, std::string_view key,
                std::optional<Spec> &out, ReadSettings readSettings)
{
    const Json *v = patterns.get(key);
    if (!v)
        return false;
    const std::string path = patterns.pathOf(key);
    switch (toggleOf(ctx, *v, path)) {
    case Toggle::Defaults:
        out = Spec{};
        return true;
    case Toggle::Object: {
        Spec spec;
        ObjectReader r(ctx, *v, path);
        readSettings(r, spec);
        out = spec;
        return true;
    }
    case Toggle::Off:
    case Toggle::Invalid:
        break;
    }
    return false;
}

void readComposition(LoaderContext &ctx, ObjectReader &r, CompositionSpec &spec)
{
    r.allowOnly(KnownKeys::composition);
    r.readEnum("mode", spec.mode, "mode",
               {{"parallel", CompositionSpec::Mode::Parallel},
                {"sequential", CompositionSpec::Mode::Sequential}});
    r.readDuration("timeout", spec.timeout, DurationRule::Positive);
    r.readInteger("retries", spec.retries, 0, 10);
    r.readDuration("cache_ttl", spec.cacheTtl, DurationRule::NonNegative);
    const Json *breaker = r.get("circuit_breaker");
    if (!breaker)
        return;
    const std::string path = r.pathOf("circuit_breaker");
    switch (toggleOf(ctx, *breaker, path)) {
    case Toggle::Off:
        spec.breakerFailures = 0;
        break;
    case Toggle::Object: {
        ObjectReader b(ctx, *breaker, path);
        b.allowOnly(KnownKeys::circuitBreaker);
        b.readInteger("failures", spec.breakerFailures, 1, INT_MAX);
        b.readDuration("open_for", spec.breakerOpenFor, DurationRule::Positive);
        break;
    }
    case Toggle::Defaults:
    case Toggle::Invalid:
        break;
    }
}

} // namespace

void readPatterns(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    PatternsSpec &p = scenario.patterns;
    ObjectReader r(ctx, value, "patterns");
    if (!r.valid())
        return;
    r.allowOnly(KnownKeys::patterns);

    std::set<std::string> on;
    if (r.readEnum("data", p.data, "data mode",
                   {{"per-service", PatternsSpec::Data::PerService},
                    {"shared", PatternsSpec::Data::Shared}}) &&
        p.data == PatternsSpec::Data::Shared)
        on.insert("data");

    if (readSwitch(ctx, r, "composition", p.composition,
                   [&](ObjectReader &o, CompositionSpec &s) { readComposition(ctx, o, s); }))
        on.insert("composition");
    if (readSwitch(ctx, r, "outbox", p.outbox, [](ObjectReader &o, OutboxSpec &s) {
            o.allowOnly(KnownKeys::outbox);
            o.readDuration("poll", s.poll, DurationRule::Positive);
            o.readInteger("batch", s.batch, 1, 10000);
        }))
        on.insert("outbox");
    if (readSwitch(ctx, r, "event_sourcing", p.eventSourcing,
                   [](ObjectReader &o, EventSourcingSpec &s) {
                       o.allowOnly(KnownKeys::eventSourcing);
                       o.readInteger("snapshot_every", s.snapshotEvery, 0, INT_MAX);
                       o.readDuration("poll", s.poll, DurationRule::Positive);
                       o.readInteger("batch", s.batch, 1, 10000);
                   }))
        on.insert("event_sourcing");
    if (readSwitch(ctx, r, "saga", p.saga, [](ObjectReader &o, SagaSpec &s) {
            o.allowOnly(KnownKeys::saga);
            o.readEnum("style", s.style, "saga style",
                       {{"orchestration", SagaSpec::Style::Orchestration},
                        {"choreography", SagaSpec::Style::Choreography}});
            o.readDuration("step_timeout", s.stepTimeout, DurationRule::Positive);
            o.readInteger("step_retries", s.stepRetries, 0, 10);
        }))
        on.insert("saga");
    if (readSwitch(ctx, r, "two_phase_commit", p.twoPhaseCommit,
                   [](ObjectReader &o, TwoPhaseCommitSpec &s) {
                       o.allowOnly(KnownKeys::twoPhaseCommit);
                       o.readDuration("timeout", s.timeout, DurationRule::Positive);
                   }))
        on.insert("two_phase_commit");
    if (r.readEnum("dual_write", p.dualWrite, "dual write order",
                   {{"commit-first", PatternsSpec::DualWrite::CommitFirst},
                    {"publish-first", PatternsSpec::DualWrite::PublishFirst}}) &&
        p.outbox)
        ctx.error(r.pathOf("dual_write"),
                  "the order of a dual write only matters without the outbox; remove "
                  "\"dual_write\" or set \"outbox\" to false");
    if (r.readBool("replication", p.replication) && p.replication)
        on.insert("replication");
    if (r.readBool("cqrs", p.cqrs) && p.cqrs)
        on.insert("cqrs");
    if (r.readBool("idempotent_consumers", p.idempotentConsumers) && p.idempotentConsumers)
        on.insert("idempotent_consumers");

    // In file order, so a "not implemented" message names the first one the user wrote.
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (!on.count(it.key()))
            continue;
        const std::string path = r.pathOf(it.key());
        p.enabled.push_back(path);
        p.positions[path] = ctx.pos(path);
    }
}

void readDomain(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    DomainSpec &d = scenario.domain;
    ObjectReader r(ctx, value, "domain");
    r.allowOnly(KnownKeys::domain);
    r.readInteger("customers", d.customers, 1, 1000000);
    r.readInteger("products", d.products, 1, 1000000);
    r.readInteger("stock", d.stock, 0, 1000000000);
}

} // namespace dplab::loader
