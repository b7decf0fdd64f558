#pragma once
// The HTTP boundary's helpers: Failure -> status + JSON error, JSON bodies read with size,
// type and unknown-field checks, cookies and the client's address. Every error a client
// sees is {"error": "<plain sentence>", "code": "<kind>"}.

#include "outcome.h"
#include "repository.h"
#include "requests.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>

namespace coi::server {

int status_of(FailureKind kind);
std::string_view code_of(FailureKind kind);
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_failure(httplib::Response& res, const Failure& failure);
void send_error(httplib::Response& res, int status, std::string_view code, const std::string& message);

// Every route that takes a body is registered through this: the body is read here, through
// cpp-httplib's ContentReader, and counted as it arrives *after* decompression, so a gzip
// bomb, a chunked body or one with no length stops at `max_bytes` instead of being buffered
// whole (cpp-httplib's own payload limit only sees Content-Length). Over the limit: 413 and
// the connection is closed; then `handler` runs with the body (or multipart parts) filled in.
httplib::Server::HandlerWithContentReader bounded_body(std::size_t max_bytes, httplib::Server::Handler handler);
// For POST/PUT/PATCH/DELETE to an address nothing answers: 404, its body read only as far
// as kMaxSmallBodyBytes (then 413).
void refuse_unrouted_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader&);
constexpr std::size_t kMaxMultipartParts = 8;
// A refused body is read and dropped up to this much so its 413 arrives (shutting the
// connection with a body still coming resets it, answer and all: an 11 MB photo met a
// network error instead of "at most 10 MB"); past it, or declared past it, the connection's
// reading side is shut at once. Twice the largest body any route takes.
constexpr std::size_t kMaxDrainBytes = 2 * kMaxMediaBytes;
constexpr std::size_t kMaxSmallBodyBytes = 16 * 1024; // sign-in, pairing, sign-out: a few short fields

// The body as a JSON object (parse_json_object in requests.h; the field readers are there too).
Outcome<nlohmann::json> json_body(const httplib::Request& req);

std::optional<std::string> cookie(const httplib::Request& req, std::string_view name);
std::string client_address(const httplib::Request& req, bool trust_proxy);
std::optional<std::int64_t> to_integer(const std::string& text); // path ids: digits only

} // namespace coi::server
