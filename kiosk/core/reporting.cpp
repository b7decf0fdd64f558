#include "kiosk/core/reporting.h"

#include "kiosk/core/checkin.h"
#include "kiosk/core/text_input.h"

#include <algorithm>
#include <map>

namespace coi::core {

std::optional<std::string> reported_purpose(const feed::CheckinSettings& settings, std::string_view purpose_id, std::string_view stored_kind)
{
    auto kind = feed::purpose_kind_from_code(stored_kind);
    if (!kind)
        return std::nullopt;
    const feed::Purpose* listed = nullptr;
    for (auto& p : settings.purposes)
        if (p.id == purpose_id)
            listed = &p;
    bool discreet = *kind == feed::PurposeKind::Discreet || (listed && listed->kind == feed::PurposeKind::Discreet);
    if (discreet)
        return settings.counts_private() ? std::optional<std::string>(kPrivatePurpose) : std::nullopt;
    if (purpose_id == kSessionPurpose && *kind == feed::PurposeKind::Named)
        return std::string(kSessionPurpose);
    if (!listed)
        return std::nullopt; // nothing says it was not discreet
    return std::string(purpose_id);
}

std::vector<VolunteerDay> tally_volunteers(const feed::Feed& feed, const TimeZone& zone, const std::vector<VolunteerVisit>& visits)
{
    std::map<std::string, VolunteerDay> days;
    for (const auto& v : visits) {
        feed::Date date = zone.local_date(v.checked_in_at);
        feed::Instant end = v.checked_out_at;
        if (v.signed_out_at_closing) {
            auto closes = closing_time(feed, zone, date);
            if (closes && *closes >= v.checked_in_at && *closes < end)
                end = *closes;
        }
        VolunteerDay& day = days[feed::format_date(date)];
        day.date = feed::format_date(date);
        day.people += 1;
        day.minutes += (std::max<feed::Instant>(0, end - v.checked_in_at) + 30) / 60;
        day.to_closing += v.signed_out_at_closing ? 1 : 0;
    }
    std::vector<VolunteerDay> out;
    for (auto& [date, day] : days)
        out.push_back(day);
    return out;
}

std::string_view to_code(Face face)
{
    switch (face) {
    case Face::Happy: return "happy";
    case Face::Okay: return "okay";
    case Face::Unhappy: return "unhappy";
    }
    return "okay";
}

std::optional<Face> face_from_code(std::string_view code)
{
    for (Face f : {Face::Happy, Face::Okay, Face::Unhappy})
        if (to_code(f) == code)
            return f;
    return std::nullopt;
}

bool asks_feedback(const feed::CheckinSettings& settings, AskAfter after, feed::PurposeKind kind)
{
    switch (settings.feedback) {
    case feed::FeedbackMode::Off: return false;
    case feed::FeedbackMode::Checkout: return after == AskAfter::CheckOut;
    case feed::FeedbackMode::CheckoutAndHeadCount: return after == AskAfter::CheckOut || kind == feed::PurposeKind::HeadCount;
    }
    return false;
}

std::optional<std::string> remember_words(std::string_view typed)
{
    std::string words = fold_case(clean_query(typed).text);
    while (!words.empty() && words.back() == ' ')
        words.pop_back();
    while (!words.empty() && words.front() == ' ')
        words.erase(words.begin());
    if (utf8_count(words) < kRememberMinCharacters)
        return std::nullopt;
    return words;
}

feed::Date week_start(feed::Date date)
{
    return feed::add_days(date, -static_cast<int>(feed::weekday_of(date)));
}

} // namespace coi::core
