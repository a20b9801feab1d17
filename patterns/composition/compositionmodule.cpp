#include "patterns/composition/compositionmodule.h"

#include "patterns/composition/compositionsettings.h"
#include "patterns/domain/gatewayservice.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

#include <climits>

namespace dplab {

namespace {

const loader::KeyList kCompositionKeys = {"mode", "timeout", "retries", "circuit_breaker",
                                          "cache_ttl"};
const loader::KeyList kBreakerKeys = {"failures", "open_for"};

void readSettings(loader::LoaderContext &ctx, loader::ObjectReader &r, CompositionSettings &spec)
{
    r.allowOnly(kCompositionKeys);
    r.readEnum("mode", spec.mode, "mode",
               {{"parallel", CompositionSettings::Mode::Parallel},
                {"sequential", CompositionSettings::Mode::Sequential}});
    r.readDuration("timeout", spec.timeout, loader::DurationRule::Positive);
    r.readInteger("retries", spec.retries, 0, 10);
    r.readDuration("cache_ttl", spec.cacheTtl, loader::DurationRule::NonNegative);
    const loader::Json *breaker = r.get("circuit_breaker");
    if (!breaker)
        return;
    const std::string path = r.pathOf("circuit_breaker");
    switch (switches::toggleOf(ctx, *breaker, path)) {
    case switches::Toggle::Off:
        spec.breakerFailures = 0;
        break;
    case switches::Toggle::Object: {
        loader::ObjectReader b(ctx, *breaker, path);
        b.allowOnly(kBreakerKeys);
        b.readInteger("failures", spec.breakerFailures, 1, INT_MAX);
        b.readDuration("open_for", spec.breakerOpenFor, loader::DurationRule::Positive);
        break;
    }
    case switches::Toggle::Defaults:
    case switches::Toggle::Invalid:
        break;
    }
}

} // namespace

void CompositionModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                             PatternSwitches &out) const
{
    switches::read<CompositionSettings>(
        ctx, r, out,
        [&ctx](loader::ObjectReader &o, CompositionSettings &s) { readSettings(ctx, o, s); });
}

void CompositionModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    const CompositionSettings *c = settingsOf<CompositionSettings>(in);
    if (!c)
        return;
    nlohmann::ordered_json breaker = false;
    if (c->breakerFailures > 0)
        breaker = {{"failures", c->breakerFailures},
                   {"open_for", formatDuration(c->breakerOpenFor)}};
    out["composition"] = {
        {"mode", c->mode == CompositionSettings::Mode::Sequential ? "sequential" : "parallel"},
        {"timeout", formatDuration(c->timeout)},
        {"retries", c->retries},
        {"circuit_breaker", breaker},
        {"cache_ttl", formatDuration(c->cacheTtl)}};
}

std::vector<std::pair<std::string, std::vector<std::string_view>>>
CompositionModule::settingKeys() const
{
    return {{"composition", kCompositionKeys}, {"circuitBreaker", kBreakerKeys}};
}

void CompositionModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (!settingsOf<CompositionSettings>(world.scenario()))
        return;
    CompositionStats s;
    if (const auto *gw = ShopService::behaviorOf<GatewayService>(world, "gateway");
        gw && gw->composer())
        s = gw->composer()->stats();
    const std::uint64_t lookups = s.cacheHits + s.cacheMisses;
    out["composition"] = {
        {"requests", s.requests},
        {"composed", s.composed},
        {"partial_responses", s.partialResponses},
        {"failed", s.failed},
        {"cache_hits", s.cacheHits},
        {"cache_misses", s.cacheMisses},
        {"cache_hit_ratio",
         lookups ? round3(static_cast<double>(s.cacheHits) / static_cast<double>(lookups)) : 0.0},
        {"stale_reads", s.staleReads},
        {"breaker_opens", s.breakerOpens},
        {"fast_failures", s.fastFailures}};
}

std::vector<PatternControl> CompositionModule::controls() const
{
    using S = CompositionSettings;
    return {controls::onOff<S>("API composition"),
            controls::choice<S>("Calls", "switch API composition to %1", &S::mode,
                                {"parallel", "sequential"}),
            controls::duration<S>("Timeout", "set the composition timeout to %1", &S::timeout, 1,
                                  60000),
            controls::count<S>("Retries", "set composition retries to %1", &S::retries, 0, 10),
            controls::count<S>("Breaker after", "set the breaker threshold to %1",
                               &S::breakerFailures, 0, 1000, "no breaker"),
            controls::duration<S>("Cache TTL", "set the cache TTL to %1", &S::cacheTtl, 0, 600000,
                                  "no cache")};
}

} // namespace dplab
