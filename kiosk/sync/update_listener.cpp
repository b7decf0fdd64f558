#include "kiosk/sync/update_listener.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <memory>

namespace coi::sync {

namespace {

// An answer is a version number in a line of JSON: anything longer is not one.
constexpr std::size_t kMaxAnswerBytes = 4096;
// kiosk-content holds a wait up to 55 s ([notify] wait_seconds), nginx up to its own
// time-out; past this the request is dropped and made again.
constexpr long kWaitTimeoutMs = 75'000;
constexpr long kConnectTimeoutMs = 10'000;
constexpr auto kQuick = std::chrono::seconds(1);

struct Collected {
    std::string body;
    std::map<std::string, std::string> headers;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* c = static_cast<Collected*>(user);
    std::size_t n = size * count;
    if (c->body.size() + n > kMaxAnswerBytes) {
        c->too_large = true;
        return 0;
    }
    c->body.append(data, n);
    return n;
}

std::string trim(std::string_view text)
{
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos)
        return {};
    auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* c = static_cast<Collected*>(user);
    std::size_t n = size * count;
    std::string_view line(data, n);
    auto colon = line.find(':');
    if (colon != std::string_view::npos && c->headers.size() < 50) {
        std::string name = trim(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        c->headers[name] = trim(line.substr(colon + 1));
    }
    return n;
}

struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

} // namespace

WaitAnswer parse_wait_answer(std::string_view body)
{
    WaitAnswer answer;
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object())
        return answer;
    if (auto version = json.find("version"); version != json.end() && version->is_number_integer() && version->get<std::int64_t>() >= 0)
        answer.version = version->get<std::int64_t>();
    if (auto waiting = json.find("action_waiting"); waiting != json.end() && waiting->is_number_integer() && waiting->get<std::int64_t>() > 0)
        answer.action_waiting = waiting->get<std::int64_t>();
    if (auto held = json.find("held"); held != json.end() && held->is_boolean())
        answer.held = held->get<bool>();
    if (auto actions = json.find("actions"); actions != json.end() && actions->is_array())
        for (auto& action : *actions) {
            if (!action.is_object())
                continue;
            auto id = action.find("id");
            auto kind = action.find("action");
            if (id != action.end() && id->is_number_integer() && id->get<std::int64_t>() > 0 && kind != action.end() && kind->is_string()) {
                auto name = action.find("screen_name");
                answer.actions.push_back(
                    {id->get<std::int64_t>(), kind->get<std::string>(), name != action.end() && name->is_string() ? name->get<std::string>() : std::string()});
            }
        }
    return answer;
}

bool usable_notify_path(std::string_view path)
{
    if (path.empty() || path.size() > 200 || path[0] != '/' || path.rfind("//", 0) == 0)
        return false;
    return std::all_of(path.begin(), path.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.';
    });
}

UpdateListener::UpdateListener(std::function<void(std::int64_t)> on_news, std::function<void(std::string_view)> log)
    : m_on_news(std::move(on_news)), m_log(std::move(log))
{
    if (!m_log)
        m_log = [](std::string_view) {};
}

UpdateListener::~UpdateListener()
{
    stop();
    if (m_multi)
        curl_multi_cleanup(static_cast<CURLM*>(m_multi));
}

void UpdateListener::start()
{
    if (m_thread.joinable())
        return;
    global_init();
    if (!m_multi)
        m_multi = curl_multi_init();
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void UpdateListener::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_multi)
        curl_multi_wakeup(static_cast<CURLM*>(m_multi));
    if (m_thread.joinable())
        m_thread.join();
}

void UpdateListener::listen(const ListenTarget& target)
{
    bool moved = false;
    {
        std::lock_guard lock(m_mutex);
        moved = target.url != m_target.url || target.token != m_target.token;
        m_target = target;
    }
    // A new place to listen (a new pairing, the server moved to nchan) ends the wait under
    // way; a new version only changes what the next wait asks about.
    if (moved) {
        m_wake.notify_all();
        if (m_multi)
            curl_multi_wakeup(static_cast<CURLM*>(m_multi));
    }
}

long UpdateListener::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

bool UpdateListener::sleep_for(int seconds, const ListenTarget& current)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::seconds(seconds), [&] {
        return m_stopping || m_target.url != current.url || m_target.token != current.token;
    });
    return !m_stopping;
}

void UpdateListener::run()
{
    std::int64_t announced = 0; // the newest version heard of: never asked about again
    int quick_in_a_row = 0;
    std::string listening_to; // url and token: a new pairing (a server rebuilt from scratch) starts afresh
    std::string logged; // the failure last logged: the same one again is not logged
    for (;;) {
        ListenTarget target;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_target.url.empty(); });
            if (m_stopping)
                return;
            target = m_target;
            ++m_requests;
        }
        if (target.url + " " + target.token != listening_to) {
            // nchan's place belongs to one channel, and versions heard of to one pairing: a
            // server rebuilt from scratch counts from 1 again.
            m_last_modified.clear();
            m_etag.clear();
            announced = 0;
            m_actions_seen = 0;
            m_action_heard = 0;
            listening_to = target.url + " " + target.token;
        }
        auto since = std::max(target.version, announced);
        auto started = std::chrono::steady_clock::now();
        auto answer = wait_once(target, since);
        if (answer.error == "stopped")
            return;
        if (answer.error == "moved")
            continue;
        bool quick = std::chrono::steady_clock::now() - started < kQuick;
        WaitAnswer said;
        if (answer.error.empty() && answer.status == 200) {
            said = parse_wait_answer(answer.body);
            if (auto modified = answer.headers.find("last-modified"); modified != answer.headers.end())
                m_last_modified = modified->second;
            if (auto etag = answer.headers.find("etag"); etag != answer.headers.end())
                m_etag = etag->second;
        }
        if (answer.error.empty() && answer.status == 200)
            logged.clear();
        // nchan only says an action is waiting: fetched now, over the screen's own token. A
        // new notice is progress in the channel, not a quick answer with nothing in it.
        if (said.action_waiting && *said.action_waiting > m_action_heard) {
            std::string error;
            if (m_on_actions && *said.action_waiting > m_actions_seen && !target.actions_url.empty())
                said.actions = fetch_actions(target, error);
            if (error == "stopped")
                return;
            if (error.empty()) {
                m_action_heard = *said.action_waiting;
                quick_in_a_row = 0;
                quick = false;
            } else if (error != "moved") {
                // Heard again from the start of the channels: with the quick answers that
                // brings, at most once a poll interval while kiosk-content cannot be reached.
                m_log("fetching the remote action waiting for this screen failed (" + error + "); trying again");
                m_last_modified.clear();
                m_etag.clear();
            }
        }
        std::vector<RemoteAction> fresh;
        for (auto& action : said.actions)
            if (action.id > m_actions_seen)
                fresh.push_back(action);
        if (!fresh.empty() && m_on_actions) {
            m_actions_seen = fresh.back().id;
            quick_in_a_row = 0;
            m_on_actions(std::move(fresh));
            if (!(said.version && *said.version > since))
                continue;
        }
        if (said.version && *said.version > since) {
            announced = *said.version;
            quick_in_a_row = 0;
            m_on_news(*said.version);
            continue;
        }
        // One quick answer is normal (nchan hands a new subscriber the last message it
        // holds); two in a row, a refusal or a failure mean this server will not hold us:
        // poll as before, and try again after one poll interval.
        quick_in_a_row = quick ? quick_in_a_row + 1 : 0;
        bool failed = !answer.error.empty() || (answer.status != 200 && answer.status != 304 && answer.status != 408);
        if (failed || !said.held || quick_in_a_row >= 2) {
            std::string problem = !failed ? std::string()
                                          : "waiting for news at " + target.url + " failed ("
                                                + (answer.error.empty() ? "it answered " + std::to_string(answer.status) : answer.error)
                                                + "); polling every " + std::to_string(target.fallback_seconds) + " s until it works";
            if (!problem.empty() && problem != logged)
                m_log(problem);
            logged = problem;
            quick_in_a_row = 0;
            if (!sleep_for(target.fallback_seconds, target))
                return;
        }
    }
}

std::vector<RemoteAction> UpdateListener::fetch_actions(const ListenTarget& target, std::string& error)
{
    auto answer = request(target.actions_url + "?after=" + std::to_string(m_actions_seen), target, false);
    if (!answer.error.empty())
        error = answer.error;
    else if (answer.status != 200)
        error = "it answered " + std::to_string(answer.status);
    if (!error.empty())
        return {};
    return parse_wait_answer(answer.body).actions;
}

UpdateListener::Answer UpdateListener::wait_once(const ListenTarget& target, std::int64_t since)
{
    std::string url = target.url + (target.url.find('?') == std::string::npos ? "?" : "&") + "since=" + std::to_string(since);
    // Only kiosk-content's own wait carries actions; nchan's messages only say one is waiting
    // (fetch_actions then asks kiosk-content for it).
    constexpr std::string_view kEmbeddedWait = "/api/v1/wait";
    bool embedded
        = target.url.size() >= kEmbeddedWait.size() && target.url.compare(target.url.size() - kEmbeddedWait.size(), kEmbeddedWait.size(), kEmbeddedWait) == 0;
    if (m_on_actions && embedded)
        url += "&actions_after=" + std::to_string(m_actions_seen);
    return request(url, target, true);
}

UpdateListener::Answer UpdateListener::request(const std::string& url, const ListenTarget& target, bool with_place)
{
    Answer answer;
    if (auto allowed = check_url(url, target.http); !allowed) {
        answer.error = allowed.error().message;
        return answer;
    }
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy) {
        answer.error = "cannot start a request";
        return answer;
    }
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add_header = [&](const std::string& line) { headers.reset(curl_slist_append(headers.release(), line.c_str())); };
    if (!target.token.empty())
        add_header("Authorization: Bearer " + target.token);
    if (with_place && !m_last_modified.empty())
        add_header("If-Modified-Since: " + m_last_modified);
    if (with_place && !m_etag.empty())
        add_header("If-None-Match: " + m_etag);
    Collected collected;
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kWaitTimeoutMs);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &collected);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &collected);
    if (!target.ca_file.empty())
        curl_easy_setopt(e, CURLOPT_CAINFO, target.ca_file.c_str());

    auto* multi = static_cast<CURLM*>(m_multi);
    curl_multi_add_handle(multi, e);
    for (;;) {
        int running = 0;
        curl_multi_perform(multi, &running);
        if (running == 0)
            break;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                answer.error = "stopped";
            else if (m_target.url != target.url || m_target.token != target.token)
                answer.error = "moved";
        }
        if (!answer.error.empty())
            break;
        // Sleeps on the socket until it has something, curl's own time-out is due, or
        // curl_multi_wakeup: nothing runs in between.
        curl_multi_poll(multi, nullptr, 0, 60'000, nullptr);
    }
    CURLcode result = CURLE_OK;
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left))
        if (message->msg == CURLMSG_DONE && message->easy_handle == e)
            result = message->data.result;
    curl_multi_remove_handle(multi, e);
    if (!answer.error.empty())
        return answer;
    if (result != CURLE_OK) {
        answer.error = collected.too_large ? "the answer was too long" : curl_easy_strerror(result);
        return answer;
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &answer.status);
    answer.body = std::move(collected.body);
    answer.headers = std::move(collected.headers);
    return answer;
}

} // namespace coi::sync
