#include "app/gui/panels/checkspanel.h"

#include "app/gui/simulationdocument.h"
#include "patterns/checks.h"

#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QShowEvent>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace dplab {

namespace {

constexpr int kChecksRefreshMs = 300;
/// Enough for an hour measured four times a second; later measures are not kept.
constexpr std::size_t kMaxMeasures = 20000;
constexpr int kIdRole = Qt::UserRole;
// Rows of evidence: the check's id, the chain's index and the step's (-1 for the chain's row
// and its database rows).
constexpr int kCheckRole = Qt::UserRole + 2;
constexpr int kChainRole = Qt::UserRole + 3;
constexpr int kStepRole = Qt::UserRole + 4;
constexpr int kRowRole = Qt::UserRole + 5; // a database row's index in its chain

enum Verdict { Neutral = 0, Pass = 1, Fail = -1, ExpectedFail = 2, Pending = 3 };

QString secondsText(SimTime t)
{
    return QString::number(static_cast<double>(t) / static_cast<double>(kSecond), 'f', 1);
}

/// "stale_reads" -> "stale reads", "lag_ms" -> "lag (ms)".
QString humanName(const std::string &key)
{
    QString k = QString::fromStdString(key);
    QString unit;
    for (const char *suffix : {"_ms", "_s", "_per_s"})
        if (k.endsWith(QLatin1String(suffix))) {
            unit = QLatin1String(suffix).mid(1);
            k.chop(static_cast<int>(qstrlen(suffix)));
            break;
        }
    k.replace('_', ' ');
    if (unit == QLatin1String("per_s"))
        return k + QStringLiteral(" per s");
    return unit.isEmpty() ? k : QStringLiteral("%1 (%2)").arg(k, unit);
}

QString valueText(const nlohmann::ordered_json &v)
{
    if (v.is_boolean())
        return v.get<bool>() ? QStringLiteral("yes") : QStringLiteral("no");
    if (v.is_number_integer() || v.is_number_unsigned())
        return QString::number(v.get<double>(), 'f', 0);
    if (v.is_number()) {
        const double d = v.get<double>();
        if (!std::isfinite(d))
            return QStringLiteral("–");
        QString s = QString::number(d, 'f', std::abs(d) >= 100 ? 1 : 3);
        while (s.contains('.') && (s.endsWith('0') || s.endsWith('.')))
            s.chop(1);
        return s;
    }
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    if (v.is_array())
        return QObject::tr("%n entries", nullptr, static_cast<int>(v.size()));
    if (v.is_null())
        return QStringLiteral("–");
    return QString::fromStdString(v.dump());
}

/// A latency's percentiles fit one row ("p50 3 · p99 40 · max 52"); other objects get a row
/// per figure.
bool isCompact(const nlohmann::ordered_json &v)
{
    if (!v.is_object() || v.size() > 6 || !v.contains("p50") || !v.contains("p99"))
        return false;
    for (const auto &[key, inner] : v.items())
        if (!inner.is_number() && !inner.is_null())
            return false;
    return true;
}

bool compareOk(double actual, const ExpectSpec &e)
{
    if (e.op == "==")
        return std::abs(actual - e.value) <= e.tolerance;
    if (e.op == "!=")
        return actual != e.value;
    if (e.op == "<")
        return actual < e.value;
    if (e.op == "<=")
        return actual <= e.value;
    if (e.op == ">")
        return actual > e.value;
    return actual >= e.value;
}

} // namespace

ChecksPanel::ChecksPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_status(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Check or figure"), tr("Value")});
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setFocusPolicy(Qt::NoFocus);
    m_tree->setRootIsDecorated(true);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    // Fixed widths: a refresh never measures every row (the docks stay cheap while playing).
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_tree->header()->resizeSection(
        1, fontMetrics().horizontalAdvance(QStringLiteral("p50 9999 · p99 99999 · max 99999   ")));
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("Figures are measured at the run's present a few times a second "
                            "while this dock is shown; behind the present it shows the latest "
                            "measure at or before the playhead."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kChecksRefreshMs);
    connect(&m_throttle, &QTimer::timeout, this, &ChecksPanel::refresh);
    connect(m_document, &SimulationDocument::advanced, this, &ChecksPanel::scheduleRefresh);
    auto restart = [this] {
        clearRun();
        refresh();
    };
    connect(m_document, &SimulationDocument::worldReset, this, restart);
    connect(m_document, &SimulationDocument::forked, this, restart);
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        const QVariant check = item->data(0, kCheckRole);
        if (check.isValid() && item->data(0, kRowRole).isValid())
            emit rowRequested(check.toString(), item->data(0, kChainRole).toInt(),
                              item->data(0, kRowRole).toInt());
        else if (check.isValid())
            emit chainRequested(check.toString(), item->data(0, kChainRole).toInt(),
                                item->data(0, kStepRole).toInt());
    });
    clearRun();
    refresh();
}

ChecksPanel::~ChecksPanel() = default;

void ChecksPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

void ChecksPanel::scheduleRefresh()
{
    if (!isVisible()) {
        m_dirty = true;
        return;
    }
    if (!m_throttle.isActive())
        m_throttle.start();
}

void ChecksPanel::clearRun()
{
    m_measures.clear();
    m_live.clear();
    m_judged.clear();
    m_listed.clear();
    m_invariants = 0;
    m_sections.clear();
    m_items.clear();
    m_tree->clear();
    m_shownTime = -1;
    m_dirty = true;
    if (!m_document->hasRun())
        return;
    const World &world = m_document->world();
    const nlohmann::ordered_json sections = m_document->catalog().summarySections(world);
    for (auto it = sections.begin(); it != sections.end(); ++it)
        m_sections.push_back(it.key());
    // Their names now, once: which checks a run has depends only on its scenario.
    m_listed = runInvariantChecks(m_document->catalog(), world);
}

void ChecksPanel::measure()
{
    if (!m_document->atPresent() || m_measures.size() >= kMaxMeasures)
        return;
    const Run &run = m_document->run();
    const World &world = run.world();
    m_measures[m_document->now()] =
        buildSummary(world, run.metrics(), RunInfo{}, {}, run.catalog().summarySections(world));
    std::vector<CheckResult> live = runLiveChecks(run.catalog(), world);
    if (run.expectationsEvaluated())
        markExpectedFailures(live, m_document->scenario().expect);
    m_live[m_document->now()] = std::move(live);
}

void ChecksPanel::refresh()
{
    m_throttle.stop();
    if (!isVisible() && !m_items.isEmpty()) {
        m_dirty = true;
        return;
    }
    m_dirty = false;
    if (!m_document->hasRun()) {
        m_tree->clear();
        m_items.clear();
        m_status->setText(tr("No scenario open."));
        return;
    }
    const SimTime now = m_document->now();
    measure();
    const bool atEnd = now >= m_document->endTime();
    if (m_judged.empty()) {
        // Judged by the document once, at the end: they stay while the playhead goes back.
        m_judged = m_document->judgedChecks();
        const std::size_t expectations =
            m_document->run().expectationsEvaluated() ? m_document->scenario().expect.size() : 0;
        m_invariants = m_judged.size() >= expectations ? m_judged.size() - expectations : 0;
    }
    const bool judged = atEnd && !m_judged.empty();

    const nlohmann::ordered_json *figures = nullptr;
    auto it = m_measures.upper_bound(now);
    if (it != m_measures.begin()) {
        --it;
        figures = &it->second;
        m_shownTime = it->first;
    } else {
        m_shownTime = -1;
    }
    if (!figures)
        m_status->setText(tr("No figures measured at or before t = %1 s yet: play from here "
                             "with this dock open to measure them.")
                              .arg(secondsText(now)));
    else if (m_shownTime == now)
        m_status->setText(tr("Figures at t = %1 s.").arg(secondsText(now)));
    else
        m_status->setText(tr("Figures as measured at t = %1 s (the latest at or before the "
                             "playhead, t = %2 s).")
                              .arg(secondsText(m_shownTime), secondsText(now)));

    QSet<QString> before;
    for (auto i = m_items.cbegin(); i != m_items.cend(); ++i)
        before.insert(i.key());
    // Each fill marks the rows it keeps (row() and section() set the mark).
    m_tree->setUpdatesEnabled(false);
    fillChecks(!m_judged.empty(), atEnd);
    fillExpectations(figures, judged);
    fillFailures(figures);
    fillFigures(figures);
    // Rows no fill asked for this time (a reason not yet seen at this playhead) go.
    QList<QTreeWidgetItem *> gone;
    for (const QString &id : before)
        if (QTreeWidgetItem *item = m_items.value(id); item && !item->data(0, kIdRole + 1).toBool())
            gone << item;
    // Read everything before deleting anything: deleting a row deletes its children.
    QList<QTreeWidgetItem *> roots;
    for (QTreeWidgetItem *item : gone) {
        m_items.remove(item->data(0, kIdRole).toString());
        bool ancestorGoes = false;
        for (QTreeWidgetItem *p = item->parent(); p && !ancestorGoes; p = p->parent())
            ancestorGoes = gone.contains(p);
        if (!ancestorGoes)
            roots << item;
    }
    qDeleteAll(roots);
    for (QTreeWidgetItem *item : std::as_const(m_items))
        item->setData(0, kIdRole + 1, false);
    m_tree->setUpdatesEnabled(true);
    applyHighlight();
}

QTreeWidgetItem *ChecksPanel::section(const QString &id, const QString &title, const QString &tip)
{
    QTreeWidgetItem *item = m_items.value(id);
    if (!item) {
        item = new QTreeWidgetItem(m_tree);
        item->setData(0, kIdRole, id);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setFirstColumnSpanned(true);
        item->setExpanded(true);
        m_items.insert(id, item);
    }
    item->setData(0, kIdRole + 1, true);
    if (item->text(0) != title)
        item->setText(0, title);
    item->setToolTip(0, tip);
    return item;
}

QTreeWidgetItem *ChecksPanel::row(QTreeWidgetItem *parent, const QString &id, const QString &name,
                                  const QString &value, const QString &tip, int verdict)
{
    QTreeWidgetItem *item = m_items.value(id);
    if (!item) {
        item = new QTreeWidgetItem(parent);
        item->setData(0, kIdRole, id);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setExpanded(true);
        m_items.insert(id, item);
    }
    item->setData(0, kIdRole + 1, true);
    if (item->text(0) != name)
        item->setText(0, name);
    if (item->text(1) != value)
        item->setText(1, value);
    const QString fullTip = tip.isEmpty() ? name : name + QStringLiteral("\n") + tip;
    item->setToolTip(0, fullTip);
    item->setToolTip(1, fullTip);
    if (item->data(1, kIdRole).toInt() != verdict || !item->data(1, kIdRole).isValid()) {
        item->setData(1, kIdRole, verdict);
        // Dark text on a light fill, and the words say it too (colour is never the only cue).
        const QColor ink = verdict == Pass           ? QColor(0x1e, 0x6b, 0x30)
                           : verdict == Fail         ? QColor(0xa3, 0x1f, 0x1f)
                           : verdict == ExpectedFail ? QColor(0x8a, 0x4b, 0x00)
                           : verdict == Pending      ? QColor(0x55, 0x55, 0x55)
                                                     : QColor();
        const QColor fill = verdict == Pass           ? QColor(0xdf, 0xf3, 0xe3)
                            : verdict == Fail         ? QColor(0xfb, 0xe0, 0xe0)
                            : verdict == ExpectedFail ? QColor(0xfd, 0xec, 0xd2)
                                                      : QColor();
        item->setForeground(1, ink.isValid() ? QBrush(ink) : QBrush());
        item->setBackground(1, fill.isValid() ? QBrush(fill) : QBrush());
        QFont f = item->font(1);
        f.setItalic(verdict == Pending);
        f.setBold(verdict == Fail || verdict == Pass || verdict == ExpectedFail);
        item->setFont(1, f);
    }
    return item;
}

void ChecksPanel::fillChecks(bool judged, bool atEnd)
{
    QTreeWidgetItem *top =
        section(QStringLiteral("#checks"), tr("Invariant checks"),
                tr("What the patterns promise. Safety checks are judged live (\"ok so far\"); the "
                   "others once the run has ended and quiesced."));
    if (judged) {
        for (std::size_t i = 0; i < m_invariants && i < m_judged.size(); ++i) {
            const CheckResult &c = m_judged[i];
            const int verdict = c.ok ? Pass : c.expectedToFail ? ExpectedFail : Fail;
            QString value = c.ok               ? tr("ok")
                            : c.expectedToFail ? tr("FAIL, as the lesson expects")
                                               : tr("FAIL");
            // Behind the end (walking a chain of evidence), still the end's verdict, said so
            // (short enough for the column).
            if (!atEnd)
                value = tr("at the end: %1")
                            .arg(c.ok               ? tr("ok")
                                 : c.expectedToFail ? tr("FAIL, expected")
                                                    : tr("FAIL"));
            QTreeWidgetItem *checkRow =
                row(top, QString::fromStdString(c.id), QString::fromStdString(c.name), value,
                    QString::fromStdString(c.detail), verdict);
            fillEvidence(checkRow, c);
        }
        return;
    }
    // Before the end: the safety checks as measured at (or last before) the playhead; the
    // others only by name, since their verdicts need the run to have quiesced.
    const std::vector<CheckResult> *live = nullptr;
    SimTime liveTime = -1;
    if (auto it = m_live.upper_bound(m_document->now()); it != m_live.begin()) {
        --it;
        live = &it->second;
        liveTime = it->first;
    }
    for (const CheckResult &c : m_listed) {
        const QString id = QString::fromStdString(c.id);
        const QString name = QString::fromStdString(c.name);
        const CheckResult *now = nullptr;
        if (live)
            for (const CheckResult &l : *live)
                if (l.id == c.id)
                    now = &l;
        if (!now) {
            row(top, id, name, tr("judged at the end of the run"),
                tr("Checked once the run has reached its end (t = %1 s) and the bus has "
                   "drained.")
                    .arg(secondsText(m_document->endTime())),
                Pending);
            continue;
        }
        const QString tip =
            tr("%1\nJudged live: a failure of this check, once seen, stays, so its verdict "
               "holds at any moment (measured at t = %2 s).")
                .arg(QString::fromStdString(now->detail), secondsText(liveTime));
        if (now->ok)
            row(top, id, name, tr("ok so far"), tip, Pass);
        else
            row(top, id, name, now->expectedToFail ? tr("FAIL, as the lesson expects") : tr("FAIL"),
                tip, now->expectedToFail ? ExpectedFail : Fail);
    }
}

void ChecksPanel::fillEvidence(QTreeWidgetItem *checkRow, const CheckResult &check)
{
    if (check.ok || check.evidence.empty())
        return;
    const QString checkId = QString::fromStdString(check.id);
    const TraceLog &log = m_document->trace();
    auto mark = [&](QTreeWidgetItem *item, int chain, int step) {
        item->setData(0, kCheckRole, checkId);
        item->setData(0, kChainRole, chain);
        item->setData(0, kStepRole, step);
    };
    for (std::size_t i = 0; i < check.evidence.size(); ++i) {
        const Evidence &e = check.evidence[i];
        const QString chainId = QStringLiteral("%1#chain%2").arg(checkId).arg(i);
        const bool isNew = !m_items.contains(chainId);
        QTreeWidgetItem *chain = row(
            checkRow, chainId,
            QStringLiteral("%1 · %2").arg(QString::fromStdString(e.cls),
                                          QString::fromStdString(e.entity)),
            e.steps.size() == 1 ? tr("1 step · walk") : tr("%1 steps · walk").arg(e.steps.size()),
            QString::fromStdString(e.explanation) + QStringLiteral("\n") +
                tr("Click to walk the chain: the playhead goes to each of its events "
                   "(Right, Left), Escape stops."),
            Neutral);
        mark(chain, static_cast<int>(i), -1);
        if (isNew)
            chain->setExpanded(false);
        for (std::size_t k = 0; k < e.steps.size(); ++k) {
            const EvidenceStep &st = e.steps[k];
            const TraceEvent *ev = log.byId(st.event);
            const QString when =
                ev ? QStringLiteral("%1 s").arg(static_cast<double>(ev->time) / kSecond, 0, 'f', 3)
                   : tr("?");
            QTreeWidgetItem *step = row(
                chain, QStringLiteral("%1#step%2").arg(chainId).arg(k),
                QStringLiteral("%1. %2  %3").arg(k + 1).arg(when, QString::fromStdString(st.says)),
                tr("event %1").arg(st.event), tr("Click to put the playhead right after it."),
                Neutral);
            mark(step, static_cast<int>(i), static_cast<int>(k));
        }
        for (std::size_t k = 0; k < e.rows.size(); ++k) {
            const EvidenceRow &r = e.rows[k];
            QStringList cells;
            if (r.values.is_object())
                for (const auto &[column, v] : r.values.items())
                    cells << QStringLiteral("%1 %2").arg(QString::fromStdString(column),
                                                         valueText(v));
            const QString what =
                QStringLiteral("%1.%2 %3: %4")
                    .arg(QString::fromStdString(r.service), QString::fromStdString(r.table),
                         QString::fromStdString(r.key),
                         r.values.is_null() ? tr("no such row") : cells.join(QStringLiteral(", ")));
            QTreeWidgetItem *item =
                row(chain, QStringLiteral("%1#row%2").arg(chainId).arg(k), what,
                    r.asOfEvent == 0 ? tr("at the end") : tr("after event %1").arg(r.asOfEvent),
                    QString::fromStdString(r.says), Neutral);
            mark(item, static_cast<int>(i), -1);
            item->setData(0, kRowRole, static_cast<int>(k));
        }
    }
}

QTreeWidgetItem *ChecksPanel::chainItem(const QString &checkId, int chain, int step) const
{
    const QString id = QStringLiteral("%1#chain%2").arg(checkId).arg(chain);
    return m_items.value(step < 0 ? id : QStringLiteral("%1#step%2").arg(id).arg(step));
}

void ChecksPanel::showWalkedStep(const QString &checkId, int chain, int step)
{
    // Judged a moment ago (Show why ran to the end): list the chains now.
    if ((m_dirty || (step >= 0 && !chainItem(checkId, chain, step))) && isVisible())
        refresh();
    QTreeWidgetItem *item = step < 0 ? nullptr : chainItem(checkId, chain, step);
    if (!item) {
        m_tree->clearSelection();
        return;
    }
    for (QTreeWidgetItem *p = item->parent(); p; p = p->parent())
        p->setExpanded(true);
    m_tree->setCurrentItem(item);
    m_tree->scrollToItem(item);
}

void ChecksPanel::fillExpectations(const nlohmann::ordered_json *figures, bool judged)
{
    const std::vector<ExpectSpec> &expect = m_document->scenario().expect;
    if (expect.empty())
        return;
    QTreeWidgetItem *top = section(QStringLiteral("#expect"), tr("The lesson expects"),
                                   tr("The lesson file's \"expect\" entries, judged at the end."));
    for (std::size_t i = 0; i < expect.size(); ++i) {
        const ExpectSpec &e = expect[i];
        const QString id = QStringLiteral("#expect%1").arg(i);
        const QString name =
            e.check.empty()
                ? QStringLiteral("%1 %2 %3")
                      .arg(QString::fromStdString(e.metric), QString::fromStdString(e.op))
                      .arg(e.value)
                : (e.checkOk ? tr("check %1 passes") : tr("check %1 fails"))
                      .arg(QString::fromStdString(e.check));
        const nlohmann::ordered_json *actual =
            figures && e.check.empty() ? findMetric(*figures, e.metric) : nullptr;
        const QString now = actual ? valueText(*actual) : QString();
        const std::size_t judgedAt = m_invariants + i;
        if (judged && judgedAt < m_judged.size()) {
            const CheckResult &c = m_judged[judgedAt];
            row(top, id, name,
                (now.isEmpty() ? QString() : now + QStringLiteral("  ")) +
                    (c.ok ? tr("ok") : tr("FAIL")),
                QString::fromStdString(c.detail), c.ok ? Pass : Fail);
        } else if (judged) {
            row(top, id, name, tr("not judged (the scenario was changed)"), {}, Neutral);
        } else {
            // The value so far, and whether it would pass now: a hint, not the verdict.
            int verdict = Pending;
            if (actual && actual->is_number())
                verdict = compareOk(actual->get<double>(), e) ? Pass : Fail;
            row(top, id, name,
                now.isEmpty() ? tr("judged at the end of the run") : tr("now %1").arg(now),
                tr("Judged at the end of the run; the value shown is the one measured so far."),
                verdict == Pending ? Pending : Neutral);
        }
    }
}

void ChecksPanel::fillFailures(const nlohmann::ordered_json *figures)
{
    const nlohmann::ordered_json *ops = figures ? findMetric(*figures, "operations") : nullptr;
    if (!ops || !ops->is_object())
        return;
    // Always there, so it keeps its place above the figures.
    QTreeWidgetItem *top =
        section(QStringLiteral("#failures"), tr("Failures by reason"),
                tr("Why client operations failed so far, as the failing service said."));
    bool any = false;
    for (const auto &[op, stats] : ops->items()) {
        const auto reasons = stats.find("failures_by_reason");
        if (reasons == stats.end() || !reasons->is_object() || reasons->empty())
            continue;
        any = true;
        const QString opId =
            QStringLiteral("operations.%1.failures_by_reason").arg(QString::fromStdString(op));
        const QString count = valueText(stats.value("count", nlohmann::ordered_json(0)));
        QTreeWidgetItem *opRow =
            row(top, opId, QString::fromStdString(op),
                tr("%1 of %2 failed")
                    .arg(valueText(stats.value("failed", nlohmann::ordered_json(0))), count),
                tr("Completed operations so far, and how many failed."), Neutral);
        for (const auto &[reason, n] : reasons->items())
            row(opRow, opId + '.' + QString::fromStdString(reason), QString::fromStdString(reason),
                valueText(n), tr("Failures of %1 for this reason.").arg(QString::fromStdString(op)),
                Neutral);
    }
    if (!any)
        row(top, QStringLiteral("#nofailures"), tr("no operation failed so far"), QString(), {},
            Neutral);
}

void ChecksPanel::fillFigures(const nlohmann::ordered_json *figures)
{
    if (!figures)
        return;
    for (const std::string &name : m_sections) {
        const auto it = figures->find(name);
        if (it == figures->end())
            continue;
        const QString id = QString::fromStdString(name);
        QTreeWidgetItem *top =
            section(id, humanName(name),
                    tr("Figures the %1 pattern reports (%2 in the run's summary).")
                        .arg(humanName(name), id));
        addLeaves(top, id, QString(), *it);
    }
}

void ChecksPanel::addLeaves(QTreeWidgetItem *parent, const QString &path, const QString &prefix,
                            const nlohmann::ordered_json &value)
{
    for (const auto &[key, inner] : value.items()) {
        const QString id = path + '.' + QString::fromStdString(key);
        const QString name = prefix.isEmpty() ? humanName(key) : prefix + ' ' + humanName(key);
        if (inner.is_object() && !isCompact(inner)) {
            addLeaves(parent, id, name, inner);
            continue;
        }
        if (inner.is_object()) {
            // A latency: its median, tail and maximum fit the column (all of it in the tooltip).
            QStringList parts, all;
            for (const auto &[k, v] : inner.items()) {
                const QString part = QString::fromStdString(k) + ' ' +
                                     (v.is_number() && std::abs(v.get<double>()) >= 10
                                          ? QString::number(std::lround(v.get<double>()))
                                          : valueText(v));
                all << part;
                if (k == "p50" || k == "p99" || k == "max")
                    parts << part;
            }
            row(parent, id, name, parts.join(QStringLiteral(" · ")),
                id + QStringLiteral(": ") + all.join(QStringLiteral(" · ")), Neutral);
            continue;
        }
        row(parent, id, name, valueText(inner), id, Neutral);
    }
}

QTreeWidgetItem *ChecksPanel::itemFor(const QString &id) const
{
    if (QTreeWidgetItem *item = m_items.value(id))
        return item;
    // A figure inside a one-row object ("read_model.lag_ms.p99") is shown by its row.
    const int dot = static_cast<int>(id.lastIndexOf('.'));
    return dot > 0 ? m_items.value(id.left(dot)) : nullptr;
}

bool ChecksPanel::highlightFigure(const QString &id)
{
    if (QTreeWidgetItem *old = itemFor(m_highlight)) {
        for (int c = 0; c < 2; ++c) {
            QFont f = old->font(c);
            f.setUnderline(false);
            old->setFont(c, f);
        }
        old->setBackground(0, QBrush());
    }
    m_highlight = id;
    if (m_dirty && isVisible())
        refresh();
    applyHighlight();
    return itemFor(id) != nullptr;
}

void ChecksPanel::applyHighlight()
{
    QTreeWidgetItem *item = m_highlight.isEmpty() ? nullptr : itemFor(m_highlight);
    if (!item)
        return;
    if (item->background(0).color() != QColor(0xff, 0xf0, 0xa8)) {
        item->setBackground(0, QColor(0xff, 0xf0, 0xa8));
        QFont f = item->font(0);
        f.setUnderline(true);
        item->setFont(0, f);
        for (QTreeWidgetItem *p = item->parent(); p; p = p->parent())
            p->setExpanded(true);
        m_tree->setCurrentItem(item);
        m_tree->scrollToItem(item, QAbstractItemView::PositionAtCenter);
    }
}

} // namespace dplab
