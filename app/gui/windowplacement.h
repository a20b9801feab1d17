#pragma once

#include <QByteArray>
#include <QRect>
#include <QSize>

class QWidget;

namespace dplab {

/// The part of the screen a window may take (without the desktop's panels) on the screen the
/// window is on, or the primary screen.
QRect availableArea(const QWidget *window);

/**
 * Opens a top-level window inside its screen: at `preferred` size, centred, when that fits the
 * available area with room for a window manager's frame; else filling the area (maximized). A
 * 1280x720 projector gets the whole screen instead of a window hanging off its edges.
 */
void placeOnScreen(QWidget *window, QSize preferred);

/**
 * Once a window is shown: when it came out larger than the available area or reaching past it
 * (its layout grew it before the first show, and no window manager maximized it), it is made
 * to fit and moved inside. Call from the first showEvent (the geometry of a shown window).
 */
void keepOnScreen(QWidget *window);

/// A dialog's placement: `preferred`, shrunk to fit the available area with room for a frame,
/// and centred in it (never maximized).
void fitOnScreen(QWidget *dialog, QSize preferred);

/**
 * Restores a geometry saved by QWidget::saveGeometry and makes sure the window still fits the
 * available area (a window saved on a larger screen is placed again); false when `saved` holds
 * nothing usable, and the window is then placed at `preferred`.
 */
bool restoreOnScreen(QWidget *window, const QByteArray &saved, QSize preferred);

} // namespace dplab
