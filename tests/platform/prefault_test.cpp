// kiosk/platform/prefault: a buffer about to be written whole gets all its pages from the kernel
// in one call, with what it holds kept; small buffers and SDL's zeroed blocks are left alone.
#include "kiosk/platform/prefault.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <vector>

using namespace coi;

namespace {

const std::size_t kPage = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));

// How many of the whole pages inside [p, p + n) are resident.
std::size_t resident_pages(const void* p, std::size_t n, std::size_t* whole = nullptr)
{
    auto from = (reinterpret_cast<std::uintptr_t>(p) + kPage - 1) & ~(kPage - 1);
    auto to = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(kPage - 1);
    std::vector<unsigned char> in((to - from) / kPage);
    if (whole)
        *whole = in.size();
    if (in.empty() || ::mincore(reinterpret_cast<void*>(from), to - from, in.data()) != 0)
        return 0;
    std::size_t count = 0;
    for (unsigned char page : in)
        count += page & 1;
    return count;
}

struct Mapping {
    explicit Mapping(std::size_t pages) : size(pages * kPage)
    {
        bytes = static_cast<char*>(::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    }
    ~Mapping() { ::munmap(bytes, size); }
    std::size_t size;
    char* bytes;
};

} // namespace

TEST(Prefault, EveryWholePageOfAFreshBufferBecomesResidentAndKeepsWhatItHolds)
{
    Mapping m(64);
    ASSERT_NE(m.bytes, MAP_FAILED);
    std::strcpy(m.bytes + 5 * kPage + 10, "Tea & cake");
    ASSERT_EQ(resident_pages(m.bytes, m.size), 1u) << "only the page written is there yet";
    // From inside the first page to inside the last: the partial pages at the ends may be
    // someone else's, so only the 62 whole pages between are asked for.
    if (!platform::prefault(m.bytes + 100, m.size - 200))
        GTEST_SKIP() << "this kernel cannot populate pages on request (Linux 5.14 and later can)";
    EXPECT_EQ(resident_pages(m.bytes + kPage, 62 * kPage), 62u);
    EXPECT_EQ(resident_pages(m.bytes, kPage), 0u) << "the partial first page is left alone";
    EXPECT_EQ(resident_pages(m.bytes + 63 * kPage, kPage), 0u) << "the partial last page is left alone";
    EXPECT_STREQ(m.bytes + 5 * kPage + 10, "Tea & cake");
    EXPECT_EQ(m.bytes[20 * kPage], 0) << "fresh memory still reads as zero";
}

TEST(Prefault, SmallBuffersAndNoBufferAreLeftAlone)
{
    Mapping m(8);
    ASSERT_NE(m.bytes, MAP_FAILED);
    EXPECT_FALSE(platform::prefault(m.bytes, m.size)) << "eight pages: a few traps cost about one call";
    EXPECT_EQ(resident_pages(m.bytes, m.size), 0u);
    EXPECT_FALSE(platform::prefault(nullptr, 1 << 20));
}

TEST(Prefault, SdlPixelBuffersArriveResidentAndItsZeroedBlocksDoNot)
{
    Mapping probe(64);
    if (!platform::prefault(probe.bytes, probe.size))
        GTEST_SKIP() << "this kernel cannot populate pages on request";
    platform::prefault_sdl_pixel_buffers();
    platform::prefault_sdl_pixel_buffers(); // twice is harmless

    const std::size_t size = 4 << 20; // a 1024x1024 texture's pixels
    void* pixels = SDL_malloc(size);
    ASSERT_NE(pixels, nullptr);
    std::size_t whole = 0;
    EXPECT_EQ(resident_pages(pixels, size, &whole), whole) << "resident before SDL writes a byte";
    SDL_free(pixels);

    // Zeroed already, and SDL does not always write all of one: no memory it would not use.
    void* zeroed = SDL_calloc(1, size);
    ASSERT_NE(zeroed, nullptr);
    EXPECT_LT(resident_pages(zeroed, size), 16u);
    SDL_free(zeroed);

    // SDL's own allocations, made with these functions, go on working.
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1024, 1024, 32, SDL_PIXELFORMAT_ARGB8888);
    ASSERT_NE(surface, nullptr);
    EXPECT_EQ(SDL_FillRect(surface, nullptr, 0xFF336699), 0);
    EXPECT_EQ(static_cast<Uint32*>(surface->pixels)[1024 * 1024 - 1], 0xFF336699u);
    SDL_FreeSurface(surface);
}
