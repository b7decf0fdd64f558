#pragma once
// Every string a visitor can read goes through this one table, so a language is a table,
// not a code change. Keys are stable English-ish identifiers; a missing translation falls
// back to English, and a missing key shows the key itself (a test finds those).
// A counted string ("+ 3 more") has one entry per plural category of its language,
// "key#one", "key#few", ... (kiosk/core/plural.h); count_text picks the right one.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace coi::core {

std::string_view tr(std::string_view key, std::string_view language = "en");      // the text for key in language
std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args); // "{0} and {1}" -> args
std::string count_text(std::string_view key, std::int64_t count, std::string_view language = "en"); // "key#few" etc. with {0} = count
std::vector<std::string_view> counted_keys();                                     // keys of counted strings, without "#..."
std::vector<std::string_view> all_strings(std::string_view language);             // every text the language shows (font coverage)
std::vector<std::string_view> all_string_keys();                                  // for tests and font coverage
std::vector<std::string_view> all_languages();                                    // languages with a table, English first
bool has_language(std::string_view language);                                     // a table for this code ("pl")
std::vector<std::string> missing_keys(std::string_view language);                // keys the language lacks (shown in English), plural forms included
std::vector<std::string_view> unknown_keys(std::string_view language);            // keys the language has that English does not (typos, plural forms it lacks)

} // namespace coi::core
