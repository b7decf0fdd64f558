#pragma once
// The translation tables, one language to a file: strings_<code>.cpp defines
// `const LanguageTable& language_<code>()`. CMake finds those files and lists them in a
// generated file (language_list.cpp), so adding a language is adding its file: nothing else.
// English, the reference every key is checked against, lives in strings.cpp.
// Only strings.cpp, plural.cpp and the table files include this header.

#include "kiosk/core/plural.h"

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

namespace coi::core {

using StringTable = std::map<std::string_view, std::string_view>; // key -> text

struct LanguageTable {
    std::string_view code;                      // "pl"
    Plural (*plural)(std::uint64_t n) = nullptr; // CLDR's category for the whole number n
    std::vector<Plural> categories;             // the categories whole numbers fall into, in CLDR order
    StringTable strings;                        // key -> text; counted strings as "key#one", "key#few", ...
};

const std::vector<const LanguageTable*>& translated_languages(); // generated: every strings_<code>.cpp, by code
const LanguageTable* language_table(std::string_view code);      // English's too; nullptr for a language with no file

} // namespace coi::core
