#pragma once
// The outbox table: what the kiosk reports back, kept until the server has it and sent in the
// order it was put in. What goes in (heartbeats, counts, specials) and how it travels is the
// sync library's; this is only where it waits.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/store/database.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace coi::store {

struct OutboxItem {
    std::int64_t id = 0;     // the order they are sent in
    std::string client_uuid; // makes a resend after a lost answer harmless
    std::string kind;        // status | status-screenshot | footfall | special
    std::string path;        // /api/v1/status ...
    std::string body;        // what is posted, byte for byte
};

class OutboxStore {
public:
    explicit OutboxStore(Database& db) : m_db(db) { }

    // body is stored as a blob when binary (a screenshot): its bytes go out exactly as given.
    Result<Ok> add(const OutboxItem& item, feed::Instant created_at, bool binary_body = false);
    Result<Ok> remove_kinds(std::initializer_list<const char*> kinds);  // what is replaced by a newer one
    Result<Ok> remove(std::int64_t id);                                 // sent, or refused for good
    Result<Ok> note_failure(std::int64_t id, const std::string& error); // one more attempt, and why it failed
    Result<std::vector<OutboxItem>> oldest(int limit);                  // id is filled in
    std::int64_t count();                                               // 0 when unreadable

private:
    Database& m_db;
};

} // namespace coi::store
