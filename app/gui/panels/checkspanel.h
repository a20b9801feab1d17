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
 * run has reached its end, so shown there), the lesson's "expect" entries with their values,
 * the failures of each operation by reason, and the figures the pattern modules report
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

public slots:
    /// Brings the dock up to the playhead now (the throttle calls it).
    void refresh();

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
    void fillChecks(bool judged);
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
