// Sign-in, sessions, CSRF and the login rate limit.
#include "server_fixture.h"

using namespace coi::server;
using namespace coi::server::test;

TEST_F(ServerTest, LoginSetsAnHttpOnlyStrictSessionCookie)
{
    auto c = client();
    auto reply = c.login("admin", kAdminPassword);
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto cookie = reply.header("set-cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos); // not behind TLS in this test
    EXPECT_EQ(reply.json()["user"]["role"], "admin");
    EXPECT_EQ(c.get("/api/admin/session").status, 200);
}

TEST_F(ServerTest, WrongPasswordIsRefusedWithoutSayingWhich)
{
    auto reply = client().login("admin", "not the password");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.json()["code"], "unauthorised");
    EXPECT_EQ(client().login("nobody", "not the password").json()["error"], reply.json()["error"]);
}

TEST_F(ServerTest, NoSessionMeansNoAdminApi)
{
    EXPECT_EQ(client().get("/api/admin/sites").status, 401);
    EXPECT_EQ(client().post("/api/admin/sites", site_json("x")).status, 401);
}

TEST_F(ServerTest, StateChangeWithoutCsrfTokenIsRefused)
{
    auto c = admin();
    c.forget_csrf();
    auto reply = c.post("/api/admin/sites", site_json("ashby"));
    EXPECT_EQ(reply.status, 403);
    EXPECT_NE(reply.json()["error"].get<std::string>().find("CSRF"), std::string::npos);
    EXPECT_FALSE(m_repository->site("ashby").ok()); // nothing written
    auto wrong = c.request("POST", "/api/admin/sites", site_json("ashby").dump(), "application/json",
                           {{"X-CSRF-Token", std::string(64, 'a')}});
    EXPECT_EQ(wrong.status, 403);
}

TEST_F(ServerTest, LogoutEndsTheSession)
{
    auto c = admin();
    EXPECT_EQ(c.post("/api/admin/logout", nlohmann::json::object()).status, 200);
    EXPECT_EQ(c.get("/api/admin/session").status, 401);
}

TEST_F(ServerTest, FiveFailedLoginsPerAccountThenRefusedEvenWithTheRightPassword)
{
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(client().login("admin", "wrong password " + std::to_string(i)).status, 401);
    auto blocked = client().login("admin", kAdminPassword);
    EXPECT_EQ(blocked.status, 429);
    EXPECT_EQ(blocked.json()["code"], "too_many_requests");
}

TEST_F(ServerTest, FailedLoginsAreAlsoLimitedPerAddress)
{
    // Five different made-up accounts from the same address: the sixth try is refused.
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(client().login("someone" + std::to_string(i), "wrong password").status, 401);
    EXPECT_EQ(client().login("admin", kAdminPassword).status, 429);
}

TEST_F(ServerTest, SecurityHeadersOnEveryAnswer)
{
    auto reply = client().get("/admin/");
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
    EXPECT_NE(reply.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
}

TEST_F(ServerTest, ChangeFromAnotherSitesPageIsRefusedEvenWithTheToken)
{
    auto c = admin();
    auto reply = c.request("POST", "/api/admin/sites", site_json("ashby").dump(), "application/json",
                           {{"Origin", "https://evil.example"}});
    EXPECT_EQ(reply.status, 403);
    EXPECT_FALSE(m_repository->site("ashby").ok());
    auto same = c.request("POST", "/api/admin/sites", site_json("ashby").dump(), "application/json",
                          {{"Origin", "http://127.0.0.1:" + std::to_string(m_port)}});
    EXPECT_EQ(same.status, 201) << same.body;
}
