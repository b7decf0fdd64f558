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
    auto type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0)
        return bad_input("send the body as JSON with Content-Type: application/json");
    if (req.body.size() > kMaxJsonBytes)
        return Failure{FailureKind::TooLarge, "a JSON body must be at most 1 MB"};
    try {
        auto doc = nlohmann::json::parse(req.body);
        if (!doc.is_object())
            return bad_input("the body must be a JSON object, not " + describe_json_type(doc));
        return doc;
    } catch (const nlohmann::json::parse_error& error) {
        return bad_input("the body is not valid JSON (at byte " + std::to_string(error.byte) + ")");
    }
}

Done only_fields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed, std::string_view what)
{
    for (auto& [key, value] : object.items())
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return bad_input(std::string(what) + ": unknown field \"" + key + "\"");
    return done();
}

Outcome<std::string> string_field(const nlohmann::json& object, std::string_view name, bool required)
{
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required)
            return bad_input("field \"" + std::string(name) + "\": is required");
        return std::string{};
    }
    if (!it->is_string())
        return bad_input("field \"" + std::string(name) + "\": must be a string, not " + describe_json_type(*it));
    return it->get<std::string>();
}

Outcome<std::int64_t> integer_field(const nlohmann::json& object, std::string_view name, bool required)
{
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required)
            return bad_input("field \"" + std::string(name) + "\": is required");
        return std::int64_t{0};
    }
    if (!it->is_number_integer())
        return bad_input("field \"" + std::string(name) + "\": must be a whole number, not " + describe_json_type(*it));
    return it->get<std::int64_t>();
}

Outcome<bool> bool_field(const nlohmann::json& object, std::string_view name, bool fallback)
{
    auto it = object.find(name);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_boolean())
        return bad_input("field \"" + std::string(name) + "\": must be true or false, not " + describe_json_type(*it));
    return it->get<bool>();
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
