#pragma once
// The kiosk's small named values (pairing, the pinned key, what was last sent, the days a
// daily job last ran), kept in the store's `setting` table. Each is a `Setting`, never a
// string: a misspelt key does not compile, and every key the kiosk has ever written is listed
// here once, with the name it is stored under (which must never change: it is on every card).

#include "content/feed/result.h"
#include "kiosk/store/database.h"

#include <initializer_list>
#include <optional>
#include <string>

namespace coi::store {

enum class Setting {
    SyncToken,    // the screen's token from pairing
    PinnedKey,    // the feed's public key, pinned at pairing (or followed through a rotation)
    PairedServer, // the server the token belongs to
    Etag,         // "<version> <etag>" of the last feed installed
    PairCode,     // the code the screen shows while unpaired
    PairSecret,   // proves to the server that this screen registered the code
    // The rollback floor: "<version> <public key>", the newest version installed under that key
    // since this screen was last paired. Pairing writes "0 <key>"; a store from before the
    // floor was kept has none, and then the current version is the floor, as it always was.
    RollbackFloor,
    FootfallSent,        // JSON {"2026-11-25 10 cafe": 12, ...}: the hourly counts as last sent
    FootfallReportsSent, // the same for the other lists: {"<list> <date> ...": <row as sent>}
    RememberSalt,        // hex, made on first use of "Remember me"
    AutoSignoutDay,      // the local day everyone left inside was last signed out at closing
    PurgeDay,            // the local day personal data was last erased after retention
    LocalEmergency,      // the feed's "emergency" JSON of one started here or heard on the local network
};

const char* stored_name(Setting); // the key in the `setting` table

class SettingsStore {
public:
    explicit SettingsStore(Database& db) : m_db(db) { }

    std::optional<std::string> get(Setting); // nullopt when never set (or unreadable)
    Result<Ok> set(Setting, const std::string& value);
    Result<Ok> forget(std::initializer_list<Setting>); // as if never set

private:
    Database& m_db;
};

} // namespace coi::store
