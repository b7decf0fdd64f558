#pragma once
// QR codes with libqrencode: text in, a square of dark and light modules out, as plain data
// the view-model carries and the UI draws (core never calls libqrencode).

#include "content/feed/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace coi::platform {

struct QrMatrix {
    int size = 0;                        // modules per side, without the quiet zone
    std::vector<std::uint8_t> modules;   // size * size, row by row: 1 dark, 0 light
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)] != 0; }
};

// Encodes text (a URL) at error correction level L: a screen is not a scuffed poster, and
// the lowest level keeps modules big enough to scan in a footer. An empty text or one too long for a
// QR code is an Error.
Result<QrMatrix> encode_qr(const std::string& text);

} // namespace coi::platform
