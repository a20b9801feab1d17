#pragma once

#include <QObject>
#include <QSize>
#include <QString>

class QMenu;
class QWidget;

namespace dplab {

struct AnimationSpec;
class CanvasView;
class SequenceView;
class SimulationDocument;

/**
 * File > Export beside the charts: the trace as JSON Lines, a Mermaid sequence diagram of the
 * window the sequence view shows, a Chrome trace (Perfetto) and the canvas as a PNG. Every file
 * is written atomically (QSaveFile); an animation of the canvas (MP4, GIF) too; errors reach the
 * user through `error`.
 */
class ExportActions : public QObject
{
    Q_OBJECT

public:
    ExportActions(SimulationDocument *document, CanvasView *canvas, SequenceView *sequence,
                  QWidget *dialogParent);
    void addTo(QMenu *menu);

    // Each writes one file and returns an empty string or why it could not.
    QString exportTrace(const QString &path) const;
    QString exportMermaid(const QString &path) const;
    QString exportChromeTrace(const QString &path) const;
    /// The whole canvas at canvasSize(): PNG, or SVG for a path ending in .svg.
    QString exportCanvas(const QString &path) const;
    /// An animation of the canvas (MP4 or GIF, by the suffix) with a progress dialog that can
    /// cancel; the playhead returns where it was.
    QString exportAnimation(const QString &path, const AnimationSpec &spec);
    QSize canvasSize() const { return m_canvasSize; }
    void setCanvasSize(QSize size) { m_canvasSize = size; }

signals:
    void error(const QString &title, const QString &text);
    void written(const QString &path);

private:
    void askAnimation();
    void ask(const QString &title, const QString &name, const QString &filter,
             QString (ExportActions::*write)(const QString &) const);

    SimulationDocument *m_document;
    CanvasView *m_canvas;
    SequenceView *m_sequence;
    QWidget *m_parent;
    QSize m_canvasSize{1920, 1080};
};

} // namespace dplab
