#include "feed_cache.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "feed_levels.h"

namespace coi::server {

Outcome<std::shared_ptr<const SignedFeed>> FeedCache::feed_for(
    const std::string& site_id, const std::optional<std::string>& role, int level, FeedAudience audience)
{
    auto version = m_repository.content_version(site_id);
    if (!version)
        return not_found("no site \"" + site_id + "\"");
    Key key{site_id, role.value_or(""), level, audience, *version};
    {
        std::lock_guard lock(m_mutex);
        if (auto hit = m_cache.find(key); hit != m_cache.end())
            return hit->second;
    }
    auto feed = m_repository.assemble_feed(site_id, role);
    if (!feed)
        return feed.failure();
    // Only here, the feed a paired screen fetches with its token: the building's key for its
    // kiosks' local-network messages (docs/security.md). Public routes and exports build
    // their feed without it.
    if (audience == FeedAudience::PairedScreen)
        feed->lan_key = m_repository.lan_key(site_id);
    auto signed_feed = std::make_shared<SignedFeed>();
    auto levelled = feed_at_level(*feed, level);
    signed_feed->bytes = levelled.document.dump();
    signed_feed->lost = std::move(levelled.lost);
    auto signature = feed::sign_bytes(signed_feed->bytes, m_key.secret_key);
    if (!signature)
        return Failure{FailureKind::Internal, "cannot sign the feed: " + signature.error().message};
    signed_feed->signature = *signature;
    signed_feed->etag = "\"" + feed::sha256_hex(signed_feed->bytes) + "\"";
    signed_feed->version = feed->version;

    std::lock_guard lock(m_mutex);
    // Older versions of this (site, role) are never served again.
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        auto& [cached_site, cached_role, cached_level, cached_audience, cached_version] = it->first;
        if (cached_site == site_id && cached_role == std::get<1>(key) && cached_level == level && cached_audience == audience && cached_version < feed->version)
            it = m_cache.erase(it);
        else
            ++it;
    }
    m_cache[{site_id, role.value_or(""), level, audience, feed->version}] = signed_feed;
    return std::shared_ptr<const SignedFeed>(signed_feed);
}

} // namespace coi::server
