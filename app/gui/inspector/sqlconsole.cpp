#include "app/gui/inspector/sqlconsole.h"

#include "app/gui/inspector/queryresultmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QVBoxLayout>

namespace dplab {

namespace {

/// The text after leading blanks and SQL comments.
QString skipBlanksAndComments(const QString &sql)
{
    int i = 0;
    const int n = static_cast<int>(sql.size());
    while (i < n) {
        if (sql[i].isSpace()) {
            ++i;
        } else if (sql.mid(i, 2) == "--") {
            const int nl = static_cast<int>(sql.indexOf('\n', i));
            i = nl < 0 ? n : nl + 1;
        } else if (sql.mid(i, 2) == "/*") {
            const int close = static_cast<int>(sql.indexOf("*/", i + 2));
            i = close < 0 ? n : close + 2;
        } else {
            break;
        }
    }
    return sql.mid(i);
}

} // namespace

SqlConsole::SqlConsole(QueryRunner runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(std::move(runner))
    , m_editor(new QLineEdit(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_message(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new QueryResultModel(this))
{
    m_editor->setPlaceholderText(tr("SELECT * FROM requests ORDER BY id DESC LIMIT 20"));
    m_editor->setToolTip(tr("A read-only query on the selected service's database: one SELECT, "
                            "WITH or PRAGMA statement. Press Enter to run it."));
    m_editor->setClearButtonEnabled(true);
    m_run->setToolTip(tr("Run the query (Enter)"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *row = new QHBoxLayout;
    row->addWidget(m_editor, 1);
    row->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);

    connect(m_editor, &QLineEdit::returnPressed, this, &SqlConsole::run);
    connect(m_run, &QPushButton::clicked, this, &SqlConsole::run);
}

QString SqlConsole::refusal(const QString &sql)
{
    const QString body = skipBlanksAndComments(sql);
    if (body.trimmed().isEmpty())
        return tr("Type a query first.");
    const QString keyword =
        body.section(QRegularExpression(QStringLiteral("[^A-Za-z_]")), 0, 0).toUpper();
    if (keyword != "SELECT" && keyword != "WITH" && keyword != "PRAGMA")
        return tr("Only reading is allowed here: start with SELECT, WITH or PRAGMA (not %1).")
            .arg(keyword.isEmpty() ? body.left(12) : keyword);
    // "PRAGMA name = value" changes settings; table-valued forms like table_info(t) only read.
    if (keyword == "PRAGMA" && body.contains('='))
        return tr("A PRAGMA that sets a value is not allowed here.");
    return {};
}

QString SqlConsole::message() const
{
    return m_message->text();
}

void SqlConsole::showMessage(const QString &text, bool error)
{
    m_failed = error;
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b03a2e; font-weight: bold;")
                                   : QStringLiteral("color: palette(mid);"));
    m_message->setVisible(!text.isEmpty());
}

void SqlConsole::clearResult()
{
    m_model->clear();
    showMessage({}, false);
}

void SqlConsole::expire(const QString &why)
{
    m_model->clear();
    showMessage(why, false);
}

void SqlConsole::run()
{
    const QString sql = m_editor->text();
    if (const QString why = refusal(sql); !why.isEmpty()) {
        showMessage(why, true);
        return;
    }
    try {
        const std::optional<QueryResult> result =
            m_runner ? m_runner(sql.toStdString(), kMaxRows, kMaxSteps) : std::nullopt;
        if (!result) {
            showMessage(tr("Select a service first."), true);
            return;
        }
        m_model->setResult(*result);
        const std::size_t n = result->rows.size();
        showMessage(n >= kMaxRows ? tr("%1 rows (the first %1 only)").arg(n)
                    : n == 1      ? tr("1 row")
                                  : tr("%1 rows").arg(n),
                    false);
    } catch (const std::exception &e) {
        m_model->clear();
        showMessage(QString::fromStdString(e.what()), true);
    }
}

} // namespace dplab
