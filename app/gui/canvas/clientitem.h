#pragma once

#include "app/gui/canvas/nodeitem.h"

#include <QStringList>

namespace dplab {

/**
 * The workload's clients, on the left of the canvas: a pictogram and one line per workload
 * stream (operation and rate).
 */
class ClientItem : public NodeItem
{
public:
    explicit ClientItem(const QStringList &streams);

    static QSizeF sizeFor(int streams);
    void setOutstanding(std::size_t outstanding);

    QRectF bodyRect() const override;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QStringList m_streams;
    std::size_t m_outstanding = 0;
};

} // namespace dplab
