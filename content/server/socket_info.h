#pragma once
// What the kernel knows about a TCP socket, read from outside the code that owns it: the
// HTTP library gives neither its server's handlers nor its client a hook into its sockets.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace coi::server {

std::optional<std::uint64_t> tcp_bytes_received(int fd); // nullopt: not a TCP socket, or an old kernel
bool tcp_closing(int fd); // this end has sent its FIN (shut down): the connection is on its way out

struct SocketEnds {
    std::string local_address; // numeric, as cpp-httplib writes Request::local_addr
    int local_port = 0;
    std::string peer_address;  // as Request::remote_addr
    int peer_port = 0;
};
std::optional<SocketEnds> socket_ends(int fd); // nullopt: not a connected socket

std::vector<int> open_fds(); // every descriptor this process has open

std::optional<int> fd_of_connection(const std::string& local_address, int local_port, const std::string& peer_address,
                                    int peer_port); // the server's socket for one request's connection

} // namespace coi::server
