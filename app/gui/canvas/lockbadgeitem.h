#pragma once

#include <QGraphicsItem>
#include <QString>

namespace dplab {

/**
 * The locks of a two-phase commit participant, as a pill above its box: how many keys it holds
 * locked for prepared transactions and how many requests wait for them ("2 locked · 14
 * waiting"). Grey while nobody waits, amber when requests wait, red when they pile up (a
 * coordinator that crashed after prepare). A child of the ServiceItem, so it moves with the box.
 */
class LockBadgeItem : public QGraphicsItem
{
public:
    enum class Level { Idle, Waiting, PiledUp };
    static constexpr int kPiledUp = 10; ///< waiting requests from which the badge turns red

    explicit LockBadgeItem(QGraphicsItem *parent = nullptr);

    void setState(int locked, int waiting);
    int locked() const { return m_locked; }
    int waiting() const { return m_waiting; }
    QString text() const;
    Level level() const;
    static QColor fill(Level level);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF pillRect() const;

    int m_locked = 0;
    int m_waiting = 0;
};

} // namespace dplab
