#pragma once

#include <nlohmann/json.hpp>

#include <QHash>
#include <QTimer>
#include <QWidget>

#include <map>
#include <vector>

#include "simulation/kernel/simtime.h"
#include "simulation/observe/summary.h"

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace dplab {

class SimulationDocument;

/**
 * The Checks and figures dock: every invariant check of the run with its verdict (judged once the
 * run has reached its end; behind it afterwards, said to be the end's), under a failed check
 * the chains of events that prove it (a click walks one), the lesson's "expect" entries with their
 * values, the failures of each operation by reason, and the figures the pattern modules report
 * (their sections of summary.json), following the playhead.
 *
 * Figures are measured at the run's present, a few times a second while the dock is visible,
 * and kept by time: behind the present the dock shows the latest measure at or before the
 * playhead, and says when it was taken.
 */
class ChecksPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChecksPanel(SimulationDocument *document, QWidget *parent = nullptr);
    ~ChecksPanel() override;

    QTreeWidget *tree() const { return m_tree; }
    /// Selects and marks the row of a figure (a dotted summary path) or a check (its id);
    /// false when the dock has no such row now. The mark stays until another is asked for.
    bool highlightFigure(const QString &id);
    /// The id of the row marked by highlightFigure() ("" for none).
    QString highlighted() const { return m_highlight; }
    /// The row of a figure or check id, or nullptr.
    QTreeWidgetItem *itemFor(const QString &id) const;
    /// The time of the figures shown (the measure at or before the playhead).
    SimTime figuresTime() const { return m_shownTime; }
    /// The row of chain `chain` of check `checkId` (step >= 0: of that step), or nullptr.
    QTreeWidgetItem *chainItem(const QString &checkId, int chain, int step = -1) const;
    /// Marks the row of the step walked now (step -1: none).
    void showWalkedStep(const QString &checkId, int chain, int step);

public slots:
    /// Brings the dock up to the playhead now (the throttle calls it).
    void refresh();

signals:
    /// A chain of evidence (or one of its steps, or rows: step -1 for the chain's first) was
    /// clicked: walk it.
    void chainRequested(const QString &checkId, int chain, int step);
    /// One of a chain's database rows was clicked: show it.
    void rowRequested(const QString &checkId, int chain, int row);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();
    void clearRun();
    /// A measure at the present, kept by time.
    void measure();
    QTreeWidgetItem *section(const QString &id, const QString &title, const QString &tip);
    QTreeWidgetItem *row(QTreeWidgetItem *parent, const QString &id, const QString &name,
                         const QString &value, const QString &tip, int verdict);
    /// `judged`: the run has been judged at its end; `atEnd`: the playhead is there.
    void fillChecks(bool judged, bool atEnd);
    /// The chains of a failed check's evidence under its row, collapsed.
    void fillEvidence(QTreeWidgetItem *checkRow, const CheckResult &check);
    void fillExpectations(const nlohmann::ordered_json *figures, bool judged);
    void fillFailures(const nlohmann::ordered_json *figures);
    void fillFigures(const nlohmann::ordered_json *figures);
    void addLeaves(QTreeWidgetItem *parent, const QString &path, const QString &prefix,
                   const nlohmann::ordered_json &value);
    void applyHighlight();

    SimulationDocument *m_document;
    QLabel *m_status;
    QTreeWidget *m_tree;
    QTimer m_throttle;
    QHash<QString, QTreeWidgetItem *> m_items;
    /// summary.json without its checks, by the time it was measured.
    std::map<SimTime, nlohmann::ordered_json> m_measures;
    /// The pattern modules' section names, in their order.
    std::vector<std::string> m_sections;
    /// Checks and expectations judged at the end of the run (empty until then).
    std::vector<CheckResult> m_judged;
    std::size_t m_invariants = 0;
    /// The invariant checks of this run, listed before they are judged.
    std::vector<CheckResult> m_listed;
    /// The checks judged at any moment (runLiveChecks), measured with the figures, by time.
    std::map<SimTime, std::vector<CheckResult>> m_live;
    bool m_dirty = true;
    QString m_highlight;
    SimTime m_shownTime = -1;
};

} // namespace dplab
