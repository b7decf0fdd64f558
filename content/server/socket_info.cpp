// linux/tcp.h has tcpi_bytes_received (glibc's netinet/tcp.h stops short of it) and the two
// cannot be included together, and httplib.h includes glibc's: hence a file of its own.
#include "socket_info.h"

#include <linux/tcp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>

namespace coi::server {

std::optional<std::uint64_t> tcp_bytes_received(int fd)
{
    tcp_info info{};
    socklen_t length = sizeof info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return std::nullopt;
    if (length < offsetof(tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
        return std::nullopt;
    return info.tcpi_bytes_received;
}

bool tcp_closing(int fd)
{
    tcp_info info{};
    socklen_t length = sizeof info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return false;
    // The kernel's TCP states (include/net/tcp_states.h; linux/tcp.h does not name them).
    enum : std::uint8_t { kFinWait1 = 4, kFinWait2 = 5, kTimeWait = 6, kClose = 7, kLastAck = 9, kClosing = 11 };
    switch (info.tcpi_state) {
    case kFinWait1:
    case kFinWait2:
    case kTimeWait:
    case kClose:
    case kLastAck:
    case kClosing: return true;
    default: return false;
    }
}

namespace {

bool numeric(const sockaddr_storage& address, socklen_t length, std::string& host, int& port)
{
    char host_text[NI_MAXHOST];
    char port_text[NI_MAXSERV];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host_text, sizeof host_text, port_text,
                    sizeof port_text, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return false;
    host = host_text;
    port = std::atoi(port_text);
    return true;
}

} // namespace

std::optional<SocketEnds> socket_ends(int fd)
{
    sockaddr_storage local{}, peer{};
    socklen_t local_length = sizeof local, peer_length = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0)
        return std::nullopt;
    SocketEnds ends;
    if (!numeric(local, local_length, ends.local_address, ends.local_port) ||
        !numeric(peer, peer_length, ends.peer_address, ends.peer_port))
        return std::nullopt;
    return ends;
}

std::vector<int> open_fds()
{
    std::vector<int> fds;
    std::error_code ec;
    for (auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        auto name = entry.path().filename().string();
        if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos)
            fds.push_back(std::atoi(name.c_str()));
    }
    return fds;
}

std::optional<int> fd_of_connection(const std::string& local_address, int local_port, const std::string& peer_address,
                                    int peer_port)
{
    for (int fd : open_fds()) {
        auto ends = socket_ends(fd);
        if (ends && ends->local_port == local_port && ends->peer_port == peer_port &&
            ends->local_address == local_address && ends->peer_address == peer_address)
            return fd;
    }
    return std::nullopt;
}

} // namespace coi::server
