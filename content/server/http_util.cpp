#include "http_util.h"

#include "repository.h"

#include <algorithm>

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
