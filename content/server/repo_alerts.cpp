// Screens that ask for help: each building's limit and webhook, the accounts' email
// addresses, and the problems already told (screen_health.h says what a problem is).
#include "mail.h"
#include "repository.h"

namespace coi::server {

SiteAlerts Repository::site_alerts(const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT silent_minutes, webhook_url FROM site_alerts WHERE site_id = ?");
    row.bind(1, site_id);
    SiteAlerts alerts;
    if (row.step()) {
        alerts.silent_minutes = static_cast<int>(row.integer(0));
        alerts.webhook_url = row.text(1);
    }
    return alerts;
}

Done Repository::set_site_alerts(const std::string& site_id, const SiteAlerts& alerts)
{
    std::lock_guard lock(m_mutex);
    auto exists = m_db->prepare("SELECT 1 FROM sites WHERE id = ?");
    exists.bind(1, site_id);
    if (!exists.step())
        return not_found("no site \"" + site_id + "\"");
    m_db->prepare("INSERT INTO site_alerts(site_id, silent_minutes, webhook_url) VALUES(?, ?, ?) "
                  "ON CONFLICT(site_id) DO UPDATE SET silent_minutes = excluded.silent_minutes, webhook_url = excluded.webhook_url")
        .bind(1, site_id)
        .bind(2, alerts.silent_minutes)
        .bind(3, alerts.webhook_url)
        .run();
    return done();
}

std::map<std::int64_t, std::string> Repository::user_emails()
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT user_id, email FROM user_emails");
    std::map<std::int64_t, std::string> emails;
    while (rows.step())
        emails[rows.integer(0)] = rows.text(1);
    return emails;
}

Done Repository::set_user_email(std::int64_t user_id, const std::string& email)
{
    if (!email.empty())
        if (auto wrong = mail_address_problem(email); !wrong.empty())
            return bad_input("field \"email\": " + wrong);
    std::lock_guard lock(m_mutex);
    auto exists = m_db->prepare("SELECT 1 FROM users WHERE id = ?");
    exists.bind(1, user_id);
    if (!exists.step())
        return not_found("no account with id " + std::to_string(user_id));
    if (email.empty())
        m_db->prepare("DELETE FROM user_emails WHERE user_id = ?").bind(1, user_id).run();
    else
        m_db->prepare("INSERT INTO user_emails(user_id, email) VALUES(?, ?) ON CONFLICT(user_id) DO UPDATE SET email = excluded.email")
            .bind(1, user_id)
            .bind(2, email)
            .run();
    return done();
}

std::vector<std::string> Repository::alert_emails(const std::string& site_id)
{
    // Café staff are left out: a screen's trouble is for those who can do something about it.
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT DISTINCT e.email FROM user_emails e JOIN users u ON u.id = e.user_id "
                              "WHERE u.role = 'admin' OR (u.role = 'coordinator' AND EXISTS "
                              "(SELECT 1 FROM user_sites s WHERE s.user_id = u.id AND s.site_id = ?)) ORDER BY e.email");
    rows.bind(1, site_id);
    std::vector<std::string> emails;
    while (rows.step())
        emails.push_back(rows.text(0));
    return emails;
}

std::vector<OpenProblem> Repository::open_problems()
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT screen_id, kind, since, words FROM screen_problems ORDER BY screen_id, kind");
    std::vector<OpenProblem> problems;
    while (rows.step())
        problems.push_back({rows.integer(0), rows.text(1), rows.integer(2), rows.text(3)});
    return problems;
}

bool Repository::open_problem(std::int64_t screen_id, const std::string& kind, const std::string& words)
{
    std::lock_guard lock(m_mutex);
    auto insert = m_db->prepare("INSERT OR IGNORE INTO screen_problems(screen_id, kind, since, words) VALUES(?, ?, ?, ?)");
    insert.bind(1, screen_id).bind(2, kind).bind(3, now()).bind(4, words).run();
    return m_db->changes() > 0;
}

bool Repository::close_problem(std::int64_t screen_id, const std::string& kind)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("DELETE FROM screen_problems WHERE screen_id = ? AND kind = ?").bind(1, screen_id).bind(2, kind).run();
    return m_db->changes() > 0;
}

} // namespace coi::server
