#include "module/patterncatalog.h"

#include "composition/compositionmodule.h"
#include "consistency/consistencymodule.h"
#include "consumers/consumersmodule.h"
#include "cqrs/cqrsmodule.h"
#include "data/datamodule.h"
#include "eventsourcing/eventsourcingmodule.h"
#include "generic/genericmodule.h"
#include "outbox/outboxmodule.h"
#include "replication/replicationmodule.h"
#include "saga/sagamodule.h"
#include "shop/shopmodule.h"
#include "twophase/twophasemodule.h"

namespace dplab {

// The order of registration is the order of "patterns" in saved files and of the roles in
// messages; the outputs' order is each hook's rank.
void registerBuiltins(PatternCatalog &catalog)
{
    catalog.addOperation("request");
    catalog.addOperation("publish");
    catalog.add(std::make_unique<GenericModule>());
    catalog.add(std::make_unique<ShopModule>());
    catalog.add(std::make_unique<DataModule>());
    catalog.add(std::make_unique<CompositionModule>());
    catalog.add(std::make_unique<ReplicationModule>());
    catalog.add(std::make_unique<CqrsModule>());
    catalog.add(std::make_unique<OutboxModule>());
    catalog.add(std::make_unique<ConsumersModule>());
    catalog.add(std::make_unique<EventSourcingModule>());
    catalog.add(std::make_unique<SagaModule>());
    catalog.add(std::make_unique<TwoPhaseModule>());
    catalog.add(std::make_unique<ConsistencyModule>());
}

} // namespace dplab
