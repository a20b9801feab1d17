#include "app/gui/timeline/eventlistmodel.h"

#include "app/gui/timeline/timelinetheme.h"

#include <QFont>
#include <QRegularExpression>

#include <algorithm>

namespace dplab {

std::optional<EventSearch> EventSearch::parse(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(#|key\s*)?\s*(-?\d+)\s*$)"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qlonglong value = m.captured(2).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    EventSearch s;
    s.field = m.captured(1) == QLatin1String("#") ? Field::Message : Field::Key;
    s.value = value;
    return s;
}

EventListModel::EventListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void EventListModel::setTrace(const TraceLog *trace, const NameTable *names)
{
    m_trace = trace;
    m_names = names;
    rebuild();
}

void EventListModel::setFilter(const EventFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    rebuild();
}

void EventListModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    m_scanned = 0;
    if (m_trace) {
        const std::size_t n = m_trace->size();
        for (std::size_t i = 0; i < n; ++i)
            if (m_filter.matches((*m_trace)[i]))
                m_rows.push_back(static_cast<std::uint32_t>(i));
        m_scanned = n;
    }
    endResetModel();
}

void EventListModel::traceGrew()
{
    if (!m_trace)
        return;
    const std::size_t n = m_trace->size();
    if (n < m_scanned) {
        rebuild(); // the trace was cleared and refilled behind our back
        return;
    }
    std::vector<std::uint32_t> added;
    for (std::size_t i = m_scanned; i < n; ++i)
        if (m_filter.matches((*m_trace)[i]))
            added.push_back(static_cast<std::uint32_t>(i));
    m_scanned = n;
    if (added.empty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.begin(), added.end());
    endInsertRows();
}

void EventListModel::setPlayhead(std::size_t pos)
{
    const std::size_t old = m_playhead;
    m_playhead = pos;
    if (old == pos || m_rows.empty())
        return;
    // Rows whose "past/future/at playhead" state changed: trace indexes in [lo - 1, hi).
    const std::size_t lo = std::min(old, pos), hi = std::max(old, pos);
    const auto first = std::lower_bound(m_rows.begin(), m_rows.end(), lo ? lo - 1 : 0);
    const auto last = std::lower_bound(m_rows.begin(), m_rows.end(), hi);
    if (first == m_rows.end())
        return;
    const int r0 = static_cast<int>(first - m_rows.begin());
    const int r1 = std::min(static_cast<int>(last - m_rows.begin()), rowCount() - 1);
    emit dataChanged(index(r0, 0), index(r1, ColumnCount - 1),
                     {Qt::BackgroundRole, Qt::ForegroundRole, Qt::FontRole});
}

void EventListModel::setHighlighted(const std::vector<std::uint64_t> &ids)
{
    std::unordered_set<std::size_t> marked;
    for (std::uint64_t id : ids)
        if (id > 0)
            marked.insert(static_cast<std::size_t>(id - 1));
    if (marked == m_highlighted)
        return;
    m_highlighted = std::move(marked);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::DisplayRole, Qt::BackgroundRole, Qt::FontRole});
}

int EventListModel::rowForPosition(std::size_t pos) const
{
    if (pos == 0)
        return -1;
    // Last row whose trace index <= pos - 1.
    const auto it = std::upper_bound(m_rows.begin(), m_rows.end(), pos - 1);
    return static_cast<int>(it - m_rows.begin()) - 1;
}

int EventListModel::findRow(const EventSearch &search, int fromRow, bool forward) const
{
    const int n = rowCount();
    if (n == 0)
        return -1;
    int row = fromRow;
    for (int step = 0; step < n; ++step) {
        row = forward ? (row + 1) % n : (row <= 0 ? n - 1 : row - 1);
        if (search.matches((*m_trace)[m_rows[static_cast<std::size_t>(row)]]))
            return row;
    }
    return -1;
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventListModel::text(const TraceEvent &e, int column) const
{
    switch (column) {
    case NumberColumn:
        return QString::number(e.id);
    case TimeColumn:
        return QString::number(toMilliseconds(e.time), 'f', 3);
    case KindColumn:
        return QString::fromLatin1(traceKindName(e.kind));
    case RouteColumn: {
        const QString from = QString::fromStdString(m_names->endpoint(e.from));
        const QString to = QString::fromStdString(m_names->endpoint(e.to));
        if (to.isEmpty() || from == to)
            return from;
        return from + QStringLiteral(" → ") + to;
    }
    case KeyColumn:
        return e.key ? QString::number(e.key) : QString();
    case MessageColumn:
        if (!e.msg)
            return {};
        return QStringLiteral("#%1 %2").arg(e.msg).arg(QLatin1String(messageKindName(e.msgKind)));
    case SummaryColumn:
        return QString::fromStdString(describeEvent(e, *m_names));
    default:
        return {};
    }
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !m_trace)
        return {};
    const std::size_t i = m_rows[static_cast<std::size_t>(index.row())];
    const TraceEvent &e = (*m_trace)[i];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NumberColumn && isHighlighted(i))
            return QStringLiteral("◆ ") + text(e, NumberColumn);
        return text(e, index.column());
    case Qt::ToolTipRole:
        return text(e, SummaryColumn);
    case TraceIndexRole:
        return QVariant::fromValue<qulonglong>(i);
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn || index.column() == TimeColumn ||
            index.column() == KeyColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (m_playhead > 0 && i == m_playhead - 1)
            return TimelineTheme::playheadRow();
        if (isHighlighted(i))
            return TimelineTheme::evidenceRow();
        return {};
    case Qt::ForegroundRole:
        if (i >= m_playhead)
            return TimelineTheme::futureText();
        if (index.column() == KindColumn || index.column() == MessageColumn)
            return TimelineTheme::eventColor(e);
        return {};
    case Qt::FontRole:
        if ((m_playhead > 0 && i == m_playhead - 1) || isHighlighted(i)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (index.column() == KindColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    default:
        return {};
    }
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("#");
    case TimeColumn:
        return tr("Time (ms)");
    case KindColumn:
        return tr("Kind");
    case RouteColumn:
        return tr("From → To");
    case KeyColumn:
        return tr("Key");
    case MessageColumn:
        return tr("Message");
    case SummaryColumn:
        return tr("What happened");
    default:
        return {};
    }
}

} // namespace dplab
