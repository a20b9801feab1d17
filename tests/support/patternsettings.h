#pragma once

// Every pattern module's settings, for tests that build scenarios by hand.
#include "patterns/composition/compositionsettings.h"
#include "patterns/consumers/consumerssettings.h"
#include "patterns/cqrs/cqrssettings.h"
#include "patterns/data/datasettings.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"
#include "patterns/replication/replicationsettings.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/twophase/twophasesettings.h"

#include <memory>

namespace dplab::test {

/// Changes the settings of the switch T::kKey in place (turning it on with T's defaults when
/// it was off): settings are immutable once read, so this replaces them with a changed copy.
template <class T, class Change> void changeSettings(PatternSwitches &patterns, Change change)
{
    const T *old = settingsOf<T>(patterns);
    T settings = old ? *old : T{};
    change(settings);
    patterns.set(T::kKey, std::make_shared<const T>(settings), patterns.pos(T::kKey));
}

} // namespace dplab::test
