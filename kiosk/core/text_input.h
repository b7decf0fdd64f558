#pragma once
// Typed text from visitors: names and check-out codes. Everything a touchscreen or a USB
// keyboard can produce is made safe here: control and bidi characters, emoji and other
// symbols no font here carries are dropped, runs of spaces collapse, and the length is
// capped, with a flag so the screen can tell the visitor what happened.

#include <string>
#include <string_view>

namespace coi::core {

constexpr std::size_t kMaxNameCharacters = 30;

struct CleanText {
    std::string text;
    bool changed = false; // something was removed or the text was shortened
};

CleanText clean_name(std::string_view typed);                 // a first name as it will be stored
CleanText clean_query(std::string_view typed);                // a name or a check-out code being typed: digits allowed
// A café special's name typed or changed in staff mode: letters, digits and punctuation the
// fonts carry (not only a name's), up to kMaxSpecialNameCharacters. A coordinators' special
// edited at the screen keeps its whole name.
constexpr std::size_t kMaxSpecialNameCharacters = 100;
CleanText clean_special_name(std::string_view typed);
std::string initial_of(std::string_view typed);               // the first letter, upper case, or empty
std::string display_name(std::string_view first, std::string_view initial); // "Sam K." / "Sam"
std::string fold_case(std::string_view text);                 // lower case for matching: Latin, Latin-1/Ext-A, Cyrillic
bool name_matches(std::string_view first_name, std::string_view typed); // typed (2+ letters) starts the name, any case
std::size_t utf8_count(std::string_view text);                // characters, not bytes
std::string drop_last_character(std::string_view text);       // backspace on UTF-8
std::string to_upper_ascii(std::string_view text);

// Check-out codes: 4 characters from an alphabet with nothing to confuse (no 0/O, 1/I/L,
// 5/S, 2/Z, 8/B), so they can be read off a screen and typed back.
constexpr std::string_view kCodeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679";
std::string code_from_random(unsigned long long random); // the app supplies the randomness
std::string clean_code(std::string_view typed);          // upper case, alphabet only, at most 4

} // namespace coi::core
