#pragma once
// Staff mode's data in the kiosk's store: PINs as argon2id hashes (never the PIN itself),
// specials posted or changed at the screen, and notices for this screen only.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/core/staff.h"
#include "kiosk/store/database.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace coi::store {

class StaffStore {
public:
    explicit StaffStore(Database& db) : m_db(db) {}

    Result<Ok> set_pin(core::StaffRole, const std::string& pin); // refuses anything but 4 to 8 digits
    bool has_pin(core::StaffRole);
    bool any_pin();
    core::StaffRole check_pin(const std::string& pin);           // the role it opens, or None

    Result<Ok> together(const std::function<Result<Ok>()>& steps); // the steps all or none (one transaction)
    Result<Ok> save_special(const core::LocalSpecial&);          // add or replace, by id
    Result<Ok> remove_special(const std::string& id, feed::Date day); // a local one goes; a content one is hidden today
    Result<Ok> set_sold_out(const std::string& special_id, feed::Date day, bool sold_out);
    std::vector<core::LocalSpecial> local_specials();            // not removed
    std::vector<core::SpecialOverride> overrides(feed::Date day);

    Result<Ok> post_notice(const core::LocalNotice&);
    Result<Ok> remove_notice(const std::string& id);
    std::vector<core::LocalNotice> notices(feed::Instant now);   // those still showing

private:
    Database& m_db;
};

} // namespace coi::store
