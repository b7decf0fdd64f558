#include "kiosk/sync/feed_client.h"

#include "content/feed/levels.h"
#include "kiosk/sync/update_listener.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "kiosk/sync/backoff.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <thread>

namespace coi::sync {

using store::Setting;

namespace {

constexpr std::size_t kMaxSignatureBytes = 1024;
constexpr std::size_t kMaxPairAnswerBytes = 16 * 1024;
constexpr std::size_t kMaxKeyAnswerBytes = 16 * 1024;
constexpr const char* kKeyRotationPrefix = "coi-key-rotation:v1:"; // content/server/signing_key.cpp endorsement_message
constexpr std::int64_t kMaxMediaBytes = 32 * 1024 * 1024;
constexpr std::size_t kMediaBatchBytes = 4 * 1024 * 1024; // images kept per transaction: memory against fsyncs

std::string without_trailing_slash(std::string url)
{
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

std::string random_digits(std::size_t count)
{
    std::random_device device;
    std::uniform_int_distribution<int> digit(0, 9);
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += static_cast<char>('0' + digit(device));
    return out;
}

std::string random_hex(std::size_t count)
{
    std::random_device device;
    std::uniform_int_distribution<int> nibble(0, 15);
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += "0123456789abcdef"[nibble(device)];
    return out;
}

std::string trim(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
        text.erase(text.begin());
    return text;
}

PollReport failed(std::string error, std::int64_t version, std::optional<int> retry_after = std::nullopt)
{
    PollReport report;
    report.outcome = PollOutcome::Failed;
    report.error = std::move(error);
    report.version = version;
    report.retry_after_seconds = retry_after;
    return report;
}

} // namespace

std::string format_pairing_code(const std::string& digits)
{
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); i += 3)
        grouped += (i == 0 ? "" : " ") + digits.substr(i, 3);
    return grouped;
}

FeedClient::FeedClient(store::Database& db, SyncSettings settings)
    : m_db(db), m_store(db), m_kept(db), m_settings(std::move(settings)), m_http(m_settings.ca_file)
{
    m_settings.server = without_trailing_slash(m_settings.server);
}

std::string FeedClient::feed_address() const
{
    return m_settings.server.empty() ? m_settings.feed_url : m_settings.server + "/api/v1/feed";
}

std::string FeedClient::media_address(const std::string& sha256) const
{
    if (!m_settings.server.empty())
        return m_settings.server + "/api/v1/media/" + sha256;
    // A static export: feed.json beside media/<sha256>.
    auto& url = m_settings.feed_url;
    auto slash = url.rfind('/');
    return (slash == std::string::npos ? url + "/" : url.substr(0, slash + 1)) + "media/" + sha256;
}

std::string FeedClient::source_name() const { return feed_address(); }

std::vector<std::string> FeedClient::auth_headers()
{
    if (m_settings.server.empty())
        return {};
    auto token = m_kept.get(Setting::SyncToken);
    return token ? std::vector<std::string>{"Authorization: Bearer " + *token} : std::vector<std::string>{};
}

std::string FeedClient::pairing_code()
{
    if (m_settings.server.empty() || m_kept.get(Setting::SyncToken))
        return {};
    auto code = m_kept.get(Setting::PairCode);
    return code ? format_pairing_code(*code) : std::string();
}

// [SECTION] Pairing

PollReport FeedClient::pair(feed::Instant)
{
    auto current = m_store.current();
    std::int64_t version = current ? current->version : 0;
    auto code = m_kept.get(Setting::PairCode);
    auto secret = m_kept.get(Setting::PairSecret);
    // A code kept by an older kiosk (six digits) is drawn again at full length.
    if (!code || !secret || code->size() != kPairingCodeDigits) {
        code = random_digits(kPairingCodeDigits);
        secret = random_hex(32);
        if (auto r = m_kept.set(Setting::PairCode, *code); !r)
            return failed("cannot keep the pairing code: " + r.error().message, version);
        if (auto r = m_kept.set(Setting::PairSecret, *secret); !r)
            return failed("cannot keep the pairing code: " + r.error().message, version);
    }
    PollReport waiting;
    waiting.outcome = PollOutcome::Pairing;
    waiting.version = version;
    waiting.pairing_code = format_pairing_code(*code);

    FetchRequest request;
    request.url = m_settings.server + "/api/v1/pair";
    request.method = "POST";
    request.headers = {"Content-Type: application/json"};
    request.body = nlohmann::json{{"code", *code}, {"secret", *secret}}.dump();
    request.accept_types = {"application/json"};
    request.limits = m_settings.limits;
    request.limits.max_bytes = kMaxPairAnswerBytes;
    request.http = http_policy();
    auto answer = m_http.fetch(request);
    if (!answer) {
        waiting.error = answer.error().message;
        return waiting;
    }
    if (answer->status == 409 && server_error_code(*answer) == "conflict") {
        // The code is taken by another screen: draw a new one and show it. Only kiosk-content's
        // own refusal says so; a proxy's 409 page falls through to "the server answered 409"
        // and the code on screen stays, as a coordinator may be typing it in.
        let_go(m_kept.set(Setting::PairCode, random_digits(kPairingCodeDigits)),
            "not kept: the code on screen stays, is refused again, and a new one is drawn at the next poll");
        waiting.pairing_code = pairing_code();
        return waiting;
    }
    if (answer->status == 202)
        return waiting;
    if (answer->status != 200) {
        waiting.error = "pairing with " + m_settings.server + ": the server answered " + std::to_string(answer->status);
        waiting.retry_after_seconds = parse_retry_after(answer->header("retry-after"));
        return waiting;
    }
    auto doc = nlohmann::json::parse(answer->body, nullptr, false);
    if (!doc.is_object() || !doc.value("token", nlohmann::json()).is_string() || !doc.value("public_key", nlohmann::json()).is_string()) {
        waiting.error = "pairing with " + m_settings.server + ": the answer has no token and key";
        return waiting;
    }
    std::string token = doc["token"], key = doc["public_key"];
    if (!m_settings.feed_key.empty() && key != m_settings.feed_key) {
        waiting.error = "pairing with " + m_settings.server + ": its public key is not the one in the config ([sync] feed_key); refused";
        return waiting;
    }
    if (!feed::base64_decode(key) || feed::base64_decode(key)->size() != 32) {
        waiting.error = "pairing with " + m_settings.server + ": its public key is not an Ed25519 key";
        return waiting;
    }
    auto stored = m_db.transaction([&]() -> Result<Ok> {
        // A new pairing starts a new rollback floor: the server this screen is paired with
        // now may be one rebuilt from an older backup, or started afresh, whose numbering
        // starts below what is on screen. The coordinator's adoption is what says to follow it.
        for (auto [k, v] : {std::pair{Setting::SyncToken, token}, std::pair{Setting::PinnedKey, key}, std::pair{Setting::PairedServer, m_settings.server},
                 std::pair{Setting::RollbackFloor, "0 " + key}})
            if (auto r = m_kept.set(k, v); !r)
                return r;
        return m_kept.forget({Setting::PairCode, Setting::PairSecret, Setting::Etag});
    });
    if (!stored)
        return failed("cannot keep the device token: " + stored.error().message, version);
    PollReport adopted;
    adopted.outcome = PollOutcome::Unchanged;
    adopted.version = version;
    return adopted;
}

PollReport FeedClient::revoke(const std::string& why)
{
    // Downloaded content and media go; the app puts the embedded building back and the
    // screen shows a fresh pairing code. Check-in records are not touched: they keep
    // their own retention rule.
    auto wiped = m_store.forget_content();
    let_go(m_kept.forget({Setting::SyncToken, Setting::PinnedKey, Setting::PairedServer, Setting::Etag, Setting::PairCode, Setting::RollbackFloor}),
        "if kept, the server refuses the revoked token again at the next poll, and this is done again");
    PollReport report;
    report.outcome = PollOutcome::Revoked;
    report.error = why + (wiped ? "" : "; wiping content failed: " + wiped.error().message);
    return report;
}

// [SECTION] Key rotation

// `kiosk-content rotate-key` makes a new signing key and an endorsement: the OLD key's
// signature over "coi-key-rotation:v1:<new key>". Why a kiosk may trust the new key:
// - The endorsement is checked with the key pinned at pairing, the only key this screen
//   trusts. Whoever can make it holds the old secret key, and could sign feeds with it
//   anyway, so following it gives nobody a power they did not have.
// - The device token (sent with the request) tells the server which screen asks; it proves
//   nothing about the answer. TLS protects the channel, but a proxy, a CDN or a forged
//   certificate could still change the answer: the endorsement is what makes it safe, end
//   to end, the same way the feed's own signature is.
// - The message is prefixed and versioned, so no feed signature can pass for an endorsement.
// - Only one step: the endorsement must be by the pinned key itself. A screen that slept
//   through two rotations, or a key that leaked (rotate and re-pair then), needs pairing
//   again. A key set in the config ([sync] feed_key) is the operator's choice and is never
//   replaced from the network.
// - The new key is pinned only once these very feed bytes verify with it, in one write.
Result<std::string> FeedClient::follow_key_rotation(const std::string& pinned, const std::string& feed_bytes, const std::string& signature)
{
    if (!m_settings.feed_key.empty())
        return Error{"the key is set in the config ([sync] feed_key), so a new key from the server is not taken"};
    FetchRequest request;
    request.url = m_settings.server + "/api/v1/key";
    request.headers = auth_headers();
    request.accept_types = {"application/json"};
    request.limits = m_settings.limits;
    request.limits.max_bytes = kMaxKeyAnswerBytes;
    request.http = http_policy();
    auto answer = m_http.fetch(request);
    if (!answer)
        return Error{"asking for the server's new key: " + answer.error().message};
    if (answer->status != 200)
        return Error{"asking for the server's new key: the server answered " + std::to_string(answer->status)};
    auto doc = nlohmann::json::parse(answer->body, nullptr, false);
    auto text = [](const nlohmann::json& object, const char* name) {
        auto it = object.find(name);
        return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (!doc.is_object() || !doc.contains("endorsement") || !doc["endorsement"].is_object())
        return Error{"the server shows no new key endorsed by the pinned one"};
    auto& endorsement = doc["endorsement"];
    std::string fresh = text(endorsement, "public_key");
    if (text(endorsement, "previous_public_key") != pinned || fresh.empty() || fresh != text(doc, "public_key"))
        return Error{"the server's new key is not endorsed by the pinned one (pair this screen again)"};
    auto decoded = feed::base64_decode(fresh);
    if (!decoded || decoded->size() != 32)
        return Error{"the server's new key is not an Ed25519 key"};
    if (auto vouched = feed::verify_bytes(std::string(kKeyRotationPrefix) + fresh, text(endorsement, "signature"), pinned); !vouched)
        return Error{"the endorsement of the server's new key does not verify with the pinned key; refused"};
    if (auto verified = feed::verify_bytes(feed_bytes, signature, fresh); !verified)
        return Error{"the feed does not verify with the server's new key either"};
    if (auto pinned_now = m_kept.set(Setting::PinnedKey, fresh); !pinned_now)
        return Error{"cannot keep the server's new key: " + pinned_now.error().message};
    return fresh;
}

// [SECTION] The poll

// Refusing an older version stops a replayed feed (an old signed copy from a cache or an
// attacker) from bringing back a deleted notice. But the numbering belongs to one server's
// database under one key: a floor kept across a new pairing or a new key refused a rebuilt
// server's feeds forever. So the floor is kept with the key it was reached under, and a
// pairing resets it; a rotated key, which the pinned key endorsed, starts from nothing.
std::optional<std::int64_t> FeedClient::rollback_floor(const std::string& key, const std::optional<store::StoredContent>& current)
{
    if (!current || current->source == "embedded")
        return std::nullopt;
    auto floor = m_kept.get(Setting::RollbackFloor);
    if (!floor)
        return current->version; // kept before floors had keys: as it always was
    auto space = floor->find(' ');
    if (space == std::string::npos || floor->substr(space + 1) != key)
        return std::nullopt;
    std::int64_t version = 0;
    try {
        version = std::stoll(floor->substr(0, space));
    } catch (const std::exception&) {
        return current->version; // unreadable: the safe side
    }
    if (version <= 0)
        return std::nullopt; // paired since: nothing installed under this pairing yet
    return version;
}

Result<std::string> FeedClient::fetch_signature(const FetchResponse& feed_response)
{
    if (auto header = feed_response.header("x-feed-signature"); !header.empty())
        return trim(header);
    if (!m_settings.server.empty())
        return Error{"the feed from " + m_settings.server + " came without its signature (X-Feed-Signature)"};
    FetchRequest request;
    request.url = m_settings.feed_url + ".sig";
    request.limits = m_settings.limits;
    request.limits.max_bytes = kMaxSignatureBytes;
    request.http = http_policy();
    auto sig = m_http.fetch(request);
    if (!sig)
        return Error{"cannot fetch the feed's signature: " + sig.error().message};
    if (sig->status != 0 && sig->status != 200)
        return Error{"cannot fetch the feed's signature " + request.url + ": the server answered " + std::to_string(sig->status)};
    return trim(sig->body);
}

Result<store::MediaBlob> FeedClient::fetch_media(const feed::Media& media)
{
    FetchRequest request;
    request.url = media_address(media.sha256);
    request.headers = auth_headers();
    request.limits = m_settings.limits;
    request.limits.max_bytes = static_cast<std::size_t>(std::clamp<std::int64_t>(media.bytes, 1, kMaxMediaBytes));
    request.accept_types = {media.type, "application/octet-stream", "binary/octet-stream"};
    request.http = http_policy();
    std::string last_error;
    for (int attempt = 0; attempt < std::max(1, m_settings.media_attempts); ++attempt) {
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
        auto got = m_http.fetch(request);
        if (!got) {
            last_error = got.error().message;
            continue;
        }
        if (got->status != 0 && got->status != 200) {
            last_error = "the server answered " + std::to_string(got->status);
            if (got->status == 404 || got->status == 403 || got->status == 401)
                break; // no use retrying now
            continue;
        }
        if (feed::sha256_hex(got->body) != media.sha256) {
            last_error = "its bytes do not match its sha256";
            continue;
        }
        return store::MediaBlob{media.sha256, media.type, std::move(got->body)};
    }
    return Error{"image " + media.sha256.substr(0, 12) + "...: " + last_error};
}

void FeedClient::repair_media(const store::StoredContent& current, PollReport& report, feed::Instant now)
{
    if (m_media_checked || current.source == "embedded")
        return;
    m_media_checked = true;
    auto parsed = feed::parse_feed(current.feed_bytes);
    if (!parsed)
        return;
    for (auto& m : parsed->media) {
        if (m_store.has_whole_media(m.sha256))
            continue;
        auto blob = fetch_media(m);
        if (!blob) {
            report.error = "an image on screen was damaged in storage and cannot be fetched again: " + blob.error().message;
            m_media_checked = false; // try again on the next poll
            continue;
        }
        if (auto kept = m_store.put_media({blob.release()}, now); !kept) {
            report.error = "cannot keep an image fetched again: " + kept.error().message;
            continue;
        }
        ++report.media_fetched;
    }
}

PollReport FeedClient::poll(feed::Instant now)
{
    auto current = m_store.current();
    std::int64_t version = current ? current->version : 0;
    if (!m_settings.configured())
        return failed("no feed configured", version);
    if (auto ok = check_url(feed_address(), http_policy()); !ok)
        return failed(ok.error().message, version);
    if (!m_settings.server.empty()) {
        // A token belongs to the server it came from: following another server means pairing again.
        auto paired = m_kept.get(Setting::PairedServer);
        if (m_kept.get(Setting::SyncToken) && paired && *paired != m_settings.server)
            let_go(m_kept.forget({Setting::SyncToken, Setting::PinnedKey, Setting::Etag}),
                "if kept, the other server refuses the token and this is done again at the next poll");
        if (!m_kept.get(Setting::SyncToken)) {
            auto paired_now = pair(now);
            if (paired_now.outcome != PollOutcome::Unchanged)
                return paired_now;
            // Adopted just now: fetch the feed in this same poll.
        }
    }
    std::string key = m_settings.server.empty() ? m_settings.feed_key : m_kept.get(Setting::PinnedKey).value_or(m_settings.feed_key);
    if (key.empty())
        return failed("no public key to check the feed with: give --feed-key (what `kiosk-content public-key` prints)", version);

    FetchRequest request;
    request.url = feed_address();
    request.headers = auth_headers();
    // The feed level this build reads (content/feed/levels.h): a server writes this screen's
    // feed at it, so fields a later release adds never make this kiosk refuse its feed.
    // A static host ignores it: a file is whatever it says.
    request.headers.push_back("X-Feed-Level: " + std::to_string(feed::kFeedLevel));
    request.accept_types = {"application/json"};
    request.limits = m_settings.limits;
    request.limits.max_bytes = std::min(request.limits.max_bytes, feed::kMaxFeedBytes);
    request.http = http_policy();
    // If-None-Match only while what we show is what that ETag named.
    auto etag = m_kept.get(Setting::Etag);
    if (etag && current && current->source == source_name() && etag->rfind(std::to_string(current->version) + " ", 0) == 0)
        request.headers.push_back("If-None-Match: " + etag->substr(etag->find(' ') + 1));
    auto response = m_http.fetch(request);
    if (!response)
        return failed(response.error().message, version);
    PollReport report;
    report.wire_bytes = response->wire_bytes;
    report.request_bytes = response->request_bytes;
    report.version = version;
    if (auto path = response->header("x-notify"); usable_notify_path(path))
        report.notify_path = path;
    long status = response->status;
    if (status == 304) {
        report.outcome = PollOutcome::Unchanged;
        if (current)
            repair_media(*current, report, now);
        return report;
    }
    if (!m_settings.server.empty() && (status == 401 || status == 403)) {
        // Forgetting the token puts a pairing code on screen until a coordinator adopts it
        // again, so only kiosk-content's own JSON answer may do it. A hotel-style proxy's
        // 401 page or a captive portal's 403 is in the way, not the server's word: keep
        // everything and try again.
        auto code = server_error_code(*response);
        if (status == 403 && code == "revoked")
            return revoke("this screen was removed by a coordinator at " + m_settings.server);
        if (status == 401 && code == "unauthorised") {
            // The server no longer knows our token (its data was reset): pair again, keep the content.
            let_go(m_kept.forget({Setting::SyncToken, Setting::Etag}), "if kept, the server answers the same 401 at the next poll and this is done again");
            return failed(m_settings.server + " does not know this screen's token any more; showing a pairing code", version);
        }
        if (!code) {
            std::string type = response->content_type.empty() ? std::string("no content type") : response->content_type;
            return failed(feed_address() + " answered " + std::to_string(status) + " (" + type
                              + "), not kiosk-content's own answer: a proxy or captive portal in the way? Keeping this screen's pairing",
                version, parse_retry_after(response->header("retry-after")));
        }
    }
    if (status == 429 || status == 503)
        return failed(feed_address() + " asked us to wait (" + std::to_string(status) + ")", version, parse_retry_after(response->header("retry-after")));
    if (status != 0 && status != 200)
        return failed(feed_address() + " answered " + std::to_string(status), version, parse_retry_after(response->header("retry-after")));

    auto started = std::chrono::steady_clock::now();
    const std::string& bytes = response->body;
    if (current && current->feed_bytes == bytes && current->source == source_name()) {
        report.outcome = PollOutcome::Unchanged;
        repair_media(*current, report, now);
        return report;
    }
    auto signature = fetch_signature(*response);
    if (!signature)
        return failed(signature.error().message, version);
    if (auto verified = feed::verify_bytes(bytes, *signature, key); !verified) {
        std::string refused = "refused the feed from " + feed_address() + ": its signature does not match the pinned key (" + verified.error().message + ")";
        if (m_settings.server.empty())
            return failed(refused, version);
        // Perhaps a coordinator rotated the server's key: take the new one only if the key we
        // trust vouches for it, and only if it is the one that signed these bytes.
        auto rotated = follow_key_rotation(key, bytes, *signature);
        if (!rotated)
            return failed(refused + "; " + rotated.error().message, version);
        key = *rotated;
    }
    auto parsed = feed::parse_feed(bytes);
    if (!parsed)
        return failed("refused the feed from " + feed_address() + ": " + parsed.error().message, version);
    auto floor = rollback_floor(key, current);
    if (floor && parsed->version < *floor)
        return failed("refused feed version " + std::to_string(parsed->version) + " from " + feed_address() + ": older than version "
                          + std::to_string(*floor) + " already on screen", version);
    auto network_started = std::chrono::steady_clock::now();
    // Images go into the store a few megabytes at a time, ahead of the version that names
    // them: they are content-addressed, so nothing on screen changes, memory holds one batch
    // rather than every image (200 images of 100 KB were 20 MB of peak RSS), and a poll that
    // fails half-way leaves what it fetched for the next one. The version itself still
    // becomes current in one transaction, once every image it names is in.
    std::vector<store::MediaBlob> batch;
    std::size_t batch_bytes = 0;
    auto keep_batch = [&]() -> Result<Ok> {
        auto kept = m_store.put_media(batch, now);
        batch.clear();
        batch_bytes = 0;
        return kept;
    };
    m_media_checked = true; // every image of this version is checked just below
    for (auto& m : parsed->media) {
        if (m_store.has_whole_media(m.sha256))
            continue;
        auto blob = fetch_media(m);
        if (!blob) {
            let_go(keep_batch(), "what was fetched is fetched again at the next poll; the failure reported is the missing picture");
            return failed("cannot fetch media for feed version " + std::to_string(parsed->version) + ": " + blob.error().message, version);
        }
        batch_bytes += blob->bytes.size();
        batch.push_back(blob.release());
        ++report.media_fetched;
        if (batch_bytes >= kMediaBatchBytes)
            if (auto kept = keep_batch(); !kept)
                return failed("cannot keep media for feed version " + std::to_string(parsed->version) + ": " + kept.error().message, version);
    }
    if (auto kept = keep_batch(); !kept)
        return failed("cannot keep media for feed version " + std::to_string(parsed->version) + ": " + kept.error().message, version);
    auto network_done = std::chrono::steady_clock::now();
    for (auto& m : parsed->media)
        if (!m_store.has_media(m.sha256)) // a last check: never make current a version short of an image
            return failed("image " + m.sha256.substr(0, 12) + "... went missing before feed version " + std::to_string(parsed->version) + " was applied", version);
    store::StoredContent content{parsed->version, bytes, *signature, source_name(), now};
    // The new version and its floor in one transaction: a floor without its version (or the
    // other way round) after a power cut would refuse the next feed or let a rollback in.
    auto installed = m_db.transaction([&]() -> Result<Ok> {
        if (auto r = m_store.install(content, {}, floor ? store::ContentStore::Replace::SameVersion : store::ContentStore::Replace::Any); !r)
            return r;
        return m_kept.set(Setting::RollbackFloor, std::to_string(parsed->version) + " " + key);
    });
    if (!installed)
        return failed("cannot apply feed version " + std::to_string(parsed->version) + ": " + installed.error().message, version);
    if (auto tag = response->header("etag"); !tag.empty())
        let_go(m_kept.set(Setting::Etag, std::to_string(parsed->version) + " " + tag),
            "without it the next poll downloads the same feed again, which is installed as unchanged");
    // The media cache stays bounded: what this version shows stays, the oldest of the rest go.
    std::vector<std::string> in_use;
    for (auto& m : parsed->media)
        in_use.push_back(m.sha256);
    if (auto evicted = m_store.evict_media(in_use, m_settings.media_cache_bytes))
        report.media_evicted = *evicted;
    auto finished = std::chrono::steady_clock::now();
    report.apply_ms = std::chrono::duration<double, std::milli>((network_started - started) + (finished - network_done)).count();
    report.media_ms = std::chrono::duration<double, std::milli>(network_done - network_started).count();
    report.outcome = PollOutcome::Applied;
    report.version = parsed->version;
    return report;
}

} // namespace coi::sync
