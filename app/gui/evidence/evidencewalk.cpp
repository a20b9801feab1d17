#include "app/gui/evidence/evidencewalk.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/panels/checkspanel.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/timeline/eventlistmodel.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"
#include "app/gui/timeline/timelinescrubber.h"

#include <QDockWidget>
#include <QEvent>
#include <QFontMetrics>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

namespace dplab {

namespace {

QString capitalized(const std::string &text)
{
    QString s = QString::fromStdString(text);
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

} // namespace

EvidenceWalk::EvidenceWalk(SimulationDocument *document, Views views, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_views(views)
    , m_banner(new QFrame)
    , m_label(new QLabel(m_banner))
    , m_backButton(new QPushButton(tr("◀"), m_banner))
    , m_nextButton(new QPushButton(tr("▶"), m_banner))
    , m_stopButton(new QPushButton(tr("Stop walking"), m_banner))
{
    // A row of its own above the canvas (as Follow's): it never covers a box. White on dark
    // blue, large and bold, for the back row.
    m_banner->setObjectName(QStringLiteral("evidenceBanner"));
    m_banner->setStyleSheet(QStringLiteral(
        "QFrame#evidenceBanner { background: #0b3d80; }"
        " QFrame#evidenceBanner QLabel { color: white; padding: 4px 6px; }"
        " QFrame#evidenceBanner QPushButton { background: white; color: #0b3d80;"
        " border: 1px solid white; border-radius: 3px; padding: 3px 10px; font-weight: bold; }"));
    QFont font = m_label->font();
    m_normalPoints = font.pointSizeF() * 1.2;
    font.setBold(true);
    m_label->setFont(font);
    m_banner->installEventFilter(this);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    auto *row = new QHBoxLayout(m_banner);
    row->setContentsMargins(6, 2, 6, 2);
    row->addWidget(m_label, 1);
    for (QPushButton *b : {m_backButton, m_nextButton, m_stopButton}) {
        b->setFocusPolicy(Qt::NoFocus); // the arrows and Escape stay the window's
        row->addWidget(b);
    }
    setPresentation(false);
    m_backButton->setToolTip(tr("The chain's previous event (Left)"));
    m_nextButton->setToolTip(tr("The chain's next event (Right)"));
    m_stopButton->setToolTip(tr("Stop walking the chain (Esc)"));
    connect(m_backButton, &QPushButton::clicked, this, &EvidenceWalk::previous);
    connect(m_nextButton, &QPushButton::clicked, this, &EvidenceWalk::next);
    connect(m_stopButton, &QPushButton::clicked, this, &EvidenceWalk::stop);
    m_banner->hide();

    connect(m_document, &SimulationDocument::worldReset, this, [this] {
        m_pending.reset();
        stop();
    });
    connect(m_document, &SimulationDocument::forked, this, &EvidenceWalk::stop);
    connect(m_document, &SimulationDocument::advanced, this, [this] {
        if (active() && !m_moving)
            updateBanner();
    });
    if (m_views.playback) {
        connect(m_views.playback, &Playback::pausedAtMark, this, [this] { m_pausedAtMark = true; });
        connect(m_views.playback, &Playback::playingChanged, this, [this](bool playing) {
            if (playing) {
                // Playing on leaves the chain; "Show why" plays to the end itself.
                if (!m_pending)
                    stop();
                return;
            }
            if (m_pending)
                QTimer::singleShot(0, this, &EvidenceWalk::finishPending);
        });
    }
    // Following something else ends the walk (and so Escape has one action to trigger).
    if (m_views.follow)
        connect(m_views.follow, &FollowController::started, this, &EvidenceWalk::stop);
}

std::vector<std::uint64_t> EvidenceWalk::eventIds() const
{
    std::vector<std::uint64_t> ids;
    if (m_evidence)
        for (const EvidenceStep &s : m_evidence->steps)
            ids.push_back(s.event);
    return ids;
}

const CheckResult *EvidenceWalk::judgedCheck(const QString &checkId, bool *runs)
{
    *runs = false;
    if (!m_document->hasRun())
        return nullptr;
    // Judged at the end, at the present: come back to it if the run has been there.
    if (!m_document->checksJudged() && m_document->frontierTime() >= m_document->endTime())
        m_document->goToPresent();
    const std::vector<CheckResult> &checks = m_document->judgedChecks();
    *runs = !checks.empty();
    const std::string id = checkId.toStdString();
    for (const CheckResult &c : checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

bool EvidenceWalk::walk(const QString &checkId, int chain, int step)
{
    bool judged = false;
    const CheckResult *check = judgedCheck(checkId, &judged);
    if (!check || chain < 0 || chain >= static_cast<int>(check->evidence.size()))
        return false;
    const Evidence &e = check->evidence[static_cast<std::size_t>(chain)];
    if (e.steps.empty())
        return false;
    if (m_views.playback)
        m_views.playback->pause();
    if (m_views.follow)
        m_views.follow->stop();
    m_pending.reset();
    const bool was = active();
    m_evidence = e;
    m_checkId = checkId;
    m_chain = chain;
    const std::vector<std::uint64_t> ids = eventIds();
    setMarks(ids);
    m_followed.followEvents(m_document->trace(), ids);
    if (m_views.canvas)
        m_views.canvas->canvasScene()->setFollowed(&m_followed);
    goTo(std::clamp(step < 0 ? 0 : step, 0, static_cast<int>(e.steps.size()) - 1));
    m_banner->show();
    if (!was)
        emit walkingChanged(true);
    return true;
}

QString EvidenceWalk::showWhy(const QString &checkId, const QString &entity)
{
    if (!m_document->hasRun())
        return tr("No scenario is open.");
    bool judged = false;
    const CheckResult *check = judgedCheck(checkId, &judged);
    if (!judged) {
        // Evidence is found at the end of the run: play there as fast as possible first.
        if (!m_views.playback)
            return tr("The run has not reached its end.");
        m_pending = Pending{checkId, entity};
        m_pausedAtMark = false;
        m_document->goToPresent();
        m_views.playback->runUntil(m_document->endTime());
        return {};
    }
    if (!check)
        return tr("This run has no check %1.").arg(checkId);
    if (check->ok)
        return tr("The check %1 passed in this run: nothing to show.").arg(checkId);
    if (check->evidence.empty())
        return tr("The check %1 failed, but no chain of events proves it here.").arg(checkId);
    int chain = 0;
    for (std::size_t i = 0; i < check->evidence.size(); ++i)
        if (!entity.isEmpty() && QString::fromStdString(check->evidence[i].entity) == entity) {
            chain = static_cast<int>(i);
            break;
        }
    walk(checkId, chain, 0);
    return {};
}

void EvidenceWalk::finishPending()
{
    if (!m_pending || (m_views.playback && m_views.playback->isPlaying()))
        return;
    const Pending pending = *m_pending;
    if (m_document->frontierTime() < m_document->endTime()) {
        // A lesson's pause on the way is not the end: play on past it. The user's pause is.
        if (m_pausedAtMark && m_views.playback) {
            m_pausedAtMark = false;
            m_views.playback->runUntil(m_document->endTime());
        } else {
            m_pending.reset();
        }
        return;
    }
    m_pending.reset();
    showWhy(pending.check, pending.entity);
}

bool EvidenceWalk::next()
{
    if (!active() || m_step + 1 >= stepCount())
        return false;
    goTo(m_step + 1);
    return true;
}

bool EvidenceWalk::previous()
{
    if (!active() || m_step <= 0)
        return false;
    goTo(m_step - 1);
    return true;
}

void EvidenceWalk::stop()
{
    m_pending.reset();
    if (!active())
        return;
    m_evidence.reset();
    m_checkId.clear();
    m_chain = -1;
    m_step = 0;
    m_followed.clear();
    setMarks({});
    if (m_views.canvas) {
        m_views.canvas->canvasScene()->setFollowed(m_views.follow ? &m_views.follow->followed()
                                                                  : nullptr);
        m_views.canvas->refresh();
    }
    if (m_views.inspector)
        m_views.inspector->showTable();
    if (m_views.checks)
        m_views.checks->showWalkedStep({}, -1, -1);
    m_banner->hide();
    emit walkingChanged(false);
}

void EvidenceWalk::setMarks(const std::vector<std::uint64_t> &ids)
{
    if (m_views.timeline) {
        m_views.timeline->model()->setHighlighted(ids);
        std::vector<SimTime> times;
        for (std::uint64_t id : ids)
            if (const TraceEvent *e = m_document->trace().byId(id))
                times.push_back(e->time);
        m_views.timeline->scrubber()->setEvidenceTimes(std::move(times));
    }
    if (m_views.sequence)
        m_views.sequence->setHighlighted(ids);
}

void EvidenceWalk::goTo(int step)
{
    m_step = step;
    const std::uint64_t id = m_evidence->steps[static_cast<std::size_t>(step)].event;
    // The event's own position (ids are positions in a whole trace): the playhead right
    // after it, as "Go to time" shows an event.
    if (m_document->trace().byId(id)) {
        m_moving = true;
        if (m_views.playback)
            m_views.playback->pause();
        m_document->seek(static_cast<std::size_t>(id));
        m_moving = false;
    }
    showRowOf(step);
    if (m_views.checks)
        m_views.checks->showWalkedStep(m_checkId, m_chain, step);
    if (m_views.canvas)
        m_views.canvas->refresh();
    updateBanner();
}

void EvidenceWalk::showRowOf(int step)
{
    if (!m_views.inspector || m_evidence->rows.empty())
        return;
    const std::uint64_t id = m_evidence->steps[static_cast<std::size_t>(step)].event;
    const std::vector<EvidenceRow> &rows = m_evidence->rows;
    // The row named as of this step's event; at the last step, one named as it is at the end
    // (the read side that stayed old, read at the playhead); else one of the service the
    // event happens at; else the chain's first.
    const EvidenceRow *row = nullptr;
    for (const EvidenceRow &r : rows)
        if (r.asOfEvent == id) {
            row = &r;
            break;
        }
    if (!row && step + 1 == stepCount())
        for (const EvidenceRow &r : rows)
            if (r.asOfEvent == 0) {
                row = &r;
                break;
            }
    if (!row)
        if (const TraceEvent *e = m_document->trace().byId(id)) {
            const NameTable &names = m_document->world().names();
            for (const EvidenceRow &r : rows)
                if ((e->from >= 0 && names.endpoint(e->from) == r.service) ||
                    (e->to >= 0 && names.endpoint(e->to) == r.service)) {
                    row = &r;
                    break;
                }
        }
    if (!row)
        row = &rows.front();
    showRow(static_cast<int>(row - rows.data()));
}

void EvidenceWalk::showRow(int index)
{
    if (!active() || !m_views.inspector || index < 0 ||
        index >= static_cast<int>(m_evidence->rows.size()))
        return;
    const EvidenceRow *row = &m_evidence->rows[static_cast<std::size_t>(index)];
    const int service = m_document->world().serviceIndex(row->service);
    if (service < 0)
        return;
    m_views.inspector->showRow(service, QString::fromStdString(row->table),
                               QString::fromStdString(row->key));
    if (m_views.inspectorDock && m_views.raise) {
        m_views.raise(m_views.inspectorDock);
    } else if (m_views.inspectorDock) {
        m_views.inspectorDock->show();
        m_views.inspectorDock->raise();
    }
}

void EvidenceWalk::updateBanner()
{
    if (!active())
        return;
    const EvidenceStep &s = m_evidence->steps[static_cast<std::size_t>(m_step)];
    QString text =
        tr("%1 · %2 · step %3 of %4: %5")
            .arg(capitalized(m_evidence->cls), QString::fromStdString(m_evidence->entity))
            .arg(m_step + 1)
            .arg(stepCount())
            .arg(QString::fromStdString(s.says));
    if (m_document->playhead() != static_cast<std::size_t>(s.event))
        text += tr("  (the playhead has left it: Right goes on from here)");
    if (m_bannerFull != text) {
        m_bannerFull = text;
        fitBanner();
    }
    m_label->setToolTip(text + QStringLiteral("\n\n") +
                        QString::fromStdString(m_evidence->explanation));
    m_backButton->setEnabled(m_step > 0);
    m_nextButton->setEnabled(m_step + 1 < stepCount());
}

void EvidenceWalk::setPresentation(bool on)
{
    // 16 points on a projector: the back row reads it (the caption above is larger still).
    m_bannerPoints = on ? 16.0 : m_normalPoints;
    QFont font = m_label->font();
    font.setPointSizeF(m_bannerPoints);
    m_label->setFont(font);
    for (QPushButton *b : {m_backButton, m_nextButton, m_stopButton})
        b->setFont(font);
    // A fixed height: two lines of the largest type, padding and margins.
    m_banner->setFixedHeight(QFontMetrics(font).lineSpacing() * kBannerLines + 8 + 4 + 2);
    fitBanner();
}

void EvidenceWalk::fitBanner()
{
    // The label's box less its padding (6 px a side, 4 above and below) and the row's margins.
    const int width = m_label->width() - 12;
    if (width <= 0) { // not laid out yet: fitted again when shown
        m_label->setText(m_bannerFull);
        return;
    }
    const int room = m_banner->height() - 4 - 8;
    QFont f = m_label->font();
    bool fits = false;
    for (double scale = 1.0; scale >= 0.7 && !fits; scale -= 0.05) {
        f.setPointSizeF(m_bannerPoints * scale);
        fits = QFontMetrics(f)
                   .boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap, m_bannerFull)
                   .height() <= room;
    }
    if (f != m_label->font())
        m_label->setFont(f);
    // Longer still: cut at the end of its second line (the tooltip has it all).
    const QString shown =
        fits ? m_bannerFull
             : QFontMetrics(f).elidedText(m_bannerFull, Qt::ElideRight, width * kBannerLines - 60);
    if (m_label->text() != shown)
        m_label->setText(shown);
}

bool EvidenceWalk::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_banner && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        QTimer::singleShot(0, this, &EvidenceWalk::fitBanner);
    return QObject::eventFilter(watched, event);
}

QString EvidenceWalk::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_bannerFull;
}

} // namespace dplab
