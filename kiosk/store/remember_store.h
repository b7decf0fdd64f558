#pragma once
// "Remember me for next time?": a visitor who opts in chooses a few words (a 4-character
// code, or a first name and initial); the kiosk keeps only a salted argon2id hash of them,
// so when the same words come again it can count a returning visitor without a list of
// people. Each hash is forgotten the site's retention days after it was last used. The
// salt is this kiosk's own, so the same words at another kiosk are a different hash.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/store/database.h"

#include <string>
#include <vector>

namespace coi::store {

enum class Remembered {
    New,           // first time: kept from now on
    Returning,     // known, and counted as a returning visitor today
    AlreadyToday,  // known, and already counted today: once a day is a visit
};

struct ReturningDay {
    std::string day; // YYYY-MM-DD, local
    std::int64_t count = 0;
};

class RememberStore {
public:
    explicit RememberStore(Database& db) : m_db(db) {}

    // words are already canonical (core::remember_words).
    Result<Remembered> remember(const std::string& words, const std::string& local_day, feed::Instant now);
    Result<int> forget_unused_before(feed::Instant);                 // retention: hashes last used before then
    std::vector<ReturningDay> returning_days(const std::string& first_local_day);
    std::int64_t count_remembered();

private:
    Result<std::string> salt();
    Database& m_db;
};

} // namespace coi::store
