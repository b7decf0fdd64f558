#include "connection_guard.h"

#include "socket_info.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace coi::server {

namespace {

// A connection a thread is reading has nothing waiting in the kernel (the thread took it);
// one still queued for a thread has its request waiting there, unread.
bool nothing_unread(int fd)
{
    int unread = 0;
    return ::ioctl(fd, FIONREAD, &unread) == 0 && unread == 0;
}

} // namespace

RequestClass request_class(const std::string& path)
{
    if (path == "/healthz")
        return RequestClass::Health;
    if (path.rfind("/api/v1/", 0) == 0)
        return RequestClass::Screens;
    return RequestClass::People;
}

ConnectionLimits connection_limits_for(int threads, bool per_address)
{
    auto pool = static_cast<std::size_t>(std::max(threads, 1));
    ConnectionLimits limits;
    limits.threads = pool;
    limits.max_per_address = per_address ? std::max<std::size_t>(2, pool / 2) : 0;
    limits.max_screen_requests = std::max<std::size_t>(1, pool - std::max<std::size_t>(1, pool / 4));
    limits.max_people_requests = std::max<std::size_t>(1, pool / 2);
    return limits;
}

void ConnectionGuard::start(int listening_port)
{
    m_port = listening_port;
    m_thread = std::thread([this] { run(); });
}

void ConnectionGuard::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool ConnectionGuard::request_started(const std::string& peer_address, int peer_port, RequestClass request_class)
{
    std::lock_guard lock(m_mutex);
    auto& connection = m_connections[{peer_address, peer_port}];
    auto now = std::chrono::steady_clock::now();
    if (connection.opened == std::chrono::steady_clock::time_point{})
        connection.opened = connection.since = now;
    connection.busy = true;
    connection.request_started = now;
    connection.refused = false;
    if (request_class == RequestClass::Health)
        return true;
    auto limit = request_class == RequestClass::Screens ? m_limits.max_screen_requests : m_limits.max_people_requests;
    auto& under_way = m_under_way[request_class];
    if (under_way >= limit) {
        connection.refused = true;
        return false;
    }
    ++under_way;
    connection.counted = request_class;
    return true;
}

void ConnectionGuard::request_answered(const std::string& peer_address, int peer_port)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_connections.find({peer_address, peer_port}); it != m_connections.end())
        release(it->second);
}

bool ConnectionGuard::request_finished(const std::string& peer_address, int peer_port)
{
    std::lock_guard lock(m_mutex);
    auto it = m_connections.find({peer_address, peer_port});
    if (it == m_connections.end())
        return false;
    it->second.busy = false;
    it->second.since = std::chrono::steady_clock::now();
    release(it->second);
    return std::exchange(it->second.refused, false);
}

void ConnectionGuard::release(Connection& connection)
{
    if (connection.counted)
        --m_under_way[*std::exchange(connection.counted, std::nullopt)];
}

void ConnectionGuard::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        check();
        lock.lock();
        m_wake.wait_for(lock, m_limits.check_every, [this] { return m_stopping; });
    }
}

void ConnectionGuard::check()
{
    // The server's connections as the kernel has them now (outside the lock: /proc is slow).
    auto scanned_at = std::chrono::steady_clock::now();
    std::map<Peer, int> open;
    // One the server has shut down already is on its way out and holds nothing: counted, it
    // made a client's next connection look like one too many from its address.
    for (int fd : open_fds())
        if (auto ends = socket_ends(fd); ends && ends->local_port == m_port && !tcp_closing(fd))
            open[{ends->peer_address, ends->peer_port}] = fd;

    auto now = std::chrono::steady_clock::now();
    std::vector<std::pair<Peer, int>> overstaying;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_connections.begin(); it != m_connections.end();) {
            // One that started a request after the scan began is not in it, and still open:
            // forgetting it would make a request under way look idle at the next scan.
            if (open.contains(it->first) || it->second.opened >= scanned_at) {
                ++it;
                continue;
            }
            release(it->second); // gone without its answer logged: its place is free again
            it = m_connections.erase(it);
        }
        bool pressed = open.size() > m_limits.threads;
        std::map<std::string, std::vector<std::pair<std::chrono::steady_clock::time_point, Peer>>> by_address;
        for (auto& [peer, fd] : open) {
            auto& connection = m_connections[peer];
            if (connection.opened == std::chrono::steady_clock::time_point{})
                connection.opened = connection.since = now;
            connection.fd = fd;
            by_address[peer.first].push_back({connection.opened, peer});
            bool idle_too_long = !connection.busy && now - connection.since > m_limits.idle_deadline;
            bool request_too_long = connection.busy && now - connection.request_started > m_limits.request_deadline;
            bool holding_a_thread_needed_elsewhere = pressed && !connection.busy &&
                                                     now - connection.since > m_limits.pressed_idle_deadline &&
                                                     nothing_unread(fd);
            if (idle_too_long || request_too_long || holding_a_thread_needed_elsewhere)
                overstaying.push_back({peer, fd});
        }
        if (m_limits.max_per_address > 0) {
            for (auto& [address, connections] : by_address) {
                if (connections.size() <= m_limits.max_per_address)
                    continue;
                // The oldest keep their places: an address cannot push its own earlier
                // (probably honest) connections out by opening more.
                std::sort(connections.begin(), connections.end());
                for (std::size_t i = m_limits.max_per_address; i < connections.size(); ++i)
                    overstaying.push_back({connections[i].second, open[connections[i].second]});
            }
        }
    }
    for (auto& [peer, fd] : overstaying) {
        // The descriptor may have been closed and reused since the scan: only a socket
        // whose far end is still this peer on our port is shut.
        auto ends = socket_ends(fd);
        if (ends && ends->local_port == m_port && ends->peer_address == peer.first && ends->peer_port == peer.second)
            ::shutdown(fd, SHUT_RDWR);
    }
}

} // namespace coi::server
