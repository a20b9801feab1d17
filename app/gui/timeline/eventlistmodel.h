#pragma once

#include "simulation/observe/tracelog.h"

#include <QAbstractTableModel>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

namespace dplab {

/** Which events the timeline's list shows. An empty filter shows every event. */
struct EventFilter
{
    static constexpr std::uint32_t kAllKinds =
        (std::uint32_t{1} << static_cast<int>(TraceKind::Count_)) - 1;
    std::uint32_t kinds = kAllKinds;      ///< bit i: TraceKind(i) is shown
    std::optional<std::int16_t> endpoint; ///< a service, the client or the bus: from or to
    std::optional<std::int64_t> key;      ///< an entity key

    static std::uint32_t bit(TraceKind k) { return std::uint32_t{1} << static_cast<int>(k); }
    bool matches(const TraceEvent &e) const
    {
        return (kinds & bit(e.kind)) && (!endpoint || e.from == *endpoint || e.to == *endpoint) &&
               (!key || e.key == *key);
    }
    bool operator==(const EventFilter &) const = default;
};

/** What the search field looks for: "#123" is message 123, "key 42" or "42" is entity 42. */
struct EventSearch
{
    enum class Field : std::uint8_t { Message, Key };
    Field field = Field::Key;
    std::int64_t value = 0;

    /// Parses the search text; nullopt when it is neither form.
    static std::optional<EventSearch> parse(const QString &text);
    bool matches(const TraceEvent &e) const
    {
        return field == Field::Message ? e.msg == static_cast<std::uint64_t>(value)
                                       : e.key == value;
    }
};

/**
 * The trace as a table for the timeline, fast at 10^6 events: the rows are a vector of the
 * matching trace indexes, built in one pass and extended as the trace grows (no proxy model);
 * texts are made only for the rows a view asks for. The playhead's row is highlighted and the
 * rows after it (a future the class stepped back from) are greyed.
 */
class EventListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        TimeColumn,
        KindColumn,
        RouteColumn,
        KeyColumn,
        MessageColumn,
        SummaryColumn,
        ColumnCount
    };
    /// data(): the row's trace index (qulonglong).
    static constexpr int TraceIndexRole = Qt::UserRole + 1;

    explicit EventListModel(QObject *parent = nullptr);

    /// Shows `trace` (nullptr: nothing). The model keeps the pointers; the caller keeps them
    /// alive and calls traceGrew() after appending and setTrace() again after clearing.
    void setTrace(const TraceLog *trace, const NameTable *names);
    /// Adds the rows of the events appended since the last call (only the new matches).
    void traceGrew();
    void setFilter(const EventFilter &filter);
    const EventFilter &filter() const { return m_filter; }
    /// Number of trace events applied; the event at the playhead is trace[pos - 1].
    void setPlayhead(std::size_t pos);
    std::size_t playhead() const { return m_playhead; }
    /// Marks the events with these ids (a chain of evidence): a tinted row, "◆" before the
    /// number. Empty: none.
    void setHighlighted(const std::vector<std::uint64_t> &ids);
    bool isHighlighted(std::size_t traceIndex) const
    {
        return m_highlighted.count(traceIndex) != 0;
    }
    std::size_t highlightedCount() const { return m_highlighted.size(); }

    /// The row of the event at the playhead, or of the nearest shown event before it; -1 if none.
    int rowForPosition(std::size_t pos) const;
    /// The playhead position that shows the row's event (its trace index + 1).
    std::size_t positionForRow(int row) const { return traceIndex(row) + 1; }
    std::size_t traceIndex(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    /// The next (or previous) row after (before) `fromRow` whose event matches the search,
    /// wrapping around the ends; -1 if no shown event matches. fromRow may be -1.
    int findRow(const EventSearch &search, int fromRow, bool forward) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void rebuild();
    QString text(const TraceEvent &e, int column) const;

    const TraceLog *m_trace = nullptr;
    const NameTable *m_names = nullptr;
    EventFilter m_filter;
    std::vector<std::uint32_t> m_rows; // matching trace indexes, ascending
    std::size_t m_scanned = 0;         // trace events already filtered
    std::size_t m_playhead = 0;
    std::unordered_set<std::size_t> m_highlighted; // trace indexes
};

} // namespace dplab
