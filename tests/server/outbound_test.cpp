// Email and webhooks out of kiosk-content: the text that goes out, a real SMTP exchange and
// a real webhook POST on 127.0.0.1, and the queue that retries without holding anyone.
#include "content/server/config.h"
#include "content/server/outbound.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

using namespace coi::server;
using namespace std::chrono_literals;

namespace {

MailSettings test_mail() { return {"smtp://127.0.0.1:1", "screens@example.org", "", ""}; }

std::string header_block(const std::string& text) { return text.substr(0, text.find("\r\n\r\n") + 2); }

// A mail server that speaks just enough SMTP for one message, and keeps what it was told.
// No STARTTLS in its EHLO: libcurl must go on in the clear when no password is to be sent.
class OneMessageSmtp {
public:
    OneMessageSmtp()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(m_listener, 1);
        socklen_t size = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &size);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~OneMessageSmtp()
    {
        ::shutdown(m_listener, SHUT_RDWR);
        ::close(m_listener);
        if (m_thread.joinable())
            m_thread.join();
    }
    int port() const { return m_port; }
    std::string transcript() { return m_done.get_future().wait_for(10s) == std::future_status::ready ? m_transcript : "(timed out)"; }

private:
    void serve()
    {
        int client = ::accept(m_listener, nullptr, nullptr);
        if (client < 0) {
            m_done.set_value();
            return;
        }
        timeval limit{10, 0}; // a test that goes wrong ends, it does not hang
        ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        auto say = [client](const std::string& line) { return ::send(client, line.data(), line.size(), MSG_NOSIGNAL) > 0; };
        say("220 test ESMTP\r\n");
        std::string pending;
        bool in_data = false;
        char buffer[4096];
        for (;;) {
            auto n = ::recv(client, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            pending.append(buffer, static_cast<std::size_t>(n));
            std::size_t end;
            while ((end = pending.find("\r\n")) != std::string::npos) {
                std::string line = pending.substr(0, end);
                pending.erase(0, end + 2);
                m_transcript += line + "\n";
                if (in_data) {
                    if (line == ".") {
                        in_data = false;
                        say("250 queued\r\n");
                    }
                } else if (line.rfind("EHLO", 0) == 0) {
                    say("250-test\r\n250 8BITMIME\r\n");
                } else if (line == "DATA") {
                    in_data = true;
                    say("354 go on\r\n");
                } else if (line == "QUIT") {
                    say("221 bye\r\n");
                    ::close(client);
                    m_done.set_value();
                    return;
                } else {
                    say("250 ok\r\n");
                }
            }
        }
        ::close(client);
        m_done.set_value();
    }
    int m_listener = -1;
    int m_port = 0;
    std::string m_transcript;
    std::promise<void> m_done;
    std::thread m_thread;
};

} // namespace

// [SECTION] Addresses and headers

TEST(MailAddress, PlainAddressesPass)
{
    EXPECT_EQ(mail_address_problem("ann.coordinator+screens@ashby-hill.org.uk"), "");
    EXPECT_EQ(mail_address_problem("root@localhost"), "");
}

TEST(MailAddress, AnythingThatCouldAddAHeaderOrARecipientIsRefused)
{
    EXPECT_NE(mail_address_problem("ann@example.org\r\nBcc: all@example.org"), "");
    EXPECT_NE(mail_address_problem("ann@example.org\nX: y"), "");
    EXPECT_NE(mail_address_problem("ann@example.org, bob@example.org"), "");
    EXPECT_NE(mail_address_problem("Ann <ann@example.org>"), "");
    EXPECT_NE(mail_address_problem("ann@example.org>"), "");
    EXPECT_NE(mail_address_problem("\"a b\"@example.org"), "");
    EXPECT_NE(mail_address_problem("ann@@example.org"), "");
    EXPECT_NE(mail_address_problem("ann"), "");
    EXPECT_NE(mail_address_problem(""), "");
}

TEST(MailText, ASubjectWithLineBreaksStaysOneHeader)
{
    OutboundMessage message{{"ann@example.org"}, "Screen down\r\nBcc: everyone@example.org\nX-Evil: 1", "body"};
    auto text = format_mail(test_mail(), message, "Mon, 07 Dec 2026 15:40:00 +0000", "abc");
    ASSERT_TRUE(text.ok()) << text.failure().message;
    auto headers = header_block(*text);
    EXPECT_EQ(headers.find("\r\nBcc:"), std::string::npos) << headers;
    EXPECT_EQ(headers.find("\r\nX-Evil:"), std::string::npos) << headers;
    EXPECT_NE(headers.find("Subject: Screen down Bcc: everyone@example.org X-Evil: 1\r\n"), std::string::npos) << headers;
}

TEST(MailText, AnAddressThatCouldInjectIsRefusedNotSent)
{
    OutboundMessage message{{"ann@example.org\r\nBcc: everyone@example.org"}, "s", "b"};
    auto text = format_mail(test_mail(), message, "d", "id");
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.failure().message.find("line break"), std::string::npos) << text.failure().message;
    EXPECT_EQ(text.failure().message.find('\n'), std::string::npos);
}

TEST(MailText, NonAsciiSubjectIsEncodedAndTheBodyIsUtf8WithCrlfLines)
{
    OutboundMessage message{{"ann@example.org", "bob@example.org"}, "Ekran w kawiarni milczy — café", "line one\nline two"};
    auto text = format_mail(test_mail(), message, "Mon, 07 Dec 2026 15:40:00 +0000", "abc");
    ASSERT_TRUE(text.ok());
    EXPECT_NE(text->find("Subject: =?UTF-8?B?"), std::string::npos) << *text;
    EXPECT_NE(text->find("To: ann@example.org,\r\n bob@example.org\r\n"), std::string::npos) << *text;
    EXPECT_NE(text->find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(text->find("\r\n\r\nline one\r\nline two\r\n"), std::string::npos) << *text;
    for (std::size_t i = 0; i < text->size(); ++i) { // every line end is CRLF: no bare LF for a server to misread
        if ((*text)[i] == '\n') {
            ASSERT_EQ((*text)[i - 1], '\r') << "at " << i;
        }
    }
}

TEST(WebhookAddress, OnlyHttpAddressesWithAHost)
{
    EXPECT_EQ(webhook_problem("https://ntfy.sh/ashby-hill-screens"), "");
    EXPECT_NE(webhook_problem("file:///etc/passwd"), "");
    EXPECT_NE(webhook_problem("https:///path"), "");
    EXPECT_NE(webhook_problem("https://ntfy.sh/a\r\nHost: b"), "");
    EXPECT_EQ(webhook_host("https://user:secret@ntfy.sh/private-topic?x=1"), "ntfy.sh");
}

// [SECTION] Sending for real on 127.0.0.1

TEST(SendMail, DeliversOneMessageToEveryRecipientThroughSmtp)
{
    OneMessageSmtp smtp;
    MailSettings mail{"smtp://127.0.0.1:" + std::to_string(smtp.port()), "screens@example.org", "", ""};
    OutboundMessage message{{"ann@example.org", "bob@example.org"}, "Reception screen is silent", "It last spoke at 09:12.\n.\nEnd."};
    auto sent = send_mail(mail, message);
    ASSERT_TRUE(sent.ok()) << sent.failure().message;
    auto said = smtp.transcript();
    EXPECT_NE(said.find("MAIL FROM:<screens@example.org>"), std::string::npos) << said;
    EXPECT_NE(said.find("RCPT TO:<ann@example.org>"), std::string::npos) << said;
    EXPECT_NE(said.find("RCPT TO:<bob@example.org>"), std::string::npos) << said;
    EXPECT_NE(said.find("Subject: Reception screen is silent\n"), std::string::npos) << said;
    EXPECT_NE(said.find("It last spoke at 09:12.\n..\nEnd.\n.\n"), std::string::npos) << "a lone dot is stuffed, not the end: " << said;
}

TEST(SendMail, ANameAndPasswordAreNeverSentWithoutTls)
{
    OneMessageSmtp smtp; // offers no STARTTLS
    MailSettings mail{"smtp://127.0.0.1:" + std::to_string(smtp.port()), "screens@example.org", "screens", "secret-password"};
    auto sent = send_mail(mail, {{"ann@example.org"}, "s", "b"});
    EXPECT_FALSE(sent.ok());
    EXPECT_EQ(smtp.transcript().find("AUTH"), std::string::npos);
}

TEST(SendMail, AnAbsentServerIsAFailureNotAHang)
{
    int port = 0;
    { // a port that was just free: nobody listens on it now
        OneMessageSmtp gone;
        port = gone.port();
    }
    auto sent = send_mail({"smtp://127.0.0.1:" + std::to_string(port), "screens@example.org", "", ""}, {{"ann@example.org"}, "s", "b"});
    ASSERT_FALSE(sent.ok());
    EXPECT_NE(sent.failure().message.find("could not send email"), std::string::npos) << sent.failure().message;
}

TEST(PostWebhook, PostsTheBodyAsTextWithTheSubjectAsTitle)
{
    httplib::Server server;
    std::string body, title, type;
    server.Post("/ashby-screens", [&](const httplib::Request& req, httplib::Response& res) {
        body = req.body;
        title = req.get_header_value("Title");
        type = req.get_header_value("Content-Type");
        res.set_content("{}", "application/json");
    });
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });
    auto sent
        = post_webhook("http://127.0.0.1:" + std::to_string(port) + "/ashby-screens", {{}, "Café screen is back\r\nX-Evil: 1", "It spoke again at 10:02."});
    server.stop();
    thread.join();
    ASSERT_TRUE(sent.ok()) << sent.failure().message;
    EXPECT_EQ(body, "It spoke again at 10:02.");
    EXPECT_EQ(type, "text/plain; charset=utf-8");
    EXPECT_EQ(title.rfind("=?UTF-8?B?", 0), 0u) << title; // RFC 2047, which ntfy decodes
    EXPECT_EQ(title.find('\n'), std::string::npos);
}

TEST(PostWebhook, AnErrorAnswerIsAFailure)
{
    httplib::Server server;
    server.Post("/topic", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });
    auto sent = post_webhook("http://127.0.0.1:" + std::to_string(port) + "/topic", {{}, "t", "b"});
    server.stop();
    thread.join();
    ASSERT_FALSE(sent.ok());
    EXPECT_NE(sent.failure().message.find("500"), std::string::npos);
}

// [SECTION] The queue

namespace {
Outbound::Options quick(std::size_t limit = 200) { return {limit, 4, 1ms}; }
} // namespace

TEST(Outbound, OneEmailForAllAddressesAndOnePostPerWebhook)
{
    std::atomic<int> mails{0}, posts{0};
    std::vector<std::string> mailed_to;
    Outbound outbound(test_mail(), quick(),
        {[&](const MailSettings&, const OutboundMessage& m) {
             mailed_to = m.to;
             ++mails;
             return done();
         },
            [&](const std::string&, const OutboundMessage&) {
                ++posts;
                return done();
            }});
    ASSERT_TRUE(outbound.enqueue({{}, "s", "b"}, {"ann@example.org", "bob@example.org"}, {"http://a/x", "http://b/y"}));
    ASSERT_TRUE(outbound.wait_until_idle(10s));
    EXPECT_EQ(mails, 1);
    EXPECT_EQ(posts, 2);
    EXPECT_EQ(mailed_to, (std::vector<std::string>{"ann@example.org", "bob@example.org"}));
    EXPECT_EQ(outbound.counts().sent, 3);
}

TEST(Outbound, WithoutMailSetUpOnlyTheWebhooksAreSent)
{
    std::atomic<int> mails{0}, posts{0};
    Outbound outbound(MailSettings{}, quick(),
        {[&](const MailSettings&, const OutboundMessage&) {
             ++mails;
             return done();
         },
            [&](const std::string&, const OutboundMessage&) {
                ++posts;
                return done();
            }});
    ASSERT_TRUE(outbound.enqueue({{}, "s", "b"}, {"ann@example.org"}, {"http://a/x"}));
    ASSERT_TRUE(outbound.wait_until_idle(10s));
    EXPECT_EQ(mails, 0);
    EXPECT_EQ(posts, 1);
}

TEST(Outbound, NetworkTroubleIsRetriedUntilItGoesThrough)
{
    std::atomic<int> tries{0};
    Outbound outbound(MailSettings{}, quick(), {send_mail, [&](const std::string&, const OutboundMessage&) -> Done {
                                                    if (++tries < 3)
                                                        return Failure{FailureKind::Internal, "connection refused"};
                                                    return done();
                                                }});
    outbound.enqueue({{}, "s", "b"}, {}, {"http://a/x"});
    ASSERT_TRUE(outbound.wait_until_idle(10s));
    EXPECT_EQ(tries, 3);
    EXPECT_EQ(outbound.counts().retried, 2);
    EXPECT_EQ(outbound.counts().sent, 1);
}

TEST(Outbound, GivesUpAfterItsTriesAndAtOnceOnARefusedAddress)
{
    std::atomic<int> network{0}, refused{0};
    Outbound outbound(test_mail(), quick(),
        {[&](const MailSettings&, const OutboundMessage&) -> Done {
             ++refused;
             return bad_input("bad address");
         },
            [&](const std::string&, const OutboundMessage&) -> Done {
                ++network;
                return Failure{FailureKind::Internal, "down"};
            }});
    outbound.enqueue({{}, "s", "b"}, {"ann@example.org"}, {"http://a/x"});
    ASSERT_TRUE(outbound.wait_until_idle(10s));
    EXPECT_EQ(network, 4); // Options::attempts
    EXPECT_EQ(refused, 1);
    EXPECT_EQ(outbound.counts().given_up, 2);
}

TEST(Outbound, EnqueueReturnsWhileASendIsStuckAndAFullQueueDrops)
{
    std::promise<void> release;
    auto released = release.get_future().share();
    std::atomic<int> posts{0};
    Outbound outbound(MailSettings{}, quick(2), {send_mail, [&](const std::string&, const OutboundMessage&) {
                                                     released.wait_for(20s); // a webhook host that never answers (bounded, so the test ends)
                                                     ++posts;
                                                     return done();
                                                 }});
    EXPECT_TRUE(outbound.enqueue({{}, "first", "b"}, {}, {"http://a/x"}));
    EXPECT_FALSE(outbound.wait_until_idle(50ms)); // the first is being sent, and stuck
    EXPECT_TRUE(outbound.enqueue({{}, "second", "b"}, {}, {"http://a/x"}));
    EXPECT_TRUE(outbound.enqueue({{}, "third", "b"}, {}, {"http://a/x"}));
    EXPECT_FALSE(outbound.enqueue({{}, "fourth", "b"}, {}, {"http://a/x"})); // two waiting: the limit
    EXPECT_EQ(outbound.counts().dropped, 1);
    release.set_value();
    ASSERT_TRUE(outbound.wait_until_idle(10s));
    EXPECT_EQ(posts, 3);
}

TEST(Outbound, StopEndsTheWorkerAndRefusesMore)
{
    Outbound outbound(MailSettings{}, {200, 6, std::chrono::hours(1)}, {send_mail, [](const std::string&, const OutboundMessage&) -> Done {
                                                                            return Failure{FailureKind::Internal, "down"};
                                                                        }});
    outbound.enqueue({{}, "s", "b"}, {}, {"http://a/x"}); // fails, then waits an hour for its retry
    while (outbound.counts().retried == 0)
        std::this_thread::sleep_for(1ms);
    outbound.stop(); // does not wait for the hour
    EXPECT_FALSE(outbound.enqueue({{}, "s", "b"}, {}, {"http://a/x"}));
}

// [SECTION] [mail] in the server's config

TEST(ServerConfig, MailIsOffUnlessAServerAndASenderAreGiven)
{
    EXPECT_FALSE(parse_config("", "k.toml")->mail.enabled());
    auto config = parse_config("[mail]\nsmtp_url = \"smtp://mail.example.org:587\"\nfrom = \"screens@example.org\"\n", "k.toml");
    ASSERT_TRUE(config.ok()) << config.failure().message;
    EXPECT_TRUE(config->mail.enabled());
    EXPECT_EQ(config->mail.from, "screens@example.org");
}

TEST(ServerConfig, MailProblemsAreSaidWithTheirLines)
{
    auto check = check_config("[mail]\nsmtp_url = \"http://mail.example.org\"\nfrom = \"Screens <s@example.org>\"\nusername = \"u\"\n");
    ASSERT_EQ(check.problems.size(), 3u);
    EXPECT_EQ(check.problems[0].line, 1); // username without password, said on [mail]
    EXPECT_NE(check.problems[0].message.find("no password"), std::string::npos) << check.problems[0].message;
    EXPECT_EQ(check.problems[1].line, 2);
    EXPECT_NE(check.problems[1].message.find("smtp://"), std::string::npos) << check.problems[1].message;
    EXPECT_EQ(check.problems[2].line, 3);
    EXPECT_NE(check.problems[2].message.find("from"), std::string::npos) << check.problems[2].message;
}

TEST(ServerConfig, MailWithoutASenderIsAProblem)
{
    auto check = check_config("[mail]\nsmtp_url = \"smtps://mail.example.org\"\n");
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_NE(check.problems[0].message.find("needs from"), std::string::npos) << check.problems[0].message;
}
