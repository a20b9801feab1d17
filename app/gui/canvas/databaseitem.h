#pragma once

#include "app/gui/canvas/nodeitem.h"

#include <QSizeF>

namespace dplab {

/**
 * A database cylinder: a service's private database next to its box, or, in shared-database
 * mode, one large cylinder that every service is wired to (the anti-pattern made visible).
 * Shows the number of tables and rows.
 */
class DatabaseItem : public NodeItem
{
public:
    DatabaseItem(const QString &key, bool shared, QGraphicsItem *parent = nullptr);

    bool isShared() const { return m_shared; }
    void setCounts(int tables, qint64 rows);
    int tables() const { return m_tables; }
    qint64 rows() const { return m_rows; }

    QRectF bodyRect() const override;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QSizeF size() const;

    bool m_shared;
    int m_tables = -1;
    qint64 m_rows = -1;
};

} // namespace dplab
