#include "app/gui/timeline/timelinedock.h"

#include "app/gui/classroom/presenterkeys.h"
#include "app/gui/timeline/eventlistmodel.h"
#include "app/gui/timeline/timelinescrubber.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace dplab {

namespace {

/// Kinds offered first in the menu, grouped the way a lesson talks about them.
constexpr TraceKind kMessageKinds[] = {TraceKind::Request, TraceKind::Send,     TraceKind::Deliver,
                                       TraceKind::Reply,   TraceKind::Complete, TraceKind::Publish,
                                       TraceKind::Ack};
constexpr TraceKind kTroubleKinds[] = {
    TraceKind::Drop,    TraceKind::Timeout,    TraceKind::Retry,
    TraceKind::Failure, TraceKind::FaultStart, TraceKind::FaultEnd,
    TraceKind::Crash,   TraceKind::Restart,    TraceKind::StaleRead};

} // namespace

TimelineDock::TimelineDock(QWidget *parent)
    : QWidget(parent)
{
    qRegisterMetaType<dplab::RunUntilCondition>();
    QFont f = font();
    f.setPointSizeF(std::max(11.0, f.pointSizeF()));
    setFont(f);

    m_model = new EventListModel(this);
    m_scrubber = new TimelineScrubber(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform row heights: the header never measures a million rows.
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *h = m_view->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setStretchLastSection(true);
    const int digit = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_view->setColumnWidth(EventListModel::NumberColumn, digit * 9);
    m_view->setColumnWidth(EventListModel::TimeColumn, digit * 12);
    m_view->setColumnWidth(EventListModel::KindColumn, digit * 13);
    m_view->setColumnWidth(EventListModel::RouteColumn, digit * 26);
    m_view->setColumnWidth(EventListModel::KeyColumn, digit * 7);
    m_view->setColumnWidth(EventListModel::MessageColumn, digit * 20);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addWidget(buildControls());
    layout->addWidget(m_scrubber);
    layout->addWidget(buildFilterBar());
    layout->addWidget(m_view, 1);

    connect(m_scrubber, &TimelineScrubber::timeRequested, this, &TimelineDock::seekTimeRequested);
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            emit seekRequested(m_model->positionForRow(index.row()));
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            emit seekRequested(m_model->positionForRow(index.row()));
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (m_autoScrolling)
            return;
        // The user scrolled: keep following only while the playhead's row stays in sight.
        const int row = m_model->rowForPosition(m_playhead);
        const int top = m_view->rowAt(0);
        const int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
        m_follow = row < 0 || (row >= top && (bottom < 0 || row <= bottom));
        m_followBox->setChecked(m_follow);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TimelineDock::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TimelineDock::updateCount);
    updateCount();
}

TimelineDock::~TimelineDock() = default;

QWidget *TimelineDock::buildControls()
{
    // Two short rows rather than one long one: the dock must fit beside the charts on a
    // 1280-pixel projector.
    auto *bar = new QWidget(this);
    auto *rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(4);
    auto *row = new QHBoxLayout;
    auto *row2 = new QHBoxLayout;
    rows->addLayout(row);
    rows->addLayout(row2);

    auto *back = new QToolButton(bar);
    back->setText(tr("◀ Step back"));
    back->setToolTip(tr("Undo the last event"));
    auto *forward = new QToolButton(bar);
    forward->setText(tr("Step forward ▶"));
    forward->setToolTip(tr("Apply the next event"));
    connect(back, &QToolButton::clicked, this, &TimelineDock::stepBackRequested);
    connect(forward, &QToolButton::clicked, this, &TimelineDock::stepForwardRequested);
    row->addWidget(back);
    row->addWidget(forward);
    row->addSpacing(12);

    row->addWidget(new QLabel(tr("Go to time:"), bar));
    m_timeEdit = new QLineEdit(bar);
    m_timeEdit->setObjectName("goToTime");
    m_timeEdit->setPlaceholderText(tr("e.g. 1.5s"));
    // Enter goes there and gives the presenter's keys back (PresenterKeys).
    m_timeEdit->setProperty(PresenterKeys::kGiveBackOnEnter, true);
    m_timeEdit->setToolTip(tr("A time such as 250ms, 1.5s or 2min (a bare number is in ms)"));
    m_timeEdit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 12);
    connect(m_timeEdit, &QLineEdit::returnPressed, this, &TimelineDock::goToTime);
    row->addWidget(m_timeEdit);
    row->addStretch(1);

    m_untilCombo = new QComboBox(bar);
    for (auto k : {RunUntilCondition::Kind::Time, RunUntilCondition::Kind::EventNumber,
                   RunUntilCondition::Kind::Drop, RunUntilCondition::Kind::Compensation,
                   RunUntilCondition::Kind::Fault, RunUntilCondition::Kind::StaleRead})
        m_untilCombo->addItem(QString::fromLatin1(runUntilKindName(k)), static_cast<int>(k));
    m_untilEdit = new QLineEdit(bar);
    m_untilEdit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 12);
    auto *run = new QPushButton(tr("Run until"), bar);
    run->setToolTip(tr("Run forward until the condition holds"));
    const auto updateUntil = [this] {
        const auto k = static_cast<RunUntilCondition::Kind>(m_untilCombo->currentData().toInt());
        const bool needsValue =
            k == RunUntilCondition::Kind::Time || k == RunUntilCondition::Kind::EventNumber;
        m_untilEdit->setEnabled(needsValue);
        m_untilEdit->setPlaceholderText(k == RunUntilCondition::Kind::Time ? tr("e.g. 2s")
                                        : needsValue                       ? tr("event #")
                                                                           : QString());
    };
    connect(m_untilCombo, &QComboBox::currentIndexChanged, this, updateUntil);
    updateUntil();
    connect(run, &QPushButton::clicked, this, &TimelineDock::runUntil);
    connect(m_untilEdit, &QLineEdit::returnPressed, this, &TimelineDock::runUntil);
    row2->addWidget(run);
    row2->addWidget(m_untilCombo);
    row2->addWidget(m_untilEdit);
    row2->addSpacing(12);

    auto *mark = new QToolButton(bar);
    mark->setText(tr("Bookmark"));
    mark->setToolTip(tr("Name this moment, to come back to it"));
    connect(mark, &QToolButton::clicked, this, &TimelineDock::askBookmark);
    auto *list = new QToolButton(bar);
    list->setText(tr("Bookmarks"));
    list->setPopupMode(QToolButton::InstantPopup);
    m_bookmarkMenu = new QMenu(list);
    list->setMenu(m_bookmarkMenu);
    row->addWidget(mark);
    row->addWidget(list);
    updateBookmarkMenu();
    row2->addStretch(1);

    m_followBox = new QCheckBox(tr("Follow playhead"), bar);
    m_followBox->setChecked(true);
    connect(m_followBox, &QCheckBox::toggled, this, [this](bool on) {
        m_follow = on;
        if (on)
            followPlayhead();
    });
    row2->addWidget(m_followBox);
    return bar;
}

QWidget *TimelineDock::buildFilterBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);

    m_kindsButton = new QToolButton(bar);
    m_kindsButton->setText(tr("Kinds: all"));
    m_kindsButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_kindsButton);
    auto *all = menu->addAction(tr("Show all kinds"));
    auto *messages = menu->addAction(tr("Only messages"));
    auto *trouble = menu->addAction(tr("Only losses, failures and faults"));
    menu->addSeparator();
    const auto addKind = [&](TraceKind k) {
        QAction *a = menu->addAction(QString::fromLatin1(traceKindName(k)));
        a->setCheckable(true);
        a->setChecked(true);
        a->setData(static_cast<int>(k));
        connect(a, &QAction::toggled, this, &TimelineDock::applyFilter);
        m_kindActions.append(a);
    };
    std::vector<bool> listed(static_cast<std::size_t>(TraceKind::Count_));
    for (TraceKind k : kMessageKinds) {
        addKind(k);
        listed[static_cast<std::size_t>(k)] = true;
    }
    menu->addSeparator();
    for (TraceKind k : kTroubleKinds) {
        addKind(k);
        listed[static_cast<std::size_t>(k)] = true;
    }
    menu->addSeparator();
    for (int i = 0; i < static_cast<int>(TraceKind::Count_); ++i)
        if (!listed[static_cast<std::size_t>(i)])
            addKind(static_cast<TraceKind>(i));
    const auto checkOnly = [this](const std::vector<TraceKind> &kinds) {
        for (QAction *a : std::as_const(m_kindActions)) {
            const auto k = static_cast<TraceKind>(a->data().toInt());
            const bool on = std::find(kinds.begin(), kinds.end(), k) != kinds.end();
            const QSignalBlocker block(a);
            a->setChecked(on);
        }
        applyFilter();
    };
    connect(all, &QAction::triggered, this, [this] {
        for (QAction *a : std::as_const(m_kindActions)) {
            const QSignalBlocker block(a);
            a->setChecked(true);
        }
        applyFilter();
    });
    connect(messages, &QAction::triggered, this, [=] {
        checkOnly({std::begin(kMessageKinds), std::end(kMessageKinds)});
    });
    connect(trouble, &QAction::triggered, this, [=] {
        checkOnly({std::begin(kTroubleKinds), std::end(kTroubleKinds)});
    });
    m_kindsButton->setMenu(menu);
    // Ticking several kinds in a row should not need the menu reopened after each one.
    menu->installEventFilter(this);
    m_kindsMenu = menu;
    row->addWidget(m_kindsButton);

    m_serviceCombo = new QComboBox(bar);
    m_serviceCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_serviceCombo->setMinimumContentsLength(12);
    m_serviceCombo->setToolTip(tr("Only events sent or received by this endpoint"));
    connect(m_serviceCombo, &QComboBox::currentIndexChanged, this, &TimelineDock::applyFilter);
    row->addWidget(m_serviceCombo);

    m_keyEdit = new QLineEdit(bar);
    m_keyEdit->setPlaceholderText(tr("entity key"));
    m_keyEdit->setToolTip(tr("Only events about this entity (order, customer, product id)"));
    m_keyEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("-?\\d{0,18}")), m_keyEdit));
    m_keyEdit->setClearButtonEnabled(true);
    m_keyEdit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 14);
    m_keyEdit->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 9);
    connect(m_keyEdit, &QLineEdit::textChanged, this, &TimelineDock::applyFilter);
    row->addWidget(m_keyEdit);
    row->addSpacing(12);

    m_searchEdit = new QLineEdit(bar);
    m_searchEdit->setPlaceholderText(tr("find #message or key"));
    m_searchEdit->setToolTip(tr("\"#123\" finds message 123; \"key 42\" or \"42\" finds entity 42."
                                " Enter: next match."));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 12);
    connect(m_searchEdit, &QLineEdit::returnPressed, this, [this] { search(true); });
    connect(m_searchEdit, &QLineEdit::textChanged, this,
            [this] { m_searchEdit->setStyleSheet(QString()); });
    auto *prev = new QToolButton(bar);
    prev->setText(tr("▲"));
    prev->setToolTip(tr("Previous match"));
    auto *next = new QToolButton(bar);
    next->setText(tr("▼"));
    next->setToolTip(tr("Next match"));
    connect(prev, &QToolButton::clicked, this, [this] { search(false); });
    connect(next, &QToolButton::clicked, this, [this] { search(true); });
    row->addWidget(m_searchEdit);
    row->addWidget(prev);
    row->addWidget(next);
    m_countLabel = new QLabel(bar);
    // Shown in full when there is room; it never makes the dock wider than a projector allows.
    m_countLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row->addWidget(m_countLabel, 1);
    rebuildServiceCombo();
    return bar;
}

void TimelineDock::rebuildServiceCombo()
{
    const QSignalBlocker block(m_serviceCombo);
    const QVariant current = m_serviceCombo->currentData();
    m_serviceCombo->clear();
    m_serviceCombo->addItem(tr("All endpoints"), QVariant());
    m_serviceCombo->addItem(tr("client"), static_cast<int>(kClientEndpoint));
    if (m_names)
        for (std::size_t i = 0; i < m_names->services.size(); ++i)
            m_serviceCombo->addItem(QString::fromStdString(m_names->services[i]),
                                    static_cast<int>(i));
    m_serviceCombo->addItem(tr("bus"), static_cast<int>(kBusEndpoint));
    const int at = current.isValid() ? m_serviceCombo->findData(current) : 0;
    m_serviceCombo->setCurrentIndex(std::max(0, at));
}

void TimelineDock::applyFilter()
{
    EventFilter filter;
    filter.kinds = 0;
    int on = 0;
    for (QAction *a : std::as_const(m_kindActions))
        if (a->isChecked()) {
            filter.kinds |= EventFilter::bit(static_cast<TraceKind>(a->data().toInt()));
            ++on;
        }
    m_kindsButton->setText(on == m_kindActions.size()
                               ? tr("Kinds: all")
                               : tr("Kinds: %1 of %2").arg(on).arg(m_kindActions.size()));
    const QVariant endpoint = m_serviceCombo->currentData();
    if (endpoint.isValid())
        filter.endpoint = static_cast<std::int16_t>(endpoint.toInt());
    bool ok = false;
    const qlonglong key = m_keyEdit->text().toLongLong(&ok);
    if (ok)
        filter.key = key;
    // A new filter resets the list (and its scroll bar): that is not the user scrolling away.
    m_autoScrolling = true;
    m_model->setFilter(filter);
    m_autoScrolling = false;
    m_model->setPlayhead(m_playhead);
    followPlayhead();
}

void TimelineDock::search(bool forward)
{
    const auto query = EventSearch::parse(m_searchEdit->text());
    if (!query) {
        m_searchEdit->setStyleSheet(QStringLiteral("background: #fde2e1"));
        return;
    }
    int from = m_view->currentIndex().isValid() ? m_view->currentIndex().row()
                                                : m_model->rowForPosition(m_playhead);
    if (from < 0 && !forward)
        from = 0;
    const int row = m_model->findRow(*query, from, forward);
    if (row < 0) {
        m_searchEdit->setStyleSheet(QStringLiteral("background: #fde2e1"));
        m_countLabel->setText(tr("no match"));
        return;
    }
    m_searchEdit->setStyleSheet(QString());
    m_follow = false;
    m_followBox->setChecked(false);
    m_autoScrolling = true;
    m_view->setCurrentIndex(m_model->index(row, EventListModel::SummaryColumn));
    m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    m_autoScrolling = false;
    updateCount();
}

void TimelineDock::setTrace(const TraceLog *trace, const NameTable *names, SimTime endTime)
{
    m_trace = trace;
    m_names = names;
    m_end = endTime;
    m_playhead = 0;
    m_frontier = 0;
    m_faultsScanned = 0;
    m_faults.clear();
    m_openFaults.clear();
    rebuildServiceCombo();
    m_autoScrolling = true;
    m_model->setTrace(trace, names);
    m_autoScrolling = false;
    m_model->setPlayhead(0);
    m_scrubber->setEndTime(endTime);
    m_scrubber->setPlayheadTime(0);
    m_scrubber->setFrontierTime(0);
    m_follow = true;
    m_followBox->setChecked(true);
    scanFaults();
    updateScrubberMarks();
    applyFilter();
}

void TimelineDock::reset()
{
    setTrace(nullptr, nullptr, m_end);
}

SimTime TimelineDock::timeOf(std::size_t pos) const
{
    if (!m_trace || pos == 0 || m_trace->empty())
        return 0;
    return (*m_trace)[std::min(pos, m_trace->size()) - 1].time;
}

void TimelineDock::setPlayhead(std::size_t pos)
{
    m_playhead = pos;
    m_model->setPlayhead(pos);
    m_scrubber->setPlayheadTime(timeOf(pos));
    followPlayhead();
}

void TimelineDock::setFrontier(std::size_t pos)
{
    m_frontier = pos;
    m_scrubber->setFrontierTime(timeOf(pos));
}

void TimelineDock::traceGrew()
{
    m_autoScrolling = true;
    m_model->traceGrew();
    m_autoScrolling = false;
    if (m_trace && m_trace->size() < m_faultsScanned) {
        m_faultsScanned = 0;
        m_faults.clear();
        m_openFaults.clear();
    }
    const std::size_t before = m_faults.size();
    scanFaults();
    if (m_faults.size() != before)
        updateScrubberMarks();
    if (m_names && m_serviceCombo->count() != static_cast<int>(m_names->services.size()) + 3)
        rebuildServiceCombo();
}

void TimelineDock::scanFaults()
{
    if (!m_trace)
        return;
    bool changed = false;
    for (; m_faultsScanned < m_trace->size(); ++m_faultsScanned) {
        const TraceEvent &e = (*m_trace)[m_faultsScanned];
        if (e.kind == TraceKind::FaultStart) {
            const QString text = m_names && e.text < m_names->texts.size()
                                     ? QString::fromStdString(m_names->texts[e.text])
                                     : QString();
            m_openFaults[e.value] = m_faults.size();
            m_faults.push_back({e.time, kSimTimeMax, text});
            changed = true;
        } else if (e.kind == TraceKind::FaultEnd) {
            const auto it = m_openFaults.find(e.value);
            if (it != m_openFaults.end()) {
                m_faults[it->second].end = e.time;
                m_openFaults.erase(it);
                changed = true;
            }
        }
    }
    if (changed)
        updateScrubberMarks();
}

void TimelineDock::updateScrubberMarks()
{
    std::vector<TimelineScrubber::Interval> intervals;
    for (const Fault &f : m_faults)
        intervals.push_back({f.start, f.end, f.text});
    m_scrubber->setIntervals(std::move(intervals));
    std::vector<TimelineScrubber::Tick> ticks;
    for (const TimelineBookmark &b : std::as_const(m_bookmarks))
        ticks.push_back({b.time, b.name});
    m_scrubber->setTicks(std::move(ticks));
}

void TimelineDock::followPlayhead()
{
    if (!m_follow)
        return;
    const int row = m_model->rowForPosition(m_playhead);
    if (row < 0)
        return;
    // Playing forward the row walks down to the bottom edge and the list scrolls with it; a jump
    // far away puts the row in the middle, with its context above and below.
    const int top = m_view->rowAt(0);
    const int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
    const int page = bottom >= top && top >= 0 ? bottom - top + 1 : 1;
    const bool near = top >= 0 && row >= top - 2 && (bottom < 0 || row <= bottom + page / 4);
    m_autoScrolling = true;
    m_view->scrollTo(m_model->index(row, 0),
                     near ? QAbstractItemView::EnsureVisible : QAbstractItemView::PositionAtCenter);
    m_autoScrolling = false;
}

void TimelineDock::updateCount()
{
    const QLocale locale;
    const qsizetype total = m_trace ? static_cast<qsizetype>(m_trace->size()) : 0;
    m_countLabel->setText(tr("%1 of %2 events")
                              .arg(locale.toString(static_cast<qlonglong>(m_model->rowCount())),
                                   locale.toString(static_cast<qlonglong>(total))));
}

void TimelineDock::goToTime()
{
    std::string error;
    const auto t = parseDuration(m_timeEdit->text().trimmed().toStdString(), &error);
    m_timeEdit->setProperty(PresenterKeys::kInputRejected, !t || *t < 0);
    if (!t || *t < 0) {
        m_timeEdit->setStyleSheet(QStringLiteral("background: #fde2e1"));
        m_timeEdit->setToolTip(QString::fromStdString(error));
        return;
    }
    m_timeEdit->setStyleSheet(QString());
    emit seekTimeRequested(*t);
}

void TimelineDock::runUntil()
{
    RunUntilCondition c;
    c.kind = static_cast<RunUntilCondition::Kind>(m_untilCombo->currentData().toInt());
    const QString text = m_untilEdit->text().trimmed();
    bool ok = true;
    if (c.kind == RunUntilCondition::Kind::Time) {
        const auto t = parseDuration(text.toStdString());
        ok = t.has_value() && *t >= 0;
        c.time = t.value_or(0);
    } else if (c.kind == RunUntilCondition::Kind::EventNumber) {
        QString n = text;
        if (n.startsWith(QLatin1Char('#')))
            n.remove(0, 1);
        c.eventNumber = n.toULongLong(&ok);
        ok = ok && c.eventNumber > 0;
    }
    m_untilEdit->setStyleSheet(ok ? QString() : QStringLiteral("background: #fde2e1"));
    if (ok)
        emit runUntilRequested(c);
}

void TimelineDock::askBookmark()
{
    const QString suggested = tr("t = %1 s").arg(toSeconds(timeOf(m_playhead)), 0, 'f', 3);
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Bookmark"), tr("Name of this moment:"),
                                               QLineEdit::Normal, suggested, &ok);
    if (ok)
        addBookmark(name.trimmed().isEmpty() ? suggested : name.trimmed());
}

void TimelineDock::addBookmark(const QString &name)
{
    TimelineBookmark b{name, m_playhead, timeOf(m_playhead)};
    const auto at =
        std::upper_bound(m_bookmarks.begin(), m_bookmarks.end(), b,
                         [](const auto &x, const auto &y) { return x.position < y.position; });
    m_bookmarks.insert(at, b);
    updateBookmarkMenu();
    updateScrubberMarks();
    emit bookmarksChanged();
}

void TimelineDock::setBookmarks(const QList<TimelineBookmark> &bookmarks)
{
    m_bookmarks = bookmarks;
    std::stable_sort(m_bookmarks.begin(), m_bookmarks.end(),
                     [](const auto &x, const auto &y) { return x.position < y.position; });
    updateBookmarkMenu();
    updateScrubberMarks();
    emit bookmarksChanged();
}

void TimelineDock::updateBookmarkMenu()
{
    m_bookmarkMenu->clear();
    if (m_bookmarks.isEmpty()) {
        m_bookmarkMenu->addAction(tr("(no bookmarks yet)"))->setEnabled(false);
        return;
    }
    for (const TimelineBookmark &b : std::as_const(m_bookmarks)) {
        const std::size_t pos = b.position;
        QAction *a = m_bookmarkMenu->addAction(
            tr("%1  (%2 s, event %3)").arg(b.name).arg(toSeconds(b.time), 0, 'f', 3).arg(pos));
        connect(a, &QAction::triggered, this, [this, pos] { emit seekRequested(pos); });
    }
    m_bookmarkMenu->addSeparator();
    connect(m_bookmarkMenu->addAction(tr("Remove all bookmarks")), &QAction::triggered, this,
            [this] { setBookmarks({}); });
}

bool TimelineDock::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_kindsMenu && event->type() == QEvent::MouseButtonRelease) {
        auto *e = static_cast<QMouseEvent *>(event);
        QAction *a = m_kindsMenu->actionAt(e->position().toPoint());
        if (a && a->isCheckable()) {
            a->toggle();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace dplab
