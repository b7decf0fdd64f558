#pragma once
// The screen's side of "version N is out" (content/server/API.md, GET /api/v1/wait): a
// thread that holds one long request open to where the server said to listen (kiosk-content
// itself, or nginx + nchan in front of it) and, when a version newer than the screen's
// comes back, asks the sync worker to poll at once. The poll, signed and ETag'd, stays the
// one source of truth: this only says when to look. Idle it costs nothing: the thread
// sleeps inside curl_multi_poll on the open socket, and stop() or a new place to listen
// wakes it with curl_multi_wakeup, so nothing ticks while nobody saves.
//
// Behind nginx + nchan the screen listens to its site's channel and its own at once; its own
// says only that a remote action is waiting, and the listener then fetches it from
// kiosk-content with the device token (GET /api/v1/actions), as the wait would have carried it.
//
// An answer that says the server would not hold the request (all its places taken), an
// error, or an answer back in under a second with no news, makes it wait `fallback_seconds`
// (the poll interval) before asking again: the screen then simply polls, as before.

#include "kiosk/sync/http.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace coi::sync {

struct ListenTarget {
    std::string url;            // absolute: the server's base URL and the X-Notify path; empty: listen nowhere
    std::string token;          // the device token (kiosk-content asks for it; nginx ignores it)
    std::int64_t version = 0;   // what the screen shows now
    int fallback_seconds = 60;  // the poll interval
    HttpPolicy http = HttpPolicy::LoopbackOnly;
    std::string ca_file;
    // Where to fetch remote actions at once (kiosk-content's GET /api/v1/actions) when the
    // place listened to only says one is waiting (nginx + nchan); empty: nowhere.
    std::string actions_url;
    bool operator==(const ListenTarget&) const = default;
};

// Something a coordinator asked this screen to do ("refresh", "screenshot", "identify",
// "restart"), as kiosk-content's wait answers with it (API.md, "Remote actions").
struct RemoteAction {
    std::int64_t id = 0;
    std::string action;
    std::string screen_name; // what the coordinators call this screen ("identify" shows it)
    bool operator==(const RemoteAction&) const = default;
};

// What one wait's answer says: a version (kiosk-content's JSON, or the message nchan
// relayed, which is the same JSON) and whether the server held the request.
struct WaitAnswer {
    std::optional<std::int64_t> version;
    bool held = true;
    std::vector<RemoteAction> actions; // pending for this screen, oldest first (kiosk-content only)
    // nchan's screen channel: the id of the newest action waiting for this screen, never the
    // action itself (fetched from actions_url with the token).
    std::optional<std::int64_t> action_waiting;
};
WaitAnswer parse_wait_answer(std::string_view body);

// The X-Notify path the server sent is used only if it is a plain path on the same server:
// "/api/v1/wait" or "/notify/sub/<site>", never another host or scheme.
bool usable_notify_path(std::string_view path);

class UpdateListener {
public:
    // on_news(version): from the listener's thread, when the server announced a version
    // above the one the screen shows.
    UpdateListener(std::function<void(std::int64_t)> on_news, std::function<void(std::string_view)> log);
    ~UpdateListener();
    UpdateListener(const UpdateListener&) = delete;
    UpdateListener& operator=(const UpdateListener&) = delete;

    // on_actions(new ones): from the listener's thread, each remote action once. Set before
    // start(); without it the listener does not ask kiosk-content for actions at all.
    void on_actions(std::function<void(std::vector<RemoteAction>)> on_actions) { m_on_actions = std::move(on_actions); }
    void start();
    void stop();                          // wakes the thread (even mid-request) and joins it
    void listen(const ListenTarget&);     // from the sync thread after each poll
    long requests() const;                // waits sent since start (tests, the benchmark)

private:
    struct Answer {
        long status = 0;
        std::string body;
        std::map<std::string, std::string> headers; // lower-case names
        std::string error;                          // transport failure, or "" ; "stopped" when woken to stop
    };
    void run();
    Answer wait_once(const ListenTarget&, std::int64_t since);
    // A GET with the token, woken by stop() or a new target like a wait; with_place sends
    // nchan's place in its channels.
    Answer request(const std::string& url, const ListenTarget&, bool with_place);
    // The actions waiting after m_actions_seen, from target.actions_url; empty on any failure.
    std::vector<RemoteAction> fetch_actions(const ListenTarget&, std::string& error);
    bool sleep_for(int seconds, const ListenTarget& current); // false: stopping

    std::function<void(std::int64_t)> m_on_news;
    std::function<void(std::vector<RemoteAction>)> m_on_actions;
    std::int64_t m_actions_seen = 0; // the newest action id handed on: only the listener's thread uses it
    std::int64_t m_action_heard = 0; // the newest "action waiting" nchan relayed: only the listener's thread uses it
    std::function<void(std::string_view)> m_log;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    ListenTarget m_target;
    long m_requests = 0;
    void* m_multi = nullptr; // CURLM*, made once, so stop() can wake a transfer in flight
    // nchan's place in its channel: sent back as If-Modified-Since / If-None-Match so a
    // message published between two waits is not missed. Only the listener's thread uses these.
    std::string m_last_modified;
    std::string m_etag;
    std::thread m_thread;
};

} // namespace coi::sync
