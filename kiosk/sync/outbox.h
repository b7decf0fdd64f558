#pragma once
// What the kiosk reports back, kept in SQLite until the server has it: heartbeats,
// anonymous counts, specials posted in staff mode. Survives reboots, sent in order,
// retried on the next poll, idempotent (each item carries a client UUID). Any thread may
// enqueue on its own Database; the sync worker sends.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox_store.h"
#include "kiosk/sync/http.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace coi::sync {

// What POST /api/v1/status carries (content/server/API.md): what the screen shows and how it is.
struct HeartbeatInfo {
    std::int64_t content_version = 0;
    std::int64_t uptime_seconds = 0;    // since the kiosk (its sync thread) started
    feed::Instant last_sync_at = 0;     // unix seconds of the last good poll, 0 for never
    std::string last_error;             // the last poll's failure, "" after a good sync
    std::string app_version;
    std::int64_t free_disk_bytes = -1;  // on the data directory's disk; -1 when unknown (not sent)
    int poll_seconds = 0;               // how often it asks for new content, so the admin can say how soon a change shows; 0: not sent
    std::vector<std::int64_t> actions_done; // remote actions carried out since the last heartbeat; empty: not sent
};

nlohmann::json heartbeat_json(const HeartbeatInfo&); // the "status" object, as the server takes it

struct OutboxSendReport {
    int sent = 0;
    int dropped = 0;             // refused by kiosk-content itself (a 4xx with its JSON error): they would never go
    std::string error;           // why sending stopped early; "" when the outbox is empty
};

class Outbox {
public:
    explicit Outbox(store::Database& db) : m_db(db), m_outbox(db) { }

    Result<std::string> enqueue(const std::string& kind, const std::string& path, const std::string& json_body, feed::Instant now);
    Result<std::string> enqueue_special(const nlohmann::json& special, feed::Instant now); // staff mode: POST /api/v1/specials
    Result<Ok> enqueue_heartbeat(const HeartbeatInfo&, feed::Instant now);              // replaces a heartbeat still waiting
    // A heartbeat with a PNG of the screen (multipart/form-data, as POST /api/v1/status takes
    // it); replaces any heartbeat still waiting. A PNG over kMaxScreenshotBytes is refused.
    Result<Ok> enqueue_heartbeat(const HeartbeatInfo&, const std::string& png, feed::Instant now);
    std::int64_t pending();

    // Sends waiting items oldest first, until one fails. A 2xx removes it; so does a 4xx with
    // kiosk-content's own JSON error saying the report itself is wrong. Anything else waits.
    OutboxSendReport send(const std::string& server, const std::string& token, const FetchLimits&, HttpPolicy);
    OutboxSendReport send(HttpSession&, const std::string& server, const std::string& token, const FetchLimits&, HttpPolicy); // on the poll's connection

private:
    store::Database& m_db; // for the transactions that replace a waiting heartbeat
    store::OutboxStore m_outbox;
};

constexpr std::size_t kMaxScreenshotBytes = 2 * 1024 * 1024; // what the server takes
constexpr std::size_t kMaxStatusErrorBytes = 1000;           // last_error, as the server takes it
constexpr std::size_t kMaxAppVersionBytes = 64;              // app_version, as the server takes it

std::string new_uuid(); // random, version 4
std::string multipart_boundary(const std::string& client_uuid);  // the boundary of a status-screenshot item

} // namespace coi::sync
