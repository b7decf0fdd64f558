#pragma once
// What every visitor can reach on the check-in screens, whatever they read or see: the
// language row (each language named in itself, no flags), bigger text, high contrast, and
// a "Listen" button that asks the app to read the screen aloud. The UI never speaks: it
// returns the words and their language, and the app hands them to the speech module.

#include "kiosk/ui/canvas.h"
#include "kiosk/ui/widgets.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::ui {

struct SpeakIntent {
    std::string text;     // what to say, in sentences
    std::string language; // "uk"
};

struct LanguageChoice {
    std::string code;     // "uk"
    std::string name;     // "Українська", in itself
};

std::vector<LanguageChoice> language_choices(); // every language with a table, English first

// A row of language buttons in rect; the visitor's current one is lit. Returns a code when tapped.
std::optional<std::string> draw_language_row(Canvas&, const Rect&, const std::string& current);

// A toggle that shows whether it is on (lit) or off; true when tapped.
bool toggle_button(Canvas&, const char* id, const Rect&, const std::string& label, bool on);

// The "Listen" button: a speaker drawn beside the word. True when tapped.
bool listen_button(Canvas&, const Rect&, const std::string& label);
float listen_button_width(const Canvas&, const std::string& label, float height); // what it needs

// Pieces of a screen joined into sentences for the speech synthesiser ("Check in. Tell us you're here.").
std::string spoken(const std::vector<std::string>& pieces);

} // namespace coi::ui
