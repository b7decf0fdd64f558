#pragma once
// One poll of the feed, synchronously: pair if needed, GET the feed with If-None-Match,
// verify its Ed25519 signature over the exact bytes with the pinned key, parse and
// validate it, refuse a rollback, fetch missing media by sha256 (verified, size-limited,
// retried, kept in the store a batch at a time as they arrive), then make the new version
// current in one transaction once every image it names is in. A feed signed
// by a new server key is taken only when the pinned key endorsed it (see follow_key_rotation
// in feed_client.cpp). Apart from images already fetched (content-addressed: they change
// nothing on screen, and the next poll need not fetch them again), anything
// short of that leaves the store exactly as it was. The worker (worker.h) calls this on
// its own thread; tests call it directly.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/sync/http.h"

#include <cstdint>
#include <optional>
#include <string>

namespace coi::sync {

struct SyncSettings {
    std::string server;        // kiosk-content base URL (pairs, then follows /api/v1/feed); or empty
    std::string feed_url;      // a static feed: https://.../feed.json or file:///media/usb/feed.json; or empty
    std::string feed_key;      // the pinned public key (base64) for feed_url; optional with server (pinned at pairing)
    int poll_seconds = 60;
    bool allow_http = false;   // plain http:// beyond loopback
    std::string ca_file;       // PEM certificate authorities to trust for https instead of the system's; or empty
    FetchLimits limits;        // for the feed; media use the same time limits
    int media_attempts = 3;    // per image, within one poll
    std::int64_t media_cache_bytes = 500LL * 1024 * 1024; // after an install, media no current content uses go, oldest first, down to this
    std::string app_version;
    bool configured() const { return !server.empty() || !feed_url.empty(); }
};

enum class PollOutcome {
    Unchanged,   // 304, or the same bytes again
    Applied,     // a new version is current
    Failed,      // the store is as it was; error says why
    Pairing,     // waiting for a coordinator to adopt this screen (pairing_code)
    Revoked,     // the server removed this screen: downloaded content wiped, pairing again
};

struct PollReport {
    PollOutcome outcome = PollOutcome::Failed;
    std::int64_t version = 0;                  // current version after the poll
    std::string error;                         // for Failed: one plain sentence, the same for the same fault
    std::optional<int> retry_after_seconds;    // the server asked us to wait (429/503)
    std::string pairing_code;                  // for Pairing: "483 920 117"
    long long wire_bytes = 0;                  // bytes received for the feed request (headers + body)
    long long request_bytes = 0;               // bytes sent for it (request line and headers)
    long long media_fetched = 0;               // images downloaded in this poll (also ones fetched again to replace a corrupt copy)
    double apply_ms = 0;                       // verify + parse + install, without the network
    double media_ms = 0;                       // fetching and checking the new images
    int media_evicted = 0;                     // images removed to keep the media cache under its bound
    std::string notify_path;                   // the server's X-Notify: where to wait for "version N is out" ("" for none)
};

class FeedClient {
public:
    FeedClient(store::Database& db, SyncSettings settings);

    PollReport poll(feed::Instant now);                     // one full poll: pairing, feed, media, install
    std::string pairing_code();                             // "483 920 117" while unpaired with a server, else ""
    const SyncSettings& settings() const { return m_settings; }
    std::optional<std::string> token() { return m_kept.get(store::Setting::SyncToken); }
    HttpSession& http() { return m_http; }                  // for whatever else this thread sends (the outbox)

private:
    PollReport pair(feed::Instant now);
    PollReport revoke(const std::string& why);
    Result<std::string> fetch_signature(const FetchResponse& feed_response);
    Result<store::MediaBlob> fetch_media(const feed::Media&);
    // Once per client (so at every start of the sync thread), on a poll that changed nothing:
    // the current content's images are checked against their sha256, and any that no longer
    // match (a worn SD card) are fetched again. Adds to report.media_fetched, or sets its error.
    void repair_media(const store::StoredContent& current, PollReport& report, feed::Instant now);
    // The server's new key, if the pinned key endorsed it and it signed feed_bytes; pins it.
    Result<std::string> follow_key_rotation(const std::string& pinned, const std::string& feed_bytes, const std::string& signature);
    // The version a feed verified with `key` may not go below, or nullopt when this key has
    // no floor yet (first content, a new pairing, a rotated key).
    std::optional<std::int64_t> rollback_floor(const std::string& key, const std::optional<store::StoredContent>& current);
    std::string feed_address() const;
    std::string media_address(const std::string& sha256) const;
    std::string source_name() const;
    std::vector<std::string> auth_headers();
    HttpPolicy http_policy() const { return m_settings.allow_http ? HttpPolicy::Allowed : HttpPolicy::LoopbackOnly; }

    store::Database& m_db;
    store::ContentStore m_store;
    store::SettingsStore m_kept; // pairing, the pinned key, the ETag and the rollback floor
    SyncSettings m_settings;
    // One connection and TLS session for every request of every poll: an unchanged poll
    // reuses the connection the last poll left open, or resumes its TLS session.
    HttpSession m_http;
    bool m_media_checked = false; // repair_media has run for this client
};

// Nine digits: an address may hold 60 live codes (docs/security.md, Pairing), so even a whole
// IPv6 /48 (65,536 addresses as the server counts them) holds 0.4% of a billion codes, where
// it held all of a million six-digit ones.
constexpr std::size_t kPairingCodeDigits = 9;

// In groups of three, as the screen shows them and a person types them: "483920117" ->
// "483 920 117" (an older kiosk's "483920" -> "483 920").
std::string format_pairing_code(const std::string& digits);

} // namespace coi::sync
