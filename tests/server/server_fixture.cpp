#include "server_fixture.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace coi::server::test {

namespace fs = std::filesystem;

nlohmann::json Reply::json() const
{
    return nlohmann::json::parse(body, nullptr, false);
}

std::string Reply::header(const std::string& name) const
{
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

namespace {

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* out)
{
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* out)
{
    std::string line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
            value.pop_back();
        static_cast<std::multimap<std::string, std::string>*>(out)->emplace(name, value);
    }
    return size * count;
}

} // namespace

Reply Client::request(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& content_type, const std::map<std::string, std::string>& headers)
{
    Reply reply;
    CURL* curl = curl_easy_init();
    std::string url = "http://127.0.0.1:" + std::to_string(m_port) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); // loopback only, whatever the environment says
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
    if (method == "HEAD")
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_slist* list = nullptr;
    if (method != "GET" && method != "HEAD") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        list = curl_slist_append(list, ("Content-Type: " + content_type).c_str());
        if (!m_csrf.empty())
            list = curl_slist_append(list, ("X-CSRF-Token: " + m_csrf).c_str());
    }
    list = curl_slist_append(list, "Expect:");
    for (auto& [name, value] : headers)
        list = curl_slist_append(list, (name + ": " + value).c_str());
    if (!m_cookie.empty())
        curl_easy_setopt(curl, CURLOPT_COOKIE, m_cookie.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    auto rc = curl_easy_perform(curl);
    if (rc == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    return reply;
}

Reply Client::get(const std::string& path, const std::map<std::string, std::string>& headers)
{
    return request("GET", path, {}, {}, headers);
}

Reply Client::post(const std::string& path, const nlohmann::json& body) { return request("POST", path, body.dump()); }
Reply Client::put(const std::string& path, const nlohmann::json& body) { return request("PUT", path, body.dump()); }
Reply Client::del(const std::string& path) { return request("DELETE", path, ""); }

Reply Client::login(const std::string& name, const std::string& password)
{
    auto reply = post("/api/admin/login", {{"name", name}, {"password", password}});
    if (reply.status == 200) {
        auto set_cookie = reply.header("set-cookie");
        m_cookie = set_cookie.substr(0, set_cookie.find(';'));
        m_csrf = reply.json()["csrf"].get<std::string>();
    }
    return reply;
}

TempDir::TempDir()
{
    std::string pattern = (fs::temp_directory_path() / "coi-server-test-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir()
{
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

void ServerTest::SetUp()
{
    m_dir = std::make_unique<TempDir>();
    m_config.data_dir = m_dir->path();
    m_config.threads = 4;
    auto repository = Repository::open(m_dir->path() + "/content.db");
    ASSERT_TRUE(repository.ok()) << repository.failure().message;
    m_repository = repository.release();
    auto key = load_or_create_key(m_dir->path());
    ASSERT_TRUE(key.ok()) << key.failure().message;
    m_key = *key;
    m_feeds = std::make_unique<FeedCache>(*m_repository, m_key);
    ASSERT_TRUE(m_repository->create_user("admin", kAdminPassword, Role::Admin, {}).ok());
    m_server = std::make_unique<HttpServer>(m_config, *m_repository, *m_feeds);
    auto port = m_server->bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
    for (int i = 0; i < 200 && client().get("/healthz").status != 200; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void ServerTest::TearDown()
{
    if (m_server)
        m_server->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_server.reset();
    m_feeds.reset();
    m_repository.reset();
    m_dir.reset();
}

Client ServerTest::admin()
{
    auto c = client();
    auto reply = c.login("admin", kAdminPassword);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return c;
}

Client ServerTest::signed_in(const std::string& name, Role role, std::vector<std::string> sites)
{
    auto user = m_repository->create_user(name, "a long enough password", role, std::move(sites));
    EXPECT_TRUE(user.ok()) << (user.ok() ? "" : user.failure().message);
    auto c = client();
    auto reply = c.login(name, "a long enough password");
    EXPECT_EQ(reply.status, 200) << reply.body;
    return c;
}

nlohmann::json ServerTest::site_json(const std::string& id, const std::string& name)
{
    return {{"id", id},
            {"name", name},
            {"timezone", "Europe/London"},
            {"languages", {"en", "pl"}},
            {"opening_hours", {{{"day", "mon"}, {"open", "09:00"}, {"close", "17:00"}}}},
            {"rooms", {{{"id", "hall"}, {"name", "Main Hall"}}, {{"id", "cafe"}, {"name", "Café"}}}},
            {"checkin", {{"share_counts", true}}}};
}

nlohmann::json ServerTest::event_json(const std::string& id, const std::string& rrule)
{
    nlohmann::json event{{"id", id},
                         {"title", "Bingo"},
                         {"room", "hall"},
                         {"start", "2026-11-24T18:30:00Z"},
                         {"end", "2026-11-24T20:30:00Z"}};
    if (!rrule.empty())
        event["rrule"] = rrule;
    return event;
}

std::string ServerTest::pair_screen(const std::string& site, const std::string& role, const std::string& code)
{
    auto kiosk = client();
    nlohmann::json hello{{"code", code}, {"secret", "kiosk-secret-" + code + "-abcdef"}};
    auto waiting = kiosk.post("/api/v1/pair", hello);
    EXPECT_EQ(waiting.status, 202) << waiting.body;
    auto coordinator = admin();
    auto adopted = coordinator.post("/api/admin/screens/adopt",
                                    {{"code", code}, {"site_id", site}, {"role", role}, {"name", role + " screen"}});
    EXPECT_EQ(adopted.status, 201) << adopted.body;
    auto collected = kiosk.post("/api/v1/pair", hello);
    EXPECT_EQ(collected.status, 200) << collected.body;
    return collected.json().value("token", "");
}

} // namespace coi::server::test
