#include "secrets.h"

#include <sodium.h>

#include <stdexcept>

namespace coi::server {

namespace {

void ensure_sodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* data, std::size_t size)
{
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

} // namespace

std::string hash_password(std::string_view password)
{
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool password_matches(std::string_view password, const std::string& stored)
{
    ensure_sodium();
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

std::string random_token()
{
    ensure_sodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return to_hex(bytes, sizeof bytes);
}

std::string token_hash(std::string_view token)
{
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return to_hex(digest, sizeof digest);
}

bool same_secret(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_password()
{
    ensure_sodium();
    static constexpr const char* kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no l/1/o/0 to misread
    std::string password;
    for (int group = 0; group < 4; ++group) {
        if (group)
            password += '-';
        for (int i = 0; i < 4; ++i)
            password += kAlphabet[randombytes_uniform(31)];
    }
    return password;
}

} // namespace coi::server
