#pragma once
// Calendar subscriptions: an .ics document (Google, Outlook, Apple, Nextcloud ...) -> feed
// events. The file is read by content/calendar/ics_read.h (libical, behind the calendar
// module's lock); this decides what each entry becomes. RFC 5545 as programs write it:
// - a changed occurrence (RECURRENCE-ID), before or after its series in the file, takes that
//   occurrence's place: the series gets an EXDATE and the change becomes a one-off event;
//   RANGE=THISANDFUTURE ends the series there and starts a new one (COUNT carried over) that
//   holds until the next such change, taking the series' RDATEs, EXDATEs and single changes
//   of its range along, moved as the change moved its first occurrence;
// - every RRULE of an event is expanded (a further rule is a series of its own, same exceptions);
// - a cancelled occurrence becomes one of the series' cancelled_dates (shown "Cancelled"),
//   a cancelled series `cancelled`;
// - all-day and multi-day events are kept (`all_day`), events with no end or a zero length
//   are shown with their start only (`start_only`), RDATEs kept, events without a UID get an
//   id made from their content, so it is the same on every refresh;
// - a TZID names the system's zone of that name (Windows names and mis-quoted ones too, see
//   content/calendar/zone_names.h), never the file's partial VTIMEZONE; a rule repeats in its
//   own zone (`timezone`); a weekly rule whose DTSTART is a day its BYDAY does not name starts
//   on the first day it names, as Outlook shows it.
// Events that cannot be shown are skipped with a reason a coordinator understands rather than
// failing the whole calendar; a document that is not a calendar at all is refused.

#include "content/feed/types.h"
#include "outcome.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace coi::server {

struct IcsImport {
    std::vector<nlohmann::json> events; // feed event objects, ids "ics-<hash of UID (and occurrence)>"
    std::vector<std::string> skipped;   // one plain sentence per event left out
    std::size_t in_calendar = 0;        // VEVENTs in the file, changed occurrences included
};

// The import report a coordinator reads on the building's calendar panel (stored per site):
// {"at", "in_calendar", "imported", "skipped": [sentences, at most 50], "more_skipped"}.
nlohmann::json import_report(const IcsImport&, feed::Instant at);

constexpr std::size_t kMaxIcsBytes = 4 * 1024 * 1024;

Outcome<IcsImport> import_ics(const std::string& ics_text, const feed::Site& site);

} // namespace coi::server
