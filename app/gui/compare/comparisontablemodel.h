#pragma once

#include "patterns/comparison.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <vector>

namespace dplab {

/**
 * The summary figures of variants A and B side by side (Metric | A | B | Difference), from
 * compareSummaries(); rows whose change isNotableChange() are highlighted. Updating with the
 * same figures in the same order only repaints the cells, so a view keeps its scroll position
 * while the runs advance.
 */
class ComparisonTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Metric, ValueA, ValueB, Difference, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(std::vector<ComparisonRow> rows);
    const std::vector<ComparisonRow> &rows() const { return m_rows; }
    /// The row of a figure by its summary key ("read_model.divergent_entities"), or nullptr.
    const ComparisonRow *rowByKey(const std::string &key) const;
    /// Index of that row, or -1.
    int indexOfKey(const std::string &key) const;
    int differing() const;
    int notable() const;
    /// Where a notable row comes among the notable ones (notableRows(): flipped checks first),
    /// or -1 for a row that is not notable.
    int notableRank(int row) const { return m_notableRank[static_cast<std::size_t>(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The background of a highlighted row.
    static QColor highlightColor();

private:
    void rankNotable();

    std::vector<ComparisonRow> m_rows;
    std::vector<int> m_notableRank;
};

/** Shows the notable differences first (most telling first, as dplab-cli compare lists them),
 *  then the other differences, then the equal figures (in the summary's order); or only the
 *  figures that differ. */
class ComparisonFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ComparisonFilterModel(QObject *parent = nullptr);
    bool differencesOnly() const { return m_differencesOnly; }
    void setDifferencesOnly(bool on);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_differencesOnly = false;
};

} // namespace dplab
