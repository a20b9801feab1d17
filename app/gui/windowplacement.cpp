#include "app/gui/windowplacement.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace dplab {

namespace {

// A window manager's title bar and borders, which are not known before the window is shown.
constexpr int kFrameWidth = 16;
constexpr int kFrameHeight = 40;

} // namespace

QRect availableArea(const QWidget *window)
{
    QScreen *screen = window ? window->screen() : nullptr;
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1280, 720);
}

void placeOnScreen(QWidget *window, QSize preferred)
{
    const QRect area = availableArea(window);
    if (preferred.width() + kFrameWidth <= area.width() &&
        preferred.height() + kFrameHeight <= area.height()) {
        window->setWindowState(window->windowState() & ~Qt::WindowMaximized);
        window->resize(preferred);
        window->move(area.topLeft() + QPoint((area.width() - preferred.width()) / 2,
                                             (area.height() - preferred.height()) / 2));
        return;
    }
    // Too big: the whole area. The geometry holds where no window manager maximizes.
    window->setGeometry(area);
    window->setWindowState(window->windowState() | Qt::WindowMaximized);
}

void keepOnScreen(QWidget *window)
{
    if (window->isFullScreen())
        return;
    const QRect area = availableArea(window);
    const QRect g = window->geometry();
    if (area.contains(g))
        return;
    const QSize size = g.size().boundedTo(area.size()).expandedTo(window->minimumSize());
    QPoint pos = g.topLeft();
    pos.setX(
        std::clamp(pos.x(), area.left(), std::max(area.left(), area.right() + 1 - size.width())));
    pos.setY(
        std::clamp(pos.y(), area.top(), std::max(area.top(), area.bottom() + 1 - size.height())));
    window->setGeometry(QRect(pos, size));
}

void fitOnScreen(QWidget *dialog, QSize preferred)
{
    const QRect area = availableArea(dialog);
    const QSize size = preferred.boundedTo(area.size() - QSize(kFrameWidth, kFrameHeight))
                           .expandedTo(dialog->minimumSize());
    dialog->resize(size);
    dialog->move(area.topLeft() +
                 QPoint((area.width() - size.width()) / 2, (area.height() - size.height()) / 2));
}

bool restoreOnScreen(QWidget *window, const QByteArray &saved, QSize preferred)
{
    if (saved.isEmpty() || !window->restoreGeometry(saved)) {
        placeOnScreen(window, preferred);
        return false;
    }
    if (window->isMaximized() || window->isFullScreen())
        return true;
    const QRect area = availableArea(window);
    const QRect g = window->geometry();
    if (g.width() > area.width() || g.height() > area.height() || !area.intersects(g))
        placeOnScreen(window, g.size());
    return true;
}

} // namespace dplab
