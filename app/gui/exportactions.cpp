#include "app/gui/exportactions.h"

#include "app/export/savefile.h"
#include "app/export/svgfonts.h"
#include "app/gui/animation/animationdialog.h"
#include "app/gui/animation/canvasrecorder.h"
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/timeline/sequenceview.h"
#include "simulation/observe/chrometrace.h"
#include "simulation/observe/sequencediagram.h"
#include "simulation/observe/tracerecorder.h"

#include <QBuffer>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QInputDialog>
#include <QMenu>
#include <QPainter>
#include <QProgressDialog>
#include <QSaveFile>
#include <QSettings>
#include <QSvgGenerator>

#include <sstream>

namespace dplab {

namespace {

QString saveBytes(const QString &path, const std::string &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return path + ": " + file.errorString();
    if (file.write(bytes.data(), static_cast<qint64>(bytes.size())) !=
            static_cast<qint64>(bytes.size()) ||
        !commitFully(file))
        return path + ": " + file.errorString();
    return {};
}

} // namespace

ExportActions::ExportActions(SimulationDocument *document, CanvasView *canvas,
                             SequenceView *sequence, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_document(document)
    , m_canvas(canvas)
    , m_sequence(sequence)
    , m_parent(dialogParent)
{}

void ExportActions::addTo(QMenu *menu)
{
    menu->addAction(tr("&Trace (JSON Lines)..."), this,
                    [this] {
                        ask(tr("Export the trace"), "trace.jsonl", tr("JSON Lines (*.jsonl)"),
                            &ExportActions::exportTrace);
                    })
        ->setStatusTip(tr("Every event of the run so far, one JSON object per line"));
    menu->addAction(tr("&Sequence Diagram (Mermaid)..."), this,
                    [this] {
                        ask(tr("Export a sequence diagram"), "sequence.mmd", tr("Mermaid (*.mmd)"),
                            &ExportActions::exportMermaid);
                    })
        ->setStatusTip(tr("The messages of the window the sequence view shows, as Mermaid text"));
    menu->addAction(tr("C&hrome Trace..."), this,
                    [this] {
                        ask(tr("Export a Chrome trace"), "trace.perfetto.json",
                            tr("Trace Event JSON (*.json)"), &ExportActions::exportChromeTrace);
                    })
        ->setStatusTip(tr("Services as threads, processing as slices, messages as flows: opens in "
                          "Perfetto, Chrome DevTools and speedscope"));
    menu->addAction(tr("Ca&nvas as Image (PNG or SVG)..."), this,
                    [this] {
                        // The whole diagram at a size for slides, not the part on screen.
                        const QStringList sizes = {QStringLiteral("1280 x 720"),
                                                   QStringLiteral("1920 x 1080"),
                                                   QStringLiteral("3840 x 2160")};
                        bool ok = false;
                        const QString size = QInputDialog::getItem(
                            m_parent, tr("Export the canvas"), tr("Size in pixels:"), sizes,
                            sizes.indexOf(QStringLiteral("%1 x %2")
                                              .arg(m_canvasSize.width())
                                              .arg(m_canvasSize.height())),
                            false, &ok);
                        if (!ok)
                            return;
                        const QStringList wh = size.split(QStringLiteral(" x "));
                        m_canvasSize = QSize(wh.value(0).toInt(), wh.value(1).toInt());
                        ask(tr("Export the canvas"), "canvas.png",
                            tr("PNG images (*.png);;SVG drawings (*.svg)"),
                            &ExportActions::exportCanvas);
                    })
        ->setStatusTip(tr("The whole diagram at the playhead, with the legend, as PNG or SVG"));
    menu->addAction(tr("&Animation (MP4 or GIF)..."), this, [this] { askAnimation(); })
        ->setStatusTip(tr("The canvas over a window of virtual time, slowed down, as a video "
                          "for slides"));
}

void ExportActions::ask(const QString &title, const QString &name, const QString &filter,
                        QString (ExportActions::*write)(const QString &) const)
{
    if (!m_document->hasRun())
        return;
    QSettings settings;
    const QString dir =
        settings.value("exportDirectory", settings.value("lastDirectory")).toString();
    const QString path = QFileDialog::getSaveFileName(m_parent, title, dir + "/" + name, filter);
    if (path.isEmpty())
        return;
    settings.setValue("exportDirectory", QFileInfo(path).absolutePath());
    const QString why = (this->*write)(path);
    if (why.isEmpty())
        emit written(path);
    else
        emit error(tr("Cannot export"), why);
}

QString ExportActions::exportTrace(const QString &path) const
{
    if (!m_document->hasRun())
        return tr("No scenario is open.");
    std::ostringstream out;
    writeTraceJsonl(out, m_document->trace(), m_document->world().names());
    return saveBytes(path, out.str());
}

QString ExportActions::exportMermaid(const QString &path) const
{
    if (!m_document->hasRun())
        return tr("No scenario is open.");
    SequenceWindow window;
    window.from = m_sequence ? m_sequence->windowStart() : 0;
    window.to = m_sequence ? m_sequence->windowEnd() : kSimTimeMax;
    return saveBytes(path,
                     mermaidSequence(m_document->trace(), m_document->world().names(), window));
}

QString ExportActions::exportChromeTrace(const QString &path) const
{
    if (!m_document->hasRun())
        return tr("No scenario is open.");
    std::ostringstream out;
    nlohmann::json other = {{"scenario", m_document->scenario().name},
                            {"seed", m_document->scenario().seed}};
    writeChromeTrace(out, m_document->trace(), m_document->world().names(), other);
    return saveBytes(path, out.str());
}

QString ExportActions::exportCanvas(const QString &path) const
{
    if (!m_document->hasRun())
        return tr("No scenario is open.");
    const QRectF target(QPointF(0, 0), QSizeF(m_canvasSize));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return path + ": " + file.errorString();
    bool drawn = false;
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(m_canvasSize);
        svg.setViewBox(target);
        svg.setTitle(QString::fromStdString(m_document->scenario().name));
        svg.setDescription(tr("Data Patterns Lab canvas at t = %1 s")
                               .arg(double(m_document->now()) / kSecond, 0, 'f', 3));
        QPainter painter;
        drawn = painter.begin(&svg);
        if (drawn) {
            m_canvas->renderWhole(&painter, target);
            painter.end();
            const QByteArray bytes = withCssFontFamilies(buffer.data());
            drawn = file.write(bytes) == bytes.size();
        }
    } else {
        QImage image(m_canvasSize, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                               QPainter::SmoothPixmapTransform);
        m_canvas->renderWhole(&painter, target);
        painter.end();
        drawn = image.save(&file, "PNG");
    }
    if (!drawn || !commitFully(file))
        return path + ": " + file.errorString();
    return {};
}

void ExportActions::askAnimation()
{
    if (!m_document->hasRun())
        return;
    AnimationDialog dialog(m_document->now(), m_document->endTime(), m_parent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AnimationSpec spec = dialog.spec();
    QSettings settings;
    const QString dir =
        settings.value("exportDirectory", settings.value("lastDirectory")).toString();
    const QString path =
        QFileDialog::getSaveFileName(m_parent, tr("Export an animation"), dir + "/animation.mp4",
                                     tr("MP4 video, H.264 (*.mp4);;Animated GIF (*.gif)"));
    if (path.isEmpty())
        return;
    settings.setValue("exportDirectory", QFileInfo(path).absolutePath());
    const QString why = exportAnimation(path, spec);
    if (why.isEmpty())
        emit written(path);
    else if (why != QLatin1String("cancelled"))
        emit error(tr("Cannot export"), why);
}

QString ExportActions::exportAnimation(const QString &path, const AnimationSpec &spec)
{
    if (!m_document->hasRun())
        return tr("No scenario is open.");
    const SimTime playhead = m_document->now();
    const std::size_t frontier = m_document->frontier();
    const bool live = m_document->atPresent();
    CanvasRecorder recorder(m_document, spec);
    recorder.setLayout(m_canvas->layoutPositions());
    recorder.setTheme(m_canvas->canvasScene()->theme());
    QProgressDialog progress(tr("Recording the canvas..."), tr("Cancel"), 0, spec.frameCount(),
                             m_parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    bool cancelled = false;
    const std::string why = recorder.record(
        {path.toStdString()},
        [&progress](int done, int total) {
            progress.setLabelText(tr("Recording the canvas: frame %1 of %2").arg(done).arg(total));
            progress.setValue(done);
            return !progress.wasCanceled();
        },
        &cancelled);
    progress.reset();
    // Back where the class was (the recording moved the playhead; the views catch up now).
    if (live && frontier == m_document->frontier())
        m_document->goToPresent();
    else
        m_document->seekTime(playhead);
    if (cancelled)
        return QStringLiteral("cancelled");
    return QString::fromStdString(why);
}

} // namespace dplab
