#include "app/gui/study/studydialog.h"

#include "app/export/sweepchart.h"
#include "app/export/sweepfiles.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/study/studychoices.h"
#include "app/gui/study/studyrunner.h"
#include "patterns/sweep/parallelwork.h"
#include "patterns/sweep/sweeprunner.h"
#include "simulation/scenario/overrides.h"

#include <QChartView>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace dplab {

namespace {

QString studyClock(double seconds)
{
    const long s = std::lround(seconds);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString studyNumber(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'g', 4);
}

QComboBox *makeParameterBox(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(24);
    // Typed text stays as typed (an inline completion would turn "=1,2" into a choice's
    // "=1,2,3,4").
    box->setCompleter(nullptr);
    return box;
}

} // namespace

StudyDialog::StudyDialog(SimulationDocument &document, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_runner(new StudyRunner(this))
{
    setWindowTitle(tr("Parameter study"));
    setObjectName(QStringLiteral("studyDialog"));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildSetup());
    m_results = new QTabWidget(split);
    m_results->setObjectName(QStringLiteral("studyResults"));
    auto *placeholder = new QLabel(
        tr("Pick up to two parameters, the seeds and the metrics, then Run.\n\nEvery point runs "
           "with each seed on its own World, on every core; the charts show each metric's mean "
           "with its 95% confidence band. Click a point (a marker or a row of the table) to "
           "open that run in the main window."),
        m_results);
    placeholder->setWordWrap(true);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setMargin(24);
    m_results->addTab(placeholder, tr("Results"));
    split->addWidget(m_results);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    auto *buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(tr("&Save..."), QDialogButtonBox::ActionRole);
    m_save->setToolTip(tr("Write the files dplab-cli sweep writes: sweep.json, runs.csv, "
                          "points.csv, report.md and each chart as PNG, SVG and CSV"));
    m_save->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Close);
    connect(m_save, &QPushButton::clicked, this, &StudyDialog::saveDialog);
    connect(buttons, &QDialogButtonBox::rejected, this, &StudyDialog::reject);
    layout->addWidget(buttons);

    connect(m_runner, &StudyRunner::progressed, this, &StudyDialog::onProgress);
    connect(m_runner, &StudyRunner::finished, this, &StudyDialog::onFinished);
    connect(&m_document, &SimulationDocument::scenarioChanged, this, &StudyDialog::fillChoices);
    fillChoices();
    updateCount();

    // Big enough for the charts to read from the back of a room: 80% of a large screen, and
    // 1180x680 on a 1280x720 projector.
    QSize size(1180, 680);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        const QSize available = screen->availableGeometry().size();
        size = size.expandedTo(available * 0.8).boundedTo(available * 0.95);
    }
    resize(size);
}

StudyDialog::~StudyDialog()
{
    m_runner->cancel();
}

QWidget *StudyDialog::buildSetup()
{
    auto *setup = new QWidget(this);
    auto *form = new QFormLayout;
    m_first = makeParameterBox(setup);
    m_first->setObjectName(QStringLiteral("studyFirst"));
    m_first->setToolTip(tr("PATH=V1,V2,... or PATH=A..B:STEP, as dplab-cli sweep --vary takes "
                           "it: the x axis of the charts"));
    m_second = makeParameterBox(setup);
    m_second->setObjectName(QStringLiteral("studySecond"));
    m_second->setToolTip(tr("Optional: one line per value on the charts"));
    m_seeds = new QSpinBox(setup);
    m_seeds->setRange(1, 10000);
    m_seeds->setValue(5);
    m_seeds->setToolTip(tr("Runs per point: run k uses the scenario's seed + k"));
    m_threads = new QSpinBox(setup);
    m_threads->setRange(1, 1024);
    m_threads->setValue(defaultJobs());
    m_threads->setToolTip(tr("Runs at the same time, each in a World of its own (default: every "
                             "core)"));
    m_sets = new QLineEdit(setup);
    m_sets->setObjectName(QStringLiteral("studySets"));
    m_sets->setPlaceholderText(tr("duration=30s narrative=[]"));
    m_sets->setToolTip(tr("Changes for every run, as --set takes them, separated by spaces (a "
                          "shorter duration needs the captions beyond it gone: narrative=[])"));
    m_metrics = new QListWidget(setup);
    m_metrics->setObjectName(QStringLiteral("studyMetrics"));
    m_metrics->setToolTip(tr("The numbers of the run's summary to measure in every run"));
    auto *otherMetric = new QLineEdit(setup);
    otherMetric->setPlaceholderText(tr("another metric (a dotted path), Enter adds it"));
    connect(otherMetric, &QLineEdit::returnPressed, this, [this, otherMetric] {
        const QString name = otherMetric->text().trimmed();
        if (name.isEmpty())
            return;
        QStringList ticked;
        for (int i = 0; i < m_metrics->count(); ++i)
            if (m_metrics->item(i)->checkState() == Qt::Checked)
                ticked << m_metrics->item(i)->text();
        setMetrics(ticked << name);
        otherMetric->clear();
    });
    form->addRow(tr("&Vary (x axis):"), m_first);
    form->addRow(tr("&and (lines):"), m_second);
    form->addRow(tr("&Seeds per point:"), m_seeds);
    form->addRow(tr("&Threads:"), m_threads);
    form->addRow(tr("Also s&et:"), m_sets);
    form->addRow(tr("&Metrics:"), m_metrics);
    form->addRow(QString(), otherMetric);

    m_count = new QLabel(setup);
    m_message = new QLabel(setup);
    m_message->setObjectName(QStringLiteral("studyMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(setup);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressText = new QLabel(setup);
    m_run = new QPushButton(tr("&Run"), setup);
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), setup);
    m_cancel->setEnabled(false);
    connect(m_run, &QPushButton::clicked, this, &StudyDialog::startStudy);
    connect(m_cancel, &QPushButton::clicked, this, &StudyDialog::cancelStudy);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);
    runRow->addStretch(1);

    auto *column = new QVBoxLayout(setup);
    column->setContentsMargins(0, 0, 6, 0);
    column->addLayout(form, 1);
    column->addWidget(m_count);
    column->addLayout(runRow);
    column->addWidget(m_progress);
    column->addWidget(m_progressText);
    column->addWidget(m_message);

    for (QComboBox *box : {m_first, m_second})
        connect(box, &QComboBox::editTextChanged, this, &StudyDialog::updateCount);
    connect(m_seeds, &QSpinBox::valueChanged, this, &StudyDialog::updateCount);
    setup->setMinimumWidth(360);
    setup->setMaximumWidth(480);
    return setup;
}

void StudyDialog::fillChoices()
{
    // A point opened from a study changes the scenario but not the file: keep what is typed.
    if (!m_document.hasRun() || m_document.loadGeneration() == m_choicesGeneration)
        return;
    m_choicesGeneration = m_document.loadGeneration();
    const QStringList parameters = StudyChoices::parameters(m_document.sourceText());
    m_first->clear();
    m_first->addItems(parameters);
    m_second->clear();
    m_second->addItem(QString());
    m_second->addItems(parameters);
    m_second->setCurrentIndex(0);
    std::vector<std::string> expected;
    for (const ExpectSpec &e : m_document.scenario().expect)
        if (e.check.empty())
            expected.push_back(e.metric);
    m_metrics->clear();
    for (const QString &m : StudyChoices::metrics(m_document.run().summary(), expected)) {
        auto *item = new QListWidgetItem(m, m_metrics);
        item->setToolTip(m);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    if (m_metrics->count() > 0)
        m_metrics->item(0)->setCheckState(Qt::Checked);
}

void StudyDialog::setMetrics(const QStringList &metrics)
{
    for (const QString &m : metrics) {
        if (m_metrics->findItems(m, Qt::MatchExactly).isEmpty()) {
            auto *item = new QListWidgetItem(m);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            m_metrics->insertItem(0, item);
        }
    }
    for (int i = 0; i < m_metrics->count(); ++i)
        m_metrics->item(i)->setCheckState(
            metrics.contains(m_metrics->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

QString StudyDialog::studyFile() const
{
    const QString path = m_document.filePath();
    // A lesson opened from the app's library lives in its resources (":/lessons/...").
    return path.startsWith(QLatin1Char(':')) || path.isEmpty() ? QFileInfo(path).fileName() : path;
}

std::optional<SweepSpec> StudyDialog::spec(QString *why, std::string *text) const
{
    if (!m_document.hasRun()) {
        *why = tr("No scenario is open.");
        return std::nullopt;
    }
    SweepSpec s;
    const QComboBox *boxes[] = {m_first, m_second};
    for (int i = 0; i < 2; ++i) {
        const QString typed = boxes[i]->currentText().trimmed();
        if (typed.isEmpty()) {
            if (i == 0) {
                *why = tr("Choose a parameter to vary (PATH=V1,V2,... or PATH=A..B:STEP).");
                return std::nullopt;
            }
            continue;
        }
        std::string reason;
        auto p = SweepParameter::parse(typed.toStdString(), &reason);
        if (!p) {
            *why = tr("Parameter %1: %2").arg(i + 1).arg(QString::fromStdString(reason));
            return std::nullopt;
        }
        s.parameters.push_back(std::move(*p));
    }
    std::vector<ScenarioOverride> overrides;
    for (const QString &set : m_sets->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        std::string reason;
        auto o = ScenarioOverride::parse(set.toStdString(), &reason);
        if (!o) {
            *why = tr("Also set %1: %2").arg(set, QString::fromStdString(reason));
            return std::nullopt;
        }
        s.overrides.push_back(set.toStdString());
        overrides.push_back(std::move(*o));
    }
    for (int i = 0; i < m_metrics->count(); ++i)
        if (m_metrics->item(i)->checkState() == Qt::Checked)
            s.metrics.push_back(m_metrics->item(i)->text().toStdString());
    if (s.metrics.empty()) {
        *why = tr("Tick at least one metric.");
        return std::nullopt;
    }
    s.seeds = static_cast<std::size_t>(m_seeds->value());
    if (s.runCount() > 1'000'000) {
        *why = tr("More than 1000000 runs: fewer values or seeds.");
        return std::nullopt;
    }
    QString error;
    const QByteArray bytes = m_document.textToSave(nullptr, &error);
    if (bytes.isEmpty()) {
        *why = error;
        return std::nullopt;
    }
    *text = bytes.toStdString();
    s.file = studyFile().toStdString();
    const LoadResult base = m_input.loadText(*text, s.file, overrides);
    if (!base.ok()) {
        QStringList lines;
        for (const LoadError &e : base.errors)
            lines << QString::fromStdString(e.toString());
        *why = lines.join(QLatin1Char('\n'));
        return std::nullopt;
    }
    s.scenarioName = base.scenario->name;
    s.baseSeed = base.scenario->seed;
    return s;
}

void StudyDialog::updateCount()
{
    std::size_t points = 1;
    for (QComboBox *box : {m_first, m_second}) {
        std::string why;
        const QString typed = box->currentText().trimmed();
        if (typed.isEmpty())
            continue;
        auto p = SweepParameter::parse(typed.toStdString(), &why);
        if (!p) {
            m_count->setText(
                tr("%1: %2").arg(box == m_first ? tr("Parameter 1") : tr("Parameter 2"),
                                 QString::fromStdString(why)));
            return;
        }
        points *= p->values.size();
    }
    const auto seeds = static_cast<std::size_t>(m_seeds->value());
    m_count->setText(
        tr("%1 points × %2 seeds = %3 runs").arg(points).arg(seeds).arg(points * seeds));
}

bool StudyDialog::startStudy()
{
    if (m_runner->running())
        return false;
    QString why;
    std::string text;
    const std::optional<SweepSpec> s = spec(&why, &text);
    if (!s) {
        showMessage(why, true);
        return false;
    }
    std::vector<LoadError> errors;
    std::unique_ptr<SweepRunner> prepared = SweepRunner::prepare(m_input, *s, &errors, &text);
    if (!prepared) {
        QStringList lines;
        for (const LoadError &e : errors)
            lines << QString::fromStdString(e.toString());
        showMessage(lines.join(QLatin1Char('\n')), true);
        return false;
    }
    m_progress->setRange(0, static_cast<int>(s->runCount()));
    m_progress->setValue(0);
    showMessage(QString(), false);
    if (!m_runner->start(std::move(prepared), *s, m_threads->value()))
        return false;
    setRunning(true);
    onProgress();
    return true;
}

void StudyDialog::cancelStudy()
{
    if (!m_runner->running())
        return;
    m_runner->cancel();
    m_cancel->setEnabled(false);
    m_progressText->setText(tr("Cancelling: the runs under way finish first..."));
}

void StudyDialog::setRunning(bool running)
{
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_save->setEnabled(!running && m_runner->table() && m_runner->table()->complete());
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_first, m_second, m_seeds, m_threads, m_sets, m_metrics})
        w->setEnabled(!running);
}

void StudyDialog::onProgress()
{
    if (!m_runner->running())
        return;
    const std::size_t done = m_runner->done(), total = m_runner->total();
    m_progress->setValue(static_cast<int>(done));
    QString text = tr("%1 of %2 runs, %3 runs/s")
                       .arg(done)
                       .arg(total)
                       .arg(m_runner->runsPerSecond(), 0, 'f', 1);
    if (const double left = m_runner->secondsLeft(); left >= 0 && done < total)
        text += tr(", %1 left").arg(studyClock(left));
    if (m_cancel->isEnabled())
        m_progressText->setText(text);
}

void StudyDialog::onFinished(bool complete, const QString &error)
{
    setRunning(false);
    const std::size_t done = m_runner->done(), total = m_runner->total();
    m_progress->setValue(static_cast<int>(done));
    if (!error.isEmpty()) {
        m_progressText->setText(tr("Failed after %1 of %2 runs").arg(done).arg(total));
        showMessage(error, true);
        return;
    }
    if (!complete) {
        m_progressText->setText(tr("Cancelled after %1 of %2 runs").arg(done).arg(total));
        showMessage(tr("Cancelled: no results (a study needs every run)."), false);
        return;
    }
    m_progressText->setText(
        tr("%1 runs in %2 s (%3 runs/s)")
            .arg(total)
            .arg(static_cast<double>(total) / std::max(m_runner->runsPerSecond(), 1e-9), 0, 'f', 1)
            .arg(m_runner->runsPerSecond(), 0, 'f', 1));
    const std::vector<std::string> missing = m_runner->table()->missingMetrics();
    if (!missing.empty()) {
        QStringList names;
        for (const std::string &m : missing)
            names << QString::fromStdString(m);
        showMessage(tr("No run's summary has a number at %1.").arg(names.join(tr(", "))), true);
    }
    showResults();
}

void StudyDialog::showResults()
{
    const SweepTable &table = *m_runner->table();
    const SweepSpec &s = table.spec();
    while (m_results->count() > 0) {
        QWidget *w = m_results->widget(0);
        m_results->removeTab(0);
        delete w;
    }
    m_charts.clear();
    for (std::size_t m = 0; m < s.metrics.size(); ++m) {
        SweepChart *chart = makeSweepChart(table, m);
        // The dialog is narrower than an exported picture: the title in two lines, the second
        // parameter's path in it and only its values in the legend.
        QString title = QString::fromStdString(s.metrics[m]).toHtmlEscaped() +
                        tr("<br>against %1")
                            .arg(QString::fromStdString(s.parameters.front().path).toHtmlEscaped());
        if (s.parameters.size() == 2) {
            const SweepParameter &second = s.parameters[1];
            title += tr(", a line per %1").arg(QString::fromStdString(second.path).toHtmlEscaped());
            const QString last = QString::fromStdString(second.path).section(QLatin1Char('.'), -1);
            for (std::size_t l = 0; l < chart->meanSeries().size(); ++l)
                chart->meanSeries()[l]->setName(last + QLatin1Char('=') +
                                                QString::fromStdString(second.values.at(l)));
        }
        chart->setTitle(title);
        auto *view = new QChartView(chart, m_results);
        view->setRenderHint(QPainter::Antialiasing);
        view->setToolTip(tr("Click a marker to open that point's run in the main window"));
        const std::vector<QLineSeries *> &means = chart->meanSeries();
        for (std::size_t l = 0; l < means.size(); ++l)
            connect(means[l], &QLineSeries::clicked, this,
                    [this, l](const QPointF &at) { chartClicked(l, at); });
        m_charts.push_back(view);
        // The tab says the metric's last words; the chart's title says all of it.
        const QStringList words = QString::fromStdString(s.metrics[m]).split(QLatin1Char('.'));
        m_results->addTab(
            view, words.mid(std::max<qsizetype>(0, words.size() - 2)).join(QLatin1Char('.')));
        m_results->setTabToolTip(m_results->count() - 1, QString::fromStdString(s.metrics[m]));
    }

    m_points = new QTableWidget(m_results);
    m_points->setObjectName(QStringLiteral("studyPoints"));
    QStringList headers;
    for (const SweepParameter &p : s.parameters)
        headers << QString::fromStdString(p.path);
    for (const std::string &metric : s.metrics) {
        const QString name = QString::fromStdString(metric);
        headers << tr("%1\nmean").arg(name) << tr("sd") << tr("95% CI");
    }
    m_points->setColumnCount(static_cast<int>(headers.size()));
    m_points->setHorizontalHeaderLabels(headers);
    m_points->setRowCount(static_cast<int>(s.pointCount()));
    m_points->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_points->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_points->setSelectionMode(QAbstractItemView::SingleSelection);
    m_points->setToolTip(tr("Click a row to open that point's run in the main window"));
    for (std::size_t p = 0; p < s.pointCount(); ++p) {
        const std::vector<std::size_t> at = s.valueIndices(p);
        int c = 0;
        for (std::size_t i = 0; i < s.parameters.size(); ++i)
            m_points->setItem(
                static_cast<int>(p), c++,
                new QTableWidgetItem(QString::fromStdString(s.parameters[i].values[at[i]])));
        for (std::size_t m = 0; m < s.metrics.size(); ++m) {
            const SampleStatistics st = table.statistics(p, m);
            m_points->setItem(static_cast<int>(p), c++, new QTableWidgetItem(studyNumber(st.mean)));
            m_points->setItem(static_cast<int>(p), c++, new QTableWidgetItem(studyNumber(st.sd)));
            m_points->setItem(
                static_cast<int>(p), c++,
                new QTableWidgetItem(std::isnan(st.ciLow)
                                         ? QStringLiteral("–")
                                         : QStringLiteral("%1 … %2").arg(studyNumber(st.ciLow),
                                                                         studyNumber(st.ciHigh))));
        }
    }
    m_points->resizeColumnsToContents();
    connect(m_points, &QTableWidget::cellClicked, this,
            [this](int row, int) { openPoint(static_cast<std::size_t>(row)); });
    m_results->addTab(m_points, tr("Points"));
    m_results->setCurrentIndex(0);
}

SweepChart *StudyDialog::chart(int metric) const
{
    if (metric < 0 || static_cast<std::size_t>(metric) >= m_charts.size())
        return nullptr;
    return static_cast<SweepChart *>(m_charts[static_cast<std::size_t>(metric)]->chart());
}

void StudyDialog::chartClicked(std::size_t line, const QPointF &at)
{
    const SweepSpec &s = m_runner->table()->spec();
    const SweepParameter &first = s.parameters.front();
    // The marker nearest the click along x: the value it stands for.
    std::size_t nearest = 0;
    double best = HUGE_VAL;
    for (std::size_t i = 0; i < first.values.size(); ++i) {
        const double x = first.numeric() ? *first.axisValue(i) : static_cast<double>(i);
        if (std::fabs(x - at.x()) < best) {
            best = std::fabs(x - at.x());
            nearest = i;
        }
    }
    openPoint(sweepChartPoint(s, line, nearest));
}

bool StudyDialog::openPoint(std::size_t point, QString *error)
{
    QString why;
    const SweepTable *table = m_runner->table();
    if (m_runner->running() || !m_runner->runner() || !table || !table->complete() ||
        point >= table->spec().pointCount()) {
        why = tr("No finished study has that point.");
    } else {
        const SweepSpec &s = table->spec();
        const Scenario scenario = m_runner->runner()->runScenario(point * s.seeds);
        QStringList values;
        for (const std::string &o : s.pointOverrides(point))
            values << QString::fromStdString(o);
        emit aboutToOpenRun();
        if (m_document.setScenario(scenario, &why,
                                   tr("open study point %1").arg(values.join(tr(", "))),
                                   SimulationDocument::FromStart)) {
            showMessage(tr("Opened %1, seed %2, in the main window (Edit > Undo goes back).")
                            .arg(values.join(tr(", ")))
                            .arg(scenario.seed),
                        false);
            return true;
        }
    }
    if (error)
        *error = why;
    showMessage(why, true);
    return false;
}

QString StudyDialog::saveTo(const QString &dir)
{
    const SweepTable *table = m_runner->table();
    if (m_runner->running() || !table || !table->complete())
        return tr("No finished study to save.");
    std::vector<std::string> written;
    return QString::fromStdString(writeSweepFiles(*table, dir.toStdString(), true, &written));
}

void StudyDialog::saveDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Save the study's files in"));
    if (dir.isEmpty())
        return;
    const QString why = saveTo(dir);
    showMessage(why.isEmpty() ? tr("Saved into %1.").arg(dir) : why, !why.isEmpty());
}

void StudyDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

QString StudyDialog::message() const
{
    return m_message->text();
}

void StudyDialog::closeEvent(QCloseEvent *event)
{
    m_runner->cancel();
    QDialog::closeEvent(event);
}

void StudyDialog::reject()
{
    m_runner->cancel();
    QDialog::reject();
}

} // namespace dplab
