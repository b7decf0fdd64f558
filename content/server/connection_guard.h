#pragma once
// What cpp-httplib 0.11 does not do for a server on the open internet: it gives every
// connection a thread from a fixed pool for as long as the client likes (a header line
// every 20 s kept one forever), with no limit per client address. The guard watches the
// server's connections from outside, by their sockets, and shuts down the ones that
// overstay:
//   - a client address holding more than `max_per_address` connections loses its newest;
//   - a connection with no request under way (still sending its headers, or idle between
//     keep-alive requests) for `idle_deadline`;
//   - a request (its body included) that takes longer than `request_deadline`.
// The server tells it when a request starts (headers read) and ends (answer written).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace coi::server {

struct ConnectionLimits {
    std::size_t max_per_address = 8;  // 0: no limit (behind a proxy every client is the proxy)
    std::chrono::milliseconds idle_deadline{10'000};
    std::chrono::milliseconds request_deadline{120'000};
    std::chrono::milliseconds check_every{200};
};

class ConnectionGuard {
public:
    explicit ConnectionGuard(ConnectionLimits limits) : m_limits(limits) {}
    ~ConnectionGuard() { stop(); }
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    void start(int listening_port); // the connections to this local port are the server's
    void stop();
    void request_started(const std::string& peer_address, int peer_port);
    void request_finished(const std::string& peer_address, int peer_port);

private:
    struct Connection {
        int fd = -1;
        std::chrono::steady_clock::time_point opened;
        std::chrono::steady_clock::time_point since; // first seen, or the last answer written
        bool busy = false;                           // a request is under way
        std::chrono::steady_clock::time_point request_started;
    };
    using Peer = std::pair<std::string, int>;
    void run();
    void check();

    ConnectionLimits m_limits;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::map<Peer, Connection> m_connections;
    std::thread m_thread;
};

} // namespace coi::server
