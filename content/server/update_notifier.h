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
//     subscribed screens (hundreds of thousands, at a few kB each). A remote action asked of
//     a screen is posted the same way to that screen's own channel, as the newest pending
//     action's id only ("something is waiting for screen X"): the screen subscribes to its
//     site's channel and its own in one request, and fetches the action itself with its token.
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

// The nchan channel of one screen's remote actions, under the publisher and subscriber
// locations: a site id cannot hold '/', so it never meets a site's channel.
std::string screen_channel(std::int64_t screen_id);

// The held share for a server whose screens may have `screen_requests` requests under way.
std::size_t waiter_limit_for(std::size_t screen_requests);

struct SiteVersion {
    std::string site_id;
    std::int64_t version = 0;
};

struct ScreenActionWaiting {
    std::int64_t screen_id = 0;
    std::int64_t newest_action = 0; // the id of the newest action pending for it
};

class NchanPublisher {
public:
    // publish_url: nchan's publisher location, the site id is appended ("http://127.0.0.1:8091/notify/pub/").
    // versions: every site's current content version (from the repository).
    // waiting: every screen with a remote action pending (from the repository); may be empty.
    NchanPublisher(std::string publish_url, std::function<std::vector<SiteVersion>()> versions, std::function<std::vector<ScreenActionWaiting>()> waiting = {});
    ~NchanPublisher();
    NchanPublisher(const NchanPublisher&) = delete;
    NchanPublisher& operator=(const NchanPublisher&) = delete;

    void start();
    void stop();
    void saved(); // returns at once: the publishing is done on the publisher's own thread
    std::int64_t published() const; // messages nginx accepted since start (for tests and the log)

private:
    void run();
    bool publish_versions(); // false: one or more could not be told (try again soon)
    bool publish_actions();
    bool publish(const std::string& channel, const std::string& body, const std::string& what);

    std::string m_url;
    std::function<std::vector<SiteVersion>()> m_versions;
    std::function<std::vector<ScreenActionWaiting>()> m_waiting;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
    std::int64_t m_published = 0;
    std::map<std::string, std::int64_t> m_told; // site -> the version nchan has
    std::map<std::int64_t, std::int64_t> m_told_actions; // screen -> the newest action id nchan has
    std::thread m_thread;
};

} // namespace coi::server
