#include "app/gui/panels/patternspanel.h"

#include "app/gui/panels/explainers.h"
#include "app/gui/simulationdocument.h"
#include "patterns/module/patterncatalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace dplab {

namespace {

/// Rich text, so Qt wraps a long explainer instead of showing one line across the screen.
QString tooltip(const QString &text)
{
    return QStringLiteral("<p style='white-space:normal'>%1</p>").arg(text.toHtmlEscaped());
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QFont bold(QFont font)
{
    font.setBold(true);
    return font;
}

/// "turn on CQRS read model", "turn off saga": the title as a word inside a sentence.
QString inSentence(QString title)
{
    if (title.size() > 1 && !title[1].isUpper())
        title[0] = title[0].toLower();
    return title;
}

} // namespace

QStringList PatternsPanel::keys()
{
    QStringList keys;
    const PatternCatalog catalog = PatternCatalog::builtins();
    for (const auto &module : catalog.modules())
        if (!module->controls().empty())
            keys << qs(module->key());
    return keys;
}

QString PatternsPanel::description(const QString &key)
{
    return Explainers::intent(key);
}

PatternsPanel::PatternsPanel(SimulationDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_message(new QLabel(this))
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
    for (const auto &module : m_document->catalog().modules()) {
        std::vector<PatternControl> controls = module->controls();
        if (!controls.empty())
            addPattern(qs(module->key()), std::move(controls), content, column);
    }
    column->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(scroll, 1);

    for (std::size_t i = 0; i < m_controls.size(); ++i)
        connectControl(i);
    connect(m_document, &SimulationDocument::scenarioChanged, this, &PatternsPanel::reflect);
    reflect();
}

void PatternsPanel::addPattern(const QString &key, std::vector<PatternControl> controls,
                               QWidget *parent, QVBoxLayout *column)
{
    const PatternControl &head = controls.front();
    const QString help = tooltip(description(key));
    QFormLayout *form = nullptr;
    if (head.kind == PatternControl::Kind::Switch) {
        // A switch in bold, its "?" at the right, its parameters indented under it.
        auto *box = new QWidget(parent);
        form = new QFormLayout(box);
        form->setContentsMargins(22, 0, 0, 4);
        form->setVerticalSpacing(2);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        auto *check = new QCheckBox(qs(head.label), box);
        check->setToolTip(help);
        check->setFont(bold(check->font()));
        auto *row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(check);
        row->addStretch(1);
        row->addWidget(addExplainButton(key, box));
        form->addRow(row);
        column->addWidget(box);
        m_controls.push_back({key, head, check, tr("turn %1 ") + inSentence(qs(head.label))});
    } else {
        // A choice (one database per service or a shared one): its label in bold beside it.
        form = new QFormLayout;
        auto *label =
            new QLabel(QStringLiteral("<b>%1</b>").arg(qs(head.label).toHtmlEscaped()), parent);
        label->setToolTip(help);
        QWidget *widget = makeWidget(head, parent);
        widget->setToolTip(help);
        auto *row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(widget, 1);
        row->addWidget(addExplainButton(key, parent));
        form->addRow(label, row);
        column->addLayout(form);
        m_controls.push_back({key, head, widget, qs(head.changeName)});
    }
    for (std::size_t i = 1; i < controls.size(); ++i) {
        const PatternControl &c = controls[i];
        QWidget *widget = makeWidget(c, form->parentWidget() ? form->parentWidget() : parent);
        auto *label = new QLabel(qs(c.label), widget->parentWidget());
        if (!c.explanation.empty()) {
            widget->setToolTip(tooltip(qs(c.explanation)));
            label->setToolTip(widget->toolTip());
        }
        form->addRow(label, widget);
        m_controls.push_back({key, c, widget, qs(c.changeName)});
    }
}

QWidget *PatternsPanel::makeWidget(const PatternControl &control, QWidget *parent) const
{
    switch (control.kind) {
    case PatternControl::Kind::Switch:
        return new QCheckBox(qs(control.label), parent);
    case PatternControl::Kind::Choice: {
        auto *combo = new QComboBox(parent);
        for (const std::string &choice : control.choices)
            combo->addItem(qs(choice));
        return combo;
    }
    case PatternControl::Kind::Duration:
    case PatternControl::Kind::Count: {
        auto *spin = new QSpinBox(parent);
        spin->setRange(control.min, control.max);
        spin->setKeyboardTracking(false);
        spin->setAccelerated(control.kind == PatternControl::Kind::Duration);
        spin->setSuffix(qs(control.suffix));
        if (!control.atMin.empty())
            spin->setSpecialValueText(qs(control.atMin));
        return spin;
    }
    }
    return nullptr;
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
    button->setFont(bold(button->font()));
    m_explainButtons.insert(key, button);
    connect(button, &QToolButton::clicked, this, [this, key] { emit explainRequested(key); });
    return button;
}

void PatternsPanel::connectControl(std::size_t index)
{
    QWidget *w = m_controls[index].widget;
    if (auto *check = qobject_cast<QCheckBox *>(w))
        connect(check, &QCheckBox::toggled, this,
                [this, index](bool on) { apply(index, on ? 1 : 0); });
    else if (auto *combo = qobject_cast<QComboBox *>(w))
        connect(combo, &QComboBox::currentIndexChanged, this,
                [this, index](int i) { apply(index, i); });
    else if (auto *spin = qobject_cast<QSpinBox *>(w))
        connect(spin, &QSpinBox::valueChanged, this, [this, index](int v) { apply(index, v); });
}

QCheckBox *PatternsPanel::switchOf(const QString &key) const
{
    for (const Bound &b : m_controls)
        if (b.key == key && b.control.kind == PatternControl::Kind::Switch)
            return qobject_cast<QCheckBox *>(b.widget);
    return nullptr;
}

QWidget *PatternsPanel::controlOf(const QString &key, const QString &label) const
{
    for (const Bound &b : m_controls)
        if (b.key == key && qs(b.control.label) == label)
            return b.widget;
    return nullptr;
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

void PatternsPanel::reflect()
{
    m_reflecting = true;
    const PatternSwitches &p = m_document->scenario().patterns;
    for (const Bound &b : m_controls) {
        const int value = b.control.get(p);
        if (auto *check = qobject_cast<QCheckBox *>(b.widget))
            check->setChecked(value != 0);
        else if (auto *combo = qobject_cast<QComboBox *>(b.widget))
            combo->setCurrentIndex(value);
        else if (auto *spin = qobject_cast<QSpinBox *>(b.widget))
            spin->setValue(value);
        b.widget->setEnabled(b.control.enabled(p));
    }
    m_reflecting = false;
}

void PatternsPanel::apply(std::size_t index, int value)
{
    if (m_reflecting)
        return;
    const Bound &b = m_controls[index];
    QString shown;
    if (auto *check = qobject_cast<QCheckBox *>(b.widget))
        shown = check->isChecked() ? tr("on") : tr("off");
    else if (auto *combo = qobject_cast<QComboBox *>(b.widget))
        shown = combo->currentText();
    else if (auto *spin = qobject_cast<QSpinBox *>(b.widget))
        shown = spin->text();
    const QString name = b.changeName.arg(shown);

    Scenario s = m_document->scenario();
    b.control.set(s.patterns, value);
    QString error;
    if (m_document->setScenario(s, &error, name)) {
        showMessage({});
        reflect();
        return;
    }
    showMessage(tr("Not applied: %1").arg(error));
    reflect(); // back to what is running
}

} // namespace dplab
