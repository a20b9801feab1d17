#pragma once

#include <QGraphicsItem>
#include <QString>

#include <cstdint>
#include <optional>

namespace dplab {

/**
 * A small pill above a service box with one line about a pattern's state inside it: a
 * two-phase commit participant's locks ("1 locked · 3 waiting") or an event-sourced orders
 * service's store ("2729 events · projection 3 behind · 38 conflicts"). Grey when all is calm,
 * amber when something waits, red when it piles up. A child of the ServiceItem, so it moves
 * with the box.
 */
class NoticeBadgeItem : public QGraphicsItem
{
public:
    enum class Level { Calm, Waiting, PiledUp };

    explicit NoticeBadgeItem(const QString &toolTip, QGraphicsItem *parent = nullptr);

    void setNotice(const QString &text, Level level);
    QString text() const { return m_text; }
    Level level() const { return m_level; }
    static QColor fill(Level level);

    /// A participant's notice: "1 locked · 3 waiting", amber from one waiting request, red
    /// from ten.
    static QString lockText(int locked, int waiting);
    static Level lockLevel(int waiting);
    /// The event store's notice: "2729 events · projection 3 behind · 38 conflicts", amber
    /// while the projection is behind, red from 100 events behind.
    /// `conflicts` unknown (a past playhead): left out.
    static QString storeText(std::int64_t events, std::int64_t behind,
                             std::optional<std::uint64_t> conflicts);
    static Level storeLevel(std::int64_t behind);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF pillRect() const;

    QString m_text;
    Level m_level = Level::Calm;
};

} // namespace dplab
