#include "content/calendar/libical_lock.h"

#include <libical/ical.h>

namespace coi::calendar {

LibicalLock lock_libical()
{
    static std::recursive_mutex mutex;
    LibicalLock lock(mutex);
    [[maybe_unused]] static const bool non_fatal = [] {
        icalerror_set_errors_are_fatal(0);
        return true;
    }();
    return lock;
}

} // namespace coi::calendar
