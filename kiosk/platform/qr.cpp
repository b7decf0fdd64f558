#include "kiosk/platform/qr.h"

#include <qrencode.h>

namespace coi::platform {

Result<QrMatrix> encode_qr(const std::string& text)
{
    if (text.empty())
        return Error{"nothing to put in a QR code"};
    if (text.size() > 1000)
        return Error{"an address of " + std::to_string(text.size()) + " characters is too long for a QR code a phone can read from across a room"};
    QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_L);
    if (!code)
        return Error{"cannot make a QR code for " + text};
    QrMatrix matrix;
    matrix.size = code->width;
    matrix.modules.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
    for (std::size_t i = 0; i < matrix.modules.size(); ++i)
        matrix.modules[i] = code->data[i] & 1; // bit 0 is the module's colour; the rest is libqrencode's bookkeeping
    QRcode_free(code);
    return matrix;
}

} // namespace coi::platform
