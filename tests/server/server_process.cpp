#include "server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace coi::server::test {

namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t status_field_kb(pid_t pid, const std::string& field)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0)
            return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10);
    return 0;
}

} // namespace

std::size_t peak_rss_kb_of(pid_t pid) { return status_field_kb(pid, "VmHWM"); }

ServerProcess::ServerProcess(Options options)
{
    std::string pattern = (fs::temp_directory_path() / "coi-hostile-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    m_dir = pattern;
    m_data = m_dir + "/data";
    auto config_path = m_dir + "/kiosk-content.toml";
    std::ofstream(config_path) << options.config_extra << "\n";
    if (options.create_admin) {
        std::ofstream(m_dir + "/password.txt") << kAdminPassword << "\n";
        auto command = std::string(KIOSK_CONTENT_BINARY) + " --data " + m_data + " create-admin --user admin < " + m_dir +
                       "/password.txt > " + m_dir + "/create-admin.txt 2>&1";
        if (std::system(command.c_str()) != 0)
            throw std::runtime_error("create-admin failed: " + read_text(m_dir + "/create-admin.txt"));
    }

    if (options.prepare)
        options.prepare(m_data);
    auto log_path = m_dir + "/output.txt";
    m_pid = fork();
    if (m_pid == 0) {
        rlimit limit{options.address_space_bytes, options.address_space_bytes};
        setrlimit(RLIMIT_AS, &limit);
        // glibc reserves 64 MB of address space per thread arena; two keep the cap about data.
        setenv("MALLOC_ARENA_MAX", "2", 1);
        int out = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
        execl(KIOSK_CONTENT_BINARY, KIOSK_CONTENT_BINARY, "--config", config_path.c_str(), "--data", m_data.c_str(),
              "--listen", "127.0.0.1:0", static_cast<char*>(nullptr));
        _exit(127);
    }
    constexpr std::string_view kListening = "listening on http://127.0.0.1:";
    for (int i = 0; i < 1000 && m_port == 0 && alive(); ++i) {
        auto text = read_text(log_path);
        if (auto at = text.find(kListening); at != std::string::npos)
            m_port = std::atoi(text.c_str() + at + kListening.size());
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

ServerProcess::~ServerProcess()
{
    if (alive()) {
        kill(m_pid, SIGTERM);
        for (int i = 0; i < 500 && alive(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (alive()) {
            kill(m_pid, SIGKILL);
            int status = 0;
            waitpid(m_pid, &status, 0);
        }
    }
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

bool ServerProcess::alive()
{
    if (m_pid <= 0)
        return false;
    if (m_wait_status)
        return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid)
        m_wait_status = status;
    return !m_wait_status;
}

std::string ServerProcess::how_it_ended()
{
    if (alive())
        return "running";
    if (!m_wait_status)
        return "never started";
    if (WIFSIGNALED(*m_wait_status))
        return "signal " + std::to_string(WTERMSIG(*m_wait_status)) + " (" + strsignal(WTERMSIG(*m_wait_status)) + ")";
    return "exit " + std::to_string(WEXITSTATUS(*m_wait_status));
}

std::size_t ServerProcess::peak_rss_kb() const { return status_field_kb(m_pid, "VmHWM"); }
std::size_t ServerProcess::rss_kb() const { return status_field_kb(m_pid, "VmRSS"); }
std::string ServerProcess::output() const { return read_text(m_dir + "/output.txt"); }

RawConnection::RawConnection(int port, std::chrono::milliseconds timeout, const char* from_address)
{
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0)
        return;
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (from_address) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, from_address, &local.sin_addr);
        bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(m_fd);
        m_fd = -1;
    }
}

RawConnection::~RawConnection()
{
    if (m_fd >= 0)
        close(m_fd);
}

bool RawConnection::send(const std::string& bytes)
{
    std::size_t offset = 0;
    while (m_fd >= 0 && offset < bytes.size()) {
        auto n = ::send(m_fd, bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        offset += static_cast<std::size_t>(n);
        m_sent += static_cast<std::size_t>(n);
    }
    return m_fd >= 0;
}

void RawConnection::finish_sending()
{
    if (m_fd >= 0)
        shutdown(m_fd, SHUT_WR);
}

std::string RawConnection::receive_all()
{
    std::string out;
    char buffer[16384];
    while (m_fd >= 0) {
        auto n = recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

std::string RawConnection::receive_head()
{
    std::string out;
    char byte = 0;
    while (m_fd >= 0 && out.find("\r\n\r\n") == std::string::npos && out.size() < 65536) {
        if (recv(m_fd, &byte, 1, 0) != 1)
            break;
        out += byte;
    }
    return out;
}

bool RawConnection::closed_by_server()
{
    if (m_fd < 0)
        return true;
    pollfd entry{m_fd, POLLIN, 0};
    if (poll(&entry, 1, 0) <= 0)
        return false;
    char byte = 0;
    auto n = recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

long status_of_response(const std::string& response)
{
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12)
        return 0;
    return std::strtol(response.c_str() + 9, nullptr, 10);
}

} // namespace coi::server::test
