#pragma once
// Messages kiosk-content sends out of itself: email through an SMTP server (libcurl) and a
// webhook POST (an ntfy topic, a chat bridge). Request threads never send: they enqueue,
// and one small worker thread delivers, retrying with back-off, so a slow or absent mail
// server never holds a thread that serves screens.
//
// Nothing a stranger typed can add a header: addresses must pass mail_address_problem(),
// and the subject loses its control characters and is RFC 2047-encoded when not ASCII.

#include "mail.h"
#include "outcome.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace coi::server {

struct OutboundMessage {
    std::vector<std::string> to; // email addresses (for send_mail)
    std::string subject;         // one line; the webhook's Title
    std::string body;            // plain text, UTF-8
};

// [SECTION] Sending once, on the calling thread (bounded: 10 s to connect, 30 s in all)
Done send_mail(const MailSettings&, const OutboundMessage&);       // SMTP through libcurl (smtp:// with STARTTLS when offered, smtps://)
Done post_webhook(const std::string& url, const OutboundMessage&); // POST text/plain body with a Title header (ntfy shows it)

// The message as send_mail hands it to the SMTP server: headers (CRLF), a blank line, the
// body with CRLF line ends. `date` is an RFC 5322 date ("Mon, 07 Dec 2026 15:40:00 +0000"),
// `message_id` the part inside <>; both parameters so the text can be checked as it is.
Outcome<std::string> format_mail(const MailSettings&, const OutboundMessage&, const std::string& date, const std::string& message_id);
std::string header_text(const std::string& text);    // one line, no control characters; "=?UTF-8?B?...?=" when not ASCII
std::string webhook_problem(const std::string& url); // empty when `url` is an http(s) address a webhook can be posted to
std::string webhook_host(const std::string& url);    // only the host, for the log: an ntfy topic in the path is as good as a password

// [SECTION] The queue
// How the queue retries (namespace scope: a nested struct's defaults cannot be used in
// its own class's default arguments).
struct OutboundOptions {
    std::size_t queue_limit = 200;                                   // deliveries waiting; more are dropped (and logged)
    int attempts = 6;                                                // tries per delivery before it is given up (and logged)
    std::chrono::milliseconds first_retry{std::chrono::seconds(30)}; // then twice as long each time
};

// How a delivery is sent: the real send_mail and post_webhook unless a test gives its own.
struct OutboundSenders {
    std::function<Done(const MailSettings&, const OutboundMessage&)> mail = send_mail;
    std::function<Done(const std::string&, const OutboundMessage&)> webhook = post_webhook;
};

class Outbound {
public:
    using Options = OutboundOptions;
    using Senders = OutboundSenders;

    explicit Outbound(MailSettings mail);
    Outbound(MailSettings mail, Options options, Senders senders = {});
    ~Outbound();
    Outbound(const Outbound&) = delete;
    Outbound& operator=(const Outbound&) = delete;

    // One email to all of `emails` (when [mail] is set up) and one POST to each webhook URL.
    // Returns at once; false when nothing could be queued (the queue is full or stopping).
    bool enqueue(OutboundMessage message, std::vector<std::string> emails, std::vector<std::string> webhook_urls);
    bool mail_enabled() const { return m_mail.enabled(); }
    void stop();                                             // the delivery under way finishes; what is still queued is logged and dropped
    bool wait_until_idle(std::chrono::milliseconds longest); // true when nothing is queued or being sent (tests, shutdown)

    struct Counts {
        std::int64_t sent = 0;    // deliveries that went through
        std::int64_t retried = 0; // failed tries that will be tried again
        std::int64_t given_up = 0;
        std::int64_t dropped = 0; // not queued: the queue was full
    };
    Counts counts() const;

private:
    struct Delivery {
        enum class Kind { Mail, Webhook } kind = Kind::Mail;
        std::string webhook_url;
        OutboundMessage message;
        int tries = 0;
        std::chrono::steady_clock::time_point due;
    };
    void run();
    Done deliver(const Delivery&);

    MailSettings m_mail;
    Options m_options;
    Senders m_senders;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Delivery> m_queue; // guarded by m_mutex
    bool m_busy = false;          // a delivery is being sent
    bool m_stopping = false;
    Counts m_counts;
    std::thread m_thread;
};

} // namespace coi::server
