#pragma once

#include "patterns/comparison.h"
#include "simulation/scenario/scenario.h"

#include <QFrame>
#include <QList>
#include <QString>

#include <vector>

class QGridLayout;
class QLabel;

namespace dplab {

/**
 * The top of the Compare window, what a class should take away first: the checks whose
 * verdict flips between A and B, then the lesson's key figures (its `expect` entries), A beside
 * B, the better of the two in green and the worse in red for that figure (less latency, fewer
 * failures, more completed sagas...). The full table below has the rest.
 */
class CompareBanner : public QFrame
{
    Q_OBJECT

public:
    /** One line of the banner. */
    struct Line
    {
        QString key;          ///< the figure's summary key ("checks.cqrs.read_model_matches")
        QString label;        ///< as shown, whole ("check: read model matches orders")
        QString a, b;         ///< the values as shown
        int verdict = 0;      ///< +1: B is better, -1: B is worse, 0: equal or neither
        bool flipped = false; ///< a check whose verdict differs
    };
    /// Lines shown at most (flipped checks first); the others are counted.
    static constexpr int kMaxLines = 8;

    explicit CompareBanner(QWidget *parent = nullptr);

    /// The lines for these rows and the lesson's expectations; `state` heads it ("Final
    /// figures", "Figures at 12.000 s").
    void setRows(const std::vector<ComparisonRow> &rows, const std::vector<ExpectSpec> &expect,
                 const QString &state);
    const QList<Line> &lines() const { return m_lines; }
    /// The lines chosen for rows (flipped checks, then expectations), without showing them.
    static QList<Line> linesFor(const std::vector<ComparisonRow> &rows,
                                const std::vector<ExpectSpec> &expect, int *more = nullptr);

private:
    void rebuild(int more, const QString &state);

    QLabel *m_title;
    QWidget *m_body;
    QGridLayout *m_grid;
    QList<Line> m_lines;
};

} // namespace dplab
