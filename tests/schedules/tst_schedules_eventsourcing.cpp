// Seeded random fault schedules (issue 9) on the event sourcing lesson (with rebuilds): after
// quiescence the projection equals a replay of the store, snapshots equal replays, the store is
// append-only and the read model matches.
#include "tests/support/randomschedulesupport.h"

using namespace dplab;
using namespace dplab::test;

class TestSchedulesEventSourcing : public QObject
{
    Q_OBJECT

private slots:
    void eventSourcing()
    {
        const ScheduleFuzzer fuzzer(lessonScenario("event-sourcing"), kStop, kSettle);
        runSchedules(fuzzer, "event sourcing", scheduleCount(), [](const ScheduleOutcome &o) {
            return requireChecks(o, {"event_sourcing.replay_matches_projection",
                                     "event_sourcing.snapshot_matches_replay",
                                     "event_sourcing.append_only", "cqrs.read_model_matches"});
        });
    }
};

QTEST_GUILESS_MAIN(TestSchedulesEventSourcing)
#include "tst_schedules_eventsourcing.moc"
