#pragma once
// "Version N is out", told to screens within a second or two of a save, never the content
// itself: the signed, ETag'd poll of /api/v1/feed stays the one source of truth, and a
// notification lost on the way costs a screen at most one poll interval.
//
// Two ways to tell them (docs/content-server.md, "Instant updates"):
//   - VersionWaiters: kiosk-content holds the waiting screens itself (GET /api/v1/wait, a
//     long poll). cpp-httplib 0.11 gives every open connection a pool thread for as long as
//     it is open, so a held request holds a thread: at most `limit` are held at once (half
//     of the screens' share of the pool), and one over the limit is answered at once and
//     falls back to polling. Polls and heartbeats always keep the other half.
//   - NchanPublisher: with nginx and its nchan module in front, kiosk-content holds nobody;
//     it posts each new version to nchan's internal publisher location, and nginx holds the
//     subscribed screens (hundreds of thousands, at a few kB each).
// Both are woken by saved(), called after any write that may have changed a site's
// version; each then reads the versions from the repository, so a wake-up that changed
// nothing costs a lookup and tells nobody anything.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace coi::server {

class VersionWaiters {
public:
    explicit VersionWaiters(std::size_t limit) : m_limit(limit) {}

    enum class Held {
        News,     // news() turned true (or was true already)
        TimedOut, // `longest` passed with no news: the screen asks again
        NotHeld,  // `limit` requests are held already, or the server is stopping: answered at once
    };
    // Holds the calling request's thread until news() is true, `longest` passes or stop().
    // news() is asked once at the start and again after every saved().
    Held wait(const std::function<bool()>& news, std::chrono::milliseconds longest);
    void saved(); // something was saved: every held request looks again
    void stop();  // lets every held request go (before the server joins its threads)
    std::size_t limit() const { return m_limit; }
    std::size_t held() const;

private:
    const std::size_t m_limit;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::size_t m_held = 0;
    std::uint64_t m_saves = 0; // a new number per saved(): the waiters' "look again"
    bool m_stopping = false;
};

// The held share for a server whose screens may have `screen_requests` requests under way.
std::size_t waiter_limit_for(std::size_t screen_requests);

struct SiteVersion {
    std::string site_id;
    std::int64_t version = 0;
};

class NchanPublisher {
public:
    // publish_url: nchan's publisher location, the site id is appended ("http://127.0.0.1:8091/notify/pub/").
    // versions: every site's current content version (from the repository).
    NchanPublisher(std::string publish_url, std::function<std::vector<SiteVersion>()> versions);
    ~NchanPublisher();
    NchanPublisher(const NchanPublisher&) = delete;
    NchanPublisher& operator=(const NchanPublisher&) = delete;

    void start();
    void stop();
    void saved(); // returns at once: the publishing is done on the publisher's own thread
    std::int64_t published() const; // messages nginx accepted since start (for tests and the log)

private:
    void run();
    bool publish(const SiteVersion&);

    std::string m_url;
    std::function<std::vector<SiteVersion>()> m_versions;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
    std::int64_t m_published = 0;
    std::map<std::string, std::int64_t> m_told; // site -> the version nchan has
    std::thread m_thread;
};

} // namespace coi::server
