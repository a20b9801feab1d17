#pragma once

#include <QGraphicsItem>
#include <QList>
#include <QRectF>
#include <QString>

namespace dplab {

/**
 * Network partitions in force: a dashed outline around each side of every partition with a
 * label, and a dashed wall between the first two sides, so it is clear who cannot reach whom.
 */
class PartitionItem : public QGraphicsItem
{
public:
    /** One side of a partition: the area its members occupy and its caption. */
    struct Side
    {
        QRectF area;
        QString label;
    };

    PartitionItem();
    void setSides(const QList<QList<Side>> &partitions);
    int partitionCount() const { return static_cast<int>(m_partitions.size()); }

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QList<QList<Side>> m_partitions;
    QRectF m_bounds;
};

} // namespace dplab
