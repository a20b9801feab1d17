#include "app/gui/compare/comparebanner.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace dplab {

namespace {

QString bannerValue(const ComparisonValue &v)
{
    return v.present ? QString::fromStdString(v.text) : QStringLiteral("–");
}

/// The name of a figure in full: a check by its name, an operation's or service's figure by its
/// label, the rest by their summary path (as the table names them).
QString bannerLabel(const ComparisonRow &r)
{
    if (r.section == "Checks")
        return CompareBanner::tr("check: %1").arg(QString::fromStdString(r.label));
    if (r.section == "Run" || r.section == "Operations" || r.section == "Services")
        return QString::fromStdString(r.label);
    return QString::fromStdString(r.key);
}

CompareBanner::Line bannerLine(const ComparisonRow &r)
{
    CompareBanner::Line line;
    line.key = QString::fromStdString(r.key);
    line.label = bannerLabel(r);
    line.a = bannerValue(r.a);
    line.b = bannerValue(r.b);
    line.verdict = comparisonVerdict(r);
    line.flipped = r.section == "Checks" && r.a.present && r.b.present && !r.equal();
    return line;
}

const char *bannerFill(int goodness)
{
    return goodness > 0 ? "#d4efdf" : goodness < 0 ? "#f5d5d0" : "transparent";
}

} // namespace

CompareBanner::CompareBanner(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_body(new QWidget(this))
    , m_grid(new QGridLayout(m_body))
{
    setObjectName(QStringLiteral("compareBanner"));
    setStyleSheet(QStringLiteral("QFrame#compareBanner { background: #fbfbf4; border-bottom: 2px "
                                 "solid #b9b27a; }"));
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(10, 6, 10, 6);
    column->setSpacing(4);
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    column->addWidget(m_title);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(6);
    m_grid->setVerticalSpacing(2);
    m_grid->setColumnStretch(0, 1);
    column->addWidget(m_body);
}

QList<CompareBanner::Line> CompareBanner::linesFor(const std::vector<ComparisonRow> &rows,
                                                   const std::vector<ExpectSpec> &expect, int *more)
{
    QList<Line> out;
    std::vector<const ComparisonRow *> chosen;
    // The checks that flip, in the order dplab-cli compare lists them (a check only one
    // variant has, because only its patterns run it, is not a flip: it stays in the table).
    for (const ComparisonRow *r : notableRows(rows))
        if (r->section == "Checks" && r->a.present && r->b.present && !r->equal())
            chosen.push_back(r);
    // Then the lesson's key figures, in the file's order.
    for (const ExpectSpec &e : expect) {
        const std::string key = e.check.empty() ? e.metric : "checks." + e.check;
        const auto it = std::find_if(rows.begin(), rows.end(),
                                     [&key](const ComparisonRow &r) { return r.key == key; });
        if (it != rows.end() && std::find(chosen.begin(), chosen.end(), &*it) == chosen.end())
            chosen.push_back(&*it);
    }
    for (std::size_t i = 0; i < chosen.size() && i < static_cast<std::size_t>(kMaxLines); ++i)
        out << bannerLine(*chosen[i]);
    if (more) {
        int notable = 0;
        for (const ComparisonRow &r : rows)
            notable += r.notable && std::find(chosen.begin(), chosen.end(), &r) == chosen.end();
        *more = notable + std::max(0, static_cast<int>(chosen.size()) - kMaxLines);
    }
    return out;
}

void CompareBanner::setRows(const std::vector<ComparisonRow> &rows,
                            const std::vector<ExpectSpec> &expect, const QString &state)
{
    int more = 0;
    m_lines = linesFor(rows, expect, &more);
    rebuild(more, state);
}

void CompareBanner::rebuild(int more, const QString &state)
{
    int flips = 0;
    for (const Line &l : m_lines)
        flips += l.flipped;
    m_title->setText(
        tr("<b>What B changes</b> · %1 · %2")
            .arg(state.toHtmlEscaped(),
                 flips ? tr("%n check(s) flip", "", flips) : tr("no check flips")) +
        (more ? tr(" · %n more notable difference(s) in the table below", "", more) : QString()));
    // Few lines, refreshed twice a second at most: built again each time.
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const auto cell = [this](const QString &text, int row, int col, const char *fill, bool bold) {
        auto *label = new QLabel(m_body);
        label->setTextFormat(Qt::PlainText);
        label->setText(text);
        label->setWordWrap(col == 0); // the whole name, on two lines if need be
        label->setAlignment(col == 0 ? Qt::AlignLeft | Qt::AlignVCenter
                                     : Qt::AlignRight | Qt::AlignVCenter);
        label->setStyleSheet(QStringLiteral("QLabel { background: %1; padding: 1px 6px; %2}")
                                 .arg(QLatin1String(fill),
                                      bold ? QStringLiteral("font-weight: bold; ") : QString()));
        m_grid->addWidget(label, row, col);
        return label;
    };
    if (m_lines.isEmpty()) {
        cell(tr("The lesson names no key figures, and no check flips: see the table below."), 0, 0,
             "transparent", false);
        return;
    }
    cell(QString(), 0, 0, "transparent", false);
    cell(tr("A"), 0, 1, "transparent", true);
    cell(tr("B"), 0, 2, "transparent", true);
    for (int i = 0; i < m_lines.size(); ++i) {
        const Line &l = m_lines[i];
        QLabel *name = cell(l.label, i + 1, 0, "transparent", l.flipped);
        name->setToolTip(l.key);
        // The better value green, the worse red, for that figure.
        cell(l.a, i + 1, 1, bannerFill(-l.verdict), l.flipped)->setToolTip(l.key);
        cell(l.b, i + 1, 2, bannerFill(l.verdict), l.flipped)->setToolTip(l.key);
    }
}

} // namespace dplab
