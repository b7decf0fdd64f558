#pragma once
// The message a building's kiosks send each other on the local network when emergency mode
// starts or ends, so the screens of a building switch together even when the server is out
// of reach (docs/security.md, "Emergency messages on the local network").
//
// A datagram is the payload (JSON: site, the emergency as it now stands, when it was sent, a
// random nonce), a newline, and the base64 crypto_auth tag (HMAC-SHA-512-256) of the payload
// under the building's key. The key comes only inside each paired screen's signed feed. A
// receiver believes a datagram only when the tag verifies under its own building's key, the
// site is its own, it was sent within kLanMessageWindow of the receiver's clock, and its
// nonce has not been seen before (a recorded datagram played again is refused).

#include "content/feed/result.h"
#include "content/feed/types.h"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace coi::feed {

inline constexpr Instant kLanMessageWindow = 5 * 60;      // older or further ahead than this: refused
inline constexpr std::size_t kMaxLanDatagram = 1400;      // one unfragmented UDP datagram on Ethernet
inline constexpr std::size_t kMaxRememberedNonces = 4096; // a flood cannot grow the replay memory past this

std::string generate_lan_key(); // base64 of 32 random bytes, for a building

// The datagram for `emergency` of `site_id`, sent at `sent_at` (the sender's clock).
Result<std::string> seal_lan_message(const std::string& site_id, const Emergency& emergency, Instant sent_at, std::string_view key_b64);

enum class LanRefusal { None, Malformed, Forged, OtherBuilding, Stale, Replayed };
std::string_view to_code(LanRefusal);

struct LanVerdict {
    LanRefusal refusal = LanRefusal::None;
    Emergency emergency; // set when refusal is None
    bool accepted() const { return refusal == LanRefusal::None; }
};

// One building's receiving end: its key, its site, and the nonces it has seen. Time is a
// parameter (the kiosk's clock). Not thread-safe: one listener thread owns one.
class LanReceiver {
public:
    LanReceiver(std::string site_id, std::string key_b64) : m_site(std::move(site_id)), m_key(std::move(key_b64)) { }
    LanVerdict accept(std::string_view datagram, Instant now);
    const std::string& site_id() const { return m_site; }

private:
    void forget_old(Instant now);
    std::string m_site;
    std::string m_key;
    std::map<std::string, Instant> m_seen; // nonce -> sent_at, kept for the window
};

} // namespace coi::feed
