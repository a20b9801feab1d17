#pragma once

#include <QList>
#include <QString>

namespace dplab {

/**
 * The sagas of a run at one moment, as the canvas shows them beside their orchestrator (or
 * the orders service of a choreography): how many are in flight at each step, how many of
 * those are undoing their work, and how many have finished either way.
 */
struct SagaProgress
{
    /** One step of the saga and the sagas at it now. */
    struct Step
    {
        QString label;   ///< "reserve", "charge", "ship"
        int running = 0; ///< sagas doing this step
        int undoing = 0; ///< sagas compensating this step
    };

    QList<Step> steps;
    int completed = 0;
    int compensated = 0;

    int inFlight() const
    {
        int n = 0;
        for (const Step &s : steps)
            n += s.running + s.undoing;
        return n;
    }
    bool operator==(const SagaProgress &o) const
    {
        if (completed != o.completed || compensated != o.compensated ||
            steps.size() != o.steps.size())
            return false;
        for (qsizetype i = 0; i < steps.size(); ++i)
            if (steps[i].label != o.steps[i].label || steps[i].running != o.steps[i].running ||
                steps[i].undoing != o.steps[i].undoing)
                return false;
        return true;
    }
};

} // namespace dplab
