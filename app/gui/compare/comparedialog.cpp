#include "app/gui/compare/comparedialog.h"

#include "app/gui/windowplacement.h"

#include "app/gui/compare/comparewindow.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/simulationdocument.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace dplab {

CompareDialog::CompareDialog(const SimulationDocument &document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_scratch(new SimulationDocument(this))
    , m_overrides(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare two variants"));
    auto *intro = new QLabel(
        tr("<b>A</b> is “%1” as it runs now: its patterns, seed, workload, faults and the "
           "interventions made so far. <b>B</b> is the same scenario with the changes below. "
           "Both start at t = 0 and play side by side.")
            .arg(document.displayName().toHtmlEscaped()),
        this);
    intro->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);

    QString why;
    const QByteArray text = scenarioTextOf(document, &why);
    if (!text.isEmpty() && m_scratch->loadText(text, QStringLiteral("variant B"), &why)) {
        auto *box = new QGroupBox(tr("Patterns of B"), this);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(2, 2, 2, 2);
        m_patterns = new PatternsPanel(m_scratch, box);
        // The explainers live in the main window; here the "?" would lead nowhere.
        for (const QString &key : PatternsPanel::keys())
            if (QToolButton *button = m_patterns->explainButtonOf(key))
                button->hide();
        boxLayout->addWidget(m_patterns);
        layout->addWidget(box, 1);
    }

    auto *more = new QGroupBox(tr("More changes to B: one PATH=VALUE a line (as dplab-cli "
                                  "compare --set takes them)"),
                               this);
    auto *moreLayout = new QVBoxLayout(more);
    m_overrides->setObjectName(QStringLiteral("overrideLines"));
    m_overrides->setPlaceholderText(QStringLiteral("bus.latency=5ms\nfaults[0].probability=0.1\n"
                                                   "# lines starting with # are skipped"));
    m_overrides->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_overrides->setTabChangesFocus(true);
    m_overrides->setFixedHeight(m_overrides->fontMetrics().height() * 5 + 12);
    moreLayout->addWidget(m_overrides);
    layout->addWidget(more);

    m_error->setObjectName(QStringLiteral("inlineError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral(
        "QLabel#inlineError { background: #fdecea; color: #8e2b20; border: 1px solid #e6b0aa;"
        " border-radius: 4px; padding: 6px; }"));
    m_error->hide();
    if (!why.isEmpty()) {
        m_error->setText(why);
        m_error->show();
    }
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *go = buttons->addButton(tr("Compare"), QDialogButtonBox::AcceptRole);
    go->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &CompareDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    fitOnScreen(this, QSize(560, 760));
}

CompareDialog::~CompareDialog() = default;

CompareWindow *CompareDialog::comparisonWindow() const
{
    return m_window;
}

QString CompareDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

CompareWindow *CompareDialog::compare(const SimulationDocument &document,
                                      const QString &overrideLines, QWidget *windowParent,
                                      QString *error, const SimulationDocument *patternsOfB)
{
    QStringList bad;
    std::optional<std::vector<ScenarioOverride>> lines = parseOverrideLines(overrideLines, &bad);
    if (!lines) {
        if (error)
            *error = tr("Not a change of the form PATH=VALUE:\n%1").arg(bad.join('\n'));
        return nullptr;
    }
    ComparisonSetup setup;
    setup.text = scenarioTextOf(document, error);
    if (setup.text.isEmpty())
        return nullptr;
    setup.sourceName = document.filePath().isEmpty() ? document.displayName() : document.filePath();
    // B's patterns as a whole first, then the lines: a line about a pattern's setting wins.
    if (patternsOfB && patternsOfB->hasRun()) {
        const PatternCatalog &catalog = document.catalog();
        if (auto p = patternsOverride(catalog.writePatterns(document.scenario().patterns),
                                      catalog.writePatterns(patternsOfB->scenario().patterns)))
            setup.overridesB.push_back(std::move(*p));
    }
    for (ScenarioOverride &o : *lines)
        setup.overridesB.push_back(std::move(o));
    return CompareWindow::create(setup, windowParent, error);
}

void CompareDialog::accept()
{
    QString why;
    CompareWindow *window =
        compare(m_document, m_overrides->toPlainText(), parentWidget(), &why, m_scratch);
    if (!window) {
        m_error->setText(why);
        m_error->show();
        return;
    }
    m_error->hide();
    m_error->clear();
    m_window = window;
    window->show();
    window->raise();
    window->activateWindow();
    QDialog::accept();
}

} // namespace dplab
