#pragma once
// Emergency mode on the local network: a building's kiosks tell each other when staff start
// or end an emergency, so every screen switches at once even with the server out of reach.
// One UDP socket; its thread sleeps in a blocking recv (nothing runs while nobody speaks),
// believes only datagrams the building's key signed (content/feed/lan_message.h), and hands
// each one to the callback, which wakes the frame loop.

#include "content/feed/lan_message.h"
#include "content/feed/types.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace coi::sync {

struct LanAddress {
    std::uint32_t ipv4 = 0; // host order
    std::uint16_t port = 0;
    bool multicast() const { return (ipv4 >> 28) == 0xE; } // 224.0.0.0/4
};
std::optional<LanAddress> parse_lan_address(const std::string& text); // "239.255.27.1:4227"

class LanLink {
public:
    using Heard = std::function<void()>;          // on the link's thread: something new to take()
    using Clock = std::function<feed::Instant()>; // the kiosk's clock
    using Log = std::function<void(std::string_view level, std::string_view message)>;

    // Opens and binds the socket and starts listening; an Error when the address cannot be
    // used (the kiosk runs on without it, and says so).
    static Result<std::unique_ptr<LanLink>> open(const LanAddress&, Clock, Log, Heard);
    ~LanLink(); // stops the thread

    // The building whose messages this kiosk sends and believes: from its current feed. An
    // empty key (a feed without one) sends nothing and believes nothing.
    void set_building(const std::string& site_id, const std::string& key_b64);
    Result<Ok> send(const feed::Emergency&);              // to every kiosk of the building
    std::optional<feed::Emergency> take();                // the newest believed since the last take
    std::uint16_t port() const { return m_address.port; } // the bound port (tests bind port 0)

private:
    LanLink(int fd, LanAddress address, Clock clock, Log log, Heard heard);
    void listen();

    int m_fd = -1;
    LanAddress m_address;
    Clock m_clock;
    Log m_log;
    Heard m_heard;
    std::mutex m_mutex; // guards everything below
    std::optional<feed::LanReceiver> m_receiver;
    std::string m_site, m_key;
    std::optional<feed::Emergency> m_heard_state;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace coi::sync
