#include "content/feed/toml_text.h"

namespace coi::feed {

namespace {

bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// Whether a quote opens a string, from the last character before it that is not a space or
// tab. Anywhere else (right after "-888", after another string, after a second "=") it is
// part of a malformed value, and toml++ reads on through it looking for the value's end,
// meeting what follows as if it were outside quotes.
bool may_open_string(char significant, int equals_since_separator)
{
    return significant == '\n' || significant == '[' || significant == '{' || significant == ',' || significant == '.' ||
           (significant == '=' && equals_since_separator == 1);
}

} // namespace

std::optional<TomlTextProblem> non_ascii_outside_strings(std::string_view text)
{
    enum class State { Outside, Comment, Basic, Literal, MultiBasic, MultiLiteral };
    State state = State::Outside;
    char previous = '\n';        // the last character outside strings and comments, bar spaces and tabs
    int equals_since_separator = 0; // "=" since the last line break, "," or "{"
    int line = 1;
    auto at = [&](std::size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
    auto problem = [&](const char* what) {
        return TomlTextProblem{line, std::string(what) + "; TOML allows letters like é or я only inside \"quotes\" or after #"};
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n')
            ++line;
        switch (state) {
        case State::Outside:
            if (is_non_ascii(c))
                return problem("a character outside the ASCII range outside quotes");
            if (c == ' ' || c == '\t')
                break;
            if (c == '\n' || c == ',' || c == '{')
                equals_since_separator = 0;
            else if (c == '=')
                ++equals_since_separator;
            if (c == '#')
                state = State::Comment;
            else if ((c == '"' || c == '\'') && !may_open_string(previous, equals_since_separator))
                break; // previous stays: the malformed value goes on
            else if (at(i, "\"\"\""))
                state = State::MultiBasic, i += 2;
            else if (at(i, "'''"))
                state = State::MultiLiteral, i += 2;
            else if (c == '"')
                state = State::Basic;
            else if (c == '\'')
                state = State::Literal;
            previous = state == State::Outside ? c : '"';
            break;
        case State::Comment:
            if (c == '\n')
                state = State::Outside, previous = '\n', equals_since_separator = 0;
            break;
        case State::Basic:
            if (c == '\\' && i + 1 < text.size()) {
                if (is_non_ascii(text[i + 1]))
                    return problem("a backslash before a character outside the ASCII range");
                if (text[i + 1] != '\n')
                    ++i; // an escaped quote does not end the string
            } else if (c == '"' || c == '\n') {
                state = State::Outside;
                if (c == '\n')
                    previous = '\n', equals_since_separator = 0;
            }
            break;
        case State::Literal:
            if (c == '\'' || c == '\n')
                state = State::Outside, previous = c == '\n' ? '\n' : '"', equals_since_separator = c == '\n' ? 0 : equals_since_separator;
            break;
        case State::MultiBasic:
            if (c == '\\') {
                // A line-ending backslash trims the whitespace after it; toml++ trips on a
                // non-ASCII character where that whitespace ends (issue #190).
                std::size_t j = i + 1;
                while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'))
                    ++j;
                if (j < text.size() && is_non_ascii(text[j]))
                    return problem("a character outside the ASCII range right after a backslash (put it on the backslash's line)");
                if (i + 1 < text.size() && text[i + 1] != '\n')
                    ++i; // an escaped quote does not end the string
            } else if (at(i, "\"\"\"")) {
                state = State::Outside, i += 2;
                for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == '"'; ++extra)
                    ++i; // up to two quotes may end the content: """a""""
            }
            break;
        case State::MultiLiteral:
            if (at(i, "'''")) {
                state = State::Outside, i += 2;
                for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == '\''; ++extra)
                    ++i;
            }
            break;
        }
    }
    return std::nullopt;
}

} // namespace coi::feed
