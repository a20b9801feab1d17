#include "app/gui/charts/chartspanel.h"

#include "app/export/chartexporter.h"
#include "app/export/labchart.h"
#include "app/gui/charts/chartview.h"
#include "app/gui/simulationdocument.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace dplab {

namespace {

constexpr const char *kSelectedKey = "charts/selected";
constexpr const char *kExportDirKey = "charts/exportDirectory";
// About one frame: the document may advance several times per frame (steps, seeks).
constexpr int kFrameMs = 16;
constexpr int kSlowestMs = 250;

} // namespace

ChartsPanel::ChartsPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_picker(new QComboBox(this))
    , m_export(new QToolButton(this))
    , m_empty(new QLabel(this))
    , m_view(new ChartView(this))
{
    m_picker->setObjectName(QStringLiteral("chartPicker"));
    m_picker->setToolTip(tr("Which chart to show"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_export->setText(tr("Export"));
    m_export->setToolTip(tr("Save charts as PNG, SVG and CSV"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_export);
    menu->addAction(tr("This chart..."), this, &ChartsPanel::exportCurrentDialog);
    menu->addAction(tr("All charts..."), this, &ChartsPanel::exportAllDialog);
    m_export->setMenu(menu);
    m_empty->setText(tr("No charts: the scenario has no samples yet."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->hide();

    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setMinimumHeight(180);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ChartsPanel::showContextMenu);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(4, 2, 4, 0);
    top->addWidget(new QLabel(tr("Chart:"), this));
    top->addWidget(m_picker);
    top->addStretch(1);
    top->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);

    m_frame.setSingleShot(true);
    m_frame.setInterval(kFrameMs);
    connect(&m_frame, &QTimer::timeout, this, &ChartsPanel::refresh);
    connect(m_picker, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (m_updatingPicker || i < 0)
            return;
        const int spec = m_picker->itemData(i).toInt();
        QSettings().setValue(kSelectedKey, m_specs[static_cast<std::size_t>(spec)].id);
        showChart(spec);
    });
    connect(m_document, &SimulationDocument::scenarioChanged, this, &ChartsPanel::rebuildCatalog);
    connect(m_document, &SimulationDocument::worldReset, this, [this] {
        m_faults.clear();
        m_rowsChecked = 0;
        std::fill(m_offered.begin(), m_offered.end(), false);
        updateOffered();
        if (m_chart)
            m_chart->setDuration(m_document->endTime());
        refresh();
    });
    connect(m_document, &SimulationDocument::advanced, this, &ChartsPanel::scheduleRefresh);
    rebuildCatalog();
}

ChartsPanel::~ChartsPanel() = default;

void ChartsPanel::scheduleRefresh()
{
    if (!m_frame.isActive())
        m_frame.start();
}

void ChartsPanel::rebuildCatalog()
{
    m_specs = m_document->hasRun() ? chartCatalog(m_document->run().metrics().columns())
                                   : std::vector<ChartSpec>();
    m_offered.assign(m_specs.size(), false);
    m_rowsChecked = 0;
    m_faults.clear();
    m_newCatalog = true; // the chart shown, if any, was built for the old columns
    m_picker->clear();
    updateOffered();
    refresh();
}

void ChartsPanel::updateOffered()
{
    if (!m_document->hasRun())
        return;
    const auto &rows = m_document->run().metrics().rows();
    bool changed = m_picker->count() == 0 && !m_specs.empty();
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        if (m_offered[i])
            continue;
        // Charts that are flat so far (no bus traffic, no failures) wait for their first value.
        if (chartHasData(m_specs[i], rows, m_rowsChecked)) {
            m_offered[i] = true;
            changed = true;
        }
    }
    m_rowsChecked = rows.size();
    if (!changed)
        return;
    // The user's last pick wins as soon as it is offered again (after a reset, say).
    QString current = QSettings().value(kSelectedKey).toString();
    const std::size_t saved = indexOf(current);
    if (saved >= m_specs.size() || !m_offered[saved])
        current = m_chart ? m_chart->spec().id : QString();
    m_updatingPicker = true;
    m_picker->clear();
    int select = -1;
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        if (!m_offered[i])
            continue;
        m_picker->addItem(m_specs[i].title, static_cast<int>(i));
        m_picker->setItemData(m_picker->count() - 1, m_specs[i].description, Qt::ToolTipRole);
        if (m_specs[i].id == current)
            select = m_picker->count() - 1;
    }
    if (select < 0 && m_picker->count() > 0)
        select = 0;
    m_picker->setCurrentIndex(select);
    m_updatingPicker = false;
    m_picker->setEnabled(m_picker->count() > 0);
    m_export->setEnabled(m_picker->count() > 0);
    m_view->setVisible(m_picker->count() > 0);
    m_empty->setVisible(m_picker->count() == 0);
    if (select >= 0) {
        const int spec = m_picker->itemData(select).toInt();
        if (!m_chart || m_newCatalog ||
            m_chart->spec().id != m_specs[static_cast<std::size_t>(spec)].id)
            showChart(spec);
    }
}

void ChartsPanel::showChart(int specIndex)
{
    auto *chart = new LabChart(m_specs[static_cast<std::size_t>(specIndex)]);
    chart->setCompact(true);
    chart->setDuration(m_document->endTime());
    connect(chart, &LabChart::resolutionChanged, this, &ChartsPanel::scheduleRefresh);
    m_view->replaceChart(chart);
    m_chart = chart;
    m_newCatalog = false;
    m_view->setToolTip(chart->spec().description);
    refresh();
}

std::size_t ChartsPanel::indexOf(const QString &id) const
{
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        if (m_specs[i].id == id)
            return i;
    return m_specs.size();
}

QStringList ChartsPanel::chartIds() const
{
    QStringList out;
    for (int i = 0; i < m_picker->count(); ++i)
        out << m_specs[static_cast<std::size_t>(m_picker->itemData(i).toInt())].id;
    return out;
}

QString ChartsPanel::currentChartId() const
{
    return m_chart ? m_chart->spec().id : QString();
}

bool ChartsPanel::setCurrentChart(const QString &id)
{
    const int i = static_cast<int>(chartIds().indexOf(id));
    if (i < 0)
        return false;
    m_picker->setCurrentIndex(i);
    return true;
}

bool ChartsPanel::showSeries(const QString &column)
{
    for (const ChartSpec &spec : m_specs)
        for (const ChartSeriesSpec &series : spec.series)
            if (series.name == column) {
                // The pick the panel restores whenever the chart is offered (updateOffered).
                QSettings().setValue(kSelectedKey, spec.id);
                setCurrentChart(spec.id);
                return true;
            }
    return false;
}

void ChartsPanel::refresh()
{
    m_frame.stop();
    if (!m_document->hasRun())
        return;
    QElapsedTimer clock;
    clock.start();
    updateOffered();
    if (m_chart) {
        const SimTime now = m_document->now();
        m_chart->setPlayheadVisible(now < m_document->endTime());
        m_chart->updateData(
            m_document->run().metrics().rows(), now,
            m_faults.bands(m_document->world().faults(), &m_document->trace(), now));
    }
    m_lastUpdateMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    m_maxUpdateMs = std::max(m_maxUpdateMs, m_lastUpdateMs);
    m_totalUpdateMs += m_lastUpdateMs;
    ++m_updates;
    // The work of the last update and of the last paint, three times over, before the next.
    const double cost = m_lastUpdateMs + m_view->lastPaintMs();
    m_frame.setInterval(std::clamp(static_cast<int>(3 * cost), kFrameMs, kSlowestMs));
}

ChartInput ChartsPanel::input()
{
    ChartInput in;
    in.columns = &m_document->run().metrics().columns();
    in.rows = &m_document->run().metrics().rows();
    in.duration = m_document->endTime();
    in.now = m_document->now();
    in.faults = m_faults.bands(m_document->world().faults(), &m_document->trace(), in.now);
    return in;
}

QString ChartsPanel::exportCurrent(const QString &dir, QStringList *written)
{
    if (!m_chart || !m_document->hasRun())
        return tr("no chart to export");
    return ChartExporter().exportChart(m_chart->spec(), input(), dir, written);
}

QString ChartsPanel::exportAll(const QString &dir, QStringList *written)
{
    if (!m_document->hasRun())
        return tr("no run to export");
    const ChartInput in = input();
    for (const QString &id : chartIds()) {
        for (const ChartSpec &spec : m_specs) {
            if (spec.id != id)
                continue;
            if (QString why = ChartExporter().exportChart(spec, in, dir, written); !why.isEmpty())
                return why;
        }
    }
    return {};
}

QString ChartsPanel::chooseFolder(const QString &caption)
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(
        this, caption, settings.value(kExportDirKey, QDir::homePath()).toString());
    if (!dir.isEmpty())
        settings.setValue(kExportDirKey, dir);
    return dir;
}

void ChartsPanel::exportCurrentDialog()
{
    if (!m_chart)
        return;
    const QString dir =
        chooseFolder(tr("Export \"%1\" into the folder").arg(m_chart->spec().title));
    if (dir.isEmpty())
        return;
    QStringList written;
    const QString why = exportCurrent(dir, &written);
    if (!why.isEmpty())
        QMessageBox::warning(this, tr("Cannot export the chart"), why);
}

void ChartsPanel::exportAllDialog()
{
    if (m_picker->count() == 0)
        return;
    const QString dir = chooseFolder(tr("Export every chart into the folder"));
    if (dir.isEmpty())
        return;
    QStringList written;
    const QString why = exportAll(dir, &written);
    if (!why.isEmpty())
        QMessageBox::warning(this, tr("Cannot export the charts"), why);
}

void ChartsPanel::showContextMenu(const QPoint &pos)
{
    if (!m_chart)
        return;
    QMenu menu(this);
    menu.addAction(tr("Export this chart (PNG, SVG, CSV)..."), this,
                   &ChartsPanel::exportCurrentDialog);
    menu.addAction(tr("Export all charts..."), this, &ChartsPanel::exportAllDialog);
    menu.exec(m_view->mapToGlobal(pos));
}

} // namespace dplab
