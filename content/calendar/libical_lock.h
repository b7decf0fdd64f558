#pragma once
// The one lock around libical. libical keeps process-wide state: its error number, the
// "errors are fatal" switch, and the builtin zone table that loads lazily and caches each
// zone's changes as years are asked about (written on read). The kiosk asks from its frame
// thread and its sync thread, the server from every request thread, so every libical call
// in this project happens inside content/calendar, holding this lock.
//
// Recursive, because a zone conversion (TimeZone) is called from inside an expansion that
// already holds it. Held only for the libical calls themselves: an expansion takes and
// drops it per event, so one long calendar never stalls another caller for long.

#include <mutex>

namespace coi::calendar {

using LibicalLock = std::unique_lock<std::recursive_mutex>;

// Take the lock; errors are made non-fatal the first time (a feed or a calendar file must
// never be able to abort the process through libical's ICAL_ERRORS_ARE_FATAL).
LibicalLock lock_libical();

} // namespace coi::calendar
