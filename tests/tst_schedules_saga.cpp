// Seeded random fault schedules (issue 9) on the saga lessons, orchestrated and choreographed:
// after quiescence no saga is stuck, stock and money are conserved, effects match outcomes.
#include "randomschedulesupport.h"

using namespace dplab;
using namespace dplab::test;

namespace {

constexpr SimTime kStop = 2 * kSecond;   // workload and faults
constexpr SimTime kSettle = 4 * kSecond; // quiescence after them

std::string requireChecks(const ScheduleOutcome &o, std::initializer_list<const char *> ids)
{
    for (const char *id : ids)
        if (!o.check(id))
            return std::string("check ") + id + " did not run";
    return allInvariantsHold(o);
}

} // namespace

class TestSchedulesSaga : public QObject
{
    Q_OBJECT

private slots:
    void sagaOrchestration()
    {
        const ScheduleFuzzer fuzzer(lessonScenario("saga-orchestration"), kStop, kSettle);
        runSchedules(fuzzer, "saga orchestration", scheduleCount(), [](const ScheduleOutcome &o) {
            return requireChecks(o, {"saga.none_stuck", "saga.stock_conserved", "saga.money_conserved",
                                     "saga.effects_match_outcome", "saga.compensations_idempotent"});
        });
    }

    void sagaChoreography()
    {
        const ScheduleFuzzer fuzzer(lessonScenario("saga-choreography"), kStop, kSettle);
        runSchedules(fuzzer, "saga choreography", scheduleCount(), [](const ScheduleOutcome &o) {
            return requireChecks(o, {"saga.none_stuck", "saga.stock_conserved", "saga.money_conserved",
                                     "saga.effects_match_outcome", "saga.compensations_idempotent"});
        });
    }
};

QTEST_GUILESS_MAIN(TestSchedulesSaga)
#include "tst_schedules_saga.moc"
