// Suggestions from the public: a building's queue of what visitors proposed. Nothing here
// is ever part of a feed; only the building's editors read it (routes_suggestions.cpp).
#include "repository.h"

namespace coi::server {

namespace {

constexpr const char* kColumns = "SELECT id, site_id, title, when_text, details, email, received_at FROM suggestions";

Suggestion read_suggestion(Statement& row) { return {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.integer(6)}; }

} // namespace

Outcome<Suggestion> Repository::add_suggestion(
    const std::string& site_id, const std::string& title, const std::string& when, const std::string& details, const std::string& email)
{
    std::lock_guard lock(m_mutex);
    if (!site_exists(site_id))
        return Failure{FailureKind::NotFound, "no site \"" + site_id + "\""};
    Suggestion suggestion{0, site_id, title, when, details, email, now()};
    m_db->prepare("INSERT INTO suggestions (site_id, title, when_text, details, email, received_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, site_id)
        .bind(2, title)
        .bind(3, when)
        .bind(4, details)
        .bind(5, email)
        .bind(6, suggestion.received_at)
        .run();
    suggestion.id = m_db->last_insert_id();
    return suggestion;
}

std::vector<Suggestion> Repository::waiting_suggestions(const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    std::vector<Suggestion> list;
    auto rows = m_db->prepare(std::string(kColumns) + " WHERE site_id = ? AND state = 'waiting' ORDER BY id");
    rows.bind(1, site_id);
    while (rows.step())
        list.push_back(read_suggestion(rows));
    return list;
}

Outcome<Suggestion> Repository::approve_suggestion(const std::string& site_id, std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare(std::string(kColumns) + " WHERE site_id = ? AND id = ? AND state = 'waiting'");
    row.bind(1, site_id).bind(2, id);
    if (!row.step())
        return Failure{FailureKind::NotFound, "no waiting suggestion " + std::to_string(id) + " at site \"" + site_id + "\""};
    auto suggestion = read_suggestion(row);
    m_db->prepare("UPDATE suggestions SET state = 'approved' WHERE id = ?").bind(1, id).run();
    return suggestion;
}

Done Repository::dismiss_suggestion(const std::string& site_id, std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("DELETE FROM suggestions WHERE site_id = ? AND id = ? AND state = 'waiting'").bind(1, site_id).bind(2, id).run();
    if (m_db->changes() == 0)
        return Failure{FailureKind::NotFound, "no waiting suggestion " + std::to_string(id) + " at site \"" + site_id + "\""};
    return done();
}

std::int64_t Repository::purge_expired_suggestions()
{
    std::lock_guard lock(m_mutex);
    if (!m_read_only_reason.empty())
        return 0; // nothing can be deleted from a full or read-only disk; the next start tries again
    m_db->prepare("DELETE FROM suggestions WHERE received_at < ?").bind(1, now() - kKeepSuggestionsSeconds).run();
    return m_db->changes();
}

} // namespace coi::server
