// Walking a chain of evidence in the app: a click on a chain in the Checks and figures dock puts
// the playhead on its first event, marks exactly its events in the event list and the sequence
// view, shows the row it names in the inspector as it is at each step; Right and Left step
// through the chain's events only; Escape ends the walk; a caption's "Show why" starts it.
// The chain comes from a pattern module of the test's own, pointing at real events of the run.

#include "tests/support/guitestsupport.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/classroom/presenter.h"
#include "app/gui/evidence/evidencewalk.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/follow/followedtransaction.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/inspector/queryresultmodel.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/checkspanel.h"
#include "app/gui/timeline/eventlistmodel.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"
#include "app/gui/timeline/timelinepanels.h"
#include "app/gui/timeline/timelinescrubber.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/module/patterncatalog.h"
#include "simulation/world/world.h"

#include <QDockWidget>
#include <QFile>
#include <QFrame>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

#include <nlohmann/json.hpp>

using namespace dplab;

namespace {

constexpr const char *kCheck = "demo.chain";

/// A check that always fails, with one chain: orders' first commit, a message sent later (not
/// the next event of the trace), orders' next commit; and the first order's row.
class ChainModule : public PatternModule
{
public:
    std::string key() const override { return {}; }
    std::string title() const override { return "Chain demo"; }
    int checksRank() const override { return 1000; }
    void addChecks(const World &, std::vector<CheckResult> &out) const override
    {
        CheckResult c;
        c.id = kCheck;
        c.name = "a chain to walk";
        c.ok = false;
        c.detail = "always fails";
        out.push_back(c);
    }
    void addEvidence(const EvidenceContext &context, CheckResult &check) const override
    {
        if (check.id != kCheck)
            return;
        const World &world = context.world();
        const std::int16_t orders = world.serviceIndex("orders");
        auto commitAt = [orders](const TraceEvent &e) {
            return e.kind == TraceKind::Commit && e.from == orders;
        };
        const TraceEvent *first = context.findAfter(0, commitAt);
        if (!first)
            return;
        const TraceEvent *send = context.findAfter(
            first->id + 1, [](const TraceEvent &e) { return e.kind == TraceKind::Send; });
        if (!send)
            return;
        const TraceEvent *second = context.findAfter(send->id, commitAt);
        if (!second)
            return;
        const QueryResult firstOrder =
            world.service(orders).database().query("SELECT id FROM orders ORDER BY id LIMIT 1");
        if (firstOrder.rows.empty())
            return;
        Evidence e;
        e.cls = "demo chain";
        e.entity = "order " + std::to_string(std::get<std::int64_t>(firstOrder.rows[0][0]));
        e.steps = {{first->id, first->time, "orders commits the first order"},
                   {send->id, send->time, "a message leaves"},
                   {second->id, second->time, "orders commits again"}};
        EvidenceRow row;
        row.service = "orders";
        row.table = "orders";
        row.key = std::to_string(std::get<std::int64_t>(firstOrder.rows[0][0]));
        row.asOfEvent = first->id;
        row.says = "the first order";
        e.rows = {row};
        e.explanation = "A chain of the test's own.";
        check.evidence.push_back(e);
    }
};

std::shared_ptr<const PatternCatalog> catalogWithChain()
{
    auto catalog = std::make_shared<PatternCatalog>();
    registerBuiltins(*catalog);
    catalog->add(std::make_unique<ChainModule>());
    return catalog;
}

/// The dual-write lesson, two seconds long, with one caption pointing at the chain.
QByteArray shortLesson()
{
    QFile f(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/outbox-vs-dual-write.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto j = nlohmann::ordered_json::parse(f.readAll().toStdString());
    j["duration"] = "2s";
    for (auto &w : j["workload"])
        w.erase("stop");
    j.erase("faults");
    j.erase("expect");
    j["narrative"] = nlohmann::ordered_json::array(
        {{{"at", "1s"}, {"text", "Why does it fail?"}, {"evidence", kCheck}}});
    return QByteArray::fromStdString(j.dump(2));
}

/// The orders table's row `key` as the database has it at the playhead, column by column.
QStringList rowAtPlayhead(SimulationDocument *doc, const std::string &key)
{
    const int orders = doc->world().serviceIndex("orders");
    const QueryResult r = doc->queryDatabase(orders, "SELECT * FROM orders WHERE id = " + key);
    QStringList out;
    if (r.rows.empty())
        return out;
    for (const SqlValue &v : r.rows[0])
        out << (std::holds_alternative<std::int64_t>(v) ? QString::number(std::get<std::int64_t>(v))
                : std::holds_alternative<double>(v)     ? QString::number(std::get<double>(v))
                : std::holds_alternative<std::string>(v)
                    ? QString::fromStdString(std::get<std::string>(v))
                    : QString());
    return out;
}

/// The inspector's first row, as its table shows it.
QStringList inspectorRow(InspectorPanel *inspector)
{
    QStringList out;
    const QueryResultModel *m = inspector->tableModel();
    for (int c = 0; c < m->columnCount(); ++c)
        out << m->data(m->index(0, c)).toString();
    return out;
}

} // namespace

/** Tests of the walk through a chain of evidence. */
class TestGuiEvidence : public QObject
{
    Q_OBJECT

public:
    TestGuiEvidence() { Q_INIT_RESOURCE(dplab); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guievidence"));
        QSettings().clear();
    }

    void clickingAChainWalksItsEventsOnly()
    {
        MainWindow w(catalogWithChain());
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        SimulationDocument *doc = w.document();
        QString error;
        QVERIFY2(doc->loadText(shortLesson(), QStringLiteral("chain.json"), &error),
                 qPrintable(error));
        test::advance(doc, doc->endTime());
        QVERIFY(doc->atEnd());

        // The chain, as the run judged it.
        const std::vector<CheckResult> &checks = doc->judgedChecks();
        const auto it = std::find_if(checks.begin(), checks.end(),
                                     [](const CheckResult &c) { return c.id == kCheck; });
        QVERIFY(it != checks.end());
        QCOMPARE(it->evidence.size(), std::size_t(1));
        const Evidence chain = it->evidence[0];
        QCOMPARE(chain.steps.size(), std::size_t(3));
        const std::uint64_t e0 = chain.steps[0].event, e1 = chain.steps[1].event,
                            e2 = chain.steps[2].event;
        QVERIFY(e1 > e0 + 1 && e2 > e1 + 1); // not the trace's next events
        const TraceLog &log = doc->trace();

        // Listed under the failed check; a click on it walks it.
        auto *checksDock = qobject_cast<QDockWidget *>(w.checksPanel()->parentWidget());
        QVERIFY(checksDock);
        checksDock->show();
        checksDock->raise();
        QCoreApplication::processEvents();
        w.checksPanel()->refresh();
        QTreeWidgetItem *chainRow = w.checksPanel()->chainItem(kCheck, 0);
        QVERIFY(chainRow);
        QCOMPARE(chainRow->text(0),
                 QStringLiteral("demo chain · ") + QString::fromStdString(chain.entity));
        QCOMPARE(chainRow->childCount(), 4); // three steps and the row
        QCOMPARE(chainRow->text(1), QStringLiteral("3 steps · walk"));
        QTreeWidget *tree = w.checksPanel()->tree();
        tree->scrollToItem(chainRow);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                          tree->visualItemRect(chainRow).center());
        EvidenceWalk *walk = w.evidenceWalk();
        QVERIFY(walk->active());
        QCOMPARE(walk->step(), 0);
        QCOMPARE(doc->playhead(), std::size_t(e0));
        QCOMPARE(doc->now(), log[e0 - 1].time);

        // Exactly the chain's events are marked, in the list and in the sequence view.
        EventListModel *model = w.timelinePanels()->dock()->model();
        QCOMPARE(model->highlightedCount(), std::size_t(3));
        for (std::uint64_t id : {e0, e1, e2})
            QVERIFY(model->isHighlighted(id - 1));
        QVERIFY(!model->isHighlighted(e0));
        QCOMPARE(w.timelinePanels()->sequence()->highlighted(),
                 (std::vector<std::uint64_t>{e0, e1, e2}));
        QCOMPARE(w.timelinePanels()->dock()->scrubber()->evidenceTimes(),
                 (std::vector<SimTime>{log[e0 - 1].time, log[e1 - 1].time, log[e2 - 1].time}));
        // The canvas draws the chain's messages apart.
        QVERIFY(w.canvas()->canvasScene()->followed()->active());
        QVERIFY(w.canvas()->canvasScene()->followed()->containsEvent(e1));
        // ...and only those: its three events and the sends of its messages, a handful.
        QVERIFY(w.canvas()->canvasScene()->followed()->eventCount() <= 8);

        // The inspector shows the row the chain names, as it is right after the first step.
        InspectorPanel *inspector = w.inspectorPanel();
        QCOMPARE(inspector->currentService(), doc->world().serviceIndex("orders"));
        QCOMPARE(inspector->currentTable(), QStringLiteral("orders"));
        QCOMPARE(inspector->shownRowKey(), QString::fromStdString(chain.rows[0].key));
        QCOMPARE(inspector->tableModel()->rowCount(), 1);
        const QStringList atFirst = rowAtPlayhead(doc, chain.rows[0].key);
        QVERIFY(!atFirst.isEmpty());
        QCOMPARE(inspectorRow(inspector), atFirst);
        QVERIFY2(walk->bannerText().contains(QStringLiteral("step 1 of 3: orders commits the "
                                                            "first order")),
                 qPrintable(walk->bannerText()));

        // Right: the chain's next event, not the trace's.
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(walk->step(), 1);
        QCOMPARE(doc->playhead(), std::size_t(e1));
        QCOMPARE(doc->now(), log[e1 - 1].time);
        QVERIFY(walk->bannerText().contains(QStringLiteral("step 2 of 3")));
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(doc->playhead(), std::size_t(e2));
        // The row at that step is read again there: what the database holds at e2.
        inspector->refresh();
        QCOMPARE(inspectorRow(inspector), rowAtPlayhead(doc, chain.rows[0].key));
        // Past the last step, Right stays.
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(doc->playhead(), std::size_t(e2));
        QTest::keyClick(&w, Qt::Key_Left);
        QCOMPARE(doc->playhead(), std::size_t(e1));
        QCOMPARE(walk->step(), 1);
        // A click on a step goes to it.
        QTreeWidgetItem *lastStep = w.checksPanel()->chainItem(kCheck, 0, 2);
        QVERIFY(lastStep);
        tree->scrollToItem(lastStep);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                          tree->visualItemRect(lastStep).center());
        QCOMPARE(doc->playhead(), std::size_t(e2));
        QCOMPARE(walk->step(), 2);

        // Escape ends it: nothing marked, the canvas and the inspector as before.
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!walk->active());
        QCOMPARE(model->highlightedCount(), std::size_t(0));
        QVERIFY(w.timelinePanels()->sequence()->highlighted().empty());
        QVERIFY(w.timelinePanels()->dock()->scrubber()->evidenceTimes().empty());
        QVERIFY(walk->bannerText().isEmpty());
        QVERIFY(inspector->shownRowKey().isEmpty());
        QVERIFY(!w.canvas()->canvasScene()->followed()->active());
        // The arrows step through the trace again.
        const std::size_t at = doc->playhead();
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(doc->playhead(), at + 1);

        // Following something else ends a walk; Escape then stops following (one action).
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                          tree->visualItemRect(chainRow).center());
        QVERIFY(walk->active());
        QVERIFY(w.follow()->followNamed(QStringLiteral("next")));
        QVERIFY(!walk->active());
        QCOMPARE(w.canvas()->canvasScene()->followed(), &w.follow()->followed());
        QVERIFY(w.follow()->followed().active());
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.follow()->followed().active());
    }

    /// The dual-write lesson's own evidence: its first lost event, walked step by step; at the
    /// step a row is named as of, the inspector shows the row as the evidence has it.
    void theDualWriteLessonsLostEventIsWalked()
    {
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(
            w.openFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/outbox-vs-dual-write.json")));
        SimulationDocument *doc = w.document();
        test::advance(doc, doc->endTime());
        const QString check = QStringLiteral("cqrs.read_model_matches");
        const std::vector<CheckResult> &checks = doc->judgedChecks();
        const auto it = std::find_if(checks.begin(), checks.end(), [&](const CheckResult &c) {
            return c.id == check.toStdString();
        });
        QVERIFY(it != checks.end() && !it->ok);
        int lost = -1;
        for (std::size_t i = 0; i < it->evidence.size() && lost < 0; ++i)
            if (it->evidence[i].cls == "lost event")
                lost = static_cast<int>(i);
        QVERIFY(lost >= 0);
        const Evidence chain = it->evidence[static_cast<std::size_t>(lost)];
        QVERIFY(chain.steps.size() >= 2);

        EvidenceWalk *walk = w.evidenceWalk();
        QVERIFY(walk->walk(check, lost));
        InspectorPanel *inspector = w.inspectorPanel();
        int compared = 0;
        for (std::size_t k = 0; k < chain.steps.size(); ++k) {
            if (k > 0)
                QTest::keyClick(&w, Qt::Key_Right);
            QCOMPARE(walk->step(), static_cast<int>(k));
            QCOMPARE(doc->playhead(), std::size_t(chain.steps[k].event));
            QVERIFY2(
                walk->bannerText().startsWith(QStringLiteral("Lost event · %1 · step %2 of %3: ")
                                                  .arg(QString::fromStdString(chain.entity))
                                                  .arg(k + 1)
                                                  .arg(chain.steps.size())),
                qPrintable(walk->bannerText()));
            for (const EvidenceRow &r : chain.rows) {
                if (r.asOfEvent != chain.steps[k].event || !r.values.is_object())
                    continue;
                // The step's own row, as the evidence says it was right after this event.
                QCOMPARE(inspector->currentService(), doc->world().serviceIndex(r.service));
                QCOMPARE(inspector->currentTable(), QString::fromStdString(r.table));
                QCOMPARE(inspector->shownRowKey(), QString::fromStdString(r.key));
                const QueryResultModel *m = inspector->tableModel();
                QCOMPARE(m->rowCount(), 1);
                for (int c = 0; c < m->columnCount(); ++c) {
                    const auto &v = r.values[m->columns()[c].toStdString()];
                    if (v.is_number_integer())
                        QCOMPARE(m->data(m->index(0, c)).toLongLong(), v.get<qint64>());
                    else if (v.is_string())
                        QCOMPARE(m->data(m->index(0, c)).toString(),
                                 QString::fromStdString(v.get<std::string>()));
                }
                ++compared;
            }
        }
        QVERIFY(compared > 0);
        // At the last step, the read side's row (named as it is at the end), read there.
        const auto end = std::find_if(chain.rows.begin(), chain.rows.end(),
                                      [](const EvidenceRow &r) { return r.asOfEvent == 0; });
        QVERIFY(end != chain.rows.end());
        QCOMPARE(inspector->currentService(), doc->world().serviceIndex(end->service));
        QCOMPARE(inspector->currentTable(), QString::fromStdString(end->table));
        QCOMPARE(inspector->shownRowKey(), QString::fromStdString(end->key));

        // A click on one of the chain's rows in the dock shows that row.
        auto *checksDock = qobject_cast<QDockWidget *>(w.checksPanel()->parentWidget());
        checksDock->show();
        checksDock->raise();
        QCoreApplication::processEvents();
        w.checksPanel()->refresh();
        QTreeWidgetItem *chainRow = w.checksPanel()->chainItem(check, lost);
        QVERIFY(chainRow);
        QTreeWidgetItem *firstRow = chainRow->child(static_cast<int>(chain.steps.size()));
        QVERIFY(firstRow);
        emit w.checksPanel()->tree()->itemClicked(firstRow, 0);
        QCOMPARE(inspector->currentTable(), QString::fromStdString(chain.rows[0].table));
        QCOMPARE(inspector->shownRowKey(), QString::fromStdString(chain.rows[0].key));
        QCOMPARE(walk->step(), static_cast<int>(chain.steps.size()) - 1); // the playhead stays
    }

    void aCaptionsShowWhyPlaysToTheEndAndWalks()
    {
        MainWindow w(catalogWithChain());
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        SimulationDocument *doc = w.document();
        QString error;
        QVERIFY2(doc->loadText(shortLesson(), QStringLiteral("chain.json"), &error),
                 qPrintable(error));
        test::advance(doc, kSecond);
        w.presenter()->updateCaption();
        QPushButton *why = w.captionBar()->whyButton();
        QVERIFY(why->isVisible());
        QVERIFY(!doc->checksJudged());
        QTest::mouseClick(why, Qt::LeftButton);
        // Played to the end (where the checks are judged), then the walk starts.
        QTRY_VERIFY_WITH_TIMEOUT(w.evidenceWalk()->active(), 30000);
        QVERIFY(doc->checksJudged());
        QCOMPARE(w.evidenceWalk()->checkId(), QString::fromLatin1(kCheck));
        QCOMPARE(doc->playhead(), std::size_t(w.evidenceWalk()->eventIds().front()));
        // The clicker's Next steps through the chain too; past its end it stops the walk.
        QTest::keyClick(&w, Qt::Key_PageDown);
        QCOMPARE(w.evidenceWalk()->step(), 1);
        QTest::keyClick(&w, Qt::Key_PageDown);
        QTest::keyClick(&w, Qt::Key_PageDown);
        QVERIFY(!w.evidenceWalk()->active());
    }
};

QTEST_MAIN(TestGuiEvidence)
#include "tst_guievidence.moc"
