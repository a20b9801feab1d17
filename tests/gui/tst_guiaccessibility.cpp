// Colour is never the only cue, and text is legible: each message kind has its own shape (in the
// sprites and the legend), every text colour of the canvas is at least 4.5:1 against its fill
// in both themes, and the high-contrast theme repaints the canvas at once. Run with
// QT_QPA_PLATFORM=offscreen.

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/legenditem.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/noticebadgeitem.h"
#include "app/gui/readsidelag.h"
#include "tests/support/guitestsupport.h"

#include <QAction>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

using namespace dplab;
using namespace dplab::test;

namespace {

const char *kA11yScenario = R"({
  "dplab": 1,
  "name": "accessibility test",
  "seed": 11,
  "duration": "3s",
  "services": [
    {"name": "front", "role": "generic", "workers": 2, "processing": "3ms",
     "calls": ["back"], "publishes": "orders"},
    {"name": "back", "role": "generic", "processing": "2ms"},
    {"name": "watcher", "role": "generic", "subscribes": ["orders"], "processing": "1ms"}
  ],
  "network": {"latency": {"dist": "uniform", "min": "5ms", "max": "30ms"}, "timeout": "300ms"},
  "bus": {"latency": "20ms"},
  "workload": [{"operation": "request", "target": "front", "rate": 80}]
})";

constexpr MessageKind kAllKinds[] = {MessageKind::Request, MessageKind::Reply,
                                     MessageKind::Event,   MessageKind::Command,
                                     MessageKind::Query,   MessageKind::Compensation};

/// WCAG 2 relative luminance of an opaque colour.
double relativeLuminance(const QColor &c)
{
    auto channel = [](int v) {
        const double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// `top` (maybe translucent) painted over the opaque `under`, as the painter blends them.
QColor over(const QColor &top, const QColor &under)
{
    QImage image(1, 1, QImage::Format_RGB32);
    image.fill(under);
    QPainter p(&image);
    p.fillRect(QRect(0, 0, 1, 1), top);
    p.end();
    return image.pixelColor(0, 0);
}

/// A chip of a saga step with sagas at it: the accent at alpha 40 over the panel (StepsItem).
QColor chip(const QColor &accent, const QColor &panel)
{
    return over(QColor(accent.red(), accent.green(), accent.blue(), 40), panel);
}

struct TextPair
{
    QString where;
    QColor text;
    QColor ground;
};

/// Every (text, ground) pair the canvas draws, in `theme` (each item's paint() for the source).
std::vector<TextPair> textPairs(const CanvasTheme &t)
{
    const QColor panel = over(t.panelFill(), t.background());
    std::vector<TextPair> pairs = {
        {"legend key", t.text(), panel},
        {"legend status", t.mutedText(), panel},
        {"legend faults", t.partition(), panel},
        {"service text", t.text(), t.nodeFill()},
        {"service down: name", t.mutedText(), t.downFill()},
        {"service down: DOWN", t.downText(), t.downFill()},
        // The pill sits on the utilisation bar: over its track, or over a full (red) bar.
        {"failing pill on track", t.failing(), over(t.panelFill(), t.barTrack())},
        {"failing pill on full bar", t.failing(), over(t.panelFill(), t.saturated())},
        {"failing pill on busy bar", t.failing(), over(t.panelFill(), t.busy())},
        {"database", t.text(), t.databaseFill()},
        {"bus header", t.text(), t.busFill()},
        {"bus down header", t.mutedText(), t.downFill()},
        {"bus down count", t.downText(), t.downFill()},
        {"bus lane", t.text(), t.laneFill(false)},
        {"bus lane down", t.text(), t.laneFill(true)},
        {"clients", t.text(), t.clientFill()},
        {"client streams", t.mutedText(), t.clientFill()},
        {"event lost caption", t.lossText(true), panel},
        {"phantom caption", t.lossText(false), panel},
        {"steps header", t.text(), t.nodeFill()},
        {"step chip", t.text(), chip(t.messageColor(MessageKind::Command), t.nodeFill())},
        {"undoing chip", t.text(), chip(t.messageColor(MessageKind::Compensation), t.nodeFill())},
        {"undoing count", t.undoText(),
         chip(t.messageColor(MessageKind::Compensation), t.nodeFill())},
    };
    for (int side = 0; side < 4; ++side)
        pairs.push_back(
            {QStringLiteral("partition side %1").arg(side), t.partitionSide(side), panel});
    for (auto level :
         {ReadSideLag::Level::Unknown, ReadSideLag::Level::UpToDate, ReadSideLag::Level::Low,
          ReadSideLag::Level::Medium, ReadSideLag::Level::High})
        pairs.push_back({QStringLiteral("staleness badge %1").arg(int(level)),
                         ReadSideLag::ink(level), ReadSideLag::fill(level)});
    pairs.push_back({"notice calm", t.text(), NoticeBadgeItem::fill(Probe::Level::Calm)});
    pairs.push_back({"notice waiting", t.text(), NoticeBadgeItem::fill(Probe::Level::Waiting)});
    pairs.push_back(
        {"notice piled up", QColor(Qt::white), NoticeBadgeItem::fill(Probe::Level::PiledUp)});
    return pairs;
}

/// sRGB channel (0..255) to linear light.
double linear(int v)
{
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}

/// CIELAB (D65) of a linear-light RGB triple.
std::array<double, 3> lab(const std::array<double, 3> &rgb)
{
    const double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.9505;
    const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    const double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.089;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

using CvdMatrix = std::array<std::array<double, 3>, 3>;

/// How `c` looks with a colour-vision deficiency (Machado et al. 2009, severity 1), in CIELAB.
std::array<double, 3> seenWith(const QColor &c, const CvdMatrix &m)
{
    const std::array<double, 3> in = {linear(c.red()), linear(c.green()), linear(c.blue())};
    std::array<double, 3> out{};
    for (int i = 0; i < 3; ++i)
        out[i] = std::clamp(m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2], 0.0, 1.0);
    return lab(out);
}

/// Opaque enough to count as drawn.
bool inked(const QImage &image, int x, int y)
{
    return qAlpha(image.pixel(x, y)) > 128;
}

} // namespace

class TestGuiAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void contrastFormula();
    void everyTextIsLegible_data();
    void everyTextIsLegible();
    void paletteSurvivesColourBlindness();
    void eachKindHasItsShape();
    void ringsStayHollow();
    void legendShowsTheShapes();
    void themeSwitchRepaintsAtOnce();
    void themesDiffer();
};

void TestGuiAccessibility::contrastFormula()
{
    // The known WCAG values: the extremes, and a grey just under the bar.
    QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white) * 100), 2100);
    QCOMPARE(qRound(contrastRatio(Qt::white, Qt::white) * 100), 100);
    QVERIFY(contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) < 4.5);
    QVERIFY(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) >= 4.5);
    // Blending: half-transparent black over white is mid grey.
    QCOMPARE(over(QColor(0, 0, 0, 128), Qt::white).red(), 127);
}

void TestGuiAccessibility::everyTextIsLegible_data()
{
    QTest::addColumn<bool>("highContrast");
    QTest::newRow("light") << false;
    QTest::newRow("high contrast") << true;
}

void TestGuiAccessibility::everyTextIsLegible()
{
    QFETCH(bool, highContrast);
    const CanvasTheme theme(highContrast);
    const std::vector<TextPair> pairs = textPairs(theme);
    QVERIFY(pairs.size() > 30);
    QStringList failures;
    for (const TextPair &p : pairs) {
        QCOMPARE(p.ground.alpha(), 255);
        const double ratio = contrastRatio(p.text, p.ground);
        if (ratio < 4.5)
            failures << QStringLiteral("%1: %2 on %3 is %4:1")
                            .arg(p.where, p.text.name(), p.ground.name())
                            .arg(ratio, 0, 'f', 2);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("; "))));
}

void TestGuiAccessibility::paletteSurvivesColourBlindness()
{
    const std::pair<const char *, CvdMatrix> deficiencies[] = {
        {"normal", {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}},
        {"protanopia",
         {{{0.152286, 1.052583, -0.204868},
           {0.114503, 0.786281, 0.099216},
           {-0.003882, -0.048116, 1.051998}}}},
        {"deuteranopia",
         {{{0.367322, 0.860646, -0.227968},
           {0.280085, 0.672501, 0.047413},
           {-0.011820, 0.042940, 0.968881}}}},
        {"tritanopia",
         {{{1.255528, -0.076749, -0.178779},
           {-0.078411, 0.930809, 0.147602},
           {0.004733, 0.691367, 0.303900}}}},
    };
    for (bool highContrast : {false, true}) {
        const CanvasTheme theme(highContrast);
        for (const auto &[name, matrix] : deficiencies) {
            double closest = 1e9;
            for (MessageKind a : kAllKinds)
                for (MessageKind b : kAllKinds) {
                    if (a >= b)
                        continue;
                    const auto la = seenWith(theme.messageColor(a), matrix);
                    const auto lb = seenWith(theme.messageColor(b), matrix);
                    closest =
                        std::min(closest, std::hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]));
                }
            // 15 CIELAB units: plainly different side by side (2 is "just noticeable").
            QVERIFY2(closest >= 15, qPrintable(QStringLiteral("%1, %2: closest pair %3")
                                                   .arg(name)
                                                   .arg(highContrast ? "high contrast" : "light")
                                                   .arg(closest)));
        }
    }
}

void TestGuiAccessibility::eachKindHasItsShape()
{
    auto doc = load(kA11yScenario);
    CanvasView view(doc.get());
    MessageLayerItem *layer = view.canvasScene()->messageLayer();
    QVERIFY(layer);
    auto sprite = [&](MessageKind kind) { return layer->sprite(int(kind), 1.0).toImage(); };
    // The sprite is 16 px, the shape's box 2..14: the corner pixels tell the outlines apart.
    const int lo = 2;
    const int hi = 13;
    auto corners = [&](const QImage &s) {
        return QVector<bool>{inked(s, lo, lo), inked(s, hi, lo), inked(s, lo, hi),
                             inked(s, hi, hi)};
    };
    const QImage request = sprite(MessageKind::Request);
    const QImage reply = sprite(MessageKind::Reply);
    const QImage event = sprite(MessageKind::Event);
    const QImage command = sprite(MessageKind::Command);
    const QImage compensation = sprite(MessageKind::Compensation);
    const QImage query = sprite(MessageKind::Query);
    QCOMPARE(request.width(), 16);
    // Reply: a square fills its corners; the circle, the diamond and the cross leave them.
    QCOMPARE(corners(reply), QVector<bool>({true, true, true, true}));
    QCOMPARE(corners(request), QVector<bool>({false, false, false, false}));
    QCOMPARE(corners(event), QVector<bool>({false, false, false, false}));
    QCOMPARE(corners(query), QVector<bool>({false, false, false, false}));
    // Command points up (its base at the bottom), compensation down.
    QCOMPARE(corners(command), QVector<bool>({false, false, true, true}));
    QCOMPARE(corners(compensation), QVector<bool>({true, true, false, false}));
    // The circle covers (4, 4) and (3, 4), the cross and the diamond leave them bare.
    QVERIFY(inked(request, 4, 4));
    QVERIFY(!inked(query, 4, 4));
    QVERIFY(inked(request, 3, 4));
    QVERIFY(!inked(event, 3, 4));
    // And every pair of kinds differs in the pixels it covers, not only in colour.
    for (MessageKind a : kAllKinds)
        for (MessageKind b : kAllKinds) {
            if (a >= b)
                continue;
            const QImage ia = sprite(a);
            const QImage ib = sprite(b);
            int differ = 0;
            for (int y = 0; y < ia.height(); ++y)
                for (int x = 0; x < ia.width(); ++x)
                    differ += inked(ia, x, y) != inked(ib, x, y);
            QVERIFY2(differ >= 8, qPrintable(QStringLiteral("%1 vs %2: %3 pixels")
                                                 .arg(CanvasTheme::messageLabel(a))
                                                 .arg(CanvasTheme::messageLabel(b))
                                                 .arg(differ)));
        }
}

void TestGuiAccessibility::ringsStayHollow()
{
    // Filled = in flight, outline = an instant hop, whatever the shape: the middle of a ring is
    // pale, the middle of a filled mark is the kind's colour; both cover the same outline.
    auto doc = load(kA11yScenario);
    CanvasView view(doc.get());
    MessageLayerItem *layer = view.canvasScene()->messageLayer();
    const CanvasTheme theme;
    for (MessageKind kind : kAllKinds) {
        const QImage filled = layer->sprite(int(kind), 1.0).toImage();
        const QImage ring = layer->sprite(int(kind), 1.0, true).toImage();
        // Triangles have their middle lower or higher than the box's.
        const int cy = kind == MessageKind::Command ? 9 : kind == MessageKind::Compensation ? 6 : 8;
        const QColor inFilled = filled.pixelColor(8, cy);
        const QColor inRing = ring.pixelColor(8, cy);
        QCOMPARE(inFilled.alpha(), 255);
        QCOMPARE(inFilled.rgb(), theme.messageColor(kind).rgb());
        QVERIFY2(relativeLuminance(inRing) > 0.6, CanvasTheme::messageLabel(kind));
        QVERIFY(inked(ring, 8, 2) == inked(filled, 8, 2));
    }
}

void TestGuiAccessibility::legendShowsTheShapes()
{
    QGraphicsScene scene;
    auto *legend = new LegendItem;
    scene.addItem(legend);
    const QRectF r = legend->boundingRect();
    QImage image(r.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    scene.render(&p, QRectF(QPointF(0, 0), r.size()), r);
    p.end();
    const CanvasTheme theme;
    auto colourAt = [&](MessageKind kind, double fx, double fy) {
        const QRectF m = legend->markRect(kind);
        return image.pixelColor(
            QPoint(int(m.left() + fx * m.width()), int(m.top() + fy * m.height())));
    };
    const QColor panel = over(theme.panelFill(), Qt::white);
    for (MessageKind kind : kAllKinds) {
        QVERIFY(!legend->markRect(kind).isEmpty());
        // Every mark is its kind's colour in the middle of its shape.
        const double fy = kind == MessageKind::Command        ? 0.65
                          : kind == MessageKind::Compensation ? 0.35
                                                              : 0.5;
        QCOMPARE(colourAt(kind, 0.5, fy).rgb(), theme.messageColor(kind).rgb());
    }
    // The reply's square fills its corner, the event's diamond leaves it to the panel.
    QCOMPARE(colourAt(MessageKind::Reply, 0.15, 0.15).rgb(),
             theme.messageColor(MessageKind::Reply).rgb());
    QCOMPARE(colourAt(MessageKind::Event, 0.05, 0.05).rgb(), panel.rgb());
    QCOMPARE(colourAt(MessageKind::Request, 0.05, 0.05).rgb(), panel.rgb());
    // Command points up: the corner under it is filled, the one above is bare.
    QCOMPARE(colourAt(MessageKind::Command, 0.05, 0.05).rgb(), panel.rgb());
    QCOMPARE(colourAt(MessageKind::Compensation, 0.05, 0.95).rgb(), panel.rgb());
    QVERIFY(colourAt(MessageKind::Command, 0.15, 0.9).rgb() != panel.rgb());
}

void TestGuiAccessibility::themeSwitchRepaintsAtOnce()
{
    auto doc = load(kA11yScenario);
    CanvasView view(doc.get());
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    advance(doc.get(), 500 * kMillisecond);
    view.refresh();
    const QPoint corner(view.viewport()->width() - 3, view.viewport()->height() - 3);
    const QImage light = view.grab().toImage();
    QCOMPARE(light.pixelColor(corner).rgb(), CanvasTheme().background().rgb());

    QAction *action = view.highContrastAction();
    QVERIFY(action->isCheckable());
    action->setChecked(true);
    QVERIFY(view.canvasScene()->theme().highContrast());
    const QImage strong = view.grab().toImage();
    QCOMPARE(strong.pixelColor(corner).rgb(), QColor(Qt::white).rgb());
    QVERIFY(strong != light);

    // Nothing stale: the switched picture is the one a view in that theme from the start draws
    // (the cached background with its edges, the legend's cached picture, the sprites).
    CanvasView fresh(doc.get());
    fresh.highContrastAction()->setChecked(true);
    fresh.resize(1000, 700);
    fresh.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fresh));
    fresh.refresh();
    view.refresh();
    QCOMPARE(view.grab().toImage(), fresh.grab().toImage());

    // And back.
    action->setChecked(false);
    QCOMPARE(view.grab().toImage().pixelColor(corner).rgb(), CanvasTheme().background().rgb());
}

void TestGuiAccessibility::themesDiffer()
{
    // The high-contrast theme: white ground, black text, thicker lines, a black outline round
    // each filled message, its own more saturated colour for every kind.
    const CanvasTheme light;
    const CanvasTheme strong(true);
    QCOMPARE(strong.background().rgb(), QColor(Qt::white).rgb());
    QCOMPARE(strong.text().rgb(), QColor(Qt::black).rgb());
    QVERIFY(strong.stroke(2) > light.stroke(2));
    QCOMPARE(light.stroke(2), 2.0);
    QVERIFY(contrastRatio(strong.edge(), strong.background()) >
            contrastRatio(light.edge(), light.background()));
    for (MessageKind kind : kAllKinds) {
        QVERIFY(strong.messageColor(kind) != light.messageColor(kind));
        QVERIFY(strong.messageColor(kind).hsvSaturationF() >=
                light.messageColor(kind).hsvSaturationF());
    }
}

QTEST_MAIN(TestGuiAccessibility)
#include "tst_guiaccessibility.moc"
