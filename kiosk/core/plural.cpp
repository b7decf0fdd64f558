#include "kiosk/core/plural.h"

namespace coi::core {

// The rules below are CLDR's (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html)
// with the operands for whole numbers: i = n, v = 0 (no visible fraction digits). Rules
// that only fractions reach (Polish, Ukrainian and Lithuanian "other"/"many") never apply.
Plural plural_category(std::string_view language, std::int64_t count)
{
    std::uint64_t n = count < 0 ? static_cast<std::uint64_t>(-(count + 1)) + 1 : static_cast<std::uint64_t>(count);
    std::uint64_t mod10 = n % 10, mod100 = n % 100;
    bool teen = mod100 >= 11 && mod100 <= 19;
    if (language == "pl") {
        // one: i = 1 and v = 0; few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14; many: the other whole numbers.
        if (n == 1)
            return Plural::One;
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14))
            return Plural::Few;
        return Plural::Many;
    }
    if (language == "uk") {
        // one: v = 0 and i % 10 = 1 and i % 100 != 11; few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14;
        // many: v = 0 and (i % 10 = 0 or i % 10 = 5..9 or i % 100 = 11..14).
        if (mod10 == 1 && mod100 != 11)
            return Plural::One;
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14))
            return Plural::Few;
        return Plural::Many;
    }
    if (language == "lt") {
        // one: n % 10 = 1 and n % 100 != 11..19; few: n % 10 = 2..9 and n % 100 != 11..19;
        // many: f != 0 (fractions only); other: the rest (0, 10..20, 30, ...).
        if (mod10 == 1 && !teen)
            return Plural::One;
        if (mod10 >= 2 && !teen)
            return Plural::Few;
        return Plural::Other;
    }
    if (language == "ro") {
        // one: i = 1 and v = 0; few: v != 0 or n = 0 or n != 1 and n % 100 = 1..19; other: the rest.
        if (n == 1)
            return Plural::One;
        if (n == 0 || (mod100 >= 1 && mod100 <= 19))
            return Plural::Few;
        return Plural::Other;
    }
    // English, and any language without rules here: one: i = 1 and v = 0.
    return n == 1 ? Plural::One : Plural::Other;
}

std::vector<Plural> plural_categories(std::string_view language)
{
    if (language == "pl" || language == "uk")
        return {Plural::One, Plural::Few, Plural::Many};
    if (language == "lt" || language == "ro")
        return {Plural::One, Plural::Few, Plural::Other};
    return {Plural::One, Plural::Other};
}

std::string_view plural_name(Plural p)
{
    switch (p) {
    case Plural::One: return "one";
    case Plural::Few: return "few";
    case Plural::Many: return "many";
    case Plural::Other: return "other";
    }
    return "other";
}

} // namespace coi::core
