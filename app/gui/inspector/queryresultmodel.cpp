#include "app/gui/inspector/queryresultmodel.h"

#include <QColor>

#include <algorithm>

namespace dplab {

namespace {

QVariant toVariant(const SqlValue &v)
{
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return QVariant::fromValue<qlonglong>(*i);
    if (const auto *d = std::get_if<double>(&v))
        return *d;
    if (const auto *s = std::get_if<std::string>(&v))
        return QString::fromStdString(*s);
    return {};
}

} // namespace

QueryResultModel::QueryResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void QueryResultModel::setResult(const QueryResult &result)
{
    QStringList columns;
    for (const auto &c : result.columns)
        columns << QString::fromStdString(c);
    std::vector<std::vector<QVariant>> rows;
    rows.reserve(result.rows.size());
    for (const auto &r : result.rows) {
        std::vector<QVariant> row;
        row.reserve(r.size());
        for (const auto &v : r)
            row.push_back(toVariant(v));
        rows.push_back(std::move(row));
    }

    if (columns != m_columns) {
        beginResetModel();
        m_columns = columns;
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    const int oldCount = static_cast<int>(m_rows.size());
    const int newCount = static_cast<int>(rows.size());
    if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    }
    const int common = std::min(oldCount, newCount);
    bool changed = false;
    for (int r = 0; r < common; ++r) {
        if (m_rows[static_cast<std::size_t>(r)] != rows[static_cast<std::size_t>(r)]) {
            m_rows[static_cast<std::size_t>(r)] = std::move(rows[static_cast<std::size_t>(r)]);
            changed = true;
        }
    }
    if (changed && common > 0 && !m_columns.isEmpty())
        emit dataChanged(index(0, 0), index(common - 1, static_cast<int>(m_columns.size()) - 1));
    if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        for (int r = oldCount; r < newCount; ++r)
            m_rows.push_back(std::move(rows[static_cast<std::size_t>(r)]));
        endInsertRows();
    }
}

void QueryResultModel::clear()
{
    beginResetModel();
    m_columns.clear();
    m_rows.clear();
    endResetModel();
}

int QueryResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int QueryResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant QueryResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant &v =
        m_rows[static_cast<std::size_t>(index.row())][static_cast<std::size_t>(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return v.isNull() ? QVariant(QStringLiteral("NULL")) : v;
    case Qt::ToolTipRole:
        return v.isNull() ? QVariant() : v.toString();
    case Qt::ForegroundRole:
        return v.isNull() ? QVariant(QColor(Qt::gray)) : QVariant();
    case Qt::TextAlignmentRole:
        if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Double)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant QueryResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_columns.size() ? QVariant(m_columns[section])
                                                          : QVariant();
    return section + 1;
}

} // namespace dplab
