// The "domain" section of a scenario file: the size of the shop's seed data.

#include "simulation/scenario/loadercontext.h"

namespace dplab::loader {

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
