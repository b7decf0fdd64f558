#pragma once
// Signed feed bytes per (site, screen role, feed level, content version). Assembling and
// signing is done once per version and level; every poll after that is a lookup, and a 304
// when the kiosk already holds those bytes. The level is the one the kiosk reads
// (content/feed/levels.h): an older kiosk gets the feed degraded for it (feed_levels.h).

#include "content/feed/levels.h"
#include "repository.h"
#include "signing_key.h"

#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace coi::server {

struct SignedFeed {
    std::string bytes;     // exactly what was signed
    std::string signature; // base64 Ed25519 over bytes
    std::string etag;      // "\"<sha256 hex of bytes>\"", a strong validator
    std::int64_t version = 0;
    std::vector<std::string> lost; // what a kiosk at this feed's level cannot show at all (feed_levels.h); empty at the newest
};

// Who the bytes are for. Only a paired screen's own feed carries the building's key for its
// kiosks' local-network messages; an export (a public file) and a preview never do.
enum class FeedAudience { PairedScreen, Other };

class FeedCache {
public:
    FeedCache(Repository& repository, SigningKey key) : m_repository(repository), m_key(std::move(key)) {}

    Outcome<std::shared_ptr<const SignedFeed>> feed_for(const std::string& site_id, const std::optional<std::string>& role, int level = feed::kFeedLevel,
        FeedAudience audience = FeedAudience::Other); // level: what the kiosk reads; the newest for an export
    const SigningKey& key() const { return m_key; }

private:
    using Key = std::tuple<std::string, std::string, int, FeedAudience, std::int64_t>; // site, role ("" for all), level, audience, version
    Repository& m_repository;
    SigningKey m_key;
    std::mutex m_mutex;
    std::map<Key, std::shared_ptr<const SignedFeed>> m_cache;
};

} // namespace coi::server
