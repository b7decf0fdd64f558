#pragma once
// Every string a visitor can read goes through this one table, so a language is a table,
// not a code change. Keys are stable English-ish identifiers; a missing translation falls
// back to English, and a missing key shows the key itself (a test finds those).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace coi::core {

std::string_view tr(std::string_view key, std::string_view language = "en");      // the text for key in language
std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args); // "{0} and {1}" -> args
std::vector<std::string_view> all_string_keys();                                  // for tests and font coverage
std::vector<std::string_view> all_languages();                                    // languages with a table, English first
bool has_language(std::string_view language);                                     // a table for this code ("pl")
std::vector<std::string_view> missing_keys(std::string_view language);            // English keys the language lacks (shown in English)
std::vector<std::string_view> unknown_keys(std::string_view language);            // keys the language has that English does not (typos)

} // namespace coi::core
