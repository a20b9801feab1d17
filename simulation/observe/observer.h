#pragma once

#include "simulation/observe/traceevent.h"

namespace dplab {

class World;

/**
 * How the kernel reports to the outside world (trace recorder, metrics, the GUI adapter).
 * Observers never change the world; the kernel never knows who is listening.
 */
class SimObserver
{
public:
    virtual ~SimObserver() = default;
    /// Every trace event, in order, as it happens.
    virtual void onEvent(const TraceEvent &event, const World &world) = 0;
    /// A periodic sample at fixed virtual intervals (scenario "sample").
    virtual void onSample(SimTime /*now*/, const World & /*world*/) {}
    /// The run reached its end time (or was stopped); final bookkeeping.
    virtual void onFinish(SimTime /*now*/, const World & /*world*/) {}
};

} // namespace dplab
