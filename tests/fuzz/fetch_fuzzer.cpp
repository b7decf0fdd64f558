// The calendar fetcher (content/server/ics_fetch.h) against a calendar host that answers
// with the input: status line, headers, chunked or gzip bodies, redirects, whatever bytes.
// The host is on 127.0.0.77 (nothing else listens there) and every name and address the
// fetch meets is looked up to it, through fetch_url's network seam, so a redirect goes back
// to the same host (and its answer again) and never anywhere else on the machine.
// The first byte says how the host behaves: bit 0 set, it keeps the connection open after
// its answer (the fetch must end at its deadline); the rest is sent as the answer.
// fetch_url must return (never throw, crash, leak or hang) within its deadline and a
// little, an accepted calendar must be within the body cap, and a refusal must say why.
#include "content/server/ics_fetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

using namespace coi::server;

namespace {

constexpr const char* kHostAddress = "127.0.0.77";
constexpr auto kDeadline = std::chrono::milliseconds(400);
constexpr std::size_t kMaxBody = 64 * 1024;

[[noreturn]] void broken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "fetch_fuzzer: %s: %s\n", what, detail.c_str());
    std::abort();
}

// Answers each connection with the current input, one connection at a time.
class CalendarHost {
public:
    CalendarHost()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        int yes = 1;
        setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        inet_pton(AF_INET, kHostAddress, &address.sin_addr);
        if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(m_listener, 16) != 0)
            broken("cannot listen on", kHostAddress);
        socklen_t length = sizeof address;
        getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
        m_thread.detach(); // lives as long as the fuzzer
    }
    int port() const { return m_port; }
    void answer_with(std::string bytes, bool hold_open)
    {
        std::lock_guard lock(m_mutex);
        m_answer = std::move(bytes);
        m_hold_open = hold_open;
    }

private:
    void serve()
    {
        for (;;) {
            int fd = ::accept(m_listener, nullptr, nullptr);
            if (fd < 0)
                continue;
            std::string answer;
            bool hold_open = false;
            {
                std::lock_guard lock(m_mutex);
                answer = m_answer;
                hold_open = m_hold_open;
            }
            timeval tv{1, 0};
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            char request[4096];
            (void)::recv(fd, request, sizeof request, 0);
            (void)::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
            if (hold_open) {
                // Until the client goes away (its watchdog at the deadline), at most 2 s.
                pollfd waiting{fd, POLLIN, 0};
                for (int i = 0; i < 20 && ::poll(&waiting, 1, 100) == 0; ++i) {
                }
            }
            ::close(fd);
        }
    }

    int m_listener = -1;
    int m_port = 0;
    std::mutex m_mutex;
    std::string m_answer;
    bool m_hold_open = false;
    std::thread m_thread;
};

FetchNetwork to_the_host()
{
    return {[](const std::string&) { return std::vector<std::string>{kHostAddress}; },
            [](const std::string& address) { return address == kHostAddress; }};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static CalendarHost host;
    if (size < 1)
        return 0;
    host.answer_with(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), (data[0] & 1) != 0);
    FetchLimits limits;
    limits.deadline = kDeadline;
    limits.max_body_bytes = kMaxBody;
    auto started = std::chrono::steady_clock::now();
    Outcome<std::string> fetched = Failure{FailureKind::Internal, "not fetched"};
    try {
        fetched = fetch_url("http://calendar.test:" + std::to_string(host.port()) + "/cal.ics", PrivateAddresses::Refuse,
                            limits, to_the_host());
    } catch (const std::exception& error) {
        broken("fetch_url threw", error.what());
    } catch (...) {
        broken("fetch_url threw", "something not an exception");
    }
    auto took = std::chrono::steady_clock::now() - started;
    // The watchdog looks every 20 ms; a loaded machine gets a second more.
    if (took > kDeadline + std::chrono::milliseconds(1000))
        broken("the fetch outlived its deadline",
               std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) + " ms");
    if (fetched && fetched->size() > kMaxBody)
        broken("a calendar over the cap was accepted", std::to_string(fetched->size()) + " bytes");
    if (!fetched && fetched.failure().message.empty())
        broken("refused without saying why", "");
    return 0;
}
