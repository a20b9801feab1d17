#include "app/gui/panels/faultpanel.h"

#include "app/gui/simulationdocument.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>
#include <optional>

namespace dplab {

FaultPanel::FaultPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_latencyShape(new QComboBox(this))
    , m_crashFor(new QDoubleSpinBox(this))
    , m_rebuild(new QPushButton(tr("Rebuild read model"), this))
    , m_message(new QLabel(this))
{
    auto *busBox = new QGroupBox(tr("Bus (live, until moved back to 0)"), this);
    auto *busGrid = new QVBoxLayout(busBox);
    busGrid->setSpacing(2);
    busGrid->addWidget(makeSlider(Slider::Latency, tr("Latency"), 500,
                                  tr("Extra delay of every bus delivery, in milliseconds")));
    m_latencyShape->addItem(tr("constant"));
    m_latencyShape->addItem(tr("exponential (mean)"));
    m_latencyShape->setToolTip(tr("Every delivery takes exactly this long, or a random time "
                                  "with this mean (a long tail)"));
    auto *shapeRow = new QHBoxLayout;
    shapeRow->setContentsMargins(0, 0, 0, 4);
    shapeRow->addWidget(new QLabel(tr("shape"), busBox));
    shapeRow->addWidget(m_latencyShape, 1);
    busGrid->addLayout(shapeRow);
    busGrid->addWidget(
        makeSlider(Slider::Drop, tr("Drop"), 100, tr("Share of bus deliveries that are lost")));
    busGrid->addWidget(makeSlider(Slider::Duplicate, tr("Duplicate"), 100,
                                  tr("Share of bus deliveries that arrive twice")));
    busGrid->addWidget(
        makeSlider(Slider::Reorder, tr("Reorder"), 100,
                   tr("Share of bus deliveries held back so later ones overtake them")));

    auto *actions = new QGroupBox(tr("Selected services"), this);
    auto *grid = new QGridLayout(actions);
    auto *partition = new QPushButton(tr("Partition"), actions);
    partition->setToolTip(tr("Cut the selected services off from the other services and the bus"));
    auto *crash = new QPushButton(tr("Crash"), actions);
    crash->setToolTip(tr("Crash the selected service: its queued and in-flight work is lost, "
                         "its database survives"));
    auto *restart = new QPushButton(tr("Restart"), actions);
    restart->setToolTip(tr("End the crash of the selected service now"));
    m_crashFor->setRange(0.1, 600);
    m_crashFor->setDecimals(1);
    m_crashFor->setValue(3.0);
    m_crashFor->setSuffix(tr(" s"));
    m_crashFor->setToolTip(tr("How long a crashed service stays down"));
    grid->addWidget(partition, 0, 0, 1, 2);
    grid->addWidget(crash, 1, 0);
    auto *forRow = new QHBoxLayout;
    forRow->addWidget(new QLabel(tr("for"), actions));
    forRow->addWidget(m_crashFor, 1);
    grid->addLayout(forRow, 1, 1);
    grid->addWidget(restart, 2, 0, 1, 2);
    m_rebuild->setToolTip(tr("<p style='white-space:normal'>Throw the selected read model (a "
                             "service with role order-view) away and rebuild it by replaying "
                             "its topic from the first event. Until the replay catches up, its "
                             "answers are stale.</p>"));
    m_rebuild->setEnabled(false);
    grid->addWidget(m_rebuild, 3, 0, 1, 2);

    auto *global = new QGroupBox(tr("Everything"), this);
    auto *row = new QGridLayout(global);
    auto *down = new QPushButton(tr("Bus down"), global);
    down->setToolTip(tr("Take the whole bus down until Bus up"));
    auto *up = new QPushButton(tr("Bus up"), global);
    up->setToolTip(tr("Bring the bus back: held messages are delivered"));
    auto *heal = new QPushButton(tr("Heal all"), global);
    heal->setToolTip(tr("End every fault in force now and put the sliders back to zero"));
    row->addWidget(down, 0, 0);
    row->addWidget(up, 0, 1);
    row->addWidget(heal, 1, 0, 1, 2);

    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(busBox);
    layout->addWidget(actions);
    layout->addWidget(global);
    layout->addWidget(m_message);
    layout->addStretch(1);

    connect(partition, &QPushButton::clicked, this, &FaultPanel::partitionSelected);
    connect(crash, &QPushButton::clicked, this, &FaultPanel::crashSelected);
    connect(restart, &QPushButton::clicked, this, &FaultPanel::restartSelected);
    connect(m_rebuild, &QPushButton::clicked, this, &FaultPanel::rebuildSelected);
    connect(down, &QPushButton::clicked, this, &FaultPanel::busDown);
    connect(up, &QPushButton::clicked, this, &FaultPanel::busUp);
    connect(heal, &QPushButton::clicked, this, &FaultPanel::healAll);
    connect(m_latencyShape, &QComboBox::currentIndexChanged, this,
            [this] { applySlider(Slider::Latency); });
    connect(m_document, &SimulationDocument::worldReset, this, &FaultPanel::resetSliders);
    // A fork made in the background says afterwards what intervene() would have said.
    connect(m_document, &SimulationDocument::interventionRefused, this,
            [this](const QString &why) { showMessage(tr("Refused: %1").arg(why), true); });
    connect(m_document, &SimulationDocument::scenarioChanged, this, &FaultPanel::selectionChanged);
}

QWidget *FaultPanel::makeSlider(Slider which, const QString &label, int max, const QString &tip)
{
    auto *w = new QWidget(this);
    auto *row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    auto *name = new QLabel(label, w);
    name->setMinimumWidth(name->fontMetrics().horizontalAdvance(tr("Duplicate")) + 8);
    auto *slider = new QSlider(Qt::Horizontal, w);
    slider->setRange(0, max);
    slider->setTracking(false); // act when released, not on every pixel of a drag
    slider->setPageStep(max / 10);
    slider->setToolTip(tip);
    auto *value = new QLabel(w);
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("500 ms")) + 4);
    value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row->addWidget(name);
    row->addWidget(slider, 1);
    row->addWidget(value);
    m_sliders[which] = slider;
    m_values[which] = value;
    m_faults[which] = 0;
    connect(slider, &QSlider::sliderMoved, this, [this, which] { updateSliderLabel(which); });
    connect(slider, &QSlider::valueChanged, this, [this, which] { applySlider(which); });
    updateSliderLabel(which);
    return w;
}

QSlider *FaultPanel::slider(Slider which) const
{
    return m_sliders.at(which);
}

std::uint64_t FaultPanel::sliderFault(Slider which) const
{
    return m_faults.at(which);
}

QString FaultPanel::message() const
{
    return m_message->text();
}

void FaultPanel::updateSliderLabel(Slider which)
{
    const int v = m_sliders[which]->sliderPosition();
    m_values[which]->setText(which == Slider::Latency ? tr("%1 ms").arg(v) : tr("%1%").arg(v));
}

void FaultPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b03a2e; font-weight: bold;")
                                   : QStringLiteral("color: palette(text);"));
    m_message->setVisible(!text.isEmpty());
}

bool FaultPanel::intervene(const QString &name, const std::vector<std::uint64_t> &end,
                           const std::vector<FaultSpec> &inject, std::vector<std::uint64_t> *ids)
{
    if (!m_document->hasRun())
        return false;
    const QString why = m_document->intervene(name, end, inject, ids);
    if (!why.isEmpty()) {
        showMessage(tr("Refused: %1").arg(why), true);
        return false;
    }
    return true;
}

QString FaultPanel::serviceList(const QList<int> &services) const
{
    QStringList names;
    for (int i : services)
        names << serviceName(i);
    if (names.size() < 2)
        return names.value(0);
    const QString last = names.takeLast();
    return tr("%1 and %2").arg(names.join(QStringLiteral(", ")), last);
}

void FaultPanel::applySlider(Slider which)
{
    updateSliderLabel(which);
    if (!m_document->hasRun())
        return;
    // Read first: with the playhead in the past, the change forks the run, and the new
    // world's sliders are set from its faults.
    const int v = m_sliders[which]->value();
    const std::uint64_t old = std::exchange(m_faults[which], 0);
    static const std::map<Slider, const char *> kNames = {
        {Slider::Latency, QT_TR_NOOP("set bus latency to %1 ms")},
        {Slider::Drop, QT_TR_NOOP("set bus drop to %1%")},
        {Slider::Duplicate, QT_TR_NOOP("set bus duplicates to %1%")},
        {Slider::Reorder, QT_TR_NOOP("set bus reorder to %1%")}};
    const QString name = tr(kNames.at(which)).arg(v);
    if (v == 0) {
        if (old != 0)
            m_document->intervene(name, {old}, {});
        showMessage({});
        return;
    }
    FaultSpec spec;
    spec.target = "bus";
    spec.at = m_document->now();
    switch (which) {
    case Slider::Latency:
        spec.kind = FaultSpec::Kind::Latency;
        spec.latency = m_latencyShape->currentIndex() == 1
                           ? Distribution::exponential(static_cast<SimTime>(v) * kMillisecond)
                           : Distribution::constant(static_cast<SimTime>(v) * kMillisecond);
        break;
    case Slider::Drop:
        spec.kind = FaultSpec::Kind::Drop;
        break;
    case Slider::Duplicate:
        spec.kind = FaultSpec::Kind::Duplicate;
        break;
    case Slider::Reorder:
        spec.kind = FaultSpec::Kind::Reorder;
        break;
    }
    if (which != Slider::Latency)
        spec.probability = v / 100.0;
    std::vector<std::uint64_t> ids;
    const bool injected =
        intervene(name, old != 0 ? std::vector<std::uint64_t>{old} : std::vector<std::uint64_t>{},
                  {spec}, &ids);
    if (injected && !ids.empty() && ids.front() != 0) {
        const QSignalBlocker block(m_sliders[which]);
        m_sliders[which]->setValue(v);
        updateSliderLabel(which);
        m_faults[which] = ids.front();
        showMessage({});
    }
}

void FaultPanel::resetSliders()
{
    for (auto &[which, slider] : m_sliders) {
        QSignalBlocker block(slider);
        slider->setValue(0);
        m_faults[which] = 0;
        updateSliderLabel(which);
    }
    // A world rebuilt by a fork (or its undo) replays the slider faults made before the
    // playhead: the sliders show them again and own them.
    for (const ActiveFault &f :
         m_document->hasRun() ? m_document->faultsAtPlayhead() : std::vector<ActiveFault>()) {
        if (f.spec.target != "bus" || f.spec.duration)
            continue;
        std::optional<Slider> which;
        int value = static_cast<int>(std::lround(f.spec.probability * 100));
        switch (f.spec.kind) {
        case FaultSpec::Kind::Latency:
            which = Slider::Latency;
            value = f.spec.latency ? static_cast<int>(f.spec.latency->a / kMillisecond) : 0;
            break;
        case FaultSpec::Kind::Drop:
            which = Slider::Drop;
            break;
        case FaultSpec::Kind::Duplicate:
            which = Slider::Duplicate;
            break;
        case FaultSpec::Kind::Reorder:
            which = Slider::Reorder;
            break;
        default:
            break;
        }
        if (!which || !m_sliders.count(*which))
            continue;
        QSignalBlocker block(m_sliders[*which]);
        m_sliders[*which]->setValue(value);
        m_faults[*which] = f.id;
        updateSliderLabel(*which);
    }
    showMessage({});
}

QList<int> FaultPanel::selection() const
{
    QList<int> selected = m_selection ? m_selection() : QList<int>();
    const int n = m_document->hasRun() ? static_cast<int>(m_document->world().serviceCount()) : 0;
    selected.removeIf([n](int i) { return i < 0 || i >= n; });
    return selected;
}

QList<int> FaultPanel::selectedReadModels() const
{
    QList<int> out;
    const Scenario &scenario = m_document->scenario();
    for (int i : selection())
        if (i < static_cast<int>(scenario.services.size()) &&
            m_document->catalog().rebuilds(scenario, scenario.services[std::size_t(i)]))
            out.append(i);
    return out;
}

void FaultPanel::selectionChanged()
{
    m_rebuild->setEnabled(!selectedReadModels().isEmpty());
}

QString FaultPanel::serviceName(int index) const
{
    return QString::fromStdString(
        m_document->world().service(static_cast<std::int16_t>(index)).name());
}

void FaultPanel::partitionSelected()
{
    const QList<int> selected = selection();
    if (selected.isEmpty()) {
        showMessage(tr("Select one or more services on the canvas first."), true);
        return;
    }
    FaultSpec spec;
    spec.kind = FaultSpec::Kind::Partition;
    spec.at = m_document->now();
    std::vector<std::string> inside, outside;
    for (int i = 0; i < static_cast<int>(m_document->world().serviceCount()); ++i)
        (selected.contains(i) ? inside : outside).push_back(serviceName(i).toStdString());
    outside.push_back("bus");
    spec.between = {inside, outside};
    if (intervene(tr("partition %1 from the rest").arg(serviceList(selected)), {}, {spec}))
        showMessage(
            tr("Partitioned %1 from the rest until Heal all.")
                .arg(QString::fromStdString(inside.front()) +
                     (inside.size() > 1 ? tr(" and %1 more").arg(inside.size() - 1) : QString())));
}

void FaultPanel::crashSelected()
{
    const QList<int> selected = selection();
    if (selected.isEmpty()) {
        showMessage(tr("Select a service on the canvas first."), true);
        return;
    }
    std::vector<FaultSpec> crashes;
    for (int i : selected) {
        FaultSpec spec;
        spec.kind = FaultSpec::Kind::Crash;
        spec.at = m_document->now();
        spec.service = serviceName(i).toStdString();
        spec.duration = static_cast<SimTime>(m_crashFor->value() * static_cast<double>(kSecond));
        crashes.push_back(spec);
    }
    if (!intervene(tr("crash %1").arg(serviceList(selected)), {}, crashes))
        return;
    showMessage(
        tr("Crashed %1 for %2 s.").arg(serviceName(selected.front())).arg(m_crashFor->value()));
}

void FaultPanel::restartSelected()
{
    const QList<int> selected = selection();
    if (selected.isEmpty() || !m_document->hasRun()) {
        showMessage(tr("Select a service on the canvas first."), true);
        return;
    }
    // The crashes in force at the playhead (a restart in the past forks the run).
    std::vector<std::uint64_t> ids;
    QList<int> crashed;
    for (const ActiveFault &f : m_document->faultsAtPlayhead())
        if (f.spec.kind == FaultSpec::Kind::Crash && selected.contains(f.service)) {
            ids.push_back(f.id);
            if (!crashed.contains(f.service))
                crashed << f.service;
        }
    if (!ids.empty())
        m_document->intervene(tr("restart %1").arg(serviceList(crashed)), ids, {});
    showMessage(ids.empty() ? tr("No crash of the selected service is in force.")
                            : tr("Restarted %1.").arg(serviceName(selected.front())));
}

void FaultPanel::rebuildSelected()
{
    const QList<int> selected = selectedReadModels();
    if (selected.isEmpty()) {
        showMessage(tr("Select a read model (a service with role order-view) first."), true);
        return;
    }
    std::vector<FaultSpec> rebuilds;
    for (int i : selected) {
        FaultSpec spec;
        spec.kind = FaultSpec::Kind::Rebuild;
        spec.at = m_document->now();
        spec.service = serviceName(i).toStdString();
        rebuilds.push_back(spec);
    }
    if (!intervene(tr("rebuild %1").arg(serviceList(selected)), {}, rebuilds))
        return;
    // A service may still refuse (it is down, say): that is traced as a failure after its
    // intervention, at the end of the trace (of the new run, after a fork).
    const TraceLog &trace = m_document->trace();
    std::size_t first = trace.size();
    for (qsizetype seen = 0; first > 0 && seen < selected.size(); --first)
        if (trace[first - 1].kind == TraceKind::Intervention)
            ++seen;
    for (std::size_t k = first; k < trace.size(); ++k) {
        if (trace[k].kind == TraceKind::Failure && selected.contains(trace[k].from)) {
            const auto &texts = m_document->world().names().texts;
            showMessage(trace[k].text < texts.size()
                            ? QString::fromStdString(texts[trace[k].text])
                            : tr("The rebuild of %1 failed.").arg(serviceName(trace[k].from)),
                        true);
            return;
        }
    }
    showMessage(tr("Rebuilding %1 from the first event: its reads are stale until the replay "
                   "catches up.")
                    .arg(serviceName(selected.front())));
}

void FaultPanel::busDown()
{
    FaultSpec spec;
    spec.kind = FaultSpec::Kind::BusDown;
    spec.at = m_document->now();
    if (intervene(tr("take the bus down"), {}, {spec}))
        showMessage(tr("The bus is down until Bus up."));
}

void FaultPanel::busUp()
{
    if (!m_document->hasRun())
        return;
    std::vector<std::uint64_t> ids;
    for (const ActiveFault &f : m_document->faultsAtPlayhead())
        if (f.spec.kind == FaultSpec::Kind::BusDown)
            ids.push_back(f.id);
    if (!ids.empty())
        m_document->intervene(tr("bring the bus up"), ids, {});
    showMessage(ids.empty() ? tr("The bus is not down.") : tr("The bus is back up."));
}

void FaultPanel::healAll()
{
    if (!m_document->hasRun())
        return;
    // What is in force at the playhead, which may be in the past.
    const std::size_t healed = m_document->healAll();
    resetSliders();
    showMessage(healed == 0 ? tr("Nothing to heal.") : tr("Healed %1 fault(s).").arg(healed));
}

} // namespace dplab
