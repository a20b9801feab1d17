// Seeded random fault schedules (issue 9) on the two-phase commit lesson (crashes after prepare
// included): no participant committed what another aborted, none stays in doubt.
#include "tests/support/randomschedulesupport.h"

using namespace dplab;
using namespace dplab::test;

class TestSchedulesTwoPhase : public QObject
{
    Q_OBJECT

private slots:
    void twoPhaseCommit()
    {
        const ScheduleFuzzer fuzzer(lessonScenario("two-phase-commit-vs-saga"), kStop, kSettle);
        runSchedules(fuzzer, "two-phase commit", scheduleCount(), [](const ScheduleOutcome &o) {
            return requireChecks(o, {"two_phase_commit.atomic", "two_phase_commit.none_in_doubt"});
        });
    }
};

QTEST_GUILESS_MAIN(TestSchedulesTwoPhase)
#include "tst_schedules_twophase.moc"
