// Specification of staff mode at the screen: the hidden way in, PINs, lockout, roles,
// specials that show on the café page at once, who's in, and a kiosk nobody can quit.
#include "kiosk/platform/display.h"
#include "kiosk/store/staff_store.h"
#include "kiosk_fixture.h"

#include <SDL.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

using namespace coi;
using namespace coi::testing;

namespace {

struct StaffTest : ::testing::Test {
    void SetUp() override
    {
        dir = fresh_data_dir("staff");
        {
            auto db = store::Database::open(dir / "kiosk.db");
            ASSERT_TRUE(db);
            store::StaffStore pins(*db);
            ASSERT_TRUE(pins.set_pin(core::StaffRole::Staff, "2468"));
            ASSERT_TRUE(pins.set_pin(core::StaffRole::Cafe, "1357"));
        }
        kiosk = open_kiosk(dir, 1920, 1080);
        ASSERT_TRUE(kiosk);
        now = *kiosk->site_time("2026-11-25T11:05");
        frames(2);
    }
    void TearDown() override
    {
        kiosk.reset();
        std::filesystem::remove_all(dir);
    }
    void frames(int n)
    {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    }
    void tap(const std::string& label)
    {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << "nothing labelled \"" << label << "\" on screen";
        platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
        frames(3);
    }
    // Holds a finger on the clock for three seconds of the kiosk's clock.
    void hold_clock()
    {
        ImVec2 size = kiosk->display().size();
        platform::push_finger(size.x - 60, 60, size, true);
        frames(2);
        now += 1;
        frames(1);
        now += 2;
        frames(2);
        platform::push_finger(size.x - 60, 60, size, false);
        frames(2);
    }
    void enter_pin(const std::string& pin)
    {
        for (char d : pin)
            tap(std::string(1, d));
        tap("OK");
    }
    bool shows(const std::string& text) { return kiosk->draw_log().contains(text); }
    // What the screen says, its drawn lines joined: a message wrapped over two lines reads whole.
    std::string says()
    {
        std::string all;
        for (auto& t : kiosk->draw_log().texts)
            all += (all.empty() ? "" : " ") + t.text;
        return all;
    }
    bool says(const std::string& sentence) { return says().find(sentence) != std::string::npos; }
    // "Not saved: Sold out. database step failed: disk I/O error. Nothing else changed: ..."
    bool says_not_saved(const std::string& what)
    {
        std::string all = says();
        std::size_t at = all.find("Not saved: " + what + ". ");
        return at != std::string::npos && all.find("disk I/O error. Nothing else changed: try again, and tell the coordinator", at) != std::string::npos;
    }
    // COI_TEST_SHOTS=DIR keeps a picture of the screen, to look at what a test went through.
    void shot(const char* name)
    {
        if (const char* where = std::getenv("COI_TEST_SHOTS"))
            (void)kiosk->screenshot(feed::Page::WhatsOn, now, std::string(where) + "/" + name + ".png");
    }

    std::filesystem::path dir;
    std::unique_ptr<app::KioskApp> kiosk;
    feed::Instant now = 0;
};

} // namespace

TEST_F(StaffTest, PinsAreStoredAsArgon2idHashesNeverInPlainText)
{
    auto db = store::Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db);
    auto rows = db->query("SELECT key, value FROM setting WHERE key LIKE 'pin.%'");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    for (auto& r : *rows) {
        EXPECT_EQ(r[1].bytes.rfind("$argon2id$", 0), 0u) << r[0].bytes;
        EXPECT_EQ(r[1].bytes.find("2468"), std::string::npos);
        EXPECT_EQ(r[1].bytes.find("1357"), std::string::npos);
    }
    store::StaffStore pins(*db);
    EXPECT_EQ(pins.check_pin("2468"), core::StaffRole::Staff);
    EXPECT_EQ(pins.check_pin("1357"), core::StaffRole::Cafe);
    EXPECT_EQ(pins.check_pin("0000"), core::StaffRole::None);
    EXPECT_FALSE(pins.set_pin(core::StaffRole::Staff, "12"));
    EXPECT_FALSE(pins.set_pin(core::StaffRole::Staff, "123456789"));
    EXPECT_FALSE(pins.set_pin(core::StaffRole::Staff, "12a4"));
}

TEST_F(StaffTest, AThreeSecondPressOnTheClockOpensThePinPad)
{
    EXPECT_FALSE(kiosk->staff().active());
    hold_clock();
    EXPECT_TRUE(kiosk->staff().active());
    EXPECT_TRUE(shows("Staff PIN"));
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage) << "the hold is not a check-in tap";
}

TEST_F(StaffTest, AShortPressOnTheClockIsJustATap)
{
    ImVec2 size = kiosk->display().size();
    platform::push_tap(size.x - 60, 60, size);
    frames(3);
    EXPECT_FALSE(kiosk->staff().active());
}

TEST_F(StaffTest, FiveWrongPinsLockThePadForFiveMinutes)
{
    hold_clock();
    for (int i = 0; i < 4; ++i)
        enter_pin("9999");
    EXPECT_TRUE(shows("That PIN didn't work. 1 try left."));
    enter_pin("9999");
    EXPECT_TRUE(shows("Too many wrong PINs. Try again in 5:00."));
    // Even the right PIN is refused while locked: the keys are not there to press.
    auto& texts = kiosk->draw_log().texts;
    EXPECT_EQ(std::find_if(texts.begin(), texts.end(), [](auto& t) { return t.text == "OK"; }), texts.end());
    now += 301;
    frames(2);
    hold_clock(); // staff mode closed itself meanwhile
    enter_pin("2468");
    EXPECT_EQ(kiosk->staff().role(), core::StaffRole::Staff);
}

TEST_F(StaffTest, CafePinOpensSpecialsOnly)
{
    hold_clock();
    shot("staff-pin");
    enter_pin("1357");
    EXPECT_EQ(kiosk->staff().role(), core::StaffRole::Cafe);
    EXPECT_TRUE(shows("Café specials"));
    EXPECT_FALSE(shows("Who's in"));
    EXPECT_FALSE(shows("Exit to desktop"));
    // A forged request for who's in is refused by the rules, not just hidden.
    ui::StaffIntent open;
    open.kind = ui::StaffIntent::Kind::Open;
    open.screen = ui::StaffScreen::WhosIn;
    kiosk->staff().handle(open, kiosk->feed(), *core::TimeZone::load("Europe/London"), now);
    frames(2);
    EXPECT_FALSE(shows("Sign everyone out"));
    EXPECT_FALSE(shows("Nobody is signed in by name."));
}

TEST_F(StaffTest, StaffModeLocksItselfAfterTwoMinutes)
{
    hold_clock();
    enter_pin("2468");
    EXPECT_TRUE(kiosk->staff().active());
    now += 119;
    frames(2);
    EXPECT_TRUE(kiosk->staff().active());
    now += 2;
    frames(2);
    EXPECT_FALSE(kiosk->staff().active());
    EXPECT_TRUE(shows("Touch here to check in"));
}

TEST_F(StaffTest, ASpecialAddedAtTheScreenIsOnTheCafePageAtOnceAndQueuedForTheServer)
{
    hold_clock();
    enter_pin("1357");
    tap("Café specials");
    tap("Add a special");
    tap("Name");
    for (const char* k : {"R", "a", "r", "e", "b", "i", "t"})
        tap(k);
    tap("Done");
    tap("Price");
    for (const char* k : {"2", "7", "5"})
        tap(k);
    tap("Done");
    tap("2  Cereals containing gluten");
    tap("7  Milk");
    tap("Vegetarian");
    shot("staff-special-editor");
    tap("Save");
    shot("staff-specials");
    EXPECT_TRUE(shows("Rarebit"));
    tap("Back");
    tap("Lock");
    kiosk->draw_frame(now, feed::Page::Cafe);
    EXPECT_TRUE(shows("Rarebit"));
    EXPECT_TRUE(shows("\xC2\xA3" "2.75"));
    auto db = store::Database::open(dir / "kiosk.db");
    auto queued = db->query("SELECT body FROM outbox WHERE kind = 'special'");
    ASSERT_TRUE(queued);
    ASSERT_EQ(queued->size(), 1u);
    EXPECT_NE((*queued)[0][0].bytes.find("Rarebit"), std::string::npos);
    EXPECT_NE((*queued)[0][0].bytes.find("\"price_pence\":275"), std::string::npos);
}

TEST_F(StaffTest, SoldOutInOneTap)
{
    hold_clock();
    enter_pin("1357");
    tap("Café specials");
    tap("Sold out"); // the first special on the list
    tap("Back");
    tap("Lock");
    kiosk->draw_frame(now, feed::Page::Cafe);
    auto shown = kiosk->shown_feed(now);
    int sold_out = 0;
    for (auto& s : shown.specials)
        sold_out += s.sold_out;
    EXPECT_EQ(sold_out, 2) << "the sample's sold-out scone and the one just marked";
}

TEST_F(StaffTest, WhosInSignsPeopleOutAndMarksThemLocated)
{
    auto sam = kiosk->checkins().check_in("appointment", "named", "", "Sam", "K", [] { return std::string("K7MP"); }, now - 600);
    ASSERT_TRUE(kiosk->checkins().check_in("support-group", "discreet", "", "Alex", "", [] { return std::string("CDEF"); }, now - 60));
    ASSERT_TRUE(kiosk->checkins().count_head("cafe", "2026-11-25", 10));
    hold_clock();
    enter_pin("2468");
    tap("Who's in");
    shot("staff-whos-in");
    EXPECT_TRUE(shows("Sam K."));
    EXPECT_TRUE(shows("Private appointment"));
    EXPECT_FALSE(shows("Support group"));
    tap("Located");
    EXPECT_TRUE(kiosk->checkins().by_id(sam->id)->located_at);
    tap("Sign out");
    EXPECT_TRUE(kiosk->checkins().by_id(sam->id)->checked_out_at);
    EXPECT_EQ(kiosk->checkins().by_id(sam->id)->checkout_kind, "staff");
    tap("Sign everyone out");
    tap("Tap again to sign everyone out");
    EXPECT_TRUE(kiosk->checkins().inside().empty());
}

TEST_F(StaffTest, WhosInShowsTodaysAndThisWeeksVisitsAndVolunteerHours)
{
    // Wednesday 25 November: the week began on Monday 23rd.
    feed::Instant monday = *kiosk->site_time("2026-11-23T10:00");
    ASSERT_TRUE(kiosk->checkins().count_head("cafe", "2026-11-22", 10)); // Sunday: last week
    ASSERT_TRUE(kiosk->checkins().count_head("cafe", "2026-11-23", 10));
    ASSERT_TRUE(kiosk->checkins().count_head("cafe", "2026-11-25", 10));
    auto ann = kiosk->checkins().check_in("volunteering", "named", "", "Ann", "", [] { return std::string("ACDE"); }, monday, {std::nullopt, true});
    ASSERT_TRUE(ann);
    ASSERT_TRUE(kiosk->checkins().check_out(ann->id, store::CheckoutKind::Self, monday + 2 * 3600 + 15 * 60));
    ASSERT_TRUE(kiosk->checkins().check_in("appointment", "named", "", "Sam", "K", [] { return std::string("K7MP"); }, now - 600));
    ASSERT_TRUE(kiosk->checkins().check_in("support-group", "discreet", "", "Alex", "", [] { return std::string("CDEF"); }, now - 60));
    now += 60;
    frames(2); // the next minute's housekeeping sums Ann's hours
    hold_clock();
    enter_pin("2468");
    tap("Who's in");
    EXPECT_TRUE(says("Visits today: 3 \xC2\xB7 this week: 5 \xC2\xB7 volunteer hours this week: 2:15")) << says();
}

TEST_F(StaffTest, ANoticeForThisScreenShowsAsABannerUntilItExpires)
{
    hold_clock();
    enter_pin("2468");
    tap("Notice on this screen");
    tap("Title");
    for (const char* k : {"L", "i", "f", "t"})
        tap(k);
    tap("Done");
    tap("Important");
    tap("1 hour");
    tap("Put it on this screen");
    tap("Back");
    tap("Lock");
    kiosk->draw_frame(now, feed::Page::Week);
    EXPECT_TRUE(shows("Lift"));
    EXPECT_TRUE(shows("Important"));
    kiosk->draw_frame(now + 3601, feed::Page::Week);
    EXPECT_FALSE(shows("Lift"));
}

// A write the card refuses (worn, full, read-only), made to happen here by a trigger in the
// kiosk's own database that refuses changes to one table, as the card would.
void refuse_writes_to(const std::filesystem::path& db_file, const std::string& table, const std::string& operation)
{
    auto db = store::Database::open(db_file);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("CREATE TRIGGER refuse_" + table + " BEFORE " + operation + " ON " + table +
                            " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"));
}

TEST_F(StaffTest, ASoldOutTheCardCannotSaveSaysSoInsteadOfSeemingDone)
{
    refuse_writes_to(dir / "kiosk.db", "special_override", "INSERT");
    hold_clock();
    enter_pin("1357");
    tap("Café specials");
    tap("Sold out");
    if (const char* where = std::getenv("COI_TEST_SHOTS"))
        (void)kiosk->display().save_png(std::string(where) + "/staff-not-saved.png");
    EXPECT_TRUE(says_not_saved("Sold out"));
    tap("Back");
    EXPECT_TRUE(says_not_saved("Sold out"))
        << "it stays until something is saved";
    tap("Lock");
    kiosk->draw_frame(now, feed::Page::Cafe);
    int sold_out = 0;
    for (auto& s : kiosk->shown_feed(now).specials)
        sold_out += s.sold_out;
    EXPECT_EQ(sold_out, 1) << "only the sample's own sold-out scone";
}

TEST_F(StaffTest, ASignOutTheCardCannotSaveTellsTheFireMarshalAndKeepsThePersonOnTheList)
{
    auto sam = kiosk->checkins().check_in("appointment", "named", "", "Sam", "K", [] { return std::string("K7MP"); }, now - 600);
    ASSERT_TRUE(sam);
    refuse_writes_to(dir / "kiosk.db", "checkin", "UPDATE");
    hold_clock();
    enter_pin("2468");
    tap("Who's in");
    tap("Located");
    EXPECT_TRUE(says_not_saved("Located"));
    tap("Sign out");
    EXPECT_TRUE(says_not_saved("Sign out"));
    EXPECT_TRUE(shows("Sam K.")) << "still inside, as far as the roll-call knows";
    EXPECT_FALSE(kiosk->checkins().by_id(sam->id)->checked_out_at);
}

TEST_F(StaffTest, ASpecialTheCardCannotSaveKeepsTheEditorOpenWithEverythingTyped)
{
    refuse_writes_to(dir / "kiosk.db", "local_special", "INSERT");
    hold_clock();
    enter_pin("1357");
    tap("Café specials");
    tap("Add a special");
    tap("Name");
    for (const char* k : {"S", "o", "u", "p"})
        tap(k);
    tap("Done");
    tap("Save");
    EXPECT_TRUE(says_not_saved("Soup"));
    EXPECT_TRUE(shows("Soup")) << "the editor, with the name, is still there to try again";
    EXPECT_TRUE(shows("Save"));
    auto db = store::Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("DROP TRIGGER refuse_local_special")); // the card is replaced
    tap("Save");
    EXPECT_FALSE(says_not_saved("Soup"));
    EXPECT_TRUE(shows("Add a special")) << "saved: back on the list";
    EXPECT_TRUE(shows("Soup"));
}

TEST_F(StaffTest, DeviceStatusSaysWhatAnInstallerNeeds)
{
    hold_clock();
    enter_pin("2468");
    shot("staff-home");
    tap("Device status");
    shot("staff-status");
    for (const char* line : {"Content version", "Last sync", "Network", "Free disk", "Uptime", "App version", "Database"})
        EXPECT_TRUE(shows(line)) << line;
}

TEST(Lockdown, QuitEventsAndExitKeysAreIgnoredButSigtermEndsIt)
{
    auto dir = fresh_data_dir("lockdown");
    platform::DisplayOptions options;
    options.width = 1280;
    options.height = 800;
    options.mode = platform::WindowMode::Headless;
    options.lockdown = true;
    auto kiosk = app::KioskApp::open({}, dir.string(), options);
    ASSERT_TRUE(kiosk);
    feed::Instant now = *(*kiosk)->site_time("2026-11-25T11:05");
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    SDL_PushEvent(&quit);
    EXPECT_TRUE((*kiosk)->pump(now));
    SDL_Event close{};
    close.type = SDL_WINDOWEVENT;
    close.window.event = SDL_WINDOWEVENT_CLOSE;
    SDL_PushEvent(&close);
    EXPECT_TRUE((*kiosk)->pump(now));
    for (SDL_Keycode key : {SDLK_ESCAPE, SDLK_F4, SDLK_q, SDLK_w}) {
        SDL_Event down{};
        down.type = SDL_KEYDOWN;
        down.key.keysym.sym = key;
        down.key.keysym.scancode = SDL_GetScancodeFromKey(key);
        down.key.keysym.mod = key == SDLK_F4 ? KMOD_LALT : KMOD_LCTRL;
        SDL_PushEvent(&down);
        EXPECT_TRUE((*kiosk)->pump(now));
        EXPECT_TRUE((*kiosk)->pump(now));
    }
    std::raise(SIGTERM);
    EXPECT_FALSE((*kiosk)->pump(now)) << "the service manager's SIGTERM ends it";
    kiosk->reset();
    std::filesystem::remove_all(dir);
}

TEST(Lockdown, SigtermStopsTheRunningKioskCleanlyWithItsDatabaseIntact)
{
    auto dir = fresh_data_dir("sigterm");
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        dup2(out[1], 1);
        close(out[0]);
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        execl(COI_KIOSK_BINARY, "kiosk", "--fullscreen", "--size", "800x480", "--data", dir.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string seen;
    char buf[512];
    while (seen.find("first frame on screen") == std::string::npos) {
        ssize_t n = read(out[0], buf, sizeof buf);
        ASSERT_GT(n, 0) << "the kiosk ended before its first frame: " << seen;
        seen.append(buf, static_cast<std::size_t>(n));
    }
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    close(out[0]);
    ASSERT_TRUE(WIFEXITED(status)) << "killed instead of closing";
    EXPECT_EQ(WEXITSTATUS(status), 0);
    auto db = store::Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db);
    EXPECT_EQ(*db->integrity_check(), "ok");
    std::filesystem::remove_all(dir);
}

// The coordinators posted no specials today; the café posts one at the screen. The café page
// must come back into the rotation, or the special is saved and never seen.
TEST_F(StaffTest, ASpecialPostedAtTheScreenBringsTheCafePageBackWhenTheFeedHasNone)
{
    kiosk.reset();
    auto feed = sample_json();
    feed["specials"] = nlohmann::json::array();
    install_content(dir, feed);
    kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);

    auto cafe_page_shown = [&] {
        for (feed::Instant t = now; t < now + 180; t += 5) { // a whole rotation, every page
            kiosk->draw_frame(t);
            if (shows("Rarebit"))
                return true;
        }
        return false;
    };
    EXPECT_FALSE(cafe_page_shown());

    core::LocalSpecial rarebit;
    rarebit.id = "0b6c8a52-6d7e-4c1e-9a55-3f1f7a9b2c10";
    rarebit.special.id = rarebit.id;
    rarebit.special.name = feed::Text::plain("Rarebit");
    rarebit.special.price_pence = 275;
    rarebit.day = *feed::parse_date("2026-11-25");
    rarebit.special.days = {rarebit.day};
    ASSERT_TRUE(kiosk->staff_store().save_special(rarebit));
    EXPECT_TRUE(cafe_page_shown()) << "the café page never came round with the screen's own special";
}
