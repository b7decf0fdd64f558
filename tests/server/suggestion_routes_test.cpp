// Specification of "Suggest an event or notice" over HTTP: the public form on the building's
// What's on page, what it takes and what it silently drops, and the building's queue that
// only its editors read. A suggestion is never shown anywhere public. The clock is the
// repository's, set by the test.
#include "server_fixture.h"

#include "content/server/suggestions.h"

#include <chrono>
#include <regex>

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::int64_t g_now = 0;
std::int64_t test_clock() { return g_now; }

std::string form_encode(const std::map<std::string, std::string>& fields)
{
    std::string body;
    for (auto& [name, value] : fields) {
        body += (body.empty() ? "" : "&") + name + "=";
        for (unsigned char c : value) {
            if (std::isalnum(c) || c == '-' || c == '.' || c == '_')
                body += static_cast<char>(c);
            else {
                char escaped[4];
                std::snprintf(escaped, sizeof escaped, "%%%02X", c);
                body += escaped;
            }
        }
    }
    return body;
}

std::string stamp_in(const std::string& page)
{
    std::smatch match;
    std::regex stamp(R"re(name="stamp" value="([0-9a-f.]+)")re");
    return std::regex_search(page, match, stamp) ? match[1].str() : std::string{};
}

} // namespace

class SuggestionRoutes : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        g_now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        m_repository->set_clock(&test_clock);
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("other", "Other Centre")).ok());
    }

    // A fresh form's stamp, as a visitor's browser gets it.
    std::string drawn_stamp(const std::string& site = "ashby")
    {
        auto page = client().get("/whats-on/" + site + "/suggest");
        EXPECT_EQ(page.status, 200) << page.body;
        return stamp_in(page.body);
    }

    std::map<std::string, std::string> good_fields(const std::string& stamp)
    {
        return {{"title", "Knit and natter"}, {"when", "Tuesdays 2pm"}, {"details", "Bring your own needles"}, {"email", "sam.taylor@example.org"},
            {"website", ""}, {"stamp", stamp}};
    }

    Reply send(const std::map<std::string, std::string>& fields, const std::map<std::string, std::string>& headers = {}, const std::string& site = "ashby")
    {
        return client().request("POST", "/whats-on/" + site + "/suggest", form_encode(fields), "application/x-www-form-urlencoded", headers);
    }

    // The form drawn, filled in over half a minute, sent.
    Reply suggest(const std::map<std::string, std::string>& headers = {})
    {
        auto stamp = drawn_stamp();
        g_now += 30;
        return send(good_fields(stamp), headers);
    }

    std::size_t queued(const std::string& site = "ashby") { return m_repository->waiting_suggestions(site).size(); }
};

// [SECTION] The public form
TEST_F(SuggestionRoutes, TheWhatsOnPageLinksToTheForm)
{
    auto page = client().get("/whats-on/ashby");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<a href=\"/whats-on/ashby/suggest\">Suggest an event or notice</a>"), std::string::npos) << page.body;
}

TEST_F(SuggestionRoutes, TheFormIsPlainHtmlWithALabelForEveryFieldAndAHiddenTrap)
{
    auto page = client().get("/whats-on/ashby/suggest");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("<script"), std::string::npos);
    EXPECT_NE(page.body.find("<form class=\"suggest\" method=\"post\" action=\"/whats-on/ashby/suggest\" novalidate>"), std::string::npos);
    for (auto field : {"title", "when", "details", "email", "website"})
        EXPECT_NE(page.body.find("<label for=\"" + std::string(field) + "\">"), std::string::npos) << field;
    EXPECT_NE(page.body.find("<div class=\"trap\" aria-hidden=\"true\">"), std::string::npos);
    EXPECT_FALSE(stamp_in(page.body).empty());
    EXPECT_EQ(page.header("cache-control"), "no-store") << "a stamp is made per form drawn";
    EXPECT_EQ(client().get("/whats-on/nowhere/suggest").status, 404);
}

TEST_F(SuggestionRoutes, ASuggestionLandsInTheBuildingsQueueAndTheVisitorIsThanked)
{
    auto sent = suggest();
    EXPECT_EQ(sent.status, 303) << sent.body;
    EXPECT_EQ(sent.header("location"), "/whats-on/ashby/suggest?sent=1");
    auto waiting = m_repository->waiting_suggestions("ashby");
    ASSERT_EQ(waiting.size(), 1u);
    EXPECT_EQ(waiting[0].title, "Knit and natter");
    EXPECT_EQ(waiting[0].when, "Tuesdays 2pm");
    EXPECT_EQ(waiting[0].details, "Bring your own needles");
    EXPECT_EQ(waiting[0].email, "sam.taylor@example.org");
    EXPECT_EQ(queued("other"), 0u);
    auto thanks = client().get("/whats-on/ashby/suggest?sent=1");
    EXPECT_NE(thanks.body.find("Thank you"), std::string::npos);
}

TEST_F(SuggestionRoutes, ASuggestionIsNeverShownOnThePublicPageNorInAnyFeed)
{
    ASSERT_EQ(suggest().status, 303);
    auto token = pair_screen("ashby", "reception");
    auto feed = client().get("/api/v1/feed", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(feed.status, 200) << feed.body;
    auto whats_on = client().get("/whats-on/ashby");
    auto form = client().get("/whats-on/ashby/suggest?sent=1");
    for (auto* body : {&feed.body, &whats_on.body, &form.body}) {
        EXPECT_EQ(body->find("Knit and natter"), std::string::npos) << *body;
        EXPECT_EQ(body->find("sam.taylor"), std::string::npos) << *body;
    }
}

TEST_F(SuggestionRoutes, TheHiddenFieldFilledInIsThankedAndDropped)
{
    auto stamp = drawn_stamp();
    g_now += 30;
    auto fields = good_fields(stamp);
    fields["website"] = "https://cheap-pills.example";
    auto sent = send(fields);
    EXPECT_EQ(sent.status, 303) << "a bot is told what a person is told";
    EXPECT_EQ(sent.header("location"), "/whats-on/ashby/suggest?sent=1");
    EXPECT_EQ(queued(), 0u);
}

TEST_F(SuggestionRoutes, AFormSentTheMomentItWasDrawnIsThankedAndDropped)
{
    auto stamp = drawn_stamp();
    auto sent = send(good_fields(stamp));
    EXPECT_EQ(sent.status, 303);
    EXPECT_EQ(queued(), 0u);
}

TEST_F(SuggestionRoutes, AFormWithNoStampOrAnotherBuildingsStampIsThankedAndDropped)
{
    auto other = drawn_stamp("other");
    g_now += 30;
    EXPECT_EQ(send(good_fields("")).status, 303);
    EXPECT_EQ(send(good_fields(other)).status, 303);
    EXPECT_EQ(queued(), 0u);
    EXPECT_EQ(queued("other"), 0u);
}

TEST_F(SuggestionRoutes, AFormLeftOpenOverADayIsDrawnAgainWithWhatWasTyped)
{
    auto stamp = drawn_stamp();
    g_now += kMaxFormAgeSeconds + 60;
    auto sent = send(good_fields(stamp));
    EXPECT_EQ(sent.status, 400);
    EXPECT_NE(sent.body.find("send it again"), std::string::npos) << sent.body;
    EXPECT_NE(sent.body.find("value=\"Knit and natter\""), std::string::npos);
    EXPECT_NE(stamp_in(sent.body), stamp) << "a fresh stamp to send it with";
    EXPECT_EQ(queued(), 0u);
    g_now += 30;
    EXPECT_EQ(send(good_fields(stamp_in(sent.body))).status, 303);
    EXPECT_EQ(queued(), 1u);
}

TEST_F(SuggestionRoutes, EachErrorIsSaidAtItsFieldAndNothingIsStored)
{
    auto stamp = drawn_stamp();
    g_now += 30;
    auto fields = good_fields(stamp);
    fields["title"] = "";
    fields["email"] = "sam.example.org";
    auto sent = send(fields);
    EXPECT_EQ(sent.status, 400);
    EXPECT_NE(sent.body.find("<p class=\"field-error\" id=\"title-error\">"), std::string::npos) << sent.body;
    EXPECT_NE(sent.body.find("id=\"email\" name=\"email\" aria-describedby=\"email-hint email-error\" aria-invalid=\"true\""), std::string::npos) << sent.body;
    EXPECT_NE(sent.body.find("<a href=\"#email\">"), std::string::npos) << "the summary links to the field";
    EXPECT_NE(sent.body.find("<title>Error: "), std::string::npos);
    EXPECT_EQ(queued(), 0u);
}

TEST_F(SuggestionRoutes, WhatIsTypedIsDrawnBackEscaped)
{
    auto stamp = drawn_stamp();
    g_now += 30;
    auto fields = good_fields(stamp);
    fields["title"] = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
    fields["email"] = "";
    auto sent = send(fields);
    EXPECT_EQ(sent.status, 400);
    EXPECT_EQ(sent.body.find("<script>"), std::string::npos);
    EXPECT_EQ(sent.body.find("<img"), std::string::npos);
    EXPECT_NE(sent.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(SuggestionRoutes, TheFourthSuggestionInAnHourFromOneAddressIsRefusedAndNotStored)
{
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(suggest().status, 303) << i;
    auto fourth = suggest();
    EXPECT_EQ(fourth.status, 429);
    EXPECT_EQ(fourth.header("retry-after"), "3600");
    EXPECT_NE(fourth.body.find("try again later"), std::string::npos);
    EXPECT_NE(fourth.body.find("value=\"Knit and natter\""), std::string::npos) << "nothing typed is lost";
    EXPECT_EQ(queued(), 3u);
    g_now += 3600;
    EXPECT_EQ(suggest().status, 303);
}

TEST_F(SuggestionRoutes, WithoutATrustedProxyAForwardedForHeaderDoesNotEscapeTheLimit)
{
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(suggest({{"X-Forwarded-For", "203.0.113." + std::to_string(i)}}).status, 303);
    EXPECT_EQ(suggest({{"X-Forwarded-For", "203.0.113.99"}}).status, 429);
}

class SuggestionRoutesBehindProxy : public SuggestionRoutes {
protected:
    void SetUp() override
    {
        m_config.trust_proxy = true;
        SuggestionRoutes::SetUp();
    }
};

TEST_F(SuggestionRoutesBehindProxy, EachClientTheProxyNamesHasItsOwnLimit)
{
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(suggest({{"X-Forwarded-For", "203.0.113.1"}}).status, 303);
    EXPECT_EQ(suggest({{"X-Forwarded-For", "203.0.113.1"}}).status, 429);
    EXPECT_EQ(suggest({{"X-Forwarded-For", "203.0.113.2"}}).status, 303);
}

TEST_F(SuggestionRoutes, HostileBodiesAreRefusedAndNothingIsStored)
{
    auto stamp = drawn_stamp();
    g_now += 30;
    auto c = client();
    auto huge = form_encode(good_fields(stamp)) + "&details2=" + std::string(kMaxSuggestionBodyBytes, 'a');
    EXPECT_EQ(c.request("POST", "/whats-on/ashby/suggest", huge, "application/x-www-form-urlencoded").status, 413);
    EXPECT_EQ(c.request("POST", "/whats-on/ashby/suggest", "{\"title\": \"x\"}", "application/json").status, 400);
    EXPECT_EQ(c.request("POST", "/whats-on/ashby/suggest", "title=%ZZ", "application/x-www-form-urlencoded").status, 400);
    EXPECT_EQ(c.request("POST", "/whats-on/ashby/suggest", form_encode(good_fields(stamp)) + "&title=again", "application/x-www-form-urlencoded").status, 400);
    EXPECT_EQ(c.request("POST", "/whats-on/nowhere/suggest", form_encode(good_fields(stamp)), "application/x-www-form-urlencoded").status, 404);
    EXPECT_EQ(queued(), 0u);
    EXPECT_EQ(suggest().status, 303) << "refused bodies used none of the address's three";
}

// [SECTION] The building's queue
TEST_F(SuggestionRoutes, OnlyTheBuildingsEditorsReadTheQueue)
{
    ASSERT_EQ(suggest().status, 303);
    EXPECT_EQ(client().get("/api/admin/sites/ashby/suggestions").status, 401);
    EXPECT_EQ(signed_in("cafe", Role::Cafe, {"ashby"}).get("/api/admin/sites/ashby/suggestions").status, 403);
    EXPECT_EQ(signed_in("elsewhere", Role::Coordinator, {"other"}).get("/api/admin/sites/ashby/suggestions").status, 403);
    auto coordinator = signed_in("jo", Role::Coordinator, {"ashby"});
    auto queue = coordinator.get("/api/admin/sites/ashby/suggestions");
    ASSERT_EQ(queue.status, 200) << queue.body;
    auto list = queue.json()["suggestions"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["title"], "Knit and natter");
    EXPECT_EQ(list[0]["email"], "sam.taylor@example.org");
}

TEST_F(SuggestionRoutes, ApprovingTakesItOutOfTheQueueAndGivesTheEditorWhatToFillIn)
{
    ASSERT_EQ(suggest().status, 303);
    auto id = std::to_string(m_repository->waiting_suggestions("ashby")[0].id);
    auto coordinator = signed_in("jo", Role::Coordinator, {"ashby"});
    EXPECT_EQ(signed_in("elsewhere", Role::Coordinator, {"other"}).post("/api/admin/sites/ashby/suggestions/" + id + "/approve", {}).status, 403);
    EXPECT_EQ(coordinator.post("/api/admin/sites/other/suggestions/" + id + "/approve", {}).status, 403);
    auto approved = coordinator.post("/api/admin/sites/ashby/suggestions/" + id + "/approve", {});
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.json()["suggestion"]["title"], "Knit and natter");
    EXPECT_EQ(approved.json()["suggestion"]["when"], "Tuesdays 2pm");
    EXPECT_EQ(queued(), 0u);
    EXPECT_EQ(coordinator.post("/api/admin/sites/ashby/suggestions/" + id + "/approve", {}).status, 404) << "once";
    EXPECT_EQ(client().get("/whats-on/ashby").body.find("Knit and natter"), std::string::npos) << "not shown until saved as an item";
}

TEST_F(SuggestionRoutes, DismissingDeletesIt)
{
    ASSERT_EQ(suggest().status, 303);
    auto id = std::to_string(m_repository->waiting_suggestions("ashby")[0].id);
    auto coordinator = signed_in("jo", Role::Coordinator, {"ashby"});
    auto no_csrf = coordinator;
    no_csrf.forget_csrf();
    EXPECT_EQ(no_csrf.del("/api/admin/sites/ashby/suggestions/" + id).status, 403);
    EXPECT_EQ(coordinator.del("/api/admin/sites/ashby/suggestions/" + id).status, 200);
    EXPECT_EQ(queued(), 0u);
    EXPECT_EQ(coordinator.del("/api/admin/sites/ashby/suggestions/" + id).status, 404);
}

TEST_F(SuggestionRoutes, SuggestionsAndTheirEmailsArePurgedAfterNinetyDays)
{
    ASSERT_EQ(suggest().status, 303);
    ASSERT_EQ(suggest().status, 303);
    auto waiting = m_repository->waiting_suggestions("ashby");
    ASSERT_EQ(waiting.size(), 2u);
    ASSERT_TRUE(m_repository->approve_suggestion("ashby", waiting[1].id).ok());
    g_now = waiting[1].received_at + kKeepSuggestionsSeconds;
    EXPECT_EQ(m_repository->purge_expired_suggestions(), 1) << "the first, 30 s older";
    EXPECT_EQ(queued(), 0u);
    g_now += 1;
    auto coordinator = signed_in("jo", Role::Coordinator, {"ashby"});
    EXPECT_EQ(coordinator.get("/api/admin/sites/ashby/suggestions").status, 200);
    EXPECT_EQ(m_repository->purge_expired_suggestions(), 0) << "the approved one went as the queue was read";
}
