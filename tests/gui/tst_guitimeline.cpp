// The timeline widgets: the event list model (filters equal a brute-force filter, incremental
// growth, 10^6 rows), "run until" conditions, the dock's signals and the sequence diagram.
// Run with QT_QPA_PLATFORM=offscreen.

#include "app/gui/simulationdocument.h"
#include "app/gui/timeline/eventlistmodel.h"
#include "app/gui/timeline/rununtilcondition.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"
#include "app/gui/timeline/timelinescrubber.h"
#include "tests/support/guitestsupport.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace dplab;
using namespace dplab::test;

namespace {

const char *kScenario = R"({
  "dplab": 1,
  "name": "timeline test",
  "seed": 11,
  "duration": "4s",
  "services": [
    {"name": "front", "role": "generic", "workers": 2,
     "processing": {"dist": "exponential", "mean": "4ms"},
     "calls": ["back1", "back2"], "publishes": "orders"},
    {"name": "back1", "role": "generic", "processing": "2ms"},
    {"name": "back2", "role": "generic", "processing": "2ms"},
    {"name": "watcher", "role": "generic", "subscribes": ["orders"], "processing": "1ms"}
  ],
  "network": {"latency": {"dist": "uniform", "min": "3ms", "max": "20ms"}, "drop": 0.03,
              "timeout": "300ms"},
  "bus": {"latency": "15ms", "drop": 0.05, "duplicate": 0.05},
  "workload": [{"operation": "request", "target": "front", "rate": 80, "keys": {"n": 40}}],
  "faults": [
    {"kind": "crash", "service": "back2", "at": "1s", "for": "700ms"},
    {"kind": "partition", "at": "2.2s", "for": "400ms", "between": [["front"], ["back1"]]},
    {"kind": "bus-down", "at": "3s", "for": "400ms"}
  ]
})";

QByteArray lesson(const char *name)
{
    QFile f(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return f.readAll();
}

std::vector<std::uint32_t> bruteFilter(const TraceLog &trace, const EventFilter &f)
{
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const TraceEvent &e = trace[i];
        const bool kind = (f.kinds >> static_cast<int>(e.kind)) & 1u;
        const bool endpoint = !f.endpoint || e.from == *f.endpoint || e.to == *f.endpoint;
        const bool key = !f.key || e.key == *f.key;
        if (kind && endpoint && key)
            out.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

std::vector<std::uint32_t> modelRows(const EventListModel &m)
{
    std::vector<std::uint32_t> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.push_back(static_cast<std::uint32_t>(m.traceIndex(r)));
    return out;
}

std::vector<EventFilter> someFilters()
{
    std::vector<EventFilter> out;
    out.push_back({});
    EventFilter drops;
    drops.kinds = EventFilter::bit(TraceKind::Drop);
    out.push_back(drops);
    EventFilter messages;
    messages.kinds = EventFilter::bit(TraceKind::Send) | EventFilter::bit(TraceKind::Reply) |
                     EventFilter::bit(TraceKind::Publish);
    messages.endpoint = 1;
    out.push_back(messages);
    EventFilter bus;
    bus.endpoint = kBusEndpoint;
    out.push_back(bus);
    EventFilter key;
    key.key = 7;
    out.push_back(key);
    EventFilter client;
    client.endpoint = kClientEndpoint;
    client.key = 3;
    out.push_back(client);
    EventFilter none;
    none.kinds = 0;
    out.push_back(none);
    return out;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

} // namespace

/** Tests of the timeline's model, conditions, dock and sequence diagram. */
class TestGuiTimeline : public QObject
{
    Q_OBJECT

private slots:
    void modelTesterWhileGrowing();
    void filtersEqualBruteForce();
    void incrementalEqualsRebuild();
    void positionsAndSearch();
    void playheadRoles();
    void millionRows();
    void findNextMatchesBruteForce();
    void dockSignals();
    void kindsMenuFilters();
    void dockFollowsPlayhead();
    void bookmarks();
    void sequenceViewDraws();
    void sequenceArrowsMatchTrace();
    void sequenceClickSeeks();
    void screenshots();
};

void TestGuiTimeline::modelTesterWhileGrowing()
{
    auto doc = load(kScenario);
    EventListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(&doc->trace(), &doc->world().names());
    const auto filters = someFilters();
    for (int step = 1; step <= 8; ++step) {
        advance(doc.get(), step * 400 * kMillisecond);
        model.traceGrew();
        model.setPlayhead(doc->trace().size() / 2);
        QCOMPARE(modelRows(model), bruteFilter(doc->trace(), model.filter()));
        model.setFilter(filters[static_cast<std::size_t>(step) % filters.size()]);
        QCOMPARE(modelRows(model), bruteFilter(doc->trace(), model.filter()));
    }
    QVERIFY(doc->trace().size() > 1000);
}

void TestGuiTimeline::filtersEqualBruteForce()
{
    auto doc = load(kScenario);
    advance(doc.get(), 4 * kSecond);
    EventListModel model;
    model.setTrace(&doc->trace(), &doc->world().names());
    for (const EventFilter &f : someFilters()) {
        model.setFilter(f);
        const auto expected = bruteFilter(doc->trace(), f);
        QCOMPARE(modelRows(model), expected);
    }
    // The filters select something and not everything.
    EventFilter drops;
    drops.kinds = EventFilter::bit(TraceKind::Drop);
    model.setFilter(drops);
    QVERIFY(model.rowCount() > 10);
    QVERIFY(static_cast<std::size_t>(model.rowCount()) < doc->trace().size());
}

void TestGuiTimeline::incrementalEqualsRebuild()
{
    auto doc = load(kScenario);
    EventListModel model;
    EventFilter f;
    f.endpoint = 0;
    model.setFilter(f);
    model.setTrace(&doc->trace(), &doc->world().names());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    advance(doc.get(), 1 * kSecond);
    model.traceGrew();
    const int first = model.rowCount();
    advance(doc.get(), 2 * kSecond);
    model.traceGrew();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 2);
    // Only the new matches were inserted, at the end.
    QCOMPARE(inserted.at(1).at(1).toInt(), first);
    QCOMPARE(inserted.at(1).at(2).toInt(), model.rowCount() - 1);
    QCOMPARE(modelRows(model), bruteFilter(doc->trace(), f));
    model.traceGrew(); // nothing new: no signal
    QCOMPARE(inserted.count(), 2);
}

void TestGuiTimeline::positionsAndSearch()
{
    auto doc = load(kScenario);
    advance(doc.get(), 2 * kSecond);
    const TraceLog &trace = doc->trace();
    EventListModel model;
    EventFilter f;
    f.kinds = EventFilter::bit(TraceKind::Send);
    model.setFilter(f);
    model.setTrace(&trace, &doc->world().names());
    QVERIFY(model.rowCount() > 50);
    QCOMPARE(model.rowForPosition(0), -1);
    for (int row : {0, 7, model.rowCount() / 2, model.rowCount() - 1}) {
        const std::size_t pos = model.positionForRow(row);
        QCOMPARE(trace[pos - 1].kind, TraceKind::Send);
        QCOMPARE(model.rowForPosition(pos), row);
        // The positions between two sends belong to the earlier one.
        if (row + 1 < model.rowCount())
            QCOMPARE(model.rowForPosition(model.positionForRow(row + 1) - 1), row);
    }
    QCOMPARE(model.rowForPosition(trace.size()), model.rowCount() - 1);

    // Search: parse both forms, find next and previous with wrap-around.
    QCOMPARE(EventSearch::parse("#123")->field, EventSearch::Field::Message);
    QCOMPARE(EventSearch::parse("#123")->value, 123);
    QCOMPARE(EventSearch::parse("key 42")->field, EventSearch::Field::Key);
    QCOMPARE(EventSearch::parse("  42 ")->value, 42);
    QVERIFY(!EventSearch::parse("orders"));
    const TraceEvent &some = trace[model.traceIndex(model.rowCount() / 3)];
    const EventSearch byMsg = *EventSearch::parse(QStringLiteral("#%1").arg(some.msg));
    const int hit = model.findRow(byMsg, -1, true);
    QVERIFY(hit >= 0);
    QCOMPARE(trace[model.traceIndex(hit)].msg, some.msg);
    const EventSearch byKey = *EventSearch::parse(QStringLiteral("key %1").arg(some.key));
    std::vector<int> expected;
    for (int r = 0; r < model.rowCount(); ++r)
        if (trace[model.traceIndex(r)].key == some.key)
            expected.push_back(r);
    QVERIFY(expected.size() >= 2);
    QCOMPARE(model.findRow(byKey, expected[0], true), expected[1]);
    QCOMPARE(model.findRow(byKey, expected[1], false), expected[0]);
    QCOMPARE(model.findRow(byKey, expected.back(), true), expected[0]); // wraps
    QCOMPARE(model.findRow(byKey, expected[0], false), expected.back());
    QCOMPARE(model.findRow(*EventSearch::parse("#999999999"), 0, true), -1);
}

void TestGuiTimeline::playheadRoles()
{
    auto doc = load(kScenario);
    advance(doc.get(), 500 * kMillisecond);
    EventListModel model;
    model.setTrace(&doc->trace(), &doc->world().names());
    model.setPlayhead(100);
    const QModelIndex at = model.index(99, EventListModel::SummaryColumn);
    QVERIFY(model.data(at, Qt::BackgroundRole).isValid());
    QVERIFY(!model.data(model.index(98, 0), Qt::BackgroundRole).isValid());
    // The future is greyed, the past is not.
    const QColor future =
        model.data(model.index(150, EventListModel::SummaryColumn), Qt::ForegroundRole)
            .value<QColor>();
    QVERIFY(future.isValid());
    QVERIFY(
        !model.data(model.index(50, EventListModel::SummaryColumn), Qt::ForegroundRole).isValid());
    QCOMPARE(model.data(at, Qt::DisplayRole).toString(),
             QString::fromStdString(describeEvent(doc->trace()[99], doc->world().names())));
    QCOMPARE(model.data(model.index(99, EventListModel::NumberColumn)).toString(),
             QStringLiteral("100"));
    // Moving the playhead repaints exactly the rows between the two positions.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPlayhead(120);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 99);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 120);
}

void TestGuiTimeline::millionRows()
{
    auto trace = std::make_unique<TraceLog>();
    NameTable names;
    names.services = {"a", "b", "c", "d"};
    const TraceKind kinds[] = {TraceKind::Send,    TraceKind::Deliver, TraceKind::Start,
                               TraceKind::Process, TraceKind::Commit,  TraceKind::Reply,
                               TraceKind::Drop};
    for (std::size_t i = 0; i < 1'000'000; ++i) {
        TraceEvent e;
        e.id = i + 1;
        e.time = static_cast<SimTime>(i) * 10;
        e.kind = kinds[i % 7];
        e.from = static_cast<std::int16_t>(i % 4);
        e.to = static_cast<std::int16_t>((i / 4) % 4);
        e.key = static_cast<std::int64_t>(i % 1000);
        e.msg = i / 3;
        e.value = 5000;
        e.msgKind = MessageKind::Request;
        trace->push_back(e);
    }
    EventListModel model;
    QTableView view;
    view.setModel(&model);
    view.resize(900, 400);
    QElapsedTimer timer;
    timer.start();
    model.setTrace(trace.get(), &names);
    const qint64 setMs = timer.restart();
    QCOMPARE(model.rowCount(), 1'000'000);
    EventFilter f;
    f.kinds = EventFilter::bit(TraceKind::Drop) | EventFilter::bit(TraceKind::Send);
    f.endpoint = 2;
    model.setFilter(f);
    const qint64 filterMs = timer.restart();
    QCOMPARE(modelRows(model), bruteFilter(*trace, f));
    timer.restart();
    const int found = model.findRow(*EventSearch::parse("key 998"), 0, true);
    const qint64 searchMs = timer.restart();
    QVERIFY(found > 0);
    view.show();
    view.scrollToBottom();
    QCoreApplication::processEvents();
    const qint64 showMs = timer.elapsed();
    qInfo("10^6 events: setTrace %lld ms, filter %lld ms, search %lld ms, view shown %lld ms",
          setMs, filterMs, searchMs, showMs);
    QVERIFY(setMs + filterMs < 3000); // generous: shared CI cores; the measured figure is printed

    // The sequence diagram over the same trace: a binary search and the window's events only.
    SequenceView seq;
    seq.resize(900, 600);
    timer.restart();
    seq.setTrace(trace.get(), &names);
    const qint64 seqSetMs = timer.restart();
    seq.setPlayhead(500'000);
    const QImage frame = seq.grab().toImage();
    const qint64 seqFrameMs = timer.restart();
    const int narrow = seq.visibleArrows();
    seq.setSpan(2 * kSecond); // 200,000 events in the window: capped
    seq.grab();
    const qint64 seqWideMs = timer.elapsed();
    qInfo("10^6 events: sequence setTrace %lld ms, 50 ms window frame %lld ms (%d arrows),"
          " 2 s window frame %lld ms (%d of %d arrows)",
          seqSetMs, seqFrameMs, narrow, seqWideMs, seq.visibleArrows(), seq.arrowsInWindow());
    QVERIFY(!frame.isNull());
    QVERIFY(narrow > 0);
    QCOMPARE(seq.visibleArrows(), SequenceView::kMaxArrows);
}

void TestGuiTimeline::findNextMatchesBruteForce()
{
    // The saga lesson has compensations and a crash fault; the test scenario has drops.
    auto saga = load(lesson("saga-orchestration.json"));
    advance(saga.get(), 13 * kSecond);
    auto shop = load(kScenario);
    advance(shop.get(), 4 * kSecond);
    using K = RunUntilCondition::Kind;
    const std::vector<RunUntilCondition> conditions = {RunUntilCondition::atTime(1234567),
                                                       RunUntilCondition::atTime(0),
                                                       RunUntilCondition::atTime(100 * kSecond),
                                                       RunUntilCondition::atEvent(5000),
                                                       RunUntilCondition::atEvent(1),
                                                       RunUntilCondition::next(K::Drop),
                                                       RunUntilCondition::next(K::Compensation),
                                                       RunUntilCondition::next(K::Fault),
                                                       RunUntilCondition::next(K::StaleRead)};
    int found = 0;
    for (const TraceLog *trace : {&saga->trace(), &shop->trace()}) {
        const std::size_t n = trace->size();
        for (const RunUntilCondition &c : conditions) {
            for (std::size_t from : {std::size_t{0}, n / 4, n / 2, n - 1, n}) {
                std::optional<std::size_t> brute;
                for (std::size_t i = from; i < n && !brute; ++i) {
                    const TraceEvent &e = (*trace)[i];
                    bool ok = false;
                    switch (c.kind) {
                    case K::Time:
                        ok = e.time >= c.time;
                        break;
                    case K::EventNumber:
                        ok = e.id >= c.eventNumber;
                        break;
                    case K::Drop:
                        ok = e.kind == TraceKind::Drop;
                        break;
                    case K::Compensation:
                        ok = (e.kind == TraceKind::Send || e.kind == TraceKind::Publish) &&
                             e.msgKind == MessageKind::Compensation;
                        break;
                    case K::Fault:
                        ok = e.kind == TraceKind::FaultStart || e.kind == TraceKind::Crash;
                        break;
                    case K::StaleRead:
                        ok = e.kind == TraceKind::StaleRead;
                        break;
                    }
                    if (ok)
                        brute = i;
                }
                QCOMPARE(findNext(*trace, from, c), brute);
                found += brute.has_value();
            }
        }
    }
    // Every kind was found somewhere at least once.
    QVERIFY(findNext(saga->trace(), 0, RunUntilCondition::next(K::Compensation)));
    QVERIFY(findNext(saga->trace(), 0, RunUntilCondition::next(K::Fault)));
    QVERIFY(findNext(shop->trace(), 0, RunUntilCondition::next(K::Drop)));
    QVERIFY(found > 20);
    // The saga's first fault is payments crashing at 12 s.
    const auto fault = findNext(saga->trace(), 0, RunUntilCondition::next(K::Fault));
    QCOMPARE(saga->trace()[*fault].time, 12 * kSecond);
}

void TestGuiTimeline::dockSignals()
{
    auto doc = load(kScenario);
    advance(doc.get(), 1 * kSecond);
    TimelineDock dock;
    dock.resize(1200, 500);
    dock.setTrace(&doc->trace(), &doc->world().names(), doc->endTime());
    dock.setFrontier(doc->trace().size());
    dock.setPlayhead(doc->trace().size());
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));

    QSignalSpy seek(&dock, &TimelineDock::seekRequested);
    QTableView *view = dock.view();
    view->scrollToTop();
    const QModelIndex cell = dock.model()->index(3, EventListModel::SummaryColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QCOMPARE(seek.count(), 1);
    QCOMPARE(seek.at(0).at(0).value<std::size_t>(), std::size_t{4});

    // With a filter the position is the row's trace index + 1.
    EventFilter f;
    f.kinds = EventFilter::bit(TraceKind::Drop);
    dock.model()->setFilter(f);
    view->scrollToTop();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(dock.model()->index(2, 1)).center());
    QCOMPARE(seek.count(), 2);
    QCOMPARE(seek.at(1).at(0).value<std::size_t>(), dock.model()->traceIndex(2) + 1);
    QCOMPARE(doc->trace()[seek.at(1).at(0).value<std::size_t>() - 1].kind, TraceKind::Drop);

    QSignalSpy back(&dock, &TimelineDock::stepBackRequested);
    QSignalSpy fwd(&dock, &TimelineDock::stepForwardRequested);
    for (QToolButton *b : dock.findChildren<QToolButton *>()) {
        if (b->text().contains(QLatin1String("Step back")))
            b->click();
        if (b->text().contains(QLatin1String("Step forward")))
            b->click();
    }
    QCOMPARE(back.count(), 1);
    QCOMPARE(fwd.count(), 1);

    // Go to time: a duration typed in the field.
    QSignalSpy seekTime(&dock, &TimelineDock::seekTimeRequested);
    auto *timeEdit = dock.findChildren<QLineEdit *>().at(0);
    QCOMPARE(timeEdit->placeholderText(), QStringLiteral("e.g. 1.5s"));
    timeEdit->setText(QStringLiteral("750ms"));
    QTest::keyClick(timeEdit, Qt::Key_Return);
    QCOMPARE(seekTime.count(), 1);
    QCOMPARE(seekTime.at(0).at(0).value<SimTime>(), 750 * kMillisecond);

    // Scrubber: a press half way asks for half the time, clamped to the frontier.
    TimelineScrubber *scrubber = dock.scrubber();
    QTest::mousePress(scrubber, Qt::LeftButton, {},
                      QPoint(static_cast<int>(scrubber->xOf(500 * kMillisecond)), 12));
    QTest::mouseRelease(scrubber, Qt::LeftButton, {},
                        QPoint(static_cast<int>(scrubber->xOf(500 * kMillisecond)), 12));
    QCOMPARE(seekTime.count(), 2);
    QVERIFY(std::llabs(seekTime.at(1).at(0).value<SimTime>() - 500 * kMillisecond) <
            20 * kMillisecond);
    QTest::mouseClick(scrubber, Qt::LeftButton, {}, QPoint(scrubber->width() - 15, 12));
    QCOMPARE(seekTime.last().at(0).value<SimTime>(), scrubber->frontierTime());

    // Run until: next fault, then a time.
    QSignalSpy until(&dock, &TimelineDock::runUntilRequested);
    auto *combo = dock.findChildren<QComboBox *>().at(0);
    combo->setCurrentIndex(combo->findText(QStringLiteral("next fault")));
    QPushButton *run = nullptr;
    for (QPushButton *b : dock.findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Run until"))
            run = b;
    QVERIFY(run);
    run->click();
    QCOMPARE(until.count(), 1);
    QCOMPARE(until.at(0).at(0).value<RunUntilCondition>(),
             RunUntilCondition::next(RunUntilCondition::Kind::Fault));
    combo->setCurrentIndex(combo->findText(QStringLiteral("time")));
    dock.findChildren<QLineEdit *>().at(1)->setText(QStringLiteral("2.5s"));
    run->click();
    QCOMPARE(until.count(), 2);
    QCOMPARE(until.at(1).at(0).value<RunUntilCondition>(),
             RunUntilCondition::atTime(2500 * kMillisecond));
}

void TestGuiTimeline::kindsMenuFilters()
{
    auto doc = load(kScenario);
    advance(doc.get(), 1 * kSecond);
    TimelineDock dock;
    dock.setTrace(&doc->trace(), &doc->world().names(), doc->endTime());
    QToolButton *kinds = nullptr;
    for (QToolButton *b : dock.findChildren<QToolButton *>())
        if (b->text().startsWith(QLatin1String("Kinds")))
            kinds = b;
    QVERIFY(kinds && kinds->menu());
    QMenu *menu = kinds->menu();
    const int all = dock.model()->rowCount();
    QCOMPARE(static_cast<std::size_t>(all), doc->trace().size());
    // "Only losses, failures and faults", then untick "drop" as a click inside the menu would.
    for (QAction *a : menu->actions())
        if (a->text().startsWith(QLatin1String("Only losses")))
            a->trigger();
    EventFilter trouble = dock.model()->filter();
    QVERIFY(trouble.kinds & EventFilter::bit(TraceKind::Drop));
    QVERIFY(!(trouble.kinds & EventFilter::bit(TraceKind::Send)));
    QCOMPARE(modelRows(*dock.model()), bruteFilter(doc->trace(), trouble));
    QVERIFY(dock.model()->rowCount() > 0 && dock.model()->rowCount() < all);
    for (QAction *a : menu->actions())
        if (a->text() == QLatin1String("drop"))
            a->toggle();
    QVERIFY(!(dock.model()->filter().kinds & EventFilter::bit(TraceKind::Drop)));
    QVERIFY(kinds->text().startsWith(QLatin1String("Kinds: ")));
    QVERIFY(kinds->text() != QLatin1String("Kinds: all"));
    // The service combo filters by endpoint.
    auto *combo = dock.findChildren<QComboBox *>().at(1);
    combo->setCurrentIndex(combo->findText(QStringLiteral("back2")));
    QCOMPARE(dock.model()->filter().endpoint, std::optional<std::int16_t>(2));
}

void TestGuiTimeline::dockFollowsPlayhead()
{
    auto doc = load(kScenario);
    advance(doc.get(), 2 * kSecond);
    TimelineDock dock;
    dock.resize(1000, 400);
    dock.setTrace(&doc->trace(), &doc->world().names(), doc->endTime());
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    QTableView *view = dock.view();
    const auto rowVisible = [&](int row) {
        const int top = view->rowAt(0), bottom = view->rowAt(view->viewport()->height() - 1);
        return row >= top && row <= bottom;
    };
    dock.setPlayhead(3000);
    QVERIFY(rowVisible(2999));
    dock.setPlayhead(3500);
    QVERIFY(rowVisible(3499));
    QVERIFY(dock.following());
    // The user scrolls away: the list stays where the user put it.
    view->scrollToTop();
    QVERIFY(!dock.following());
    dock.setPlayhead(3600);
    QVERIFY(!rowVisible(3599));
    QVERIFY(rowVisible(0));
}

void TestGuiTimeline::bookmarks()
{
    auto doc = load(kScenario);
    advance(doc.get(), 1 * kSecond);
    TimelineDock dock;
    dock.setTrace(&doc->trace(), &doc->world().names(), doc->endTime());
    QSignalSpy changed(&dock, &TimelineDock::bookmarksChanged);
    dock.setPlayhead(500);
    dock.addBookmark(QStringLiteral("later"));
    dock.setPlayhead(200);
    dock.addBookmark(QStringLiteral("earlier"));
    QCOMPARE(changed.count(), 2);
    const auto marks = dock.bookmarks();
    QCOMPARE(marks.size(), 2);
    QCOMPARE(marks[0].name, QStringLiteral("earlier"));
    QCOMPARE(marks[0].position, std::size_t{200});
    QCOMPARE(marks[0].time, doc->trace()[199].time);
    QCOMPARE(marks[1].position, std::size_t{500});
    TimelineDock other;
    other.setBookmarks(marks);
    QCOMPARE(other.bookmarks(), marks);
    // Bookmarks survive a reset (the same run reaches them again).
    dock.reset();
    QCOMPARE(dock.bookmarks(), marks);
    QCOMPARE(dock.model()->rowCount(), 0);
}

void TestGuiTimeline::sequenceViewDraws()
{
    auto doc = load(kScenario);
    advance(doc.get(), 2 * kSecond);
    SequenceView view;
    view.resize(900, 600);
    view.setTrace(&doc->trace(), &doc->world().names());
    view.setPlayhead(doc->trace().size() / 2);
    QCOMPARE(view.laneCount(), 6); // client, 4 services, bus
    const QImage a = view.grab().toImage();
    QVERIFY(distinctColours(a) > 20);
    // Lane headers: the header band is not the plain background.
    const QImage header = a.copy(0, 0, a.width(), 40);
    QVERIFY(distinctColours(header) > 5);
    view.setPlayhead(doc->trace().size() / 4);
    const QImage b = view.grab().toImage();
    QVERIFY(a != b);
    // The header band is the same for both playheads, the plot is not.
    QCOMPARE(a.copy(0, 0, a.width(), 30), b.copy(0, 0, b.width(), 30));
}

void TestGuiTimeline::sequenceArrowsMatchTrace()
{
    auto doc = load(kScenario);
    advance(doc.get(), 3500 * kMillisecond);
    const TraceLog &trace = doc->trace();
    SequenceView view;
    view.resize(900, 600);
    view.setTrace(&trace, &doc->world().names());
    for (std::size_t pos : {std::size_t{1}, trace.size() / 3, trace.size() / 2, trace.size()}) {
        view.setPlayhead(pos);
        const SimTime ws = view.windowStart(), we = view.windowEnd();
        // Brute force: every Send/Reply whose flight overlaps the window (ending where it was
        // lost, halfway when lost at once), every Publish in it, every Drop that had no send.
        int expected = 0;
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const TraceEvent &e = trace[i];
            SimTime t1 = e.time;
            if (e.kind == TraceKind::Send || e.kind == TraceKind::Reply) {
                t1 = e.time + e.value;
                for (std::size_t j = i + 1; j < trace.size() && trace[j].time <= e.time + e.value;
                     ++j)
                    if (trace[j].kind == TraceKind::Drop && trace[j].cause == e.id) {
                        t1 = trace[j].time == e.time ? e.time + e.value / 2 : trace[j].time;
                        break;
                    }
            } else if (e.kind == TraceKind::Drop) {
                const bool ofSend = e.cause && (trace[e.cause - 1].kind == TraceKind::Send ||
                                                trace[e.cause - 1].kind == TraceKind::Reply);
                if (ofSend || view.laneOf(e.from) == view.laneOf(e.to))
                    continue;
            } else if (e.kind != TraceKind::Publish) {
                continue;
            }
            if (t1 >= ws && e.time <= we)
                ++expected;
        }
        QVERIFY(expected < SequenceView::kMaxArrows);
        QCOMPARE(view.visibleArrows(), expected);
        QCOMPARE(view.arrowsInWindow(), expected);
        if (pos > 100)
            QVERIFY(expected > 5);
    }
    // Zooming out to the whole run hits the cap, nearest the playhead first.
    view.setSpan(10 * kSecond);
    QVERIFY(view.arrowsInWindow() > SequenceView::kMaxArrows);
    QCOMPARE(view.visibleArrows(), SequenceView::kMaxArrows);
}

void TestGuiTimeline::sequenceClickSeeks()
{
    auto doc = load(kScenario);
    advance(doc.get(), 1500 * kMillisecond);
    SequenceView view;
    view.resize(900, 600);
    view.setTrace(&doc->trace(), &doc->world().names());
    view.setPlayhead(doc->trace().size());
    view.setSpan(20 * kMillisecond);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy seek(&view, &SequenceView::seekRequested);
    // Click the middle of an arrow that crosses at least two lanes.
    for (const SequenceView::Arrow &a : view.arrows()) {
        if (std::abs(a.toLane - a.fromLane) < 1 || a.t0 < view.windowStart())
            continue;
        const QPointF s(view.laneX(a.fromLane), view.timeY(a.t0));
        const QPointF e(view.laneX(a.fromLane) +
                            (view.laneX(a.toLane) - view.laneX(a.fromLane)) * a.reach * 0.5,
                        view.timeY(a.t0) + (view.timeY(a.t1) - view.timeY(a.t0)) * 0.5);
        QTest::mouseClick(&view, Qt::LeftButton, {}, e.toPoint());
        QCOMPARE(seek.count(), 1);
        const std::size_t pos = seek.at(0).at(0).value<std::size_t>();
        const TraceEvent &sent = doc->trace()[pos - 1];
        QCOMPARE(sent.time, a.t0);
        QCOMPARE(pos - 1, a.index); // the arrow clicked, not a neighbour
        QCOMPARE(view.laneOf(sent.from), a.fromLane);
        QCOMPARE(view.laneOf(sent.to), a.toLane);
        // Its start, where it leaves the sender's lane at the time it was sent, is the same
        // arrow's too.
        QTest::mouseClick(&view, Qt::LeftButton, {}, s.toPoint());
        QCOMPARE(seek.count(), 2);
        QCOMPARE(seek.at(1).at(0).value<std::size_t>(), pos);
        return;
    }
    QFAIL("no arrow to click");
}

void TestGuiTimeline::screenshots()
{
    // Pictures for a human to look at: DPLAB_SCREENSHOTS=/tmp/dir.
    const QString dir = qEnvironmentVariable("DPLAB_SCREENSHOTS");
    if (dir.isEmpty())
        QSKIP("set DPLAB_SCREENSHOTS to a directory to write the pictures");
    QDir().mkpath(dir);
    auto doc = load(lesson("saga-orchestration.json"));
    advance(doc.get(), 22 * kSecond);
    const std::size_t frontier = doc->trace().size();
    // The playhead stepped back to just after payments crashed at 12 s.
    const auto crash =
        findNext(doc->trace(), 0, RunUntilCondition::next(RunUntilCondition::Kind::Fault));
    QVERIFY(crash);
    const std::size_t playhead =
        *findNext(doc->trace(), *crash,
                  RunUntilCondition::atTime(12 * kSecond + 70 * kMillisecond)) +
        1;
    TimelineDock dock;
    dock.resize(1500, 420);
    dock.setTrace(&doc->trace(), &doc->world().names(), doc->endTime());
    dock.setFrontier(frontier);
    dock.setPlayhead(*crash + 1);
    dock.addBookmark(QStringLiteral("payments crashes"));
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    dock.setPlayhead(playhead);
    QVERIFY(dock.grab().save(dir + QStringLiteral("/timeline-dock.png")));
    SequenceView seq;
    seq.resize(1200, 800);
    seq.setTrace(&doc->trace(), &doc->world().names());
    seq.setPlayhead(playhead);
    QVERIFY(seq.grab().save(dir + QStringLiteral("/sequence-view.png")));
    seq.setSpan(20 * kMillisecond);
    QVERIFY(seq.grab().save(dir + QStringLiteral("/sequence-view-20ms.png")));
    seq.setSpan(400 * kMillisecond);
    QVERIFY(seq.grab().save(dir + QStringLiteral("/sequence-view-400ms.png")));
}

QTEST_MAIN(TestGuiTimeline)
#include "tst_guitimeline.moc"
