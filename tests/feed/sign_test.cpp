// Specification of feed signing: only the exact bytes, under the pinned key, verify.
#include "content/feed/sign.h"

#include <gtest/gtest.h>

using namespace coi::feed;

TEST(FeedSign, SignatureOverExactBytesVerifies)
{
    auto keys = generate_key_pair();
    auto sig = sign_bytes("{\"format\":1}", keys.secret_key);
    ASSERT_TRUE(sig);
    EXPECT_TRUE(verify_bytes("{\"format\":1}", *sig, keys.public_key));
}

TEST(FeedSign, OneChangedByteIsRefused)
{
    auto keys = generate_key_pair();
    auto sig = sign_bytes("{\"format\":1}", keys.secret_key);
    ASSERT_TRUE(sig);
    auto result = verify_bytes("{\"format\": 1}", *sig, keys.public_key);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message, "the feed signature does not match the pinned key");
}

TEST(FeedSign, AnotherKeyIsRefused)
{
    auto keys = generate_key_pair();
    auto other = generate_key_pair();
    auto sig = sign_bytes("hello", keys.secret_key);
    ASSERT_TRUE(sig);
    EXPECT_FALSE(verify_bytes("hello", *sig, other.public_key));
}

TEST(FeedSign, GarbageSignatureOrKeyIsAClearError)
{
    auto keys = generate_key_pair();
    EXPECT_EQ(verify_bytes("x", "not base64!", keys.public_key).error().message, "the feed signature is missing or malformed");
    EXPECT_EQ(verify_bytes("x", "", keys.public_key).error().message, "the feed signature is missing or malformed");
    auto sig = sign_bytes("x", keys.secret_key);
    ASSERT_TRUE(sig);
    EXPECT_EQ(verify_bytes("x", *sig, "AAAA").error().message, "the pinned feed key is not a base64 Ed25519 public key");
}

TEST(FeedSign, PublicKeyIsDerivedFromTheSecretKey)
{
    auto keys = generate_key_pair();
    auto pk = public_key_of(keys.secret_key);
    ASSERT_TRUE(pk);
    EXPECT_EQ(*pk, keys.public_key);
}

TEST(FeedSign, Sha256MatchesTheKnownVector)
{
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FeedSign, Base64RoundTrips)
{
    std::string bytes("\x00\xff\x10 binary", 10);
    auto back = base64_decode(base64_encode(bytes));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, bytes);
}
