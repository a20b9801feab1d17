#include "app/gui/compare/comparisontablemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace dplab {

namespace {
bool sameLayout(const std::vector<ComparisonRow> &a, const std::vector<ComparisonRow> &b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].key != b[i].key)
            return false;
    return true;
}

QString shown(const ComparisonValue &v)
{
    return v.present ? QString::fromStdString(v.text) : QStringLiteral("–");
}
} // namespace

QColor ComparisonTableModel::highlightColor()
{
    return QColor(0xff, 0xe0, 0x8a);
}

void ComparisonTableModel::setRows(std::vector<ComparisonRow> rows)
{
    if (sameLayout(m_rows, rows)) {
        m_rows = std::move(rows);
        rankNotable();
        if (!m_rows.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    rankNotable();
    endResetModel();
}

void ComparisonTableModel::rankNotable()
{
    m_notableRank.assign(m_rows.size(), -1);
    const auto notable = notableRows(m_rows);
    for (std::size_t i = 0; i < notable.size(); ++i)
        m_notableRank[static_cast<std::size_t>(notable[i] - m_rows.data())] = static_cast<int>(i);
}

const ComparisonRow *ComparisonTableModel::rowByKey(const std::string &key) const
{
    const int i = indexOfKey(key);
    return i < 0 ? nullptr : &m_rows[static_cast<std::size_t>(i)];
}

int ComparisonTableModel::indexOfKey(const std::string &key) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].key == key)
            return static_cast<int>(i);
    return -1;
}

int ComparisonTableModel::differing() const
{
    int n = 0;
    for (const ComparisonRow &r : m_rows)
        n += !r.equal();
    return n;
}

int ComparisonTableModel::notable() const
{
    int n = 0;
    for (const ComparisonRow &r : m_rows)
        n += r.notable;
    return n;
}

int ComparisonTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ComparisonTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparisonTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ComparisonRow &r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Metric:
            // Per operation and per service the label names them; elsewhere the summary's
            // own path is the clearest name ("read_model.divergent_entities").
            if (r.section == "Checks")
                return tr("check: %1").arg(QString::fromStdString(r.label));
            if (r.section == "Run" || r.section == "Operations" || r.section == "Services")
                return QString::fromStdString(r.label);
            return QString::fromStdString(r.key);
        case ValueA:
            return shown(r.a);
        case ValueB:
            return shown(r.b);
        case Difference:
            return QString::fromStdString(r.change);
        }
        break;
    case Qt::ToolTipRole:
        return QStringLiteral("%1 (%2)\nA: %3\nB: %4")
            .arg(QString::fromStdString(r.label), QString::fromStdString(r.key), shown(r.a),
                 shown(r.b));
    case Qt::TextAlignmentRole:
        return index.column() == Metric ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                        : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (r.notable)
            return QBrush(highlightColor());
        break;
    case Qt::ForegroundRole:
        if (r.notable)
            return QBrush(QColor(0x20, 0x20, 0x20));
        if (r.equal() && index.column() == Difference)
            return QBrush(QColor(0x80, 0x80, 0x80));
        break;
    case Qt::FontRole:
        if (r.notable) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant ComparisonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Metric:
        return tr("Metric");
    case ValueA:
        return tr("A");
    case ValueB:
        return tr("B");
    case Difference:
        return tr("Difference (B − A)");
    }
    return {};
}

ComparisonFilterModel::ComparisonFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

bool ComparisonFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto *model = qobject_cast<const ComparisonTableModel *>(sourceModel());
    if (!model)
        return left.row() < right.row();
    const auto rank = [model](int row) {
        const ComparisonRow &r = model->rows()[static_cast<std::size_t>(row)];
        return r.notable ? 0 : r.equal() ? 2 : 1;
    };
    const int a = rank(left.row()), b = rank(right.row());
    if (a != b)
        return a < b;
    if (a == 0)
        return model->notableRank(left.row()) < model->notableRank(right.row());
    return left.row() < right.row();
}

void ComparisonFilterModel::setDifferencesOnly(bool on)
{
    if (on == m_differencesOnly)
        return;
    m_differencesOnly = on;
    invalidateRowsFilter();
}

bool ComparisonFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (!m_differencesOnly)
        return true;
    const auto *model = qobject_cast<const ComparisonTableModel *>(sourceModel());
    return !model || !model->rows()[static_cast<std::size_t>(sourceRow)].equal();
}

} // namespace dplab
