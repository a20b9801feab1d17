#pragma once

#include "simulation/world/database.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace dplab {

class QueryResultModel;

/**
 * A read-only SQL console on one service's database: a single SELECT, WITH or PRAGMA (reading)
 * statement; anything else, and SQLite's own errors, are shown inline.
 */
class SqlConsole : public QWidget
{
    Q_OBJECT

public:
    /// Runs a read-only query on the database shown now (SimulationDocument::queryDatabase);
    /// nullopt when there is none. Throws as Database::query does.
    using QueryRunner = std::function<std::optional<QueryResult>(
        const std::string &sql, std::size_t maxRows, std::uint64_t maxSteps)>;
    static constexpr std::size_t kMaxRows = 1000;
    /// The most SQLite steps one typed query may take: about a second on a slow machine (the
    /// query runs on the GUI thread), far more than a query over a lesson's tables needs.
    static constexpr std::uint64_t kMaxSteps = 30'000'000;

    explicit SqlConsole(QueryRunner runner, QWidget *parent = nullptr);

    /// Why `sql` is refused before it reaches SQLite, or an empty string if it may run.
    static QString refusal(const QString &sql);

    QLineEdit *editor() const { return m_editor; }
    QueryResultModel *model() const { return m_model; }
    QString message() const;
    bool lastRunFailed() const { return m_failed; }

public slots:
    /// Runs the editor's text.
    void run();
    void clearResult();
    /// Clears the rows, which are no longer true, and says why (not as an error).
    void expire(const QString &why);

private:
    void showMessage(const QString &text, bool error);

    QueryRunner m_runner;
    QLineEdit *m_editor;
    QPushButton *m_run;
    QLabel *m_message;
    QTableView *m_view;
    QueryResultModel *m_model;
    bool m_failed = false;
};

} // namespace dplab
