// A file of its own: linux/tcp.h has tcpi_bytes_received (glibc's netinet/tcp.h stops short
// of it) and the two cannot be included together, and httplib.h includes glibc's.
#include "socket_bytes.h"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>

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

} // namespace coi::server
