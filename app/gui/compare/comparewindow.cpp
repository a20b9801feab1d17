#include "app/gui/compare/comparewindow.h"

#include "app/gui/windowplacement.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/compare/comparebanner.h"
#include "app/gui/compare/comparisonchart.h"
#include "app/gui/compare/comparisontablemodel.h"
#include "app/gui/compare/lockstepplayback.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"
#include "patterns/comparison.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace dplab {

namespace {

constexpr int kChartFrameMs = 33;
constexpr qint64 kTableEveryMs = 500;
constexpr int kScrubberStepsPerSecond = 100; // 10 ms per scrubber step

/// Two widgets of exactly the same size side by side (a layout would give one of them the odd
/// pixel, and the canvases of equal runs must be pixel-identical).
class SideBySide : public QWidget
{
public:
    SideBySide(QWidget *left, QWidget *right, QWidget *parent)
        : QWidget(parent)
        , m_left(left)
        , m_right(right)
    {
        left->setParent(this);
        right->setParent(this);
    }
    QSize sizeHint() const override
    {
        const QSize l = m_left->sizeHint();
        return {2 * l.width() + kGap, l.height()};
    }
    QSize minimumSizeHint() const override
    {
        const QSize l = m_left->minimumSizeHint();
        return {2 * l.width() + kGap, l.height()};
    }

protected:
    void resizeEvent(QResizeEvent *) override
    {
        const int w = (width() - kGap) / 2;
        m_left->setGeometry(0, 0, w, height());
        m_right->setGeometry(width() - w, 0, w, height());
    }

private:
    static constexpr int kGap = 8;
    QWidget *m_left;
    QWidget *m_right;
};

QString seconds(SimTime t)
{
    return QString::number(static_cast<double>(t) / kSecond, 'f', 3);
}

} // namespace

CompareWindow *CompareWindow::create(const ComparisonSetup &setup, QWidget *parent, QString *error)
{
    auto a = std::make_unique<SimulationDocument>();
    auto b = std::make_unique<SimulationDocument>();
    QString why;
    if (!a->loadText(setup.text, setup.sourceName, &why)) {
        if (error)
            *error = tr("Variant A cannot run:\n%1").arg(why);
        return nullptr;
    }
    if (!b->loadText(setup.text, setup.sourceName, &why, setup.overridesB)) {
        if (error)
            *error = tr("Variant B cannot run:\n%1").arg(why);
        return nullptr;
    }
    return new CompareWindow(a.release(), b.release(), setup, parent);
}

CompareWindow::CompareWindow(SimulationDocument *a, SimulationDocument *b,
                             const ComparisonSetup &setup, QWidget *parent)
    : QMainWindow(parent)
    , m_docs{a, b}
    , m_playback(new LockstepPlayback(a, b, this))
    , m_table(new ComparisonTableModel(this))
    , m_filter(new ComparisonFilterModel(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowFlag(Qt::Window);
    a->setParent(this);
    b->setParent(this);
    setObjectName(QStringLiteral("compareWindow"));
    const auto [da, db] =
        describeVariants(a->catalog(), a->scenario(), b->scenario(), setup.overridesB);
    m_descriptions[0] = da;
    m_descriptions[1] = db;
    setWindowTitle(tr("Compare: %1 — A: %2, B: %3").arg(a->displayName(), da, db));

    createActions();
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(createCanvases());
    split->addWidget(createBottom());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({560, 380});
    split->setChildrenCollapsible(false);
    auto *centre = new QWidget(this);
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    m_banner = new CompareBanner(centre);
    column->addWidget(m_banner);
    column->addWidget(split, 1);
    setCentralWidget(centre);
    QSettings settings;
    restoreOnScreen(this, settings.value("compare/geometry").toByteArray(), QSize(1560, 960));

    m_chartTimer.setSingleShot(true);
    m_chartTimer.setInterval(kChartFrameMs);
    connect(&m_chartTimer, &QTimer::timeout, m_chart, &ComparisonChart::refresh);
    connect(m_playback, &LockstepPlayback::frameDone, this, &CompareWindow::onFrame);
    connect(m_playback, &LockstepPlayback::playingChanged, this, [this](bool playing) {
        updateControls();
        if (!playing)
            refreshTable();
    });
    connect(m_playback, &LockstepPlayback::finished, this, &CompareWindow::refreshTable);
    m_tableClock.start();
    refreshTable();
    updateControls();
}

CompareWindow::~CompareWindow()
{
    m_playback->pause();
    QSettings().setValue("compare/geometry", saveGeometry());
    // The canvases and the chart read the documents: they go first.
    delete takeCentralWidget();
}

void CompareWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    QTimer::singleShot(0, this, [this] { keepOnScreen(this); });
}

void CompareWindow::createActions()
{
    QToolBar *bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("compareToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(24, 24));
    m_playAction = bar->addAction(QIcon(QStringLiteral(":/icons/play.svg")), tr("Play"), m_playback,
                                  &LockstepPlayback::togglePlay);
    m_playAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_stepAction = bar->addAction(QIcon(QStringLiteral(":/icons/step.svg")), tr("Step"), m_playback,
                                  &LockstepPlayback::stepOnce);
    m_stepAction->setShortcut(QKeySequence(Qt::Key_Right));
    m_stepAction->setToolTip(tr("Step: both runs to the next event of either (Right)"));
    QAction *restart =
        bar->addAction(QIcon(QStringLiteral(":/icons/reset.svg")), tr("Back to the start"), this,
                       [this] { m_playback->seekTime(0); });
    restart->setShortcut(QKeySequence(Qt::Key_Home));
    restart->setToolTip(tr("Both runs back to t = 0 (Home)"));
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Speed "), bar));
    m_speed = new QComboBox(bar);
    for (double s : Playback::speeds())
        m_speed->addItem(Playback::speedLabel(s), s);
    m_speed->setFocusPolicy(Qt::NoFocus);
    m_speed->setToolTip(tr("Playback speed of both runs: virtual seconds per wall second"));
    bar->addWidget(m_speed);
    m_speed->setCurrentIndex(static_cast<int>(Playback::speeds().indexOf(1.0)));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            setSpeed(m_speed->itemData(i).toDouble());
    });
    bar->addSeparator();

    m_scrubber = new QSlider(Qt::Horizontal, bar);
    m_scrubber->setObjectName(QStringLiteral("compareScrubber"));
    m_scrubber->setRange(
        0, static_cast<int>(m_playback->endTime() * kScrubberStepsPerSecond / kSecond));
    m_scrubber->setFocusPolicy(Qt::NoFocus);
    m_scrubber->setToolTip(tr("Simulated time of both runs: drag to move both"));
    m_scrubber->setMinimumWidth(300);
    bar->addWidget(m_scrubber);
    const auto timeAt = [](int value) {
        return static_cast<SimTime>(value) * kSecond / kScrubberStepsPerSecond;
    };
    connect(m_scrubber, &QSlider::sliderPressed, this, [this] { m_scrubbing = true; });
    connect(m_scrubber, &QSlider::sliderReleased, this, [this] { m_scrubbing = false; });
    connect(m_scrubber, &QSlider::valueChanged, this, [this, timeAt](int value) {
        // Only the user's moves: updateControls() sets the value with signals blocked.
        m_playback->seekTime(timeAt(value));
    });
    m_timeLabel = new QLabel(bar);
    m_timeLabel->setObjectName(QStringLiteral("compareTime"));
    QFont big = m_timeLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_timeLabel->setFont(big);
    m_timeLabel->setMinimumWidth(
        m_timeLabel->fontMetrics().horizontalAdvance(QStringLiteral("t = 000.000 s of 000 s  ")));
    m_timeLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    bar->addWidget(m_timeLabel);
    QAction *close = new QAction(tr("Close"), this);
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &QWidget::close);
    addAction(close);
}

QWidget *CompareWindow::createCanvases()
{
    QWidget *panels[2];
    static const char *const kNames[] = {"A", "B"};
    for (int i = 0; i < 2; ++i) {
        auto *panel = new QWidget;
        auto *column = new QVBoxLayout(panel);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        m_labels[i] = new QLabel(panel);
        m_labels[i]->setObjectName(QStringLiteral("variantLabel") + QLatin1String(kNames[i]));
        m_labels[i]->setTextFormat(Qt::RichText);
        m_labels[i]->setText(
            QStringLiteral("<span style='background:%1; color:white; font-weight:bold;'>"
                           "&nbsp;%2&nbsp;</span>&nbsp; %3")
                .arg(i == 0 ? QStringLiteral("#2f4f7f") : QStringLiteral("#9a4a12"),
                     QLatin1String(kNames[i]), m_descriptions[i].toHtmlEscaped()));
        m_labels[i]->setToolTip(i == 0 ? tr("Variant A: the scenario as it runs in the main "
                                            "window")
                                       : tr("Variant B: the same scenario with the changes "
                                            "made in Compare..."));
        QFont font = m_labels[i]->font();
        font.setPointSizeF(font.pointSizeF() * 1.35);
        m_labels[i]->setFont(font);
        m_labels[i]->setContentsMargins(4, 4, 4, 2);
        m_canvases[i] = new CanvasView(m_docs[i], panel);
        m_canvases[i]->setObjectName(QStringLiteral("canvas") + QLatin1String(kNames[i]));
        m_canvases[i]->setMinimumSize(300, 240);
        // Each canvas fits its diagram; scroll bars would only take room from it.
        m_canvases[i]->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_canvases[i]->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        column->addWidget(m_labels[i]);
        column->addWidget(m_canvases[i], 1);
        panels[i] = panel;
    }
    return new SideBySide(panels[0], panels[1], this);
}

QWidget *CompareWindow::createBottom()
{
    auto *split = new QSplitter(Qt::Horizontal);
    m_chart = new ComparisonChart(m_docs[0], m_docs[1], split);
    split->addWidget(m_chart);

    auto *tablePanel = new QWidget(split);
    auto *column = new QVBoxLayout(tablePanel);
    column->setContentsMargins(4, 2, 4, 0);
    column->setSpacing(2);
    auto *top = new QHBoxLayout;
    m_tableCaption = new QLabel(tablePanel);
    m_tableCaption->setObjectName(QStringLiteral("tableCaption"));
    m_differencesOnly = new QCheckBox(tr("Only what differs"), tablePanel);
    m_differencesOnly->setToolTip(tr("Hide the figures that are equal in A and B (the notable "
                                     "differences always come first)"));
    m_differencesOnly->setFocusPolicy(Qt::NoFocus);
    top->addWidget(m_tableCaption, 1);
    top->addWidget(m_differencesOnly);
    column->addLayout(top);

    m_filter->setSourceModel(m_table);
    m_tableView = new QTableView(tablePanel);
    m_tableView->setObjectName(QStringLiteral("comparisonTable"));
    m_tableView->setModel(m_filter);
    m_tableView->setFocusPolicy(Qt::NoFocus);
    m_tableView->setSelectionMode(QAbstractItemView::NoSelection);
    m_tableView->verticalHeader()->hide();
    m_tableView->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 8);
    m_tableView->setAlternatingRowColors(true);
    // Metric names whole: a long one wraps onto a second line rather than being cut off (a
    // path without spaces is elided still; its tooltip has it whole).
    m_tableView->setWordWrap(true);
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setSectionResizeMode(ComparisonTableModel::Metric, QHeaderView::Stretch);
    // Fixed widths for the figures (a long text value is elided; its tooltip has it whole).
    const QFontMetrics fm = m_tableView->fontMetrics();
    const int figure = fm.horizontalAdvance(QStringLiteral("00000000.000")) + 12;
    header->resizeSection(ComparisonTableModel::ValueA, figure);
    header->resizeSection(ComparisonTableModel::ValueB, figure);
    header->resizeSection(ComparisonTableModel::Difference,
                          fm.horizontalAdvance(QStringLiteral("+0000.000 (+000.0%)")) + 12);
    m_filter->sort(0);
    column->addWidget(m_tableView, 1);
    connect(m_differencesOnly, &QCheckBox::toggled, m_filter,
            &ComparisonFilterModel::setDifferencesOnly);

    split->addWidget(tablePanel);
    split->setStretchFactor(0, 9);
    split->setStretchFactor(1, 11);
    split->setSizes({680, 860});
    split->setChildrenCollapsible(false);
    return split;
}

QString CompareWindow::labelA() const
{
    return QStringLiteral("A: ") + m_descriptions[0];
}

QString CompareWindow::labelB() const
{
    return QStringLiteral("B: ") + m_descriptions[1];
}

QString CompareWindow::timeText() const
{
    QString text = tr("t = %1 s of %2 s")
                       .arg(seconds(m_playback->now()))
                       .arg(static_cast<double>(m_playback->endTime()) / kSecond);
    if (!m_playback->inLockstep())
        text += QStringLiteral(" …");
    return text;
}

void CompareWindow::setSpeed(double speed)
{
    m_playback->setSpeed(speed);
    for (CanvasView *c : m_canvases)
        c->setSpeedHint(speed == LockstepPlayback::kMaxSpeed ? 100.0 : speed);
    const int i = static_cast<int>(Playback::speeds().indexOf(speed));
    if (i >= 0 && m_speed->currentIndex() != i)
        m_speed->setCurrentIndex(i);
}

void CompareWindow::onFrame()
{
    if (!m_chartTimer.isActive())
        m_chartTimer.start();
    updateControls();
    // Twice a second, or less often when the summaries are expensive (a long run's checks
    // read every database), so they never take more than a tenth of the wall time.
    const qint64 every = std::max<qint64>(kTableEveryMs, static_cast<qint64>(10 * m_tableMs));
    if (!m_playback->isPlaying() || m_tableClock.elapsed() >= every)
        refreshTable();
}

void CompareWindow::refreshTable()
{
    m_tableClock.restart();
    const SimTime upTo = std::min(m_docs[0]->frontierTime(), m_docs[1]->frontierTime());
    const bool final = m_docs[0]->frontierTime() >= m_docs[0]->endTime() &&
                       m_docs[1]->frontierTime() >= m_docs[1]->endTime();
    m_table->setRows(compareSummaries(m_docs[0]->run().summary(), m_docs[1]->run().summary()));
    fitDifferenceColumn();
    const int notable = m_table->notable(), differing = m_table->differing();
    QString state = final ? tr("Final figures") : tr("Figures at %1 s").arg(seconds(upTo));
    m_banner->setRows(m_table->rows(), m_docs[0]->scenario().expect, state);
    m_tableMs = static_cast<double>(m_tableClock.nsecsElapsed()) / 1e6;
    QString counts;
    if (differing == 0)
        counts = tr("A and B are identical");
    else
        counts = tr("%n differ", "", differing) +
                 (notable ? tr(", <span style='background:%1'>&nbsp;%2 notably&nbsp;</span>")
                                .arg(ComparisonTableModel::highlightColor().name())
                                .arg(notable)
                          : QString());
    m_tableCaption->setText(QStringLiteral("<b>%1</b> · %2 figures, %3")
                                .arg(state)
                                .arg(m_table->rowCount())
                                .arg(counts));
}

void CompareWindow::fitDifferenceColumn()
{
    // Grows only, so the column does not jump back and forth while the runs play.
    const QFontMetrics fm = m_tableView->fontMetrics();
    int widest = 0;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString text =
            m_table->data(m_table->index(row, ComparisonTableModel::Difference)).toString();
        widest = std::max(widest, fm.horizontalAdvance(text));
    }
    QHeaderView *header = m_tableView->horizontalHeader();
    const int needed = widest + 16;
    if (needed > header->sectionSize(ComparisonTableModel::Difference))
        header->resizeSection(ComparisonTableModel::Difference, needed);
}

void CompareWindow::updateControls()
{
    const bool playing = m_playback->isPlaying();
    m_playAction->setText(playing ? tr("Pause") : tr("Play"));
    m_playAction->setIcon(
        QIcon(playing ? QStringLiteral(":/icons/pause.svg") : QStringLiteral(":/icons/play.svg")));
    m_playAction->setToolTip((playing ? tr("Pause both runs") : tr("Play both runs")) +
                             tr(" (Space)"));
    m_timeLabel->setText(timeText());
    if (!m_scrubbing) {
        const QSignalBlocker block(m_scrubber);
        m_scrubber->setValue(
            static_cast<int>(m_playback->now() * kScrubberStepsPerSecond / kSecond));
    }
}

} // namespace dplab
