#pragma once
// The site's time zone for the kiosk's pure logic. The zone type itself lives in the shared
// calendar module (content/calendar/time_zone.h), so the kiosk, the admin and the public page
// convert every time the same way; kiosk/core keeps using it under its old names.

#include "content/calendar/time_zone.h"

namespace coi::core {

using calendar::LocalDateTime;
using calendar::TimeZone;

} // namespace coi::core
