#pragma once
// The public "What's on" page for one site: today and the next six days, as plain HTML
// that reads well on a phone and needs no script. Rendered from the same feed a
// reception screen gets, so the two never disagree.

#include "content/calendar/recurrence.h"
#include "content/feed/types.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace coi::server {

// One content version's week, expanded: the slow part of the page (every rule through
// libical), done once per content version and day rather than on every anonymous request.
struct WhatsOnWeek {
    std::shared_ptr<const feed::Feed> feed;
    std::int64_t content_version = 0;
    feed::Date today;                            // the site's date the week starts on
    std::vector<calendar::Occurrence> occurrences; // point into *feed
};

WhatsOnWeek expand_whats_on(std::shared_ptr<const feed::Feed> feed, std::int64_t content_version, feed::Instant now);
std::string render_whats_on(const WhatsOnWeek& week, feed::Instant now, const std::string& language);
std::string render_whats_on(const feed::Feed& feed, feed::Instant now, const std::string& language); // expand + render

// The expanded week per site, kept while the site's content version stays the same (the
// caller checks the day).
// Its own small lock, held only to look up or swap an entry: expansion happens outside it
// and outside the repository's lock, so a slow calendar never holds up a kiosk's poll.
class WhatsOnCache {
public:
    std::shared_ptr<const WhatsOnWeek> find(const std::string& site_id, std::int64_t content_version) const;
    void keep(const std::string& site_id, std::shared_ptr<const WhatsOnWeek> week);

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<const WhatsOnWeek>> m_weeks;
};
std::string html_escape(std::string_view text);

} // namespace coi::server
