#include "app/gui/classroom/captiondirector.h"

#include "app/gui/charts/chartspanel.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/panels/checkspanel.h"
#include "app/gui/panels/explainerpane.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/simulationdocument.h"

#include <QDockWidget>

namespace dplab {

CaptionDirector::CaptionDirector(SimulationDocument *document, Views views, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_views(std::move(views))
{}

void CaptionDirector::reset()
{
    m_index = -2;
    if (!m_views.explainer || m_document->loadGeneration() == m_lesson)
        return;
    m_lesson = m_document->loadGeneration();
    const Scenario &s = m_document->scenario();
    QString key;
    for (const NarrativeSpec &n : s.narrative)
        if (!n.explain.empty()) {
            key = QString::fromStdString(n.explain);
            break;
        }
    const QStringList explained = PatternsPanel::keys();
    for (const auto &sw : s.patterns.switches()) {
        if (!key.isEmpty())
            break;
        if (explained.contains(QString::fromStdString(sw.key)))
            key = QString::fromStdString(sw.key);
    }
    if (!key.isEmpty())
        m_views.explainer->showPattern(key);
}

void CaptionDirector::raiseDock(QDockWidget *dock)
{
    if (m_views.raise) {
        m_views.raise(dock);
    } else if (dock) {
        dock->show();
        dock->raise();
    }
}

void CaptionDirector::show(int index)
{
    if (index == m_index)
        return;
    const bool forward = index > m_index;
    m_index = index;
    const auto &narrative = m_document->scenario().narrative;
    if (index < 0 || index >= static_cast<int>(narrative.size()))
        return;
    const NarrativeSpec &n = narrative[static_cast<std::size_t>(index)];
    if (!n.chart.empty() && m_views.charts) {
        m_views.charts->showSeries(QString::fromStdString(n.chart));
        raiseDock(m_views.chartsDock);
    }
    if (!n.select.empty() && m_views.inspector && m_document->hasRun()) {
        const std::int16_t service = m_document->world().serviceIndex(n.select);
        if (service >= 0)
            m_views.inspector->selectService(service);
        raiseDock(m_views.inspectorDock);
    }
    if (!n.table.empty() && m_views.inspector) {
        m_views.inspector->selectTable(QString::fromStdString(n.table));
        raiseDock(m_views.inspectorDock);
    }
    if (!n.figure.empty() && m_views.checks) {
        // Raised first, so the dock measures the figures it is asked to mark.
        raiseDock(m_views.checksDock);
        m_views.checks->highlightFigure(QString::fromStdString(n.figure));
    }
    if (!n.evidence.empty() && n.figure.empty() && m_views.checks) {
        // The check whose chains "Show why" walks, marked where its chains are listed.
        raiseDock(m_views.checksDock);
        m_views.checks->highlightFigure(QString::fromStdString(n.evidence));
    }
    if (!n.explain.empty() && m_views.explainer) {
        m_views.explainer->showPattern(QString::fromStdString(n.explain));
        // Beside the inspector: a caption that also opens a table keeps the table in front.
        if (n.table.empty() && n.select.empty())
            raiseDock(m_views.explainerDock);
    }
    // Only on the way forward: scrubbing back over a caption leaves the speed and what is
    // followed alone.
    if (n.speed && forward && m_views.setSpeed)
        m_views.setSpeed(*n.speed);
    if (!n.follow.empty() && forward && m_views.follow)
        m_views.follow->followNamed(QString::fromStdString(n.follow));
}

} // namespace dplab
