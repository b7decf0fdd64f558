#include "outbound.h"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>

namespace coi::server {

namespace {

constexpr long kConnectSeconds = 10;
constexpr long kTotalSeconds = 30;
constexpr std::size_t kMaxAnswerBytes = 16 * 1024; // what a webhook answers is only read to be dropped

void curl_once()
{
    // curl_global_init is not thread-safe: once, from whichever thread sends first (the
    // worker, or a test on its own thread), guarded here.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

bool append(Slist& list, const std::string& item)
{
    auto* grown = curl_slist_append(list.get(), item.c_str());
    if (!grown)
        return false;
    if (!list) // the first item makes the list; later ones are appended to the same head
        list.reset(grown);
    return true;
}

void common_options(CURL* curl, const char* protocols)
{
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectSeconds);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, kTotalSeconds);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
}

Done curl_failure(CURLcode code, const char* error_buffer, const std::string& what)
{
    std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    return Failure{FailureKind::Internal, what + ": " + detail};
}

// The body as SMTP wants it: every line ended by CRLF (libcurl does the dot-stuffing).
std::string crlf_lines(const std::string& text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 40 + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)
        out += "\r\n";
    return out;
}

std::string base64(const std::string& bytes)
{
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::string rfc5322_now()
{
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 64> text{};
    std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return text.data();
}

std::string random_id()
{
    std::array<unsigned char, 12> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return hex;
}

struct Upload {
    const std::string& text;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user)
{
    auto* upload = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, upload->text.size() - upload->offset);
    std::memcpy(buffer, upload->text.data() + upload->offset, n);
    upload->offset += n;
    return n;
}

std::size_t drop_answer(char*, std::size_t size, std::size_t count, void* user)
{
    auto* total = static_cast<std::size_t*>(user);
    *total += size * count;
    return *total > kMaxAnswerBytes ? 0 : size * count; // 0 ends the transfer: nobody reads it anyway
}

} // namespace

// [SECTION] Headers

std::string webhook_host(const std::string& url)
{
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of("/?#", start);
    auto host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (auto at = host.rfind('@'); at != std::string::npos)
        host = host.substr(at + 1); // never a user:password in the log
    return host;
}

std::string header_text(const std::string& text)
{
    // Control characters (CR and LF above all: a new header) become spaces, runs of them one.
    std::string line;
    bool ascii = true;
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) {
            if (!line.empty() && line.back() != ' ')
                line += ' ';
            continue;
        }
        ascii = ascii && c < 0x80;
        line += static_cast<char>(c);
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    if (line.size() > 200) // a subject, not a letter; cut on a UTF-8 character's start
    {
        std::size_t cut = 200;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut;
        line.resize(cut);
    }
    if (ascii)
        return line;
    // RFC 2047: encoded words of at most 75 characters, split between UTF-8 characters and
    // folded onto continuation lines (CRLF + space is a fold, not a new header).
    std::string out;
    std::size_t start = 0;
    while (start < line.size()) {
        std::size_t end = std::min(line.size(), start + 45); // 45 bytes -> 60 base64 characters
        while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
            --end;
        if (!out.empty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + base64(line.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string webhook_problem(const std::string& url)
{
    if (url.empty())
        return "is empty";
    if (url.size() > 2000)
        return "is longer than 2000 characters";
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return "must start with https:// (or http://)";
    if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; }))
        return "may not hold spaces or control characters";
    auto host_start = url.find("://") + 3;
    if (host_start >= url.size() || url[host_start] == '/')
        return "needs a host, like https://ntfy.sh/your-topic";
    return {};
}

Outcome<std::string> format_mail(const MailSettings& mail, const OutboundMessage& message, const std::string& date, const std::string& message_id)
{
    if (auto wrong = mail_address_problem(mail.from); !wrong.empty())
        return bad_input("[mail] from \"" + header_text(mail.from) + "\" " + wrong);
    if (message.to.empty())
        return bad_input("an email needs at least one address to go to");
    std::string to;
    for (auto& address : message.to) {
        if (auto wrong = mail_address_problem(address); !wrong.empty())
            return bad_input("the address \"" + header_text(address) + "\" " + wrong);
        to += (to.empty() ? "" : ",\r\n ") + address;
    }
    auto domain = mail.from.substr(mail.from.rfind('@') + 1);
    std::string text;
    text += "Date: " + header_text(date) + "\r\n";
    text += "From: Come On In <" + mail.from + ">\r\n";
    text += "To: " + to + "\r\n";
    text += "Subject: " + header_text(message.subject) + "\r\n";
    text += "Message-ID: <" + header_text(message_id) + "@" + domain + ">\r\n";
    text += "MIME-Version: 1.0\r\n";
    text += "Content-Type: text/plain; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: 8bit\r\n";
    text += "Auto-Submitted: auto-generated\r\n"; // RFC 3834: no auto-replies to a robot
    text += "\r\n";
    text += crlf_lines(message.body);
    return text;
}

// [SECTION] Sending

Done send_mail(const MailSettings& mail, const OutboundMessage& message)
{
    if (!mail.enabled())
        return bad_input("email is not set up: [mail] smtp_url and from in the server's config");
    auto text = format_mail(mail, message, rfc5322_now(), random_id());
    if (!text)
        return text.failure();
    curl_once();
    CurlHandle curl(curl_easy_init());
    if (!curl)
        return Failure{FailureKind::Internal, "cannot start libcurl"};
    std::array<char, CURL_ERROR_SIZE> error{};
    common_options(curl.get(), "smtp,smtps");
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error.data());
    curl_easy_setopt(curl.get(), CURLOPT_URL, mail.smtp_url.c_str());
    // smtp://: STARTTLS whenever the server offers it; with a password, only over TLS, so a
    // password never crosses the network in the clear. smtps:// is TLS from the start.
    curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, mail.username.empty() ? static_cast<long>(CURLUSESSL_TRY) : static_cast<long>(CURLUSESSL_ALL));
    if (!mail.username.empty()) {
        curl_easy_setopt(curl.get(), CURLOPT_USERNAME, mail.username.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, mail.password.c_str());
    }
    std::string envelope_from = "<" + mail.from + ">";
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, envelope_from.c_str());
    Slist recipients;
    for (auto& address : message.to)
        if (!append(recipients, "<" + address + ">"))
            return Failure{FailureKind::Internal, "out of memory"};
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
    Upload upload{*text};
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    if (auto code = curl_easy_perform(curl.get()); code != CURLE_OK)
        return curl_failure(code, error.data(), "could not send email through " + mail.smtp_url);
    return done();
}

Done post_webhook(const std::string& url, const OutboundMessage& message)
{
    if (auto wrong = webhook_problem(url); !wrong.empty())
        return bad_input("the webhook address " + wrong);
    curl_once();
    CurlHandle curl(curl_easy_init());
    if (!curl)
        return Failure{FailureKind::Internal, "cannot start libcurl"};
    std::array<char, CURL_ERROR_SIZE> error{};
    common_options(curl.get(), "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error.data());
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L); // a redirect is an answer, not a new target
    Slist headers;
    // Title is ntfy's; other services ignore it and read the body. Folded RFC 2047 words
    // are one line here: HTTP has no folding.
    std::string title = header_text(message.subject);
    std::replace(title.begin(), title.end(), '\r', ' ');
    title.erase(std::remove(title.begin(), title.end(), '\n'), title.end());
    if (!append(headers, "Content-Type: text/plain; charset=utf-8") || !append(headers, "Title: " + title) || !append(headers, "Expect:"))
        return Failure{FailureKind::Internal, "out of memory"};
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, message.body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(message.body.size()));
    std::size_t answer_bytes = 0;
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, drop_answer);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer_bytes);
    auto code = curl_easy_perform(curl.get());
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_WRITE_ERROR && status >= 200 && status < 300)
        code = CURLE_OK; // a long answer we stopped reading: the POST itself went through
    if (code != CURLE_OK)
        return curl_failure(code, error.data(), "could not post to the webhook");
    if (status < 200 || status >= 300)
        return Failure{FailureKind::Internal, "the webhook answered " + std::to_string(status)};
    return done();
}

// [SECTION] The queue

Outbound::Outbound(MailSettings mail) : Outbound(std::move(mail), Options{}) { }

Outbound::Outbound(MailSettings mail, Options options, Senders senders) : m_mail(std::move(mail)), m_options(options), m_senders(std::move(senders))
{
    curl_once(); // before the thread, so no other thread can be inside libcurl's set-up
    m_thread = std::thread([this] { run(); });
}

Outbound::~Outbound() { stop(); }

bool Outbound::enqueue(OutboundMessage message, std::vector<std::string> emails, std::vector<std::string> webhook_urls)
{
    std::vector<Delivery> deliveries;
    auto now = std::chrono::steady_clock::now();
    if (m_mail.enabled() && !emails.empty()) {
        Delivery mail{Delivery::Kind::Mail, {}, message, 0, now};
        mail.message.to = std::move(emails);
        deliveries.push_back(std::move(mail));
    }
    for (auto& url : webhook_urls)
        deliveries.push_back({Delivery::Kind::Webhook, std::move(url), message, 0, now});
    if (deliveries.empty())
        return true;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queue.size() + deliveries.size() > m_options.queue_limit) {
            m_counts.dropped += static_cast<std::int64_t>(deliveries.size());
            std::cerr << "kiosk-content: not sent (" << (m_stopping ? "stopping" : "too many messages waiting") << "): \"" << header_text(message.subject)
                      << "\"\n";
            return false;
        }
        for (auto& delivery : deliveries)
            m_queue.push_back(std::move(delivery));
    }
    m_wake.notify_all();
    return true;
}

void Outbound::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !m_thread.joinable())
            return;
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_mutex);
    for (auto& left : m_queue)
        std::cerr << "kiosk-content: stopping, so not sent: \"" << header_text(left.message.subject) << "\" to "
                  << (left.kind == Delivery::Kind::Mail ? "email" : "the webhook") << "\n";
    m_queue.clear();
}

bool Outbound::wait_until_idle(std::chrono::milliseconds longest)
{
    std::unique_lock lock(m_mutex);
    return m_wake.wait_for(lock, longest, [this] { return m_queue.empty() && !m_busy; });
}

Outbound::Counts Outbound::counts() const
{
    std::lock_guard lock(m_mutex);
    return m_counts;
}

Done Outbound::deliver(const Delivery& delivery)
{
    try {
        if (delivery.kind == Delivery::Kind::Mail)
            return m_senders.mail(m_mail, delivery.message);
        return m_senders.webhook(delivery.webhook_url, delivery.message);
    } catch (const std::exception& error) { // a sender must never take the worker down with it
        return Failure{FailureKind::Internal, error.what()};
    }
}

void Outbound::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_stopping)
            return;
        // The delivery due first; the queue is short, so a scan is simplest.
        auto next = std::min_element(m_queue.begin(), m_queue.end(), [](auto& a, auto& b) { return a.due < b.due; });
        if (next == m_queue.end()) {
            m_wake.wait(lock);
            continue;
        }
        if (next->due > std::chrono::steady_clock::now()) {
            m_wake.wait_until(lock, next->due);
            continue;
        }
        Delivery delivery = std::move(*next);
        m_queue.erase(next);
        m_busy = true;
        lock.unlock();
        Done sent = deliver(delivery);
        lock.lock();
        m_busy = false;
        ++delivery.tries;
        std::string where = delivery.kind == Delivery::Kind::Mail ? "email" : "the webhook at " + webhook_host(delivery.webhook_url);
        if (sent) {
            ++m_counts.sent;
        } else if (delivery.tries >= m_options.attempts || sent.failure().kind == FailureKind::BadInput) {
            // A refused address or URL is refused again next time: only network trouble is retried.
            ++m_counts.given_up;
            std::cerr << "kiosk-content: gave up sending \"" << header_text(delivery.message.subject) << "\" by " << where << " after " << delivery.tries
                      << " tries: " << sent.failure().message << "\n";
        } else {
            ++m_counts.retried;
            auto wait = m_options.first_retry * (1 << std::min(delivery.tries - 1, 10));
            std::cerr << "kiosk-content: could not send \"" << header_text(delivery.message.subject) << "\" by " << where << " (" << sent.failure().message
                      << "); trying again in " << std::chrono::duration_cast<std::chrono::seconds>(wait).count() << " s\n";
            delivery.due = std::chrono::steady_clock::now() + wait;
            m_queue.push_back(std::move(delivery));
        }
        m_wake.notify_all(); // wait_until_idle
    }
}

} // namespace coi::server
