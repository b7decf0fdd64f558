#include "kiosk/core/strings.h"

#include <algorithm>
#include <map>

namespace coi::core {

namespace {

using Table = std::map<std::string_view, std::string_view>;

// English is the reference table: every key must be here.
const Table kEnglish = {
    {"page.whats_on", "What's on today"},
    {"page.cafe", "Café today"},
    {"page.notices", "Notices"},
    {"page.week", "This week"},
    {"cta.check_in", "Touch here to check in"},
    {"session.now", "Now"},
    {"session.next", "Next"},
    {"session.cancelled", "Cancelled"},
    {"session.more_later", "+ {0} more later today"},
    {"session.none_left", "That's everything for today."},
    {"session.none_today", "No sessions today, but the doors are open."},
    {"closed.today", "We're closed today."},
    {"closed.opens_again", "We open again {0} at {1}."},
    {"closed.now", "We're closed now."},
    {"closed.tomorrow", "tomorrow"},
    {"cafe.ask_staff", "Please ask staff about allergens."},
    {"cafe.sold_out", "Sold out"},
    {"cafe.none", "No specials today. Tea, coffee and toast as always."},
    {"cafe.allergens", "Allergens"},
    {"week.today", "Today"},
    {"week.closed", "Closed"},
    {"week.more", "+ {0} more"},
    {"notices.none", "No notices just now."},
    {"urgent.label", "Important"},
    {"qr.scan", "Scan for this week's timetable"},
    {"day.mon", "Monday"}, {"day.tue", "Tuesday"}, {"day.wed", "Wednesday"}, {"day.thu", "Thursday"},
    {"day.fri", "Friday"}, {"day.sat", "Saturday"}, {"day.sun", "Sunday"},
    {"day.short.mon", "Mon"}, {"day.short.tue", "Tue"}, {"day.short.wed", "Wed"}, {"day.short.thu", "Thu"},
    {"day.short.fri", "Fri"}, {"day.short.sat", "Sat"}, {"day.short.sun", "Sun"},
    {"month.1", "January"}, {"month.2", "February"}, {"month.3", "March"}, {"month.4", "April"},
    {"month.5", "May"}, {"month.6", "June"}, {"month.7", "July"}, {"month.8", "August"},
    {"month.9", "September"}, {"month.10", "October"}, {"month.11", "November"}, {"month.12", "December"},
    {"diet.vegetarian", "Vegetarian"}, {"diet.vegan", "Vegan"}, {"diet.gluten-free", "Gluten-free"}, {"diet.halal", "Halal"},
    {"allergen.celery", "Celery"}, {"allergen.gluten", "Cereals containing gluten"}, {"allergen.crustaceans", "Crustaceans"},
    {"allergen.eggs", "Eggs"}, {"allergen.fish", "Fish"}, {"allergen.lupin", "Lupin"}, {"allergen.milk", "Milk"},
    {"allergen.molluscs", "Molluscs"}, {"allergen.mustard", "Mustard"}, {"allergen.nuts", "Tree nuts"},
    {"allergen.peanuts", "Peanuts"}, {"allergen.sesame", "Sesame"}, {"allergen.soya", "Soya"},
    {"allergen.sulphites", "Sulphur dioxide and sulphites"},
    {"price.free", "Free"},
    {"welcome.title", "Welcome to {0}"},
    {"welcome.check_in", "Check in"},
    {"welcome.check_in_detail", "Tell us you're here"},
    {"welcome.check_out", "Leaving?"},
    {"welcome.check_out_detail", "Check out on your way home"},
    {"nav.back", "Back"},
    {"nav.cancel", "Start again"},
    {"checkin.what_brings_you", "What brings you in today?"},
    {"checkin.tile_now", "On now \xC2\xB7 {0}"},
    {"checkin.tile_next", "Starts {0} \xC2\xB7 {1}"},
    {"checkin.tile_one_tap", "One tap, no typing"},
    {"checkin.tile_name", "We'll ask your first name"},
    {"checkin.private", "Private appointment"},
    {"checkin.your_name", "What's your first name?"},
    {"checkin.first_name", "First name"},
    {"checkin.initial", "Initial (optional)"},
    {"checkin.privacy", "We keep your first name and initial for {0} days, so we know who is in the building if there's a fire. Then we delete them."},
    {"checkin.confirm", "Check in"},
    {"checkin.name_needed", "Please type your first name."},
    {"checkin.trimmed", "We kept just the letters of your name."},
    {"checkin.thanks", "Thank you!"},
    {"checkin.enjoy", "Enjoy your visit."},
    {"checkin.welcome_name", "Welcome, {0}."},
    {"checkin.session_in_room", "{0} is in the {1}."},
    {"checkin.take_a_seat", "Take a seat and someone will be with you soon."},
    {"checkin.private_done", "Take a seat and someone will be with you soon."},
    {"checkin.your_code", "Your check-out code"},
    {"checkin.code_hint", "You'll need it to check out. No need to write it down: your name works too."},
    {"checkin.code_hint_only", "Please remember it: you'll need it to check out."},
    {"checkin.saving_failed", "Sorry, that didn't save. Please try again or ask at reception."},
    {"checkout.title", "Leaving?"},
    {"checkout.prompt", "Type the first letters of your first name, or your check-out code."},
    {"checkout.prompt_code", "Type your check-out code."},
    {"checkout.no_match", "No one found. Check the spelling, or ask at reception."},
    {"checkout.tap_yours", "Tap your name:"},
    {"checkout.with_code", "Check out with this code"},
    {"checkout.goodbye", "Goodbye, {0}."},
    {"checkout.thanks", "Thanks for coming in. See you soon!"},
    {"checkout.unknown_code", "That code isn't in use. Check it, or ask at reception."},
    {"keyboard.space", "Space"},
    {"keyboard.shift", "Shift"},
    {"keyboard.delete", "Delete"},
};

const std::map<std::string_view, const Table*> kTables = {
    {"en", &kEnglish},
};

} // namespace

std::string_view tr(std::string_view key, std::string_view language)
{
    if (auto table = kTables.find(language); table != kTables.end())
        if (auto it = table->second->find(key); it != table->second->end())
            return it->second;
    if (auto it = kEnglish.find(key); it != kEnglish.end())
        return it->second;
    return key;
}

std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args)
{
    std::string out;
    out.reserve(pattern.size() + 16);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
            std::size_t index = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (index < args.size())
                out += *(args.begin() + index);
            i += 2;
            continue;
        }
        out += pattern[i];
    }
    return out;
}

std::vector<std::string_view> all_string_keys()
{
    std::vector<std::string_view> keys;
    for (auto& [key, value] : kEnglish)
        keys.push_back(key);
    return keys;
}

std::vector<std::string_view> all_languages()
{
    std::vector<std::string_view> languages;
    for (auto& [code, table] : kTables)
        languages.push_back(code);
    return languages;
}

} // namespace coi::core
