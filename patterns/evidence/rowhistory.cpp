#include "patterns/evidence/rowhistory.h"

#include "patterns/evidence/evidencecontext.h"
#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

nlohmann::ordered_json evidenceJsonOf(const SqlValue &v)
{
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return *i;
    if (const auto *d = std::get_if<double>(&v))
        return *d;
    if (const auto *s = std::get_if<std::string>(&v))
        return *s;
    return nullptr;
}

RowHistory::RowHistory(const EvidenceContext &context, std::int16_t service, std::string table)
    : m_context(context)
    , m_service(service)
    , m_table(std::move(table))
{
    const World &world = context.world();
    if (service < 0 || !world.capturesChangesets())
        return;
    try {
        m_columns = world.service(service)
                        .database()
                        .query("SELECT * FROM " + m_table + " LIMIT 0")
                        .columns;
    } catch (const DatabaseError &) {
        return; // no such table (a schema change): nothing to say about its rows
    }
    m_known = true;
    const ChangesetStore &store = world.commits();
    bool keyKnown = false;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const CommitRecord &r = store.record(i);
        if (r.service != service)
            continue;
        for (RowChange &c : readRowChanges(store.bytes(i))) {
            if (c.table != m_table || !std::holds_alternative<std::int64_t>(c.key))
                continue;
            if (!keyKnown) {
                m_keyColumn = c.keyColumn;
                keyKnown = true;
            }
            const std::int64_t key = std::get<std::int64_t>(c.key);
            m_changes[key].push_back(Change{r.traceId, std::move(c)});
        }
    }
}

const std::vector<RowHistory::Change> &RowHistory::changesOf(std::int64_t key) const
{
    static const std::vector<Change> none;
    const auto it = m_changes.find(key);
    return it == m_changes.end() ? none : it->second;
}

const RowHistory::Change *RowHistory::lastChange(std::int64_t key, std::uint64_t id) const
{
    const auto &all = changesOf(key);
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        if (id == 0 || it->commit <= id)
            return &*it;
    return nullptr;
}

const RowHistory::Change *RowHistory::changeAt(std::int64_t key, std::uint64_t commit) const
{
    for (const Change &c : changesOf(key))
        if (c.commit == commit)
            return &c;
    return nullptr;
}

std::vector<std::int64_t> RowHistory::keys() const
{
    std::vector<std::int64_t> out;
    out.reserve(m_changes.size());
    for (const auto &[key, changes] : m_changes)
        out.push_back(key);
    std::sort(out.begin(), out.end());
    return out;
}

nlohmann::ordered_json RowHistory::rowAt(std::int64_t key, std::uint64_t asOf) const
{
    if (m_columns.empty())
        return nullptr;
    const std::string keyName = m_columns[static_cast<std::size_t>(m_keyColumn)];
    QueryResult now;
    try {
        now = m_context.world().service(m_service).database().query(
            "SELECT * FROM " + m_table + " WHERE " + keyName + " = ?1", {key});
    } catch (const DatabaseError &) {
        return nullptr;
    }
    std::vector<SqlValue> row;
    bool exists = !now.rows.empty();
    if (exists)
        row = now.rows[0];
    row.resize(m_columns.size());
    if (asOf != 0) {
        // Undo, newest first, what the commits after `asOf` did to the row.
        const auto &all = changesOf(key);
        for (auto it = all.rbegin(); it != all.rend() && it->commit > asOf; ++it) {
            const RowChange &c = it->row;
            if (c.op == RowChange::Op::Insert) {
                exists = false;
                continue;
            }
            exists = true;
            for (std::size_t i = 0; i < c.before.size() && i < row.size(); ++i)
                if (c.before[i])
                    row[i] = *c.before[i];
        }
    }
    if (!exists)
        return nullptr;
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        out[m_columns[i]] = evidenceJsonOf(row[i]);
    return out;
}

EvidenceRow RowHistory::row(std::int64_t key, std::uint64_t asOf, std::string says) const
{
    EvidenceRow r;
    r.service = m_context.world().service(m_service).name();
    r.table = m_table;
    r.key = std::to_string(key);
    r.values = rowAt(key, asOf);
    r.asOfEvent = asOf;
    r.says = std::move(says);
    return r;
}

namespace {

std::string evidenceValueText(const std::optional<SqlValue> &v)
{
    if (!v)
        return "?";
    const nlohmann::ordered_json j = evidenceJsonOf(*v);
    return j.is_string() ? j.get<std::string>() : j.dump();
}

bool evidenceNoisyColumn(const std::string &name)
{
    return name.size() > 3 && name.compare(name.size() - 3, 3, "_us") == 0;
}

} // namespace

std::string RowHistory::describeChange(const RowChange &change, std::size_t max) const
{
    if (change.op == RowChange::Op::Delete)
        return "row deleted";
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < change.after.size() && shown < max; ++i) {
        if (static_cast<int>(i) == change.keyColumn || !change.after[i])
            continue;
        const std::string name =
            i < m_columns.size() ? m_columns[i] : "column " + std::to_string(i);
        if (evidenceNoisyColumn(name))
            continue;
        if (change.op == RowChange::Op::Update && change.before[i] == change.after[i])
            continue;
        out += (shown++ ? ", " : "") + name + " ";
        if (change.op == RowChange::Op::Update)
            out += evidenceValueText(change.before[i]) + " -> ";
        out += evidenceValueText(change.after[i]);
    }
    if (change.op == RowChange::Op::Insert)
        return "new row" + (out.empty() ? std::string() : " (" + out + ")");
    return out;
}

std::string RowHistory::text(const nlohmann::ordered_json &row, const std::string &column)
{
    if (!row.is_object() || !row.contains(column))
        return {};
    const auto &v = row.at(column);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

} // namespace dplab
