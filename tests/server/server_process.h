#pragma once
// kiosk-content as a real process for the hostile tests: started the way systemd starts it
// (its own binary, a config file, a data directory), on 127.0.0.1 with any free port, with
// its address space capped like `prlimit --as` so a regression that buffers without limit
// fails the test with bad_alloc instead of taking the machine down. And a raw TCP client
// that can send what no well-behaved HTTP library would.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace coi::server::test {

class ServerProcess {
public:
    struct Options {
        std::size_t address_space_bytes = std::size_t(1) << 30; // RLIMIT_AS, as prlimit --as sets it
        std::string config_extra;                               // TOML added to the generated config
        bool create_admin = true;                               // "admin" with kAdminPassword
        std::function<void(const std::string& data_dir)> prepare; // runs on the data before the server starts
    };
    static constexpr const char* kAdminPassword = "correct horse battery";

    explicit ServerProcess(Options options);
    ServerProcess() : ServerProcess(Options{}) {}
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool started() const { return m_port > 0; }
    int port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    const std::string& data_dir() const { return m_data; }
    bool alive();                        // still running (not exited, not killed by a signal)
    std::string how_it_ended();          // "running", "exit 1", "signal 11 (Segmentation fault)"
    std::size_t peak_rss_kb() const;     // VmHWM: the most memory it has held at once
    std::size_t rss_kb() const;          // VmRSS now
    std::string output() const;          // what it wrote to stdout and stderr

private:
    std::string m_dir;
    std::string m_data;
    pid_t m_pid = -1;
    int m_port = 0;
    std::optional<int> m_wait_status;
};

// One TCP connection to 127.0.0.1:port, with every send and receive bounded by `timeout`.
class RawConnection {
public:
    RawConnection(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                  const char* from_address = nullptr); // e.g. "127.0.0.2": another client on the same machine
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return m_fd >= 0; }
    bool send(const std::string& bytes);     // false once the server has stopped taking them
    std::size_t sent() const { return m_sent; } // bytes the kernel accepted so far
    void finish_sending();                    // shutdown(SHUT_WR): the end of a length-less body
    std::string receive_all();                // until the server closes or the time-out
    std::string receive_head();               // until the end of a response's headers (or close)
    bool closed_by_server();                  // the server has ended the connection (end of stream or reset)

private:
    int m_fd = -1;
    std::size_t m_sent = 0;
};

long status_of_response(const std::string& response); // "HTTP/1.1 413 ..." -> 413, else 0
std::size_t peak_rss_kb_of(pid_t pid);

} // namespace coi::server::test
