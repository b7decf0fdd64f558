#pragma once
// The HTTP boundary's helpers: Failure -> status + JSON error, JSON bodies read with size,
// type and unknown-field checks, cookies and the client's address. Every error a client
// sees is {"error": "<plain sentence>", "code": "<kind>"}.

#include "outcome.h"
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

// The body as a JSON object (parse_json_object in requests.h; the field readers are there too).
Outcome<nlohmann::json> json_body(const httplib::Request& req);

std::optional<std::string> cookie(const httplib::Request& req, std::string_view name);
std::string client_address(const httplib::Request& req, bool trust_proxy);
std::optional<std::int64_t> to_integer(const std::string& text); // path ids: digits only

} // namespace coi::server
