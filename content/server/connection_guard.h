#pragma once
// What cpp-httplib 0.11 does not do for a server on the open internet: it gives every
// connection a thread from a fixed pool for as long as the client likes (a header line
// every 20 s kept one forever), with no limit per client address. The guard watches the
// server's connections from outside, by their sockets, and shuts down the ones that
// overstay:
//   - a client address holding more than `max_per_address` connections loses its newest;
//   - a connection with no request under way (still sending its headers, or idle between
//     keep-alive requests) for `idle_deadline`;
//   - a request (its body included) that takes longer than `request_deadline`;
//   - under pressure (more connections open than the pool has threads), a connection that
//     holds a thread with nothing to read for `pressed_idle_deadline`: a client trickling
//     its headers, or an idle keep-alive, while others queue for a thread. Connections whose
//     request waits unread in the kernel are the queue itself and are left alone.
// And it gives screens and people threads apart: the screens' API (/api/v1/) may have at
// most `max_screen_requests` requests under way, everything else but /healthz (the admin,
// its pages, the public page) `max_people_requests`. A request past its class's limit is
// answered 503 at once, before its body is read, so 32 polling screens or slow uploads
// cannot take the threads the admin and /healthz need, nor the admin those of the screens.
// The server tells it when a request starts (headers read) and ends (answer written).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace coi::server {

enum class RequestClass { Screens, People, Health };
RequestClass request_class(const std::string& path);

struct ConnectionLimits {
    std::size_t max_per_address = 8;  // 0: no limit (behind a proxy every client is the proxy)
    std::size_t threads = 16;         // the server's pool: more connections than this is pressure
    std::size_t max_screen_requests = 12;
    std::size_t max_people_requests = 8;
    std::chrono::milliseconds idle_deadline{10'000};
    std::chrono::milliseconds pressed_idle_deadline{1'000};
    std::chrono::milliseconds request_deadline{120'000};
    std::chrono::milliseconds check_every{200};
};
// The limits for a pool of `threads`: screens may take all but a quarter of them, people
// half, so each always keeps at least a quarter and /healthz a thread as soon as one is free.
// Behind a proxy (`per_address` false) every connection comes from the proxy: no per-address limit.
ConnectionLimits connection_limits_for(int threads, bool per_address);

class ConnectionGuard {
public:
    explicit ConnectionGuard(ConnectionLimits limits) : m_limits(limits) {}
    ~ConnectionGuard() { stop(); }
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    void start(int listening_port); // the connections to this local port are the server's
    void stop();
    // false: its class has all the requests it may have under way; answer 503 at once.
    bool request_started(const std::string& peer_address, int peer_port, RequestClass request_class);
    // The handler is done (the answer is about to be written): its class's place is free.
    // cpp-httplib calls its logger (request_finished) only some time after the answer went
    // out; a client's next request could otherwise find its own last one still counted.
    void request_answered(const std::string& peer_address, int peer_port);
    // true: the request was refused (request_started said false): end its connection now
    // that the answer is written, so its thread is free at once.
    bool request_finished(const std::string& peer_address, int peer_port);

private:
    struct Connection {
        int fd = -1;
        std::chrono::steady_clock::time_point opened;
        std::chrono::steady_clock::time_point since; // first seen, or the last answer written
        bool busy = false;                           // a request is under way
        std::chrono::steady_clock::time_point request_started;
        std::optional<RequestClass> counted; // the class whose count this request holds
        bool refused = false;
    };
    using Peer = std::pair<std::string, int>;
    void run();
    void check();
    void release(Connection& connection); // gives back the place its request held (under m_mutex)

    ConnectionLimits m_limits;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::map<Peer, Connection> m_connections;
    std::map<RequestClass, std::size_t> m_under_way;
    std::thread m_thread;
};

} // namespace coi::server
