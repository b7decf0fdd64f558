// The picture pipeline: sniff, check the header's size, decode, turn upright, fit, encode.
#include "image.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE and size_t declared first
#include <cstring>
#include <memory>

#include <jpeglib.h>
#include <jerror.h>
#include <libexif/exif-data.h>
#include <libheif/heif.h>
#include <png.h>
#include <webp/decode.h>

namespace coi::server {

namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};

const unsigned char* data_of(std::string_view bytes) { return reinterpret_cast<const unsigned char*>(bytes.data()); }

Outcome<coi::Ok> check_size(std::int64_t width, std::int64_t height, const PictureBounds& bounds)
{
    if (width <= 0 || height <= 0)
        return bad_input("the picture has no pixels");
    if (width > bounds.max_side || height > bounds.max_side || width * height > bounds.max_pixels)
        return bad_input("the picture is " + std::to_string(width) + " x " + std::to_string(height) +
                         " pixels; the most this server takes is " + std::to_string(bounds.max_side) +
                         " pixels a side and " + std::to_string(bounds.max_pixels / 1'000'000) + " megapixels");
    return coi::Ok{};
}

struct Size {
    int width;
    int height;
};

// The size a picture is shown at on the largest screen, either way up; never larger than it is.
Size fitted_size(int width, int height, const PictureBounds& bounds)
{
    double long_side = std::max(width, height), short_side = std::min(width, height);
    double scale = std::min({1.0, bounds.fit_long / long_side, bounds.fit_short / short_side});
    return {std::max(1, static_cast<int>(std::lround(width * scale))), std::max(1, static_cast<int>(std::lround(height * scale)))};
}

// [SECTION] EXIF orientation
// 1 upright; 2-8 the eight ways a camera held sideways or upside down records its pixels.
int exif_orientation(jpeg_saved_marker_ptr markers)
{
    for (auto marker = markers; marker; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 6 || std::memcmp(marker->data, "Exif\0\0", 6) != 0)
            continue;
        ExifData* exif = exif_data_new_from_data(marker->data, marker->data_length);
        if (!exif)
            return 1;
        int orientation = 1;
        if (ExifEntry* entry = exif_content_get_entry(exif->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
            entry && entry->format == EXIF_FORMAT_SHORT && entry->components >= 1 && entry->size >= 2)
            orientation = exif_get_short(entry->data, exif_data_get_byte_order(exif));
        exif_data_unref(exif);
        return orientation >= 1 && orientation <= 8 ? orientation : 1;
    }
    return 1;
}

// The pixels turned as the orientation tag says, so the picture needs no tag to be upright.
Picture apply_orientation(Picture in, int orientation)
{
    if (orientation <= 1 || orientation > 8)
        return in;
    const int w = in.width, h = in.height;
    const bool swaps = orientation >= 5;
    Picture out{swaps ? h : w, swaps ? w : h, std::vector<std::uint8_t>(in.rgba.size())};
    for (int dy = 0; dy < out.height; ++dy)
        for (int dx = 0; dx < out.width; ++dx) {
            int sx = dx, sy = dy;
            switch (orientation) {
            case 2: sx = w - 1 - dx; break;                      // mirrored
            case 3: sx = w - 1 - dx; sy = h - 1 - dy; break;     // upside down
            case 4: sy = h - 1 - dy; break;                      // mirrored upside down
            case 5: sx = dy; sy = dx; break;                     // transposed
            case 6: sx = dy; sy = h - 1 - dx; break;             // turned a quarter clockwise to view
            case 7: sx = w - 1 - dy; sy = h - 1 - dx; break;     // transversed
            case 8: sx = w - 1 - dy; sy = dx; break;             // turned a quarter anticlockwise to view
            }
            std::memcpy(&out.rgba[(static_cast<std::size_t>(dy) * out.width + dx) * 4],
                        &in.rgba[(static_cast<std::size_t>(sy) * w + sx) * 4], 4);
        }
    return out;
}

// [SECTION] JPEG
// libjpeg reports a fatal error by calling error_exit, which must not return: it jumps back
// to the setjmp in the one function that drives libjpeg. That function holds no C++ object
// whose destructor a jump could skip; everything it fills lives in the caller's JpegJob.
struct JpegErrors {
    jpeg_error_mgr manager; // first: libjpeg hands back a pointer to it as cinfo->err
    std::jmp_buf jump;
    bool cut_short = false;
};

void on_jpeg_error(j_common_ptr cinfo)
{
    std::longjmp(reinterpret_cast<JpegErrors*>(cinfo->err)->jump, 1);
}

void on_jpeg_message(j_common_ptr cinfo, int level)
{
    // A warning: libjpeg pads a file that ends early with grey and carries on. A picture
    // that is half grey is not what anyone chose, so it counts as damaged.
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
        reinterpret_cast<JpegErrors*>(cinfo->err)->cut_short = true;
}

enum class JpegStep { Decoded, Damaged, CutShort, TooLarge, Cmyk };

struct JpegJob {
    std::string_view bytes;
    PictureBounds bounds;
    Picture picture;
    int width = 0, height = 0; // as the header says
    int orientation = 1;
};

// libjpeg decodes at 1/2, 1/4 or 1/8 size almost for free: the largest reduction that still
// leaves at least the fitted size.
unsigned scale_denominator(int width, int height, const PictureBounds& bounds)
{
    auto fitted = fitted_size(width, height, bounds);
    for (unsigned denominator : {8u, 4u, 2u})
        if ((width + denominator - 1) / denominator >= static_cast<unsigned>(fitted.width) &&
            (height + denominator - 1) / denominator >= static_cast<unsigned>(fitted.height))
            return denominator;
    return 1;
}

JpegStep run_jpeg_decoder(JpegJob& job)
{
    jpeg_decompress_struct cinfo{};
    JpegErrors errors{};
    cinfo.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = on_jpeg_error;
    errors.manager.emit_message = on_jpeg_message;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return JpegStep::Damaged;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data_of(job.bytes), static_cast<unsigned long>(job.bytes.size()));
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(&cinfo, TRUE);
    job.width = static_cast<int>(cinfo.image_width);
    job.height = static_cast<int>(cinfo.image_height);
    if (job.width > job.bounds.max_side || job.height > job.bounds.max_side ||
        static_cast<std::int64_t>(job.width) * job.height > job.bounds.max_pixels) {
        jpeg_destroy_decompress(&cinfo);
        return JpegStep::TooLarge;
    }
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        return JpegStep::Cmyk;
    }
    job.orientation = exif_orientation(cinfo.marker_list);
    cinfo.out_color_space = JCS_EXT_RGBA;
    cinfo.scale_num = 1;
    cinfo.scale_denom = scale_denominator(job.width, job.height, job.bounds);
    jpeg_start_decompress(&cinfo);
    job.picture.width = static_cast<int>(cinfo.output_width);
    job.picture.height = static_cast<int>(cinfo.output_height);
    job.picture.rgba.resize(static_cast<std::size_t>(job.picture.width) * job.picture.height * 4);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = job.picture.rgba.data() + static_cast<std::size_t>(cinfo.output_scanline) * job.picture.width * 4;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return errors.cut_short ? JpegStep::CutShort : JpegStep::Decoded;
}

Outcome<Picture> decode_jpeg(std::string_view bytes, const PictureBounds& bounds)
{
    JpegJob job{bytes, bounds, {}};
    switch (run_jpeg_decoder(job)) {
    case JpegStep::Decoded: return apply_orientation(std::move(job.picture), job.orientation);
    case JpegStep::TooLarge:
        if (auto size = check_size(job.width, job.height, bounds); !size)
            return size.failure();
        return bad_input("the picture is too large");
    case JpegStep::Cmyk: return bad_input("the JPEG is in print colours (CMYK); save it as an ordinary (RGB) JPEG and try again");
    case JpegStep::CutShort: return bad_input("the JPEG picture is cut short: the file ends before the picture does");
    case JpegStep::Damaged: break;
    }
    return bad_input("the picture could not be read: it is damaged, or not really a JPEG");
}

struct EncodeJob {
    const Picture* picture;
    int quality;
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
};

bool run_jpeg_encoder(EncodeJob& job)
{
    jpeg_compress_struct cinfo{};
    JpegErrors errors{};
    cinfo.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = on_jpeg_error;
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&cinfo);
        return false;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &job.buffer, &job.size);
    cinfo.image_width = static_cast<JDIMENSION>(job.picture->width);
    cinfo.image_height = static_cast<JDIMENSION>(job.picture->height);
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_EXT_RGBA;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, job.quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        auto* row = const_cast<JSAMPROW>(job.picture->rgba.data() + static_cast<std::size_t>(cinfo.next_scanline) * job.picture->width * 4);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return true;
}

// [SECTION] PNG (libpng's simplified API keeps its own setjmp inside)
Outcome<Picture> decode_png(std::string_view bytes, const PictureBounds& bounds)
{
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        return bad_input("the picture could not be read: it is damaged, or not really a PNG");
    if (auto size = check_size(image.width, image.height, bounds); !size) {
        png_image_free(&image);
        return size.failure();
    }
    image.format = PNG_FORMAT_RGBA;
    Picture picture{static_cast<int>(image.width), static_cast<int>(image.height), {}};
    picture.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, picture.rgba.data(), 0, nullptr)) {
        png_image_free(&image);
        return bad_input("the PNG picture could not be read: it is damaged or cut short");
    }
    return picture;
}

// [SECTION] WebP
Outcome<Picture> decode_webp(std::string_view bytes, const PictureBounds& bounds)
{
    WebPBitstreamFeatures features{};
    if (WebPGetFeatures(data_of(bytes), bytes.size(), &features) != VP8_STATUS_OK)
        return bad_input("the picture could not be read: it is damaged, or not really a WebP");
    if (features.has_animation)
        return bad_input("moving (animated) WebP pictures are not taken; save one frame as a still picture");
    if (auto size = check_size(features.width, features.height, bounds); !size)
        return size.failure();
    Picture picture{features.width, features.height, {}};
    picture.rgba.resize(static_cast<std::size_t>(picture.width) * picture.height * 4);
    if (!WebPDecodeRGBAInto(data_of(bytes), bytes.size(), picture.rgba.data(), picture.rgba.size(), picture.width * 4))
        return bad_input("the WebP picture could not be read: it is damaged or cut short");
    return picture;
}

// [SECTION] HEIC (what iPhones take photos as). libheif applies the file's own rotation.
Outcome<Picture> decode_heic(std::string_view bytes, const PictureBounds& bounds)
{
    const Failure damaged = bad_input("the picture could not be read: it is damaged, or not a HEIC photo");
    std::unique_ptr<heif_context, decltype(&heif_context_free)> context(heif_context_alloc(), heif_context_free);
    if (heif_context_read_from_memory_without_copy(context.get(), bytes.data(), bytes.size(), nullptr).code != heif_error_Ok)
        return damaged;
    heif_image_handle* raw_handle = nullptr;
    if (heif_context_get_primary_image_handle(context.get(), &raw_handle).code != heif_error_Ok)
        return damaged;
    std::unique_ptr<heif_image_handle, decltype(&heif_image_handle_release)> handle(raw_handle, heif_image_handle_release);
    if (auto size = check_size(heif_image_handle_get_width(handle.get()), heif_image_handle_get_height(handle.get()), bounds); !size)
        return size.failure();
    heif_image* raw_image = nullptr;
    if (heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB, heif_chroma_interleaved_RGBA, nullptr).code != heif_error_Ok)
        return damaged;
    std::unique_ptr<heif_image, decltype(&heif_image_release)> image(raw_image, heif_image_release);
    int stride = 0;
    const std::uint8_t* plane = heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    Picture picture{heif_image_get_width(image.get(), heif_channel_interleaved), heif_image_get_height(image.get(), heif_channel_interleaved), {}};
    if (!plane || picture.width <= 0 || picture.height <= 0)
        return damaged;
    if (auto size = check_size(picture.width, picture.height, bounds); !size)
        return size.failure();
    picture.rgba.resize(static_cast<std::size_t>(picture.width) * picture.height * 4);
    for (int y = 0; y < picture.height; ++y)
        std::memcpy(&picture.rgba[static_cast<std::size_t>(y) * picture.width * 4], plane + static_cast<std::size_t>(y) * stride,
                    static_cast<std::size_t>(picture.width) * 4);
    return picture;
}

bool has_transparency(const Picture& picture)
{
    for (std::size_t i = 3; i < picture.rgba.size(); i += 4)
        if (picture.rgba[i] != 255)
            return true;
    return false;
}

} // namespace

std::string sniff_picture_type(std::string_view bytes)
{
    if (bytes.substr(0, 3) == "\xff\xd8\xff")
        return "image/jpeg";
    if (bytes.substr(0, 8) == kPngSignature)
        return "image/png";
    if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP")
        return "image/webp";
    if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") {
        auto brand = bytes.substr(8, 4);
        for (std::string_view heif : {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"})
            if (brand == heif)
                return "image/heic";
    }
    return "";
}

Outcome<Picture> decode_picture(std::string_view bytes, const PictureBounds& bounds)
{
    auto type = sniff_picture_type(bytes);
    if (type == "image/jpeg")
        return decode_jpeg(bytes, bounds);
    if (type == "image/png")
        return decode_png(bytes, bounds);
    if (type == "image/webp")
        return decode_webp(bytes, bounds);
    if (type == "image/heic")
        return decode_heic(bytes, bounds);
    return bad_input("the file is not a picture the server can read: send a JPEG, PNG, HEIC or WebP picture");
}

Picture fit_within(const Picture& picture, const PictureBounds& bounds)
{
    const auto target = fitted_size(picture.width, picture.height, bounds);
    if (target.width >= picture.width && target.height >= picture.height)
        return picture;
    const std::size_t sw = picture.width, sh = picture.height, tw = target.width, th = target.height;
    // Across: each output column is the mean of the input columns it covers.
    std::vector<std::uint8_t> across(tw * sh * 4);
    for (std::size_t y = 0; y < sh; ++y)
        for (std::size_t x = 0; x < tw; ++x) {
            std::size_t x0 = x * sw / tw, x1 = std::max(x0 + 1, (x + 1) * sw / tw);
            for (int c = 0; c < 4; ++c) {
                std::uint32_t sum = 0;
                for (std::size_t sx = x0; sx < x1; ++sx)
                    sum += picture.rgba[(y * sw + sx) * 4 + c];
                across[(y * tw + x) * 4 + c] = static_cast<std::uint8_t>((sum + (x1 - x0) / 2) / (x1 - x0));
            }
        }
    // Down: each output row is the mean of the rows it covers.
    Picture out{target.width, target.height, std::vector<std::uint8_t>(tw * th * 4)};
    std::vector<std::uint32_t> sums(tw * 4);
    for (std::size_t y = 0; y < th; ++y) {
        std::size_t y0 = y * sh / th, y1 = std::max(y0 + 1, (y + 1) * sh / th);
        std::fill(sums.begin(), sums.end(), 0u);
        for (std::size_t sy = y0; sy < y1; ++sy)
            for (std::size_t i = 0; i < tw * 4; ++i)
                sums[i] += across[sy * tw * 4 + i];
        for (std::size_t i = 0; i < tw * 4; ++i)
            out.rgba[y * tw * 4 + i] = static_cast<std::uint8_t>((sums[i] + (y1 - y0) / 2) / (y1 - y0));
    }
    return out;
}

std::string encode_jpeg(const Picture& picture, int quality)
{
    EncodeJob job{&picture, quality};
    bool encoded = run_jpeg_encoder(job);
    std::string bytes = encoded ? std::string(reinterpret_cast<const char*>(job.buffer), job.size) : std::string();
    std::free(job.buffer);
    return bytes;
}

std::string encode_png(const Picture& picture)
{
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(picture.width);
    image.height = static_cast<png_uint_32>(picture.height);
    image.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    if (!png_image_write_get_memory_size(image, size, 0, picture.rgba.data(), 0, nullptr))
        return {};
    std::string bytes(size, '\0');
    if (!png_image_write_to_memory(&image, bytes.data(), &size, 0, picture.rgba.data(), 0, nullptr))
        return {};
    bytes.resize(size);
    return bytes;
}

Outcome<CropFraction> read_crop(std::string_view text)
{
    auto refuse = [&] {
        return bad_input("parameter \"crop\": must be four fractions x,y,width,height of the picture, like 0,0.125,1,0.75, not \"" +
                         std::string(text.substr(0, 80)) + "\"");
    };
    double parts[4];
    std::size_t at = 0;
    for (int i = 0; i < 4; ++i) {
        auto end = text.find(',', at);
        auto piece = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        auto [next, error] = std::from_chars(piece.data(), piece.data() + piece.size(), parts[i]);
        if (piece.empty() || error != std::errc{} || next != piece.data() + piece.size() || !std::isfinite(parts[i]))
            return refuse();
        if ((i < 3) != (end != std::string_view::npos))
            return refuse(); // three commas, no more, no fewer
        at = end + 1;
    }
    CropFraction crop{parts[0], parts[1], parts[2], parts[3]};
    // A browser's fractions may overshoot by a rounding error; anything more is not a part.
    constexpr double slack = 1e-5;
    if (crop.x < 0 || crop.y < 0 || crop.width <= 0 || crop.height <= 0 || crop.x + crop.width > 1 + slack ||
        crop.y + crop.height > 1 + slack)
        return refuse();
    return crop;
}

Picture crop_picture(const Picture& picture, const CropFraction& crop)
{
    auto span = [](double from, double size, int whole) {
        int first = std::clamp(static_cast<int>(std::lround(from * whole)), 0, whole - 1);
        int last = std::clamp(static_cast<int>(std::lround((from + size) * whole)), first + 1, whole);
        return std::pair{first, last - first};
    };
    auto [x, width] = span(crop.x, crop.width, picture.width);
    auto [y, height] = span(crop.y, crop.height, picture.height);
    Picture out{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4)};
    for (int row = 0; row < height; ++row) {
        auto from = picture.rgba.begin() + ((static_cast<std::ptrdiff_t>(y) + row) * picture.width + x) * 4;
        std::copy(from, from + static_cast<std::ptrdiff_t>(width) * 4, out.rgba.begin() + static_cast<std::ptrdiff_t>(row) * width * 4);
    }
    return out;
}

Outcome<EncodedPicture> normalise_picture(std::string_view bytes, const PictureBounds& bounds, const std::optional<CropFraction>& crop)
{
    auto decoded = decode_picture(bytes, bounds);
    if (!decoded)
        return decoded.failure();
    auto fitted = fit_within(crop ? crop_picture(*decoded, *crop) : *decoded, bounds);
    // A PNG is usually a drawing or a poster with lettering: it stays lossless. A photo
    // (JPEG, HEIC, WebP) becomes a JPEG unless it has see-through parts.
    bool as_png = sniff_picture_type(bytes) == "image/png" || has_transparency(fitted);
    EncodedPicture out{as_png ? "image/png" : "image/jpeg", as_png ? encode_png(fitted) : encode_jpeg(fitted), fitted.width, fitted.height};
    if (out.bytes.empty())
        return Failure{FailureKind::Internal, "the picture could not be saved again after reading it"};
    return out;
}

Outcome<EncodedPicture> normalise_screenshot(std::string_view png)
{
    if (sniff_picture_type(png) != "image/png")
        return bad_input("the screenshot must be a PNG image");
    auto decoded = decode_png(png, kScreenshotBounds);
    if (!decoded)
        return Failure{FailureKind::BadInput, "the screenshot: " + decoded.failure().message};
    auto fitted = fit_within(*decoded, kScreenshotBounds);
    EncodedPicture out{"image/png", encode_png(fitted), fitted.width, fitted.height};
    if (out.bytes.empty())
        return Failure{FailureKind::Internal, "the screenshot could not be saved again after reading it"};
    return out;
}

} // namespace coi::server
