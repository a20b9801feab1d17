#include "app/gui/canvas/roleicon.h"

namespace dplab {

namespace {

QPainterPath gear()
{
    QPainterPath p;
    p.addEllipse(QPointF(12, 12), 7, 7);
    p.addEllipse(QPointF(12, 12), 2.8, 2.8);
    for (int i = 0; i < 8; ++i) {
        QPainterPath tooth;
        tooth.addRect(-1.6, -11, 3.2, 4);
        QTransform t;
        t.translate(12, 12);
        t.rotate(i * 45.0);
        p.addPath(t.map(tooth));
    }
    return p;
}

QPainterPath gateway()
{
    // An arch with an arrow going through it.
    QPainterPath p;
    p.moveTo(4, 22);
    p.lineTo(4, 9);
    p.arcTo(QRectF(4, 2, 16, 14), 180, -180);
    p.lineTo(20, 22);
    p.moveTo(1, 15);
    p.lineTo(15, 15);
    p.moveTo(11, 11);
    p.lineTo(15, 15);
    p.lineTo(11, 19);
    return p;
}

QPainterPath person(double x, double y, double s)
{
    QPainterPath p;
    p.addEllipse(QPointF(x, y - 5 * s), 3.6 * s, 3.6 * s);
    p.moveTo(x - 7 * s, y + 8 * s);
    p.cubicTo(x - 7 * s, y, x + 7 * s, y, x + 7 * s, y + 8 * s);
    return p;
}

QPainterPath clipboard()
{
    QPainterPath p;
    p.addRoundedRect(QRectF(4, 3, 16, 20), 2, 2);
    p.addRect(QRectF(8, 1, 8, 4));
    for (int i = 0; i < 3; ++i) {
        p.moveTo(7, 10 + i * 4);
        p.lineTo(17, 10 + i * 4);
    }
    return p;
}

QPainterPath box()
{
    QPainterPath p;
    p.moveTo(12, 2);
    p.lineTo(22, 7);
    p.lineTo(22, 18);
    p.lineTo(12, 23);
    p.lineTo(2, 18);
    p.lineTo(2, 7);
    p.closeSubpath();
    p.moveTo(2, 7);
    p.lineTo(12, 12);
    p.lineTo(22, 7);
    p.moveTo(12, 12);
    p.lineTo(12, 23);
    return p;
}

QPainterPath card()
{
    QPainterPath p;
    p.addRoundedRect(QRectF(1, 5, 22, 15), 2.5, 2.5);
    p.moveTo(1, 10);
    p.lineTo(23, 10);
    p.moveTo(4, 16);
    p.lineTo(10, 16);
    return p;
}

QPainterPath truck()
{
    QPainterPath p;
    p.addRect(QRectF(1, 6, 13, 11));
    p.moveTo(14, 9);
    p.lineTo(19, 9);
    p.lineTo(23, 13);
    p.lineTo(23, 17);
    p.lineTo(14, 17);
    p.addEllipse(QPointF(6, 19), 2.5, 2.5);
    p.addEllipse(QPointF(18, 19), 2.5, 2.5);
    return p;
}

QPainterPath tag()
{
    QPainterPath p;
    p.moveTo(2, 4);
    p.lineTo(12, 4);
    p.lineTo(22, 14);
    p.lineTo(13, 23);
    p.lineTo(2, 13);
    p.closeSubpath();
    p.addEllipse(QPointF(7, 9), 1.8, 1.8);
    return p;
}

QPainterPath eye()
{
    QPainterPath p;
    p.moveTo(1, 12);
    p.quadTo(12, 1, 23, 12);
    p.quadTo(12, 23, 1, 12);
    p.addEllipse(QPointF(12, 12), 3.5, 3.5);
    return p;
}

QPainterPath baton()
{
    // A conductor: a node with three outgoing branches.
    QPainterPath p;
    p.addEllipse(QPointF(5, 12), 3.5, 3.5);
    for (int y : {4, 12, 20}) {
        p.moveTo(8.5, 12);
        p.lineTo(17, y);
        p.addEllipse(QPointF(20, y), 2.6, 2.6);
    }
    return p;
}

QPainterPath scales()
{
    QPainterPath p;
    p.moveTo(12, 2);
    p.lineTo(12, 22);
    p.moveTo(6, 22);
    p.lineTo(18, 22);
    p.moveTo(3, 6);
    p.lineTo(21, 6);
    p.moveTo(3, 6);
    p.lineTo(0.5, 13);
    p.lineTo(5.5, 13);
    p.closeSubpath();
    p.moveTo(21, 6);
    p.lineTo(18.5, 13);
    p.lineTo(23.5, 13);
    p.closeSubpath();
    return p;
}

} // namespace

QPainterPath RoleIcon::path(RoleGlyph glyph)
{
    switch (glyph) {
    case RoleGlyph::Door:
        return gateway();
    case RoleGlyph::Person:
        return person(12, 12, 1.2);
    case RoleGlyph::Receipt:
        return clipboard();
    case RoleGlyph::Boxes:
        return box();
    case RoleGlyph::Card:
        return card();
    case RoleGlyph::Truck:
        return truck();
    case RoleGlyph::Tag:
        return tag();
    case RoleGlyph::Screen:
        return eye();
    case RoleGlyph::Baton:
        return baton();
    case RoleGlyph::Scales:
        return scales();
    case RoleGlyph::Gear:
        break;
    }
    return gear();
}

QPainterPath RoleIcon::clients()
{
    QPainterPath p = person(7, 12, 0.8);
    p.addPath(person(17, 12, 0.8));
    return p;
}

} // namespace dplab
