#pragma once
// Plural categories, as CLDR defines them, for counting whole things ("3 sessions", "1 day").
// English has one and other; Polish one, few and many; Romanian one, few and other;
// Lithuanian one, few and other (its "many" is for fractions only); Ukrainian one, few
// and many. A counted string has one text per category its language uses for whole
// numbers: "key#one", "key#few", ... in the translation tables (see count_text).

#include <cstdint>
#include <string_view>
#include <vector>

namespace coi::core {

enum class Plural { One, Few, Many, Other };

Plural plural_category(std::string_view language, std::int64_t count); // CLDR's rule for a whole number; English's for an unknown language
std::vector<Plural> plural_categories(std::string_view language);      // the categories whole numbers fall into, in CLDR order
std::string_view plural_name(Plural);                                  // "one", "few", "many", "other" (the key suffixes)

} // namespace coi::core
