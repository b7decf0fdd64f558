#pragma once
// How many bytes a TCP socket has received so far, by the kernel's count: what a watchdog
// can read from outside a client that gives no other hook into its reading.

#include <cstdint>
#include <optional>

namespace coi::server {

std::optional<std::uint64_t> tcp_bytes_received(int fd); // nullopt: not a TCP socket, or an old kernel

} // namespace coi::server
