#pragma once
// Result<T>: an expected failure is a value, not an exception (docs/architecture.md).
// Exceptions thrown by libraries are caught at module boundaries and turned into Error.

#include <string>
#include <utility>
#include <variant>

namespace coi {

struct Error {
    std::string message; // plain words a person can act on: which item, which field, what was expected
};

template<typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}           // success
    Result(Error error) : m_value(std::move(error)) {}       // failure

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(m_value); }
    const T& value() const { return std::get<T>(m_value); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(m_value); }
    T release() { return std::move(std::get<T>(m_value)); }

private:
    std::variant<T, Error> m_value;
};

struct Ok {}; // Result<Ok> for operations that return nothing on success

// The one way code lets a failure go: the reason is in the call, so every such place is found
// with `grep -rn let_go(`. Only where nothing a person relies on is lost and nobody needs to be
// told (a cache that is made again, a rollback after the failure that is reported); a failure
// a person caused or must know about becomes state the screen or the answer shows instead.
template<typename T>
void let_go(const Result<T>&, [[maybe_unused]] const char* why)
{
}
inline void let_go(bool /*succeeded*/, [[maybe_unused]] const char* why) {} // the same, for a yes/no answer

} // namespace coi
