#pragma once
// Fresh memory arrives a page at a time: the first write to each 4 kB page traps into the
// kernel, which finds a page, clears it and returns. The kiosk's start writes a few big
// buffers whole at once (the window's 8 MB of pixels, the 4 MB font texture, the atlas read
// from the cache): three thousand traps, more than a tenth of the start's CPU on a virtual
// machine, where each trap costs most. Asking the kernel for all of a buffer's pages in one
// call gives the same pages for a fraction of that. Only for buffers about to be written
// whole: it makes every page resident, so it never costs memory a buffer would not use.

#include <cstddef>

namespace coi::platform {

// Makes the whole pages inside [p, p + n) resident and writable, keeping what they hold.
// Returns false when the kernel cannot (Linux before 5.14, or not Linux memory): nothing is
// lost then, the pages arrive one trap at a time as before. Small buffers are left alone.
bool prefault(void* p, std::size_t n);

// From here on SDL's mallocs of a megabyte or more arrive prefaulted. Those are pixel buffers
// (a surface's, a software texture's), which SDL clears whole as soon as it has them; its
// callocs are left alone, being zero already and not always written. Call before SDL_Init.
// The blocks still come from the C library's malloc, SDL's own default, so a block allocated
// before is freed as before. Idempotent.
void prefault_sdl_pixel_buffers();

} // namespace coi::platform
