#include "content/feed/sign.h"

#include <sodium.h>

#include <stdexcept>

namespace coi::feed {

namespace {

// libsodium must be initialised once before use; it is safe to call repeatedly.
void ensure_sodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not be initialised");
}

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

} // namespace

std::string base64_encode(std::string_view bytes)
{
    ensure_sodium();
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // drop the terminating NUL libsodium counts in the length
    return out;
}

Result<std::string> base64_decode(std::string_view text)
{
    ensure_sodium();
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
            " \n\r\t", &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0
        || end != text.data() + text.size())
        return Error{"not valid base64"};
    out.resize(length);
    return out;
}

KeyPair generate_key_pair()
{
    ensure_sodium();
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    KeyPair pair{base64_encode({reinterpret_cast<char*>(pk), sizeof pk}), base64_encode({reinterpret_cast<char*>(sk), sizeof sk})};
    sodium_memzero(sk, sizeof sk);
    return pair;
}

Result<std::string> sign_bytes(std::string_view bytes, std::string_view secret_key_b64)
{
    auto sk = base64_decode(secret_key_b64);
    if (!sk || sk->size() != crypto_sign_SECRETKEYBYTES)
        return Error{"the signing key is not a base64 Ed25519 secret key"};
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, bytes_of(bytes), bytes.size(), bytes_of(*sk));
    sodium_memzero(sk->data(), sk->size());
    return base64_encode({reinterpret_cast<char*>(sig), sizeof sig});
}

Result<Ok> verify_bytes(std::string_view bytes, std::string_view signature_b64, std::string_view public_key_b64)
{
    auto pk = base64_decode(public_key_b64);
    if (!pk || pk->size() != crypto_sign_PUBLICKEYBYTES)
        return Error{"the pinned feed key is not a base64 Ed25519 public key"};
    auto sig = base64_decode(signature_b64);
    if (!sig || sig->size() != crypto_sign_BYTES)
        return Error{"the feed signature is missing or malformed"};
    if (crypto_sign_verify_detached(bytes_of(*sig), bytes_of(bytes), bytes.size(), bytes_of(*pk)) != 0)
        return Error{"the feed signature does not match the pinned key"};
    return Ok{};
}

Result<std::string> public_key_of(std::string_view secret_key_b64)
{
    auto sk = base64_decode(secret_key_b64);
    if (!sk || sk->size() != crypto_sign_SECRETKEYBYTES)
        return Error{"the signing key is not a base64 Ed25519 secret key"};
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(pk, bytes_of(*sk));
    sodium_memzero(sk->data(), sk->size());
    return base64_encode({reinterpret_cast<char*>(pk), sizeof pk});
}

std::string sha256_hex(std::string_view bytes)
{
    ensure_sodium();
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, bytes_of(bytes), bytes.size());
    std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
    hex.resize(hex.size() - 1);
    return hex;
}

} // namespace coi::feed
