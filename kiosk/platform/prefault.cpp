#include "kiosk/platform/prefault.h"

#include <SDL.h>
#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 // Linux 5.14; Debian 12's headers predate it
#endif

namespace coi::platform {

namespace {

constexpr std::size_t kSmallest = 64 * 1024;   // below this, a few traps cost about one call
constexpr std::size_t kPixelBuffer = 1024 * 1024; // SDL's pixel buffers, not its bookkeeping

void* sdl_malloc(std::size_t n)
{
    void* p = std::malloc(n);
    if (p && n >= kPixelBuffer)
        prefault(p, n);
    return p;
}

void* sdl_calloc(std::size_t count, std::size_t size) { return std::calloc(count, size); }
void* sdl_realloc(void* p, std::size_t n) { return std::realloc(p, n); }
void sdl_free(void* p) { std::free(p); }

} // namespace

bool prefault(void* p, std::size_t n)
{
    static const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    if (!p || n < kSmallest)
        return false;
    // Only whole pages: the partial ones at either end may hold someone else's data, and are
    // faulted in by their first write as before.
    const auto from = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
    const auto to = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(page - 1);
    if (to <= from)
        return false;
    return ::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE) == 0;
}

void prefault_sdl_pixel_buffers()
{
    SDL_SetMemoryFunctions(sdl_malloc, sdl_calloc, sdl_realloc, sdl_free);
}

} // namespace coi::platform
