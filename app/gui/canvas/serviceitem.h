#pragma once

#include "app/gui/canvas/nodeitem.h"
#include "patterns/module/roleinfo.h"

#include <cstddef>

namespace dplab {

/** What a service box shows at the playhead. */
struct ServiceItemState
{
    bool up = true;
    std::size_t queue = 0;
    int busy = 0;
    int workers = 1;
    double restartInSeconds = -1; ///< < 0: no restart scheduled
    /// Of the replies it sent in the last second before the playhead, the percentage that
    /// reported a failure; -1 when it sent none.
    int failedPercent = -1;
    bool operator==(const ServiceItemState &) const = default;
};

/**
 * A service on the canvas: a rounded box with its role pictogram, name, queue length and a
 * bar of busy workers; greyed with a restart countdown while it is crashed. Selectable and
 * draggable.
 */
class ServiceItem : public NodeItem
{
public:
    /// `role`: its name in the file; `glyph` and `description` as its pattern module says.
    ServiceItem(int index, const QString &name, const QString &role, RoleGlyph glyph,
                const QString &description);

    int index() const { return m_index; }
    QString name() const { return m_name; }
    QString role() const { return m_role; }
    const ServiceItemState &state() const { return m_state; }
    void setState(const ServiceItemState &state);
    bool isDown() const { return !m_state.up; }

    QRectF bodyRect() const override;
    /// Below the box's left half, or, when another box stands between it and the bus, beside
    /// the box in the column's gutter.
    QPointF busAnchor(const QPointF &bus) const override;
    /// Distance between the gutter lines of stacked boxes.
    static constexpr double kGutterStep = 9;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    /// How many other service boxes (with their databases) the vertical line at x from fromY
    /// to toY crosses.
    int boxesOnBusLine(double x, double fromY, double toY) const;
    int m_index;
    QString m_name;
    QString m_role;
    RoleGlyph m_glyph = RoleGlyph::Gear;
    ServiceItemState m_state;
};

} // namespace dplab
