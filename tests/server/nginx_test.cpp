// The shipped nginx config (config/nginx-kiosk-content.conf) in front of the real
// kiosk-content: nginx accepts it as shipped (only the certificate, the ports and the
// upstream's port changed for the test) and its limits act before kiosk-content sees a thing.
#include "server_fixture.h"
#include "server_process.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace coi::server::test;

namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

int free_port()
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

std::string read_text(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// An HTTPS request to nginx's self-signed test certificate: the status, or 0.
long https_status(int port, const std::string& method, const std::string& path, const std::string& body = {})
{
    CURL* curl = curl_easy_init();
    auto url = "https://127.0.0.1:" + std::to_string(port) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (method != "GET") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return status;
}

class ShippedNginxConfig : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (access(kNginx, X_OK) != 0 || std::system("command -v openssl > /dev/null") != 0)
            GTEST_SKIP() << "needs nginx and openssl";
        ASSERT_TRUE(m_server.started()) << m_server.output();
        m_dir = std::make_unique<TempDir>();
        auto dir = m_dir->path();
        std::filesystem::create_directories(dir + "/logs");
        auto made = std::system(("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout " + dir +
                                 "/key.pem -out " + dir + "/cert.pem > /dev/null 2>&1").c_str());
        ASSERT_EQ(made, 0);
        m_https = free_port();
        int http = free_port();
        auto site = read_text(std::string(COI_REPO_DIR) + "/config/nginx-kiosk-content.conf");
        ASSERT_FALSE(site.empty());
        auto replace = [&site](const std::string& from, const std::string& to) {
            auto at = site.find(from);
            ASSERT_NE(at, std::string::npos) << from;
            site.replace(at, from.size(), to);
        };
        replace("listen 80;", "listen 127.0.0.1:" + std::to_string(http) + ";");
        replace("listen [::]:80;", "");
        replace("listen 443 ssl http2;", "listen 127.0.0.1:" + std::to_string(m_https) + " ssl http2;");
        replace("listen [::]:443 ssl http2;", "");
        replace("/etc/letsencrypt/live/signs.example.org/fullchain.pem", dir + "/cert.pem");
        replace("/etc/letsencrypt/live/signs.example.org/privkey.pem", dir + "/key.pem");
        replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(m_server.port()) + ";");
        std::ofstream(dir + "/site.conf") << site;
        std::ofstream(dir + "/nginx.conf")
            << "daemon off;\nmaster_process off;\npid " << dir << "/nginx.pid;\nerror_log " << dir
            << "/logs/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path " << dir
            << "/body;\n  proxy_temp_path " << dir << "/proxy;\n  fastcgi_temp_path " << dir << "/fastcgi;\n  uwsgi_temp_path "
            << dir << "/uwsgi;\n  scgi_temp_path " << dir << "/scgi;\n  include " << dir << "/site.conf;\n}\n";
    }
    void TearDown() override
    {
        if (m_nginx > 0) {
            kill(m_nginx, SIGTERM);
            int status = 0;
            waitpid(m_nginx, &status, 0);
        }
    }
    int check_config()
    {
        auto command = std::string(kNginx) + " -t -p " + m_dir->path() + " -c " + m_dir->path() + "/nginx.conf > " +
                       m_dir->path() + "/check.txt 2>&1";
        return std::system(command.c_str());
    }
    void start_nginx()
    {
        auto prefix = m_dir->path();
        m_nginx = fork();
        if (m_nginx == 0) {
            auto conf = prefix + "/nginx.conf";
            execl(kNginx, kNginx, "-p", prefix.c_str(), "-c", conf.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 200 && https_status(m_https, "GET", "/healthz") != 200; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }

    ServerProcess m_server{ServerProcess::Options{std::size_t(1) << 30, "[server]\ntrust_proxy = true\n", true, {}}};
    std::unique_ptr<TempDir> m_dir;
    int m_https = 0;
    pid_t m_nginx = -1;
};

} // namespace

TEST_F(ShippedNginxConfig, IsAcceptedAndServesThroughTls)
{
    ASSERT_EQ(check_config(), 0) << read_text(m_dir->path() + "/check.txt");
    start_nginx();
    EXPECT_EQ(https_status(m_https, "GET", "/healthz"), 200);
    EXPECT_EQ(https_status(m_https, "GET", "/api/admin/session"), 401);
}

TEST_F(ShippedNginxConfig, PairingIsRateLimitedPerAddressBeforeKioskContent)
{
    ASSERT_EQ(check_config(), 0) << read_text(m_dir->path() + "/check.txt");
    start_nginx();
    int limited = 0;
    for (int i = 0; i < 20; ++i) {
        auto code = std::to_string(100000 + i);
        auto status = https_status(m_https, "POST", "/api/v1/pair",
                                   R"({"code": ")" + code + R"(", "secret": "a secret long enough for pairing"})");
        limited += status == 429 ? 1 : 0;
    }
    // 30 a minute with a burst of 10: of 20 at once, about 9 are turned away.
    EXPECT_GE(limited, 5);
}
