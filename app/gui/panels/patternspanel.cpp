#include "patternspanel.h"

#include "composition/compositionsettings.h"
#include "consumers/consumerssettings.h"
#include "cqrs/cqrssettings.h"
#include "data/datasettings.h"
#include "eventsourcing/eventsourcingsettings.h"
#include "explainers.h"
#include "module/switches.h"
#include "outbox/outboxsettings.h"
#include "replication/replicationsettings.h"
#include "saga/sagasettings.h"
#include "simulationdocument.h"
#include "twophase/twophasesettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace dplab {

namespace {

int toMs(SimTime t)
{
    return static_cast<int>(t / kMillisecond);
}
SimTime fromMs(int ms)
{
    return static_cast<SimTime>(ms) * kMillisecond;
}

QSpinBox *msSpin(int min, int max, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(min, max);
    spin->setSuffix(QStringLiteral(" ms"));
    spin->setKeyboardTracking(false);
    spin->setAccelerated(true);
    return spin;
}

/// Rich text, so Qt wraps a long explainer instead of showing one line across the screen.
QString tooltip(const QString &text)
{
    return QStringLiteral("<p style='white-space:normal'>%1</p>").arg(text.toHtmlEscaped());
}

QSpinBox *countSpin(int min, int max, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(min, max);
    spin->setKeyboardTracking(false);
    return spin;
}

} // namespace

QStringList PatternsPanel::keys()
{
    return {"data",           "composition", "replication",
            "cqrs",           "outbox",      "idempotent_consumers",
            "event_sourcing", "saga",        "two_phase_commit"};
}

QString PatternsPanel::description(const QString &key)
{
    // Dual write is a part of the outbox's explainer, not a pattern of its own.
    if (key == QLatin1String("dual_write"))
        return tr("Without the outbox, the service writes to two systems that share no "
                  "transaction: its database and the bus. Commit, then publish: a crash "
                  "between the two leaves a saved change that no one ever hears of (a "
                  "lost event). Publish, then commit: a crash between them announces a "
                  "change that was rolled back (a phantom event). Neither order is "
                  "safe; the outbox is the fix.");
    return Explainers::intent(key);
}

PatternsPanel::PatternsPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_message(new QLabel(this))
    , m_data(new QComboBox(this))
{
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("inlineError"));
    m_message->setStyleSheet(QStringLiteral(
        "QLabel#inlineError { background: #fdecea; color: #8e2b20; border: 1px solid #e6b0aa;"
        " border-radius: 4px; padding: 6px; }"));
    m_message->hide();

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(8, 6, 8, 6);
    column->setSpacing(4);

    auto *dataRow = new QFormLayout;
    m_data->addItem(tr("one database per service"), "per-service");
    m_data->addItem(tr("one shared database"), "shared");
    m_data->setToolTip(tooltip(description("data")));
    auto *dataLabel = new QLabel(tr("<b>Data</b>"), content);
    dataLabel->setToolTip(tooltip(description("data")));
    auto *dataChoice = new QHBoxLayout;
    dataChoice->setContentsMargins(0, 0, 0, 0);
    dataChoice->addWidget(m_data, 1);
    dataChoice->addWidget(addExplainButton("data", content));
    dataRow->addRow(dataLabel, dataChoice);
    column->addLayout(dataRow);

    // API composition
    QWidget *box = addSwitch("composition", tr("API composition"), content);
    auto *form = qobject_cast<QFormLayout *>(box->layout());
    m_compositionMode = new QComboBox(box);
    m_compositionMode->addItem(tr("parallel"), int(CompositionSettings::Mode::Parallel));
    m_compositionMode->addItem(tr("sequential"), int(CompositionSettings::Mode::Sequential));
    m_compositionTimeout = msSpin(1, 60000, box);
    m_compositionRetries = countSpin(0, 10, box);
    m_breakerFailures = countSpin(0, 1000, box);
    m_breakerFailures->setSpecialValueText(tr("no breaker"));
    m_cacheTtl = msSpin(0, 600000, box);
    m_cacheTtl->setSpecialValueText(tr("no cache"));
    form->addRow(tr("Calls"), m_compositionMode);
    form->addRow(tr("Timeout"), m_compositionTimeout);
    form->addRow(tr("Retries"), m_compositionRetries);
    form->addRow(tr("Breaker after"), m_breakerFailures);
    form->addRow(tr("Cache TTL"), m_cacheTtl);
    column->addWidget(box);

    column->addWidget(addSwitch("replication", tr("Data replication by events"), content));
    column->addWidget(addSwitch("cqrs", tr("CQRS read model"), content));

    box = addSwitch("outbox", tr("Transactional outbox"), content);
    form = qobject_cast<QFormLayout *>(box->layout());
    m_outboxPoll = msSpin(1, 60000, box);
    m_outboxBatch = countSpin(1, 10000, box);
    form->addRow(tr("Poll every"), m_outboxPoll);
    form->addRow(tr("Batch"), m_outboxBatch);
    m_dualWrite = new QComboBox(box);
    m_dualWrite->addItem(tr("commit, then publish"), 0);
    m_dualWrite->addItem(tr("publish, then commit"), 1);
    m_dualWrite->setToolTip(tooltip(description("dual_write")));
    auto *dualWriteLabel = new QLabel(tr("Dual write"), box);
    dualWriteLabel->setToolTip(tooltip(description("dual_write")));
    form->addRow(dualWriteLabel, m_dualWrite);
    column->addWidget(box);

    column->addWidget(addSwitch("idempotent_consumers", tr("Idempotent consumers"), content));

    box = addSwitch("event_sourcing", tr("Event sourcing"), content);
    form = qobject_cast<QFormLayout *>(box->layout());
    m_snapshotEvery = countSpin(0, 1000000, box);
    m_snapshotEvery->setSpecialValueText(tr("never"));
    m_snapshotEvery->setSuffix(tr(" events"));
    form->addRow(tr("Snapshot every"), m_snapshotEvery);
    column->addWidget(box);

    box = addSwitch("saga", tr("Saga"), content);
    form = qobject_cast<QFormLayout *>(box->layout());
    m_sagaStyle = new QComboBox(box);
    m_sagaStyle->addItem(tr("orchestration"), int(SagaSettings::Style::Orchestration));
    m_sagaStyle->addItem(tr("choreography"), int(SagaSettings::Style::Choreography));
    m_sagaTimeout = msSpin(1, 600000, box);
    form->addRow(tr("Style"), m_sagaStyle);
    form->addRow(tr("Step timeout"), m_sagaTimeout);
    column->addWidget(box);

    box = addSwitch("two_phase_commit", tr("Two-phase commit"), content);
    form = qobject_cast<QFormLayout *>(box->layout());
    m_tpcTimeout = msSpin(1, 600000, box);
    form->addRow(tr("Timeout"), m_tpcTimeout);
    column->addWidget(box);
    column->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(scroll, 1);

    // What each control's change is called on the undo stack ("switch saga to choreography");
    // %1 is the control's new text.
    m_changeNames = {{m_data, tr("switch to %1")},
                     {m_compositionMode, tr("switch API composition to %1")},
                     {m_compositionTimeout, tr("set the composition timeout to %1")},
                     {m_compositionRetries, tr("set composition retries to %1")},
                     {m_breakerFailures, tr("set the breaker threshold to %1")},
                     {m_cacheTtl, tr("set the cache TTL to %1")},
                     {m_outboxPoll, tr("set the outbox poll to %1")},
                     {m_outboxBatch, tr("set the outbox batch to %1")},
                     {m_dualWrite, tr("switch dual write to %1")},
                     {m_snapshotEvery, tr("set the snapshot interval to %1")},
                     {m_sagaStyle, tr("switch saga to %1")},
                     {m_sagaTimeout, tr("set the saga step timeout to %1")},
                     {m_tpcTimeout, tr("set the 2PC timeout to %1")}};
    for (QComboBox *c : {m_data, m_compositionMode, m_dualWrite, m_sagaStyle})
        connect(c, &QComboBox::currentIndexChanged, this, [this, c] {
            if (!m_reflecting)
                apply(m_changeNames.value(c).arg(c->currentText()));
        });
    for (QSpinBox *s : {m_compositionTimeout, m_compositionRetries, m_breakerFailures, m_cacheTtl,
                        m_outboxPoll, m_outboxBatch, m_snapshotEvery, m_sagaTimeout, m_tpcTimeout})
        connect(s, &QSpinBox::valueChanged, this, [this, s] {
            if (!m_reflecting)
                apply(m_changeNames.value(s).arg(s->text()));
        });
    for (auto it = m_switches.cbegin(); it != m_switches.cend(); ++it) {
        QCheckBox *c = it.value();
        // "turn on CQRS read model", "turn off saga".
        QString title = c->text();
        if (title.size() > 1 && !title[1].isUpper())
            title[0] = title[0].toLower();
        connect(c, &QCheckBox::toggled, this, [this, c, title] {
            if (!m_reflecting)
                apply((c->isChecked() ? tr("turn on %1") : tr("turn off %1")).arg(title));
        });
    }

    connect(m_document, &SimulationDocument::scenarioChanged, this, &PatternsPanel::reflect);
    reflect();
}

QWidget *PatternsPanel::addSwitch(const QString &key, const QString &title, QWidget *parent)
{
    auto *check = new QCheckBox(title, parent);
    check->setToolTip(tooltip(description(key)));
    QFont bold = check->font();
    bold.setBold(true);
    check->setFont(bold);
    m_switches.insert(key, check);

    auto *box = new QWidget(parent);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(22, 0, 0, 4);
    form->setVerticalSpacing(2);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(check);
    row->addStretch(1);
    row->addWidget(addExplainButton(key, box));
    form->addRow(row);
    m_parameterBoxes.insert(key, box);
    return box;
}

QToolButton *PatternsPanel::addExplainButton(const QString &key, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("explain_") + key);
    button->setText(QStringLiteral("?"));
    button->setToolTip(tr("What is this pattern?"));
    button->setAccessibleName(tr("Explain %1").arg(Explainers::title(key)));
    button->setAutoRaise(true);
    button->setCursor(Qt::WhatsThisCursor);
    QFont bold = button->font();
    bold.setBold(true);
    button->setFont(bold);
    m_explainButtons.insert(key, button);
    connect(button, &QToolButton::clicked, this, [this, key] { emit explainRequested(key); });
    return button;
}

QString PatternsPanel::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void PatternsPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void PatternsPanel::updateEnabled()
{
    auto enable = [](const QList<QWidget *> &widgets, bool on) {
        for (QWidget *w : widgets)
            w->setEnabled(on);
    };
    enable({m_compositionMode, m_compositionTimeout, m_compositionRetries, m_breakerFailures,
            m_cacheTtl},
           m_switches["composition"]->isChecked());
    enable({m_outboxPoll, m_outboxBatch}, m_switches["outbox"]->isChecked());
    // The order of a dual write only exists without the outbox.
    enable({m_dualWrite}, !m_switches["outbox"]->isChecked());
    enable({m_snapshotEvery}, m_switches["event_sourcing"]->isChecked());
    enable({m_sagaStyle, m_sagaTimeout}, m_switches["saga"]->isChecked());
    enable({m_tpcTimeout}, m_switches["two_phase_commit"]->isChecked());
}

void PatternsPanel::reflect()
{
    m_reflecting = true;
    const PatternSwitches &p = m_document->scenario().patterns;
    m_data->setCurrentIndex(p.isOn(DataSettings::kKey) ? 1 : 0);

    const CompositionSettings *c = settingsOf<CompositionSettings>(p);
    const CompositionSettings composition = c ? *c : CompositionSettings{};
    m_switches["composition"]->setChecked(c != nullptr);
    m_compositionMode->setCurrentIndex(
        composition.mode == CompositionSettings::Mode::Sequential ? 1 : 0);
    m_compositionTimeout->setValue(toMs(composition.timeout));
    m_compositionRetries->setValue(composition.retries);
    m_breakerFailures->setValue(composition.breakerFailures);
    m_cacheTtl->setValue(toMs(composition.cacheTtl));

    m_switches["replication"]->setChecked(p.isOn(ReplicationSettings::kKey));
    m_switches["cqrs"]->setChecked(p.isOn(CqrsSettings::kKey));
    m_switches["idempotent_consumers"]->setChecked(p.isOn(IdempotentConsumersSettings::kKey));

    const OutboxSettings *o = settingsOf<OutboxSettings>(p);
    const OutboxSettings outbox = o ? *o : OutboxSettings{};
    m_switches["outbox"]->setChecked(o != nullptr);
    m_outboxPoll->setValue(toMs(outbox.poll));
    m_outboxBatch->setValue(outbox.batch);
    m_dualWrite->setCurrentIndex(p.isOn(DualWriteSettings::kKey) ? 1 : 0);

    const EventSourcingSettings *es = settingsOf<EventSourcingSettings>(p);
    m_switches["event_sourcing"]->setChecked(es != nullptr);
    m_snapshotEvery->setValue((es ? *es : EventSourcingSettings{}).snapshotEvery);

    const SagaSettings *sg = settingsOf<SagaSettings>(p);
    const SagaSettings saga = sg ? *sg : SagaSettings{};
    m_switches["saga"]->setChecked(sg != nullptr);
    m_sagaStyle->setCurrentIndex(saga.style == SagaSettings::Style::Choreography ? 1 : 0);
    m_sagaTimeout->setValue(toMs(saga.stepTimeout));

    const TwoPhaseCommitSettings *tpc = settingsOf<TwoPhaseCommitSettings>(p);
    m_switches["two_phase_commit"]->setChecked(tpc != nullptr);
    m_tpcTimeout->setValue(toMs((tpc ? *tpc : TwoPhaseCommitSettings{}).timeout));
    updateEnabled();
    m_reflecting = false;
}

void PatternsPanel::apply(const QString &name)
{
    Scenario s = m_document->scenario();
    PatternSwitches &p = s.patterns;
    // A switch that stays on keeps its place in the file (and its position, for messages).
    auto set = [&p](auto settings, bool on) {
        using T = decltype(settings);
        if (!on)
            p.erase(T::kKey);
        else
            p.set(T::kKey, std::make_shared<const T>(settings), p.pos(T::kKey));
    };
    auto on = [this](const char *key) { return m_switches[key]->isChecked(); };
    set(DataSettings{}, m_data->currentIndex() == 1);

    const CompositionSettings *oldComposition = settingsOf<CompositionSettings>(p);
    CompositionSettings c = oldComposition ? *oldComposition : CompositionSettings{};
    c.mode = m_compositionMode->currentIndex() == 1 ? CompositionSettings::Mode::Sequential
                                                    : CompositionSettings::Mode::Parallel;
    c.timeout = fromMs(m_compositionTimeout->value());
    c.retries = m_compositionRetries->value();
    c.breakerFailures = m_breakerFailures->value();
    c.cacheTtl = fromMs(m_cacheTtl->value());
    set(c, on("composition"));
    set(ReplicationSettings{}, on("replication"));
    set(CqrsSettings{}, on("cqrs"));
    set(IdempotentConsumersSettings{}, on("idempotent_consumers"));
    OutboxSettings outbox;
    outbox.poll = fromMs(m_outboxPoll->value());
    outbox.batch = m_outboxBatch->value();
    set(outbox, on("outbox"));
    // With the outbox on the order is meaningless (and a scenario file may not set it).
    set(DualWriteSettings{}, !on("outbox") && m_dualWrite->currentIndex() == 1);
    const EventSourcingSettings *oldEs = settingsOf<EventSourcingSettings>(p);
    EventSourcingSettings es = oldEs ? *oldEs : EventSourcingSettings{};
    es.snapshotEvery = m_snapshotEvery->value();
    set(es, on("event_sourcing"));
    const SagaSettings *oldSaga = settingsOf<SagaSettings>(p);
    SagaSettings saga = oldSaga ? *oldSaga : SagaSettings{};
    saga.style = m_sagaStyle->currentIndex() == 1 ? SagaSettings::Style::Choreography
                                                  : SagaSettings::Style::Orchestration;
    saga.stepTimeout = fromMs(m_sagaTimeout->value());
    set(saga, on("saga"));
    TwoPhaseCommitSettings tpc;
    tpc.timeout = fromMs(m_tpcTimeout->value());
    set(tpc, on("two_phase_commit"));

    QString error;
    if (m_document->setScenario(s, &error, name)) {
        showMessage({});
        updateEnabled();
        return;
    }
    showMessage(tr("Not applied: %1").arg(error));
    reflect(); // back to what is running
}

} // namespace dplab
