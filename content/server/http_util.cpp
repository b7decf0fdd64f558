#include "http_util.h"

#include "repository.h"

#include "socket_info.h"

#include <algorithm>

#include <sys/socket.h>

namespace coi::server {

int status_of(FailureKind kind)
{
    switch (kind) {
    case FailureKind::BadInput: return 400;
    case FailureKind::Unauthorised: return 401;
    case FailureKind::Forbidden: return 403;
    case FailureKind::Revoked: return 403;
    case FailureKind::NotFound: return 404;
    case FailureKind::Conflict: return 409;
    case FailureKind::TooLarge: return 413;
    case FailureKind::TooMany: return 429;
    case FailureKind::Internal: return 500;
    }
    return 500;
}

std::string_view code_of(FailureKind kind)
{
    switch (kind) {
    case FailureKind::BadInput: return "bad_input";
    case FailureKind::Unauthorised: return "unauthorised";
    case FailureKind::Forbidden: return "forbidden";
    case FailureKind::Revoked: return "revoked";
    case FailureKind::NotFound: return "not_found";
    case FailureKind::Conflict: return "conflict";
    case FailureKind::TooLarge: return "too_large";
    case FailureKind::TooMany: return "too_many_requests";
    case FailureKind::Internal: return "internal";
    }
    return "internal";
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body)
{
    res.status = status;
    // error_handler_t::replace: a stray invalid byte must not turn an answer into a 500.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view code, const std::string& message)
{
    send_json(res, status, {{"error", message}, {"code", code}});
}

void send_failure(httplib::Response& res, const Failure& failure)
{
    send_error(res, status_of(failure.kind), code_of(failure.kind), failure.message);
}

namespace {

std::string megabytes(std::size_t bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MB";
    return std::to_string((bytes + 1023) / 1024) + " kB";
}

// A client still sending past kMaxDrainBytes (where cpp-httplib or we stop reading), or a
// body without a length that could not be read, has its connection's reading side shut at
// once, which ends the read now. The answer is then not written (cpp-httplib does not write
// to a socket it cannot read from); every other refusal is (see HttpServer's logger).
void stop_reading_now(const httplib::Request& req)
{
    if (auto fd = fd_of_connection(req.local_addr, req.local_port, req.remote_addr, req.remote_port))
        ::shutdown(*fd, SHUT_RD);
}

void refuse_too_large(httplib::Response& res, std::size_t max_bytes)
{
    res.set_header("Connection", "close");
    send_error(res, 413, "too_large", "the request body is too large: at most " + megabytes(max_bytes) + " here");
}

} // namespace

httplib::Server::HandlerWithContentReader bounded_body(std::size_t max_bytes, httplib::Server::Handler handler)
{
    return [max_bytes, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                                      const httplib::ContentReader& reader) {
        // A declared length past what may even be drained is refused before a byte of the body
        // is read (cpp-httplib would otherwise read it all to skip it). An encoded body's length
        // says nothing about what it decompresses to: that is counted below.
        if (req.has_header("Content-Length")) {
            auto declared = req.get_header_value("Content-Length");
            if (declared.size() > 15 || declared.find_first_not_of("0123456789") != std::string::npos ||
                std::stoull(declared) > kMaxDrainBytes) {
                return refuse_too_large(res, max_bytes);
            }
        }
        // The handlers take a const Request whose body cpp-httplib has not filled in; they get
        // a copy that has it. Its `matches` still point into `req.path`, which outlives it.
        httplib::Request full = req;
        std::size_t received = 0;
        // Past the limit nothing is kept. The rest is still read and dropped, up to
        // kMaxDrainBytes, so a client that simply sent too much gets its 413 on a clean
        // connection (closing with its bytes unread resets the connection, answer and all).
        auto keep = [&](std::size_t n) {
            received += n;
            return received <= max_bytes;
        };
        auto drained_enough = [&] { return received > kMaxDrainBytes; };
        bool read = false;
        if (req.is_multipart_form_data()) {
            auto current = full.files.end();
            read = reader(
                [&](const httplib::MultipartFormData& part) {
                    if (full.files.size() >= kMaxMultipartParts)
                        return false;
                    current = full.files.emplace(part.name, part);
                    return true;
                },
                [&](const char* data, std::size_t n) {
                    if (current == full.files.end())
                        return false;
                    if (keep(n))
                        current->second.content.append(data, n);
                    return !drained_enough();
                });
        } else {
            read = reader([&](const char* data, std::size_t n) {
                if (keep(n))
                    full.body.append(data, n);
                return !drained_enough();
            });
        }
        // Either answer says Connection: close, and the server ends the connection once the
        // answer is written (HttpServer's logger): the rest of the body is never read.
        // A body with neither a length nor chunks ends only when the client stops: after an
        // unread one cpp-httplib would read on to its end before the connection is free.
        bool length_less = !req.has_header("Content-Length") &&
                           req.get_header_value("Transfer-Encoding").find("chunked") == std::string::npos;
        if (!read && (received > max_bytes || length_less))
            stop_reading_now(req);
        if (received > max_bytes)
            return refuse_too_large(res, max_bytes);
        if (!read) {
            res.set_header("Connection", "close");
            return send_error(res, 400, "bad_request", "the request body could not be read (cut short, or badly encoded)");
        }
        handler(full, res);
    };
}

void refuse_unrouted_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader)
{
    // A short body is read (and dropped) so the 404 reaches the client on a clean connection;
    // a long one gets the 413 and the connection's end like any other.
    static const auto answer = bounded_body(kMaxSmallBodyBytes, [](const httplib::Request& full, httplib::Response& out) {
        send_error(out, 404, "not_found", "nothing at " + full.path);
    });
    answer(req, res, reader);
}

Outcome<nlohmann::json> json_body(const httplib::Request& req)
{
    return parse_json_object(req.get_header_value("Content-Type"), req.body);
}

std::optional<std::string> cookie(const httplib::Request& req, std::string_view name)
{
    auto header = req.get_header_value("Cookie");
    std::string_view rest = header;
    while (!rest.empty()) {
        auto end = rest.find(';');
        auto part = rest.substr(0, end);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        auto equals = part.find('=');
        if (equals != std::string_view::npos && part.substr(0, equals) == name)
            return std::string(part.substr(equals + 1));
        if (end == std::string_view::npos)
            break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

std::string client_address(const httplib::Request& req, bool trust_proxy)
{
    if (trust_proxy) {
        // nginx appends the real client last; anything before it the client could forge.
        auto forwarded = req.get_header_value("X-Forwarded-For");
        if (!forwarded.empty()) {
            auto comma = forwarded.rfind(',');
            auto last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
            last.erase(0, last.find_first_not_of(' '));
            if (!last.empty())
                return last;
        }
    }
    return req.remote_addr;
}

std::optional<std::int64_t> to_integer(const std::string& text)
{
    if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(text);
}

} // namespace coi::server
