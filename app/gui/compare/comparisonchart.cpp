#include "app/gui/compare/comparisonchart.h"

#include "app/export/labchart.h"
#include "app/gui/charts/chartview.h"
#include "app/gui/simulationdocument.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace dplab {

namespace {
/// Shown first when a run has it: the figure most comparisons are about.
const char *const kPreferred[] = {"lag", "latency"};

bool finished(const SimulationDocument *d)
{
    return d->frontierTime() >= d->endTime();
}
} // namespace

ComparisonChart::ComparisonChart(SimulationDocument *a, SimulationDocument *b, QWidget *parent)
    : QWidget(parent)
    , m_docs{a, b}
    , m_picker(new QComboBox(this))
    , m_view(new ChartView(this))
{
    m_picker->setObjectName(QStringLiteral("compareChartPicker"));
    m_picker->setToolTip(tr("Which chart to show, A and B overlaid"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_view->setMinimumHeight(200);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(4, 2, 4, 0);
    top->addWidget(new QLabel(tr("Chart:"), this));
    top->addWidget(m_picker);
    top->addStretch(1);
    auto *key = new QLabel(tr("<b>A</b> solid &nbsp;·&nbsp; <b>B</b> dashed"), this);
    top->addWidget(key);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    m_catalogA = chartCatalog(a->run().metrics().columns());
    m_catalogB = chartCatalog(b->run().metrics().columns());
    m_merged.update(a->run().metrics(), false, b->run().metrics(), false);
    for (const QString &id : overlayChartIds(m_catalogA, m_catalogB))
        m_overlays.push_back(overlayChartSpec(findChartSpec(m_catalogA, id),
                                              findChartSpec(m_catalogB, id), m_merged.offsetB()));
    m_offered.assign(m_overlays.size(), false);

    connect(m_picker, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!m_updatingPicker && i >= 0)
            showChart(m_picker->itemData(i).toString());
    });
    refresh();
}

ComparisonChart::~ComparisonChart() = default;

QStringList ComparisonChart::chartIds() const
{
    QStringList out;
    for (int i = 0; i < m_picker->count(); ++i)
        out << m_picker->itemData(i).toString();
    return out;
}

QString ComparisonChart::currentChartId() const
{
    return m_chart ? m_chart->spec().id : QString();
}

bool ComparisonChart::setCurrentChart(const QString &id)
{
    const int i = static_cast<int>(chartIds().indexOf(id));
    if (i < 0)
        return false;
    m_picker->setCurrentIndex(i);
    return true;
}

void ComparisonChart::updateOffered()
{
    const auto &rows = m_merged.rows();
    bool changed = false;
    for (std::size_t i = 0; i < m_overlays.size(); ++i) {
        if (!m_offered[i] && !m_overlays[i].series.empty() &&
            chartHasData(m_overlays[i], rows, m_rowsChecked)) {
            m_offered[i] = true;
            changed = true;
        }
    }
    m_rowsChecked = rows.size();
    if (!changed)
        return;
    QString current = currentChartId();
    if (current.isEmpty()) {
        for (const char *id : kPreferred) {
            const auto it = std::find_if(m_overlays.begin(), m_overlays.end(),
                                         [&](const ChartSpec &s) { return s.id == id; });
            if (it != m_overlays.end() &&
                m_offered[static_cast<std::size_t>(it - m_overlays.begin())]) {
                current = it->id;
                break;
            }
        }
    }
    m_updatingPicker = true;
    m_picker->clear();
    int select = 0;
    for (std::size_t i = 0; i < m_overlays.size(); ++i) {
        if (!m_offered[i])
            continue;
        m_picker->addItem(m_overlays[i].title, m_overlays[i].id);
        m_picker->setItemData(m_picker->count() - 1, m_overlays[i].description, Qt::ToolTipRole);
        if (m_overlays[i].id == current)
            select = m_picker->count() - 1;
    }
    m_picker->setCurrentIndex(select);
    m_updatingPicker = false;
    if (m_picker->count() > 0 && currentChartId() != m_picker->itemData(select).toString())
        showChart(m_picker->itemData(select).toString());
}

void ComparisonChart::showChart(const QString &id)
{
    const auto it = std::find_if(m_overlays.begin(), m_overlays.end(),
                                 [&](const ChartSpec &s) { return s.id == id; });
    if (it == m_overlays.end())
        return;
    auto *chart = new LabChart(*it);
    chart->setCompact(true);
    chart->setDuration(std::max(m_docs[0]->endTime(), m_docs[1]->endTime()));
    connect(chart, &LabChart::resolutionChanged, this, &ComparisonChart::refresh);
    m_view->replaceChart(chart);
    m_chart = chart;
    m_view->setToolTip(chart->spec().description);
    refresh();
}

void ComparisonChart::refresh()
{
    SimulationDocument *a = m_docs[0], *b = m_docs[1];
    m_merged.update(a->run().metrics(), finished(a), b->run().metrics(), finished(b));
    updateOffered();
    if (!m_chart)
        return;
    const SimTime now = std::min(a->now(), b->now());
    m_chart->setPlayheadVisible(now < std::max(a->endTime(), b->endTime()));
    m_chart->updateData(
        m_merged.rows(), now,
        mergeFaultBands(m_faultsA.bands(a->world().faults(), &a->trace(), a->now()),
                        m_faultsB.bands(b->world().faults(), &b->trace(), b->now())));
}

} // namespace dplab
