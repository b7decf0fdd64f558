#include "kiosk/core/strings.h"

#include "kiosk/core/plural.h"
#include "kiosk/core/string_tables.h"

#include <algorithm>
#include <map>

namespace coi::core {

namespace {

using Table = StringTable;

// English is the reference table: every key must be here. The other languages each have
// their own file (strings_pl.cpp, ...): see string_tables.h.
const Table kEnglish = {
    {"language.name", "English"},
    {"page.whats_on", "What's on today"},
    {"page.cafe", "Café today"},
    {"page.notices", "Notices"},
    {"page.week", "This week"},
    {"cta.check_in", "Touch here to check in"},
    {"session.now", "Now"},
    {"session.next", "Next"},
    {"session.cancelled", "Cancelled"},
    {"session.all_day", "All day"},
    {"session.until", "until {0}"},
    {"session.more_later#one", "+ {0} more later today"},
    {"session.more_later#other", "+ {0} more later today"},
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
    {"cafe.more#one", "+ {0} more on the menu"},
    {"cafe.more#other", "+ {0} more on the menu"},
    {"week.today", "Today"},
    {"week.closed", "Closed"},
    {"week.more#one", "+ {0} more"},
    {"week.more#other", "+ {0} more"},
    {"notices.none", "No notices just now."},
    {"urgent.label", "Important"},
    // emergency takeover
    {"emergency.evacuate.title", "Evacuate now"},
    {"emergency.evacuate.instruction", "Leave the building now by the nearest exit. Do not use the lift. Do not stop for belongings."},
    {"emergency.closed.title", "Building closed"},
    {"emergency.closed.instruction", "The building is closed. Please leave calmly. Staff will tell you more."},
    {"emergency.stay_inside.title", "Stay inside"},
    {"emergency.stay_inside.instruction", "Stay inside the building, away from doors and windows, until staff say it is safe."},
    {"emergency.message.title", "Important"},
    {"emergency.message.instruction", "Please follow what staff tell you."},
    {"emergency.assembly", "Assembly point: {0}"},
    {"emergency.since", "Since {0}"},
    {"staff.emergency", "Emergency"},
    {"staff.emergency_detail", "Evacuate, close or keep everyone inside: every screen of the building"},
    {"staff.emergency_message_prompt", "Type the message every screen shows"},
    {"staff.emergency_show", "Show on every screen"},
    {"staff.emergency_end", "End emergency"},
    {"staff.emergency_on", "Emergency on every screen since {0}"},
    {"qr.scan", "Scan for this week's timetable"},
    {"day.mon", "Monday"},
    {"day.tue", "Tuesday"},
    {"day.wed", "Wednesday"},
    {"day.thu", "Thursday"},
    {"day.fri", "Friday"},
    {"day.sat", "Saturday"},
    {"day.sun", "Sunday"},
    {"day.short.mon", "Mon"},
    {"day.short.tue", "Tue"},
    {"day.short.wed", "Wed"},
    {"day.short.thu", "Thu"},
    {"day.short.fri", "Fri"},
    {"day.short.sat", "Sat"},
    {"day.short.sun", "Sun"},
    {"month.1", "January"},
    {"month.2", "February"},
    {"month.3", "March"},
    {"month.4", "April"},
    {"month.5", "May"},
    {"month.6", "June"},
    {"month.7", "July"},
    {"month.8", "August"},
    {"month.9", "September"},
    {"month.10", "October"},
    {"month.11", "November"},
    {"month.12", "December"},
    {"month.short.1", "Jan"},
    {"month.short.2", "Feb"},
    {"month.short.3", "Mar"},
    {"month.short.4", "Apr"},
    {"month.short.5", "May"},
    {"month.short.6", "Jun"},
    {"month.short.7", "Jul"},
    {"month.short.8", "Aug"},
    {"month.short.9", "Sep"},
    {"month.short.10", "Oct"},
    {"month.short.11", "Nov"},
    {"month.short.12", "Dec"},
    {"diet.vegetarian", "Vegetarian"},
    {"diet.vegan", "Vegan"},
    {"diet.gluten-free", "Gluten-free"},
    {"diet.halal", "Halal"},
    {"allergen.celery", "Celery"},
    {"allergen.gluten", "Cereals containing gluten"},
    {"allergen.crustaceans", "Crustaceans"},
    {"allergen.eggs", "Eggs"},
    {"allergen.fish", "Fish"},
    {"allergen.lupin", "Lupin"},
    {"allergen.milk", "Milk"},
    {"allergen.molluscs", "Molluscs"},
    {"allergen.mustard", "Mustard"},
    {"allergen.nuts", "Tree nuts"},
    {"allergen.peanuts", "Peanuts"},
    {"allergen.sesame", "Sesame"},
    {"allergen.soya", "Soya"},
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
    {"checkin.privacy#one", "We keep your first name and initial for {0} day, so we know who is in the building if there's a fire. Then we delete them."},
    {"checkin.privacy#other", "We keep your first name and initial for {0} days, so we know who is in the building if there's a fire. Then we delete them."},
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
    {"checkin.kept_in_memory", "This screen cannot save to its memory card just now: please tell reception you're here too."},
    {"feedback.question", "How did we do today?"},
    {"feedback.happy", "Good"},
    {"feedback.okay", "OK"},
    {"feedback.unhappy", "Not good"},
    {"feedback.hint", "One tap, or just carry on."},
    {"feedback.thanks", "Thank you for telling us."},
    {"remember.offer", "Remember me for next time?"},
    {"remember.offer_detail", "Counted as a returning visitor, never by name"},
    {"remember.title", "Remember me for next time?"},
    {"remember.prompt", "Choose 4 characters, or your first name and initial. Type the same next time."},
    {"remember.too_short", "Please type at least 4 characters."},
    {"remember.confirm", "Remember me"},
    {"remember.kept", "We'll remember you."},
    {"remember.welcome_back", "Welcome back!"},
    {"remember.kept_detail", "Type the same next time you come in."},
    {"remember.privacy#one",
        "We keep only a scrambled form of what you type, never the words, for {0} day after you last use it, to count returning visitors."},
    {"remember.privacy#other",
        "We keep only a scrambled form of what you type, never the words, for {0} days after you last use it, to count returning visitors."},
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
    {"staff.title", "Staff"},
    {"staff.title_cafe", "Café staff"},
    {"staff.pin", "Staff PIN"},
    {"staff.choose_pin", "Choose a staff PIN (4 to 8 digits)"},
    {"staff.repeat_pin", "Type the new PIN again"},
    {"staff.pins_differ", "Those two PINs were different. Choose again."},
    {"staff.pin_saved", "PIN saved."},
    {"staff.wrong_pin#one", "That PIN didn't work. {0} try left."},
    {"staff.wrong_pin#other", "That PIN didn't work. {0} tries left."},
    {"staff.pad_locked", "Too many wrong PINs. Try again in {0}."},
    {"staff.lock", "Lock"},
    {"staff.specials", "Café specials"},
    {"staff.specials_detail", "Add, change, sold out"},
    {"staff.whos_in", "Who's in"},
    {"staff.whos_in_detail", "Roll-call, sign people out"},
    {"staff.notice", "Notice on this screen"},
    {"staff.notice_detail", "A note or an urgent banner"},
    {"staff.status", "Device status"},
    {"staff.status_detail", "Content, network, disk"},
    {"staff.exit", "Exit to desktop"},
    {"staff.exit_detail", "Close the kiosk"},
    {"staff.add_special", "Add a special"},
    {"staff.copy_yesterday", "Copy yesterday's menu"},
    {"staff.edit", "Change"},
    {"staff.remove", "Remove"},
    {"staff.special", "A special"},
    {"staff.special_name", "Name"},
    {"staff.price", "Price"},
    {"staff.price_hint",
        "Type the price in pence: 350 is \xC2\xA3"
        "3.50"},
    {"staff.save", "Save"},
    {"staff.done", "Done"},
    {"staff.every_day", "Every day"},
    {"staff.name_needed", "A special needs a name."},
    {"staff.sign_out", "Sign out"},
    {"staff.located", "Located"},
    {"staff.sign_out_all", "Sign everyone out"},
    {"staff.sign_out_all_confirm", "Tap again to sign everyone out"},
    {"staff.nobody_in", "Nobody is signed in by name."},
    {"staff.no_counts", "No anonymous visits today yet."},
    {"staff.totals", "Visits today: {0} \xC2\xB7 this week: {1} \xC2\xB7 volunteer hours this week: {2}"},
    {"staff.notice_title", "Title"},
    {"staff.notice_body", "Message"},
    {"staff.for_1h", "1 hour"},
    {"staff.for_4h", "4 hours"},
    {"staff.for_12h", "12 hours"},
    {"staff.for_week", "A week"},
    {"staff.post_notice", "Put it on this screen"},
    {"staff.more", "More"},
    {"staff.not_saved", "Not saved: {0}. {1} Nothing else changed: try again, and tell the coordinator if it keeps happening."},
    {"keyboard.shift", "Shift"},
    {"keyboard.delete", "Delete"},
    {"access.listen", "Listen"},
    {"access.bigger_text", "Bigger text"},
    {"access.high_contrast", "High contrast"},
};

// English: one: i = 1 and v = 0; other: the rest. Also the rule for a language with no file.
Plural english_plural(std::uint64_t n) { return n == 1 ? Plural::One : Plural::Other; }

const LanguageTable& english()
{
    static const LanguageTable table = {"en", english_plural, {Plural::One, Plural::Other}, kEnglish};
    return table;
}

// Every language the kiosk speaks, in the order the welcome screen offers them: English,
// then the others by code (CMake lists every strings_<code>.cpp: see string_tables.h).
const std::vector<const LanguageTable*>& all_tables()
{
    static const std::vector<const LanguageTable*> tables = [] {
        std::vector<const LanguageTable*> out{&english()};
        for (const LanguageTable* table : translated_languages())
            if (table->code != "en")
                out.push_back(table);
        return out;
    }();
    return tables;
}

const Table* table_for(std::string_view language)
{
    const LanguageTable* table = language_table(language);
    return table ? &table->strings : nullptr;
}

} // namespace

const LanguageTable* language_table(std::string_view code)
{
    for (const LanguageTable* table : all_tables())
        if (table->code == code)
            return table;
    return nullptr;
}

std::string_view tr(std::string_view key, std::string_view language)
{
    if (const Table* table = table_for(language))
        if (auto it = table->find(key); it != table->end())
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

std::string count_text(std::string_view key, std::int64_t count, std::string_view language)
{
    std::string number = std::to_string(count);
    std::string base(key);
    base += '#';
    // The language's own form for this count; then English's, never a form for another count.
    if (const Table* table = table_for(language))
        if (auto it = table->find(base + std::string(plural_name(plural_category(language, count)))); it != table->end())
            return fill(it->second, {number});
    if (auto it = kEnglish.find(base + std::string(plural_name(plural_category("en", count)))); it != kEnglish.end())
        return fill(it->second, {number});
    return std::string(key) + " " + number;
}

namespace {

// "session.more_later#few" -> {"session.more_later", "few"}; a plain key has no suffix.
std::pair<std::string_view, std::string_view> split_plural(std::string_view key)
{
    auto hash = key.find('#');
    if (hash == std::string_view::npos)
        return {key, {}};
    return {key.substr(0, hash), key.substr(hash + 1)};
}

bool is_counted(std::string_view base)
{
    auto it = kEnglish.lower_bound(base);
    return it != kEnglish.end() && split_plural(it->first).first == base && !split_plural(it->first).second.empty();
}

bool category_of(std::string_view language, std::string_view suffix)
{
    for (Plural p : plural_categories(language))
        if (plural_name(p) == suffix)
            return true;
    return false;
}

} // namespace

std::vector<std::string_view> counted_keys()
{
    std::vector<std::string_view> keys;
    for (auto& [key, value] : kEnglish) {
        auto [base, suffix] = split_plural(key);
        if (!suffix.empty() && (keys.empty() || keys.back() != base))
            keys.push_back(base);
    }
    return keys;
}

std::vector<std::string_view> all_string_keys()
{
    std::vector<std::string_view> keys;
    for (auto& [key, value] : kEnglish)
        keys.push_back(key);
    return keys;
}

std::vector<std::string_view> all_strings(std::string_view language)
{
    std::vector<std::string_view> texts;
    for (auto& [key, value] : kEnglish)
        texts.push_back(tr(key, language));
    if (const Table* table = table_for(language))
        for (auto& [key, value] : *table)
            texts.push_back(value); // plural forms English does not have ("#few", "#many")
    return texts;
}

std::vector<std::string_view> all_languages()
{
    std::vector<std::string_view> languages;
    for (const LanguageTable* table : all_tables())
        languages.push_back(table->code);
    return languages;
}

bool has_language(std::string_view language) { return table_for(language) != nullptr; }

std::vector<std::string> missing_keys(std::string_view language)
{
    std::vector<std::string> missing;
    const Table* table = table_for(language);
    auto lacks = [&](const std::string& key) { return !table || !table->count(key); };
    for (auto& [key, value] : kEnglish)
        if (split_plural(key).second.empty() && lacks(std::string(key)))
            missing.emplace_back(key);
    // A counted string needs a form for every category of this language, not English's.
    for (auto base : counted_keys())
        for (Plural p : plural_categories(language))
            if (std::string key = std::string(base) + "#" + std::string(plural_name(p)); lacks(key))
                missing.push_back(key);
    return missing;
}

std::vector<std::string_view> unknown_keys(std::string_view language)
{
    std::vector<std::string_view> unknown;
    if (const Table* table = table_for(language))
        for (auto& [key, value] : *table) {
            auto [base, suffix] = split_plural(key);
            bool known = suffix.empty() ? kEnglish.count(key) > 0 : is_counted(base) && category_of(language, suffix);
            if (!known)
                unknown.push_back(key);
        }
    return unknown;
}

} // namespace coi::core
