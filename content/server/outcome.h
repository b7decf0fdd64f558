#pragma once
// Outcome<T>: the server's Result. Like coi::Result, but the failure carries a kind so the
// HTTP boundary can pick the status code (400, 403, 404, 409 ...) without string matching.
// The data library never mentions HTTP; it only says what kind of "no" it is.

#include "content/feed/result.h"

#include <string>
#include <utility>
#include <variant>

namespace coi::server {

enum class FailureKind {
    BadInput,     // the request itself is wrong: malformed, wrong type, unknown field
    NotFound,     // no such site, screen, user, item
    Conflict,     // well-formed but clashes with what is stored (duplicate id, read-only item)
    Forbidden,    // the account or screen may not do this
    Unauthorised, // no valid session or device token
    Revoked,      // a screen whose token was revoked
    TooLarge,     // over a size limit
    TooMany,      // rate limited
    Internal,     // our fault: disk, database
};

struct Failure {
    FailureKind kind = FailureKind::BadInput;
    std::string message; // plain words: which item, which field, what was expected
};

inline Failure bad_input(std::string message) { return {FailureKind::BadInput, std::move(message)}; }
inline Failure not_found(std::string message) { return {FailureKind::NotFound, std::move(message)}; }
inline Failure conflict(std::string message) { return {FailureKind::Conflict, std::move(message)}; }
inline Failure forbidden(std::string message) { return {FailureKind::Forbidden, std::move(message)}; }

template<typename T>
class [[nodiscard]] Outcome {
public:
    Outcome(T value) : m_value(std::move(value)) {}
    Outcome(Failure failure) : m_value(std::move(failure)) {}
    Outcome(coi::Error error) : m_value(Failure{FailureKind::BadInput, std::move(error.message)}) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(m_value); }
    const T& value() const { return std::get<T>(m_value); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const Failure& failure() const { return std::get<Failure>(m_value); }
    T release() { return std::move(std::get<T>(m_value)); }

private:
    std::variant<T, Failure> m_value;
};

// The server's form of coi::let_go: a failure let go on purpose, the reason in the call.
template<typename T>
void let_go(const Outcome<T>&, [[maybe_unused]] const char* why)
{
}

using Done = Outcome<coi::Ok>;
inline Done done() { return coi::Ok{}; }

} // namespace coi::server
