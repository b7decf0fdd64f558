// The picture pipeline (content/server/image.h) on real files: phone photos held sideways,
// photos that carry a GPS position, HEIC and WebP from Debian's own encoders, and files that
// only pretend to be pictures.
#include "content/server/image.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_pictures.h"

using namespace coi::server;
using namespace coi::server::test;

namespace {

class Scratch {
public:
    Scratch()
    {
        char name[] = "/tmp/coi-image-XXXXXX";
        m_path = mkdtemp(name);
    }
    ~Scratch() { std::filesystem::remove_all(m_path); }
    std::string path(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

// Debian's own encoders (libheif-examples, webp) make the files phones and browsers send.
std::string encoded_by(const std::string& tool, const std::string& command_tail, const Picture& picture, const Scratch& dir)
{
    if (std::system(("command -v " + tool + " >/dev/null").c_str()) != 0)
        return {};
    std::ofstream(dir.path("in.png"), std::ios::binary) << encode_png(picture);
    auto command = tool + " " + command_tail + " >" + dir.path("tool.log") + " 2>&1";
    if (std::system(command.c_str()) != 0)
        return {};
    return read_file(dir.path("out"));
}

} // namespace

TEST(Pictures, APhoneFoundSidewaysIsTurnedUprightInItsPixels)
{
    // Orientation 6: the camera was turned a quarter; a viewer must turn it clockwise.
    auto upload = jpeg_with_exif(red_left_blue_right(64, 32), 6);
    auto stored = normalise_picture(upload);
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    EXPECT_EQ(stored->type, "image/jpeg");
    EXPECT_EQ(stored->width, 32);
    EXPECT_EQ(stored->height, 64);
    auto seen = decode_picture(stored->bytes);
    ASSERT_TRUE(seen.ok());
    ASSERT_EQ(seen->width, 32);
    EXPECT_TRUE(reddish(pixel(*seen, 16, 8))) << "the left edge goes to the top";
    EXPECT_TRUE(bluish(pixel(*seen, 16, 56)));
}

TEST(Pictures, EveryOrientationEndsUpright)
{
    // What each tag does to the left-red picture when viewed: where red ends up.
    struct Case {
        int orientation, width, height;
        int red_x, red_y;
    };
    for (auto c : std::vector<Case>{{1, 64, 32, 8, 16}, {2, 64, 32, 56, 16}, {3, 64, 32, 56, 16}, {4, 64, 32, 8, 16},
                                    {5, 32, 64, 16, 8}, {6, 32, 64, 16, 8}, {7, 32, 64, 16, 56}, {8, 32, 64, 16, 56}}) {
        auto seen = decode_picture(jpeg_with_exif(red_left_blue_right(64, 32), c.orientation));
        ASSERT_TRUE(seen.ok()) << c.orientation;
        EXPECT_EQ(seen->width, c.width) << c.orientation;
        EXPECT_EQ(seen->height, c.height) << c.orientation;
        EXPECT_TRUE(reddish(pixel(*seen, c.red_x, c.red_y))) << "orientation " << c.orientation;
    }
}

TEST(Pictures, APhotosGpsPositionAndOtherMetadataAreNotKept)
{
    auto upload = jpeg_with_exif(red_left_blue_right(64, 32), 1);
    ASSERT_NE(upload.find("Exif"), std::string::npos);
    auto markers = jpeg_markers(upload);
    ASSERT_NE(std::find(markers.begin(), markers.end(), 0xe1), markers.end()) << "the upload carries EXIF";
    auto stored = normalise_picture(upload);
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    markers = jpeg_markers(stored->bytes);
    EXPECT_EQ(std::find(markers.begin(), markers.end(), 0xe1), markers.end()) << "no EXIF (APP1) block is kept";
    EXPECT_EQ(stored->bytes.find("Exif"), std::string::npos);
    EXPECT_EQ(stored->bytes.find(big_endian(52, 4) + big_endian(1, 4) + big_endian(38, 4)), std::string::npos)
        << "the latitude is gone";
}

TEST(Pictures, ATwelveMegapixelPhotoIsFittedToTheLargestScreen)
{
    auto stored = normalise_picture(encode_jpeg(red_left_blue_right(4000, 3000)));
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    EXPECT_EQ(stored->width, 1440); // 1080 high, the short side of a 1920 x 1080 screen
    EXPECT_EQ(stored->height, 1080);
    auto portrait = normalise_picture(encode_png(red_left_blue_right(1500, 4000)));
    ASSERT_TRUE(portrait.ok());
    EXPECT_EQ(portrait->type, "image/png"); // a PNG stays lossless
    EXPECT_EQ(portrait->width, 720);         // a portrait screen is 1080 x 1920
    EXPECT_EQ(portrait->height, 1920);
    auto small = normalise_picture(encode_png(red_left_blue_right(320, 200)));
    ASSERT_TRUE(small.ok());
    EXPECT_EQ(small->width, 320) << "never made larger";
}

TEST(Pictures, HtmlBehindJpegMagicBytesIsRefused)
{
    for (std::string fake : {std::string("\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"),
                             std::string("\xff\xd8\xff<html><body>hello</body></html>")}) {
        auto stored = normalise_picture(fake);
        ASSERT_FALSE(stored.ok());
        EXPECT_NE(stored.failure().message.find("could not be read"), std::string::npos) << stored.failure().message;
    }
    auto cut = encode_jpeg(red_left_blue_right(200, 200));
    auto half = normalise_picture(cut.substr(0, cut.size() / 2));
    ASSERT_FALSE(half.ok()) << "a photo cut short is not stored half grey";
    EXPECT_NE(half.failure().message.find("cut short"), std::string::npos) << half.failure().message;
    EXPECT_FALSE(normalise_picture("GIF89a....").ok());
    EXPECT_FALSE(normalise_picture(std::string("\x89PNG\r\n\x1a\n", 8) + "<html></html>").ok());
}

TEST(Pictures, AHugePictureIsRefusedFromItsHeaderBeforeDecoding)
{
    auto bomb = png_claiming(20000, 20000);
    ASSERT_LT(bomb.size(), 200u);
    auto stored = normalise_picture(bomb);
    ASSERT_FALSE(stored.ok());
    EXPECT_NE(stored.failure().message.find("20000 x 20000 pixels"), std::string::npos) << stored.failure().message;
    auto screenshot = normalise_screenshot(bomb);
    ASSERT_FALSE(screenshot.ok());
    EXPECT_NE(screenshot.failure().message.find("20000 x 20000"), std::string::npos) << screenshot.failure().message;
}

TEST(Pictures, AScreenshotIsAPngDecodedInFull)
{
    auto shot = normalise_screenshot(encode_png(red_left_blue_right(480, 270)));
    ASSERT_TRUE(shot.ok()) << shot.failure().message;
    EXPECT_EQ(shot->type, "image/png");
    EXPECT_EQ(shot->width, 480);
    EXPECT_FALSE(normalise_screenshot(encode_jpeg(red_left_blue_right(48, 27))).ok()) << "only PNG";
    auto trailing = normalise_screenshot(encode_png(red_left_blue_right(48, 27)) + "<html>");
    ASSERT_TRUE(trailing.ok());
    EXPECT_EQ(trailing->bytes.find("<html>"), std::string::npos) << "only the picture is kept";
    EXPECT_FALSE(normalise_screenshot(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'x')).ok());
}

TEST(Pictures, HeicFromAPhoneIsConvertedToJpeg)
{
    Scratch dir;
    auto heic = encoded_by("heif-enc", "-q 90 -o " + dir.path("out") + " " + dir.path("in.png"), red_left_blue_right(128, 64), dir);
    if (heic.empty())
        GTEST_SKIP() << "heif-enc (libheif-examples) is not installed: scripts/setup --tests";
    ASSERT_EQ(sniff_picture_type(heic), "image/heic");
    auto stored = normalise_picture(heic);
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    EXPECT_EQ(stored->type, "image/jpeg");
    auto seen = decode_picture(stored->bytes);
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->width, 128);
    EXPECT_TRUE(reddish(pixel(*seen, 16, 32)));
    EXPECT_TRUE(bluish(pixel(*seen, 112, 32)));
}

TEST(Pictures, WebpIsConvertedAndKeepsItsTransparency)
{
    Scratch dir;
    auto picture = red_left_blue_right(128, 64);
    for (std::size_t i = 3; i < picture.rgba.size() / 2; i += 4)
        picture.rgba[i] = 0; // the top half see-through
    auto webp = encoded_by("cwebp", "-lossless " + dir.path("in.png") + " -o " + dir.path("out"), picture, dir);
    if (webp.empty())
        GTEST_SKIP() << "cwebp (webp) is not installed: scripts/setup --tests";
    ASSERT_EQ(sniff_picture_type(webp), "image/webp");
    auto stored = normalise_picture(webp);
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    EXPECT_EQ(stored->type, "image/png");
    auto seen = decode_picture(stored->bytes);
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->rgba[(10 * 128 + 10) * 4 + 3], 0);
    EXPECT_TRUE(reddish(pixel(*seen, 16, 48)));
}

TEST(Pictures, ACropIsTakenFromThePictureTurnedUpright)
{
    // Held sideways (orientation 6), red at the top once upright: the crop frame was placed on
    // the upright preview, so its top half is red, not the left half of the stored pixels.
    auto upload = jpeg_with_exif(red_left_blue_right(64, 32), 6); // upright: 32 wide, 64 high
    auto top = normalise_picture(upload, PictureBounds{}, CropFraction{0, 0, 1, 0.5});
    ASSERT_TRUE(top.ok()) << top.failure().message;
    EXPECT_EQ(top->width, 32);
    EXPECT_EQ(top->height, 32);
    auto seen = decode_picture(top->bytes);
    ASSERT_TRUE(seen.ok());
    EXPECT_TRUE(reddish(pixel(*seen, 4, 4)));
    EXPECT_TRUE(reddish(pixel(*seen, 28, 28)));
    auto bottom = decode_picture(normalise_picture(upload, PictureBounds{}, CropFraction{0, 0.5, 1, 0.5})->bytes);
    ASSERT_TRUE(bottom.ok());
    EXPECT_TRUE(bluish(pixel(*bottom, 4, 4)));
}

TEST(Pictures, ACropToTheScreensShapeIsThenFittedToTheScreen)
{
    // A 4000 x 3000 photo cropped to 16:9 across its whole width fills a 1920 x 1080 screen.
    auto cropped = normalise_picture(encode_png(red_left_blue_right(4000, 3000)), PictureBounds{}, CropFraction{0, 0.125, 1, 0.75});
    ASSERT_TRUE(cropped.ok()) << cropped.failure().message;
    EXPECT_EQ(cropped->width, 1920);
    EXPECT_EQ(cropped->height, 1080);
}

TEST(Pictures, ACropIsFourFractionsInsideThePicture)
{
    auto read = read_crop("0.1,0.25,0.5,0.75");
    ASSERT_TRUE(read.ok()) << read.failure().message;
    EXPECT_DOUBLE_EQ(read->x, 0.1);
    EXPECT_DOUBLE_EQ(read->height, 0.75);
    for (auto bad : {"", "0,0,1", "0,0,1,1,1", "0,0,1,1,", "a,0,1,1", "-0.1,0,1,1", "0,0,0,1", "0.5,0,0.6,1", "0,0,1,nan",
                     "0,0,1,inf", "0 ,0,1,1", "1e400,0,1,1"}) {
        auto refused = read_crop(bad);
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_NE(refused.failure().message.find("parameter \"crop\""), std::string::npos);
    }
    // A sliver rounds to one whole pixel, never to nothing.
    auto sliver = crop_picture(red_left_blue_right(10, 10), CropFraction{0.99, 0.99, 0.001, 0.001});
    EXPECT_EQ(sliver.width, 1);
    EXPECT_EQ(sliver.height, 1);
}
