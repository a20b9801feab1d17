#pragma once

#include <QGraphicsItem>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

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
        QRectF area;             ///< the bounding box of its members
        QString label;           ///< drawn in full above its topmost member
        QList<QRectF> members{}; ///< each member's box: the side is drawn around these only
        QStringList names{};     ///< each member's name, as members
    };

    PartitionItem();
    /// `limit`: the diagram's extent; labels are kept inside it, so a fitted view shows them
    /// whole.
    void setSides(const QList<QList<Side>> &partitions, const QRectF &limit);
    const QList<QList<Side>> &sides() const { return m_partitions; }
    int partitionCount() const { return static_cast<int>(m_partitions.size()); }

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QList<QList<Side>> m_partitions;
    QRectF m_bounds;
    QRectF m_limit;
};

} // namespace dplab
