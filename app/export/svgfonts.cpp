#include "app/export/svgfonts.h"

namespace dplab {

namespace {

QByteArray cssFamilyList(const QByteArray &family)
{
    const QByteArray f = family.trimmed().toLower();
    if (f.isEmpty() || f == "sans serif" || f == "sans" || f == "sans-serif" || f == "helvetica")
        return "DejaVu Sans, sans-serif";
    if (f == "monospace" || f == "mono" || f == "courier")
        return "DejaVu Sans Mono, monospace";
    if (f == "serif" || f == "times")
        return "DejaVu Serif, serif";
    if (family.contains(',')) // already a list
        return family;
    return family.trimmed() + ", sans-serif";
}

} // namespace

QByteArray withCssFontFamilies(const QByteArray &svg)
{
    static const QByteArray kAttribute = "font-family=\"";
    QByteArray out;
    out.reserve(svg.size() + svg.size() / 20);
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = svg.indexOf(kAttribute, from);
        const qsizetype valueAt = at < 0 ? -1 : at + kAttribute.size();
        const qsizetype close = valueAt < 0 ? -1 : svg.indexOf('"', valueAt);
        if (close < 0) {
            out += svg.mid(from);
            return out;
        }
        out += svg.mid(from, valueAt - from);
        out += cssFamilyList(svg.mid(valueAt, close - valueAt));
        from = close;
    }
}

} // namespace dplab
