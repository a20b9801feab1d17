#include "patterns/consumers/inbox.h"

#include "simulation/world/database.h"

namespace dplab {

void Inbox::create(Database &db)
{
    db.exec("CREATE TABLE IF NOT EXISTS inbox (event_id TEXT PRIMARY KEY,"
            " processed_us INTEGER NOT NULL)");
}

bool Inbox::claim(Database &db, const std::string &eventId, SimTime now)
{
    return db.prepare("INSERT OR IGNORE INTO inbox (event_id, processed_us) VALUES (?1, ?2)")
               .bind(1, eventId)
               .bind(2, now)
               .run() > 0;
}

void Inbox::clear(Database &db)
{
    db.prepare("DELETE FROM inbox").run();
}

void ConsumerLedger::applied(const std::string &eventId)
{
    ++m_effects;
    if (++m_times[eventId] > 1) {
        ++m_again;
        if (m_example.empty())
            m_example = eventId;
    }
}

} // namespace dplab
