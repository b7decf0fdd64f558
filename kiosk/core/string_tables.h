#pragma once
// The translation tables, one per language, each in its own file (strings_pl.cpp, ...).
// Adding a language is adding its file and one line in strings.cpp's list of tables.
// Only strings.cpp and the table files include this header.

#include <map>
#include <string_view>

namespace coi::core {

using StringTable = std::map<std::string_view, std::string_view>; // key -> text

const StringTable& polish_strings();     // strings_pl.cpp
const StringTable& romanian_strings();   // strings_ro.cpp
const StringTable& lithuanian_strings(); // strings_lt.cpp
const StringTable& ukrainian_strings();  // strings_uk.cpp

} // namespace coi::core
