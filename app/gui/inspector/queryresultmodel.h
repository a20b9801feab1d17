#pragma once

#include "simulation/world/database.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace dplab {

/**
 * Rows of an SQL query as a read-only table model. A new result with the same columns updates
 * the rows in place (insert/remove at the end, dataChanged for the rest), so views keep their
 * scroll position while the simulation runs.
 */
class QueryResultModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit QueryResultModel(QObject *parent = nullptr);

    void setResult(const QueryResult &result);
    void clear();
    QStringList columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_columns;
    std::vector<std::vector<QVariant>> m_rows;
};

} // namespace dplab
