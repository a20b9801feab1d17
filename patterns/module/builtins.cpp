#include "patterns/module/patterncatalog.h"

#include "patterns/composition/compositionmodule.h"
#include "patterns/consistency/consistencymodule.h"
#include "patterns/consumers/consumersmodule.h"
#include "patterns/cqrs/cqrsmodule.h"
#include "patterns/data/datamodule.h"
#include "patterns/eventsourcing/eventsourcingmodule.h"
#include "patterns/generic/genericmodule.h"
#include "patterns/outbox/outboxmodule.h"
#include "patterns/replication/replicationmodule.h"
#include "patterns/saga/sagamodule.h"
#include "patterns/shop/shopmodule.h"
#include "patterns/twophase/twophasemodule.h"

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
