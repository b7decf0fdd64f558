#include "kiosk/sync/lan_link.h"

#include "kiosk/core/emergency.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace coi::sync {

std::optional<LanAddress> parse_lan_address(const std::string& text)
{
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return std::nullopt;
    in_addr address{};
    if (inet_pton(AF_INET, text.substr(0, colon).c_str(), &address) != 1)
        return std::nullopt;
    unsigned port = 0;
    auto digits = std::string_view(text).substr(colon + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size() || port > 65535)
        return std::nullopt;
    return LanAddress{ntohl(address.s_addr), static_cast<std::uint16_t>(port)};
}

Result<std::unique_ptr<LanLink>> LanLink::open(const LanAddress& address, Clock clock, Log log, Heard heard)
{
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error{std::string("cannot open a UDP socket: ") + std::strerror(errno)};
    auto fail = [fd](const std::string& what) {
        std::string message = what + ": " + std::strerror(errno);
        ::close(fd);
        return Error{message};
    };
    int on = 1;
    // Several kiosks on one machine (tests, a dual-screen Pi) share the port.
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
    sockaddr_in bind_to{};
    bind_to.sin_family = AF_INET;
    bind_to.sin_port = htons(address.port);
    bind_to.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&bind_to), sizeof bind_to) != 0)
        return fail("cannot listen on UDP port " + std::to_string(address.port));
    LanAddress bound = address;
    socklen_t length = sizeof bind_to;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&bind_to), &length) == 0)
        bound.port = ntohs(bind_to.sin_port);
    if (address.multicast()) {
        ip_mreq join{};
        join.imr_multiaddr.s_addr = htonl(address.ipv4);
        join.imr_interface.s_addr = htonl(INADDR_ANY);
        if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &join, sizeof join) != 0)
            return fail("cannot join multicast group");
        unsigned char loop = 1, ttl = 1; // one network: never routed beyond the building
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);
        setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
    }
    std::unique_ptr<LanLink> link(new LanLink(fd, bound, std::move(clock), std::move(log), std::move(heard)));
    link->m_thread = std::thread([raw = link.get()] { raw->listen(); });
    return link;
}

LanLink::LanLink(int fd, LanAddress address, Clock clock, Log log, Heard heard)
    : m_fd(fd), m_address(address), m_clock(std::move(clock)), m_log(std::move(log)), m_heard(std::move(heard))
{
}

LanLink::~LanLink()
{
    m_stopping = true;
    // shutdown() ends the blocking recv on Linux; nothing else wakes the thread.
    ::shutdown(m_fd, SHUT_RDWR);
    if (m_thread.joinable())
        m_thread.join();
    ::close(m_fd);
}

void LanLink::set_building(const std::string& site_id, const std::string& key_b64)
{
    std::lock_guard lock(m_mutex);
    if (site_id == m_site && key_b64 == m_key)
        return;
    m_site = site_id;
    m_key = key_b64;
    if (key_b64.empty())
        m_receiver.reset();
    else
        m_receiver.emplace(site_id, key_b64);
}

Result<Ok> LanLink::send(const feed::Emergency& emergency)
{
    std::string site, key;
    {
        std::lock_guard lock(m_mutex);
        site = m_site;
        key = m_key;
    }
    if (key.empty())
        return Error{"this screen has no building key yet (its feed brings one)"};
    auto datagram = feed::seal_lan_message(site, emergency, m_clock(), key);
    if (!datagram)
        return datagram.error();
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(m_address.port);
    to.sin_addr.s_addr = htonl(m_address.ipv4);
    // Twice: UDP may drop one, and the second is refused as a replay wherever the first arrived.
    for (int i = 0; i < 2; ++i)
        if (::sendto(m_fd, datagram->data(), datagram->size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
            return Error{std::string("cannot send on the local network: ") + std::strerror(errno)};
    return Ok{};
}

std::optional<feed::Emergency> LanLink::take()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_heard_state, std::nullopt);
}

void LanLink::listen()
{
    char buffer[feed::kMaxLanDatagram + 1];
    while (!m_stopping) {
        ssize_t got = ::recv(m_fd, buffer, sizeof buffer, 0); // blocks: nothing runs while nobody speaks
        if (m_stopping)
            return;
        if (got <= 0) {
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                m_log("warning", std::string("emergency messages: ") + std::strerror(errno));
                return;
            }
            continue;
        }
        feed::LanVerdict verdict;
        {
            std::lock_guard lock(m_mutex);
            if (!m_receiver)
                continue;
            verdict = m_receiver->accept(std::string_view(buffer, static_cast<std::size_t>(got)), m_clock());
            if (verdict.accepted())
                m_heard_state = core::newer_emergency(m_heard_state, verdict.emergency);
        }
        if (verdict.accepted()) {
            m_log("info",
                std::string("emergency message from the local network: ")
                    + (verdict.emergency.active() ? "started, " + std::string(feed::to_code(verdict.emergency.kind)) : "ended"));
            m_heard();
        } else if (verdict.refusal != feed::LanRefusal::Replayed) { // our own second copy is a replay: not worth a line
            m_log("warning", "refused an emergency message from the local network: " + std::string(feed::to_code(verdict.refusal)));
        }
    }
}

} // namespace coi::sync
