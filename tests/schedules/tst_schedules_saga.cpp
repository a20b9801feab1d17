// Seeded random fault schedules (issue 9) on the saga lessons, orchestrated and choreographed:
// after quiescence no saga is stuck, stock and money are conserved, effects match outcomes.
#include "tests/support/randomschedulesupport.h"

using namespace dplab;
using namespace dplab::test;

class TestSchedulesSaga : public QObject
{
    Q_OBJECT

private slots:
    void sagaOrchestration()
    {
        const ScheduleFuzzer fuzzer(lessonScenario("saga-orchestration"), kStop, kSettle);
        runSchedules(fuzzer, "saga orchestration", scheduleCount(), [](const ScheduleOutcome &o) {
            return requireChecks(o,
                                 {"saga.none_stuck", "saga.stock_conserved", "saga.money_conserved",
                                  "saga.effects_match_outcome", "saga.compensations_idempotent"});
        });
    }

    void sagaChoreography()
    {
        const ScheduleFuzzer fuzzer(lessonScenario("saga-choreography"), kStop, kSettle);
        runSchedules(fuzzer, "saga choreography", scheduleCount(), [](const ScheduleOutcome &o) {
            return requireChecks(o,
                                 {"saga.none_stuck", "saga.stock_conserved", "saga.money_conserved",
                                  "saga.effects_match_outcome", "saga.compensations_idempotent"});
        });
    }
};

QTEST_GUILESS_MAIN(TestSchedulesSaga)
#include "tst_schedules_saga.moc"
