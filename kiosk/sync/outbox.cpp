#include "kiosk/sync/outbox.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

namespace coi::sync {

namespace {

// kiosk-content's own refusal of the report itself (content/server/API.md): it would be
// refused again, so it goes rather than block everything behind it. Anything else - a
// proxy's or web host's page, no JSON, a 5xx, a time-out, a token the server does not know
// (the feed poll deals with that), "too many requests" - may pass next time: the report waits.
bool refused_for_good(const FetchResponse& answer)
{
    if (answer.status < 400 || answer.status >= 500)
        return false;
    auto code = server_error_code(answer);
    return code && *code != "unauthorised" && *code != "revoked" && *code != "too_many_requests";
}

// At most max bytes of text, never ending inside a UTF-8 sequence: a cut character would
// make the JSON unwritable (nlohmann refuses invalid UTF-8) and the heartbeat would be lost.
std::string utf8_prefix(const std::string& text, std::size_t max)
{
    if (text.size() <= max)
        return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

} // namespace

nlohmann::json heartbeat_json(const HeartbeatInfo& info)
{
    nlohmann::json status{{"content_version", std::max<std::int64_t>(0, info.content_version)},
                          {"uptime_seconds", std::max<std::int64_t>(0, info.uptime_seconds)},
                          {"last_sync_at", std::max<feed::Instant>(0, info.last_sync_at)},
                          {"last_error", utf8_prefix(info.last_error, kMaxStatusErrorBytes)},
                          {"app_version", utf8_prefix(info.app_version, kMaxAppVersionBytes)}};
    if (info.free_disk_bytes >= 0)
        status["free_disk_bytes"] = info.free_disk_bytes;
    if (info.poll_seconds > 0)
        status["poll_seconds"] = info.poll_seconds;
    if (!info.actions_done.empty())
        status["actions_done"] = info.actions_done;
    return status;
}

namespace {

// An error message can quote bytes that are not UTF-8 (a parser's "last read: ..."): they are
// replaced rather than let dump() throw on the sync thread and lose the heartbeat.
std::string heartbeat_text(const HeartbeatInfo& info)
{
    return heartbeat_json(info).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::string new_uuid()
{
    std::random_device device;
    std::uniform_int_distribution<int> nibble(0, 15);
    std::string out;
    for (int i = 0; i < 32; ++i) {
        int v = nibble(device);
        if (i == 12)
            v = 4;                  // version 4
        if (i == 16)
            v = 8 | (v & 3);        // RFC 4122 variant
        out += "0123456789abcdef"[v];
        if (i == 7 || i == 11 || i == 15 || i == 19)
            out += '-';
    }
    return out;
}

Result<std::string> Outbox::enqueue(const std::string& kind, const std::string& path, const std::string& body, feed::Instant now)
{
    std::string uuid = new_uuid();
    auto r = m_outbox.add({0, uuid, kind, path, body}, now);
    if (!r)
        return r.error();
    return uuid;
}

Result<std::string> Outbox::enqueue_special(const nlohmann::json& special, feed::Instant now)
{
    if (!special.is_object())
        return Error{"a special must be a JSON object"};
    // The UUID inside the body is what makes a resend harmless: the server stores it once.
    std::string uuid = new_uuid();
    nlohmann::json body{{"client_uuid", uuid}, {"special", special}};
    auto r = m_outbox.add({0, uuid, "special", "/api/v1/specials", body.dump()}, now);
    if (!r)
        return r.error();
    return uuid;
}

Result<Ok> Outbox::enqueue_heartbeat(const HeartbeatInfo& info, feed::Instant now)
{
    std::string body = heartbeat_text(info);
    return m_db.transaction([&]() -> Result<Ok> {
        // Only the newest heartbeat matters: an offline week must not queue 2,000 of them.
        // A waiting heartbeat with a screenshot stays: its picture is still the newest one.
        if (auto r = m_outbox.remove_kinds({"status"}); !r)
            return r;
        auto uuid = enqueue("status", "/api/v1/status", body, now);
        if (!uuid)
            return uuid.error();
        return Ok{};
    });
}

std::string multipart_boundary(const std::string& client_uuid) { return "coi-" + client_uuid; }

Result<Ok> Outbox::enqueue_heartbeat(const HeartbeatInfo& info, const std::string& png, feed::Instant now)
{
    if (png.size() > kMaxScreenshotBytes)
        return Error{"a screenshot of " + std::to_string(png.size() / 1024) + " KB is over the server's 2 MB"};
    if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0)
        return Error{"a screenshot must be a PNG image"};
    std::string uuid = new_uuid();
    std::string boundary = multipart_boundary(uuid);
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"status\"\r\nContent-Type: application/json\r\n\r\n"
                       + heartbeat_text(info) + "\r\n--" + boundary
                       + "\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"screen.png\"\r\nContent-Type: image/png\r\n\r\n"
                       + png + "\r\n--" + boundary + "--\r\n";
    return m_db.transaction([&]() -> Result<Ok> {
        // Only the newest screen matters: one heartbeat waits, with or without a picture.
        if (auto r = m_outbox.remove_kinds({"status", "status-screenshot"}); !r)
            return r;
        return m_outbox.add({0, uuid, "status-screenshot", "/api/v1/status", body}, now, true);
    });
}

std::int64_t Outbox::pending() { return m_outbox.count(); }

OutboxSendReport Outbox::send(const std::string& server, const std::string& token, const FetchLimits& limits, HttpPolicy policy)
{
    HttpSession session;
    return send(session, server, token, limits, policy);
}

OutboxSendReport Outbox::send(HttpSession& session, const std::string& server, const std::string& token, const FetchLimits& limits, HttpPolicy policy)
{
    OutboxSendReport report;
    auto items = m_outbox.oldest(100);
    if (!items) {
        report.error = items.error().message;
        return report;
    }
    for (auto& item : *items) {
        std::int64_t id = item.id;
        FetchRequest request;
        request.url = server + item.path;
        request.method = "POST";
        std::string type = item.kind == "status-screenshot" ? "multipart/form-data; boundary=" + multipart_boundary(item.client_uuid) : "application/json";
        request.headers = {"Content-Type: " + type, "Authorization: Bearer " + token};
        request.body = item.body;
        request.limits = limits;
        request.limits.max_bytes = 64 * 1024;
        request.http = policy;
        auto answer = session.fetch(request);
        std::string error;
        if (!answer)
            error = answer.error().message;
        else if (answer->status >= 200 && answer->status < 300) {
            let_go(m_outbox.remove(id), "kept: sent again at the next poll, and the server takes a report it already has as the same one");
            ++report.sent;
            continue;
        } else if (refused_for_good(*answer)) {
            // A 403 "forbidden" is one of those (footfall from a site that stopped sharing
            // counts), as is a 400 "bad_input"; a 404 page from a proxy is not.
            let_go(m_outbox.remove(id), "kept: refused again at the next poll and dropped then");
            ++report.dropped;
            continue;
        } else {
            error = server + item.path + " answered " + std::to_string(answer->status);
            if (answer->status >= 400 && !server_error_code(*answer))
                error += " (" + (answer->content_type.empty() ? std::string("no content type") : answer->content_type)
                         + ", not kiosk-content's own answer; kept to send again)";
        }
        let_go(m_outbox.note_failure(id, error), "only bookkeeping for the staff device page: the report itself stays queued");
        report.error = "reporting back: " + error;
        return report; // in order: the rest waits for the next poll
    }
    return report;
}

} // namespace coi::sync
