#pragma once

#include "patterns/module/visuals.h"

#include <QGraphicsItem>

namespace dplab {

/**
 * A pattern's steps with what is at each one now (a Steps decoration), drawn above the service
 * that runs them: a header line with the totals and one chip per step ("reserve 3 → charge 5 →
 * ship 2"), each with its count in the command colour and, when some are being undone, their
 * count in the compensation colour. A child of the ServiceItem, so it moves with the box.
 */
class StepsItem : public QGraphicsItem
{
public:
    /// `explanation`: what it shows, for its tooltip.
    explicit StepsItem(const QString &explanation, QGraphicsItem *parent = nullptr);

    void setProbe(const Probe &probe);
    const Probe &probe() const { return m_probe; }
    /// The header line, as the pattern wrote it: "sagas: 12 in flight · 340 completed · ...".
    QString headerText() const;
    /// A step's chip text: "charge 5", or "charge 5 · ↩ 2" with compensations.
    static QString chipText(const Probe::Step &step);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    /// The panel in item coordinates: its bottom-left corner is the item's origin.
    QRectF panelRect() const;
    double chipWidth(const Probe::Step &step) const;

    Probe m_probe;
};

} // namespace dplab
