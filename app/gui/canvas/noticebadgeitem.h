#pragma once

#include "patterns/module/visuals.h"

#include <QGraphicsItem>
#include <QString>

#include <cstdint>
#include <optional>

namespace dplab {

/**
 * A small pill above a service box with one line about a pattern's state inside it (a
 * Notice decoration; the pattern's module writes the line, e.g. "1 locked · 3 waiting"). Grey
 * when all is calm, amber when something waits, red when it piles up. A child of the
 * ServiceItem, so it moves with the box.
 */
class NoticeBadgeItem : public QGraphicsItem
{
public:
    using Level = Probe::Level;

    explicit NoticeBadgeItem(const QString &toolTip, QGraphicsItem *parent = nullptr);

    void setNotice(const QString &text, Level level);
    QString text() const { return m_text; }
    Level level() const { return m_level; }
    static QColor fill(Level level);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF pillRect() const;

    QString m_text;
    Level m_level = Level::Calm;
};

} // namespace dplab
