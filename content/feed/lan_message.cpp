#include "content/feed/lan_message.h"

#include "content/feed/sign.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <stdexcept>

namespace coi::feed {

namespace {

using json = nlohmann::json;

void ensure_sodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not be initialised");
}

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::optional<std::string> raw_key(std::string_view key_b64)
{
    auto key = base64_decode(key_b64);
    if (!key || key->size() != crypto_auth_KEYBYTES)
        return std::nullopt;
    return key.release();
}

std::string tag_of(std::string_view payload, const std::string& key)
{
    std::string tag(crypto_auth_BYTES, '\0');
    crypto_auth(reinterpret_cast<unsigned char*>(tag.data()), bytes_of(payload), payload.size(), bytes_of(key));
    return tag;
}

json emergency_json(const Emergency& e)
{
    json j{{"kind", to_code(e.kind)}, {"message", e.message}, {"started_by", e.started_by}, {"started_at", e.started_at}};
    if (e.ended_at)
        j["ended_at"] = *e.ended_at;
    return j;
}

std::optional<Emergency> emergency_from(const json& j)
{
    if (!j.is_object())
        return std::nullopt;
    Emergency e;
    auto kind = emergency_kind_from_code(j.value("kind", ""));
    if (!kind)
        return std::nullopt;
    e.kind = *kind;
    e.message = j.value("message", "");
    e.started_by = j.value("started_by", "");
    e.started_at = j.value("started_at", Instant{0});
    if (j.contains("ended_at"))
        e.ended_at = j.at("ended_at").get<Instant>();
    if (e.message.size() > kMaxEmergencyMessage || e.started_by.size() > 300 || (e.kind == EmergencyKind::Message && e.message.empty()))
        return std::nullopt;
    return e;
}

} // namespace

std::string generate_lan_key()
{
    ensure_sodium();
    std::string key(crypto_auth_KEYBYTES, '\0');
    crypto_auth_keygen(reinterpret_cast<unsigned char*>(key.data()));
    return base64_encode(key);
}

Result<std::string> seal_lan_message(const std::string& site_id, const Emergency& emergency, Instant sent_at, std::string_view key_b64)
{
    ensure_sodium();
    auto key = raw_key(key_b64);
    if (!key)
        return Error{"the building's key is not base64 of 32 bytes"};
    std::string nonce(16, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    json payload{{"site", site_id}, {"emergency", emergency_json(emergency)}, {"sent_at", sent_at}, {"nonce", base64_encode(nonce)}};
    std::string text = payload.dump();
    std::string datagram = text + "\n" + base64_encode(tag_of(text, *key));
    if (datagram.size() > kMaxLanDatagram)
        return Error{"the message is too long for one datagram"};
    return datagram;
}

std::string_view to_code(LanRefusal refusal)
{
    switch (refusal) {
    case LanRefusal::None: return "accepted";
    case LanRefusal::Malformed: return "malformed";
    case LanRefusal::Forged: return "forged";
    case LanRefusal::OtherBuilding: return "other building";
    case LanRefusal::Stale: return "stale";
    case LanRefusal::Replayed: return "replayed";
    }
    return "malformed";
}

void LanReceiver::forget_old(Instant now)
{
    for (auto it = m_seen.begin(); it != m_seen.end();)
        it = (now - it->second > kLanMessageWindow || it->second - now > kLanMessageWindow) ? m_seen.erase(it) : std::next(it);
}

LanVerdict LanReceiver::accept(std::string_view datagram, Instant now)
{
    ensure_sodium();
    auto refused = [](LanRefusal why) { return LanVerdict{why, {}}; };
    if (datagram.size() > kMaxLanDatagram)
        return refused(LanRefusal::Malformed);
    auto newline = datagram.rfind('\n');
    if (newline == std::string_view::npos)
        return refused(LanRefusal::Malformed);
    std::string_view payload = datagram.substr(0, newline);
    auto tag = base64_decode(datagram.substr(newline + 1));
    auto key = raw_key(m_key);
    if (!tag || tag->size() != crypto_auth_BYTES || !key)
        return refused(LanRefusal::Malformed);
    // The tag first: nothing of an unauthenticated payload is believed, not even its site.
    if (crypto_auth_verify(bytes_of(*tag), bytes_of(payload), payload.size(), bytes_of(*key)) != 0)
        return refused(LanRefusal::Forged);
    json j = json::parse(payload.begin(), payload.end(), nullptr, false);
    if (!j.is_object() || !j.contains("site") || !j["site"].is_string() || !j.contains("sent_at") || !j["sent_at"].is_number_integer() || !j.contains("nonce")
        || !j["nonce"].is_string())
        return refused(LanRefusal::Malformed);
    // A building's kiosks could share a key with another's only by a misconfiguration; the
    // site is signed, so a message for another building is never shown here.
    if (j["site"].get<std::string>() != m_site)
        return refused(LanRefusal::OtherBuilding);
    Instant sent_at = j["sent_at"].get<Instant>();
    if (now - sent_at > kLanMessageWindow || sent_at - now > kLanMessageWindow)
        return refused(LanRefusal::Stale);
    forget_old(now);
    std::string nonce = j["nonce"].get<std::string>();
    if (m_seen.count(nonce))
        return refused(LanRefusal::Replayed);
    std::optional<Emergency> emergency;
    try {
        emergency = emergency_from(j["emergency"]);
    } catch (const json::exception&) {
        emergency.reset();
    }
    if (!emergency)
        return refused(LanRefusal::Malformed);
    if (m_seen.size() >= kMaxRememberedNonces) // only authentic messages get here: drop the oldest
        m_seen.erase(std::min_element(m_seen.begin(), m_seen.end(), [](auto& a, auto& b) { return a.second < b.second; }));
    m_seen.emplace(nonce, sent_at);
    return LanVerdict{LanRefusal::None, *emergency};
}

} // namespace coi::feed
