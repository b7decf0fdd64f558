#pragma once
// The calendar engine as the corpus comparison sees it: one call to import an .ics for a
// building in a given zone, one call to list what is shown on one of the building's days.
// engine.cpp is the only file that knows how the server does it today, so when the engine
// underneath changes, only that file follows it; expand_dump.cpp and the comparison stay.

#include "content/feed/types.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coi::corpus {

// One occurrence as a visitor sees it on a day, in the building's local time.
struct ShownOccurrence {
    std::string start;              // "YYYY-MM-DDTHH:MM", local
    std::optional<std::string> end; // none: shown with a start time only
    std::string title;
    bool cancelled = false; // shown struck through as "Cancelled"
};

class ImportedCalendar {
public:
    virtual ~ImportedCalendar() = default;
    // Everything shown on the local day `date`: each occurrence that overlaps it (a
    // zero-length one if it starts on it).
    virtual std::vector<ShownOccurrence> day(feed::Date date) const = 0;
    virtual std::size_t imported() const = 0;             // events kept
    virtual std::vector<std::string> skipped() const = 0; // a reason per event left out
};

struct ImportFailure {
    std::string message;
};

// The server's own import path, for a site whose clock is `zone` (IANA). nullptr with
// `failure` filled when the whole calendar is refused.
std::unique_ptr<ImportedCalendar> import_calendar(const std::string& ics_text, const std::string& zone,
                                                  ImportFailure& failure);

} // namespace coi::corpus
