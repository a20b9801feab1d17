#pragma once

#include <QByteArray>

namespace dplab {

/// SVG written by QSvgGenerator names Qt's font aliases (font-family="Sans Serif"), which
/// browsers do not know and draw in their default serif face. Rewrites every font-family
/// attribute of `svg` into a CSS list that ends in a generic family: "Sans Serif" becomes
/// "DejaVu Sans, sans-serif", "Monospace" "DejaVu Sans Mono, monospace", "Serif"
/// "DejaVu Serif, serif", and any other name N "N, sans-serif".
QByteArray withCssFontFamilies(const QByteArray &svg);

} // namespace dplab
