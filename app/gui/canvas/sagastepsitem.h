#pragma once

#include "sagaprogress.h"

#include <QGraphicsItem>

namespace dplab {

/**
 * The sagas in flight, drawn above the service that runs them: a header with the totals and
 * one chip per step ("reserve 3 → charge 5 → ship 2"), each with the sagas doing it in the
 * command colour and, when some are being undone, their count in the compensation colour. A
 * child of the ServiceItem, so it moves with the box.
 */
class SagaStepsItem : public QGraphicsItem
{
public:
    explicit SagaStepsItem(QGraphicsItem *parent = nullptr);

    void setProgress(const SagaProgress &progress);
    const SagaProgress &progress() const { return m_progress; }
    /// The header line: "sagas: 12 in flight · 340 completed · 25 compensated".
    QString headerText() const;
    /// A step's chip text: "charge 5", or "charge 5 · ↩ 2" with compensations.
    static QString chipText(const SagaProgress::Step &step);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    /// The panel in item coordinates: its bottom-left corner is the item's origin.
    QRectF panelRect() const;
    double chipWidth(const SagaProgress::Step &step) const;

    SagaProgress m_progress;
};

} // namespace dplab
