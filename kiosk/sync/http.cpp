#include "kiosk/sync/http.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace coi::sync {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view text)
{
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos)
        return {};
    auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

struct Transfer {
    FetchResponse response;
    std::size_t max_bytes = 0;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::size_t n = size * count;
    if (t->response.body.size() + n > t->max_bytes) {
        t->too_large = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::size_t n = size * count;
    std::string_view line(data, n);
    if (line.rfind("HTTP/", 0) == 0) {
        t->response.headers.clear(); // a new response after a redirect or a 100 Continue
        return n;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos && t->response.headers.size() < 100)
        t->response.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    return n;
}

std::string host_of(std::string_view url)
{
    auto start = url.find("://");
    if (start == std::string_view::npos)
        return {};
    auto rest = url.substr(start + 3);
    auto end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, end);
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
        authority = authority.substr(at + 1);
    if (!authority.empty() && authority[0] == '[') {
        auto close = authority.find(']');
        return lower(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
    }
    return lower(authority.substr(0, authority.find(':')));
}

// The message names what went wrong in words an installer can act on, without timings
// or byte counts, so the same fault always reads the same.
std::string describe(CURLcode code, const std::string& host, const FetchRequest& request, const char* detail, bool connected)
{
    std::string where = host.empty() ? request.url : host;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return "cannot find " + where + " (DNS)";
    case CURLE_COULDNT_CONNECT: return "cannot connect to " + where + " (refused or unreachable)";
    case CURLE_OPERATION_TIMEDOUT:
        if (std::string_view(detail).find("too slow") != std::string_view::npos)
            return where + " sent too slowly (under " + std::to_string(request.limits.low_speed_bytes) + " bytes/s for "
                   + std::to_string(request.limits.low_speed_seconds) + " s)";
        if (!connected)
            return "connecting to " + where + " timed out";
        return where + " took too long (time-out)";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED: return "secure connection to " + where + " failed (TLS)";
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING: return where + " broke off the answer (truncated)";
    case CURLE_TOO_MANY_REDIRECTS: return where + " redirected too many times (more than " + std::to_string(request.limits.max_redirects) + ")";
    case CURLE_FILESIZE_EXCEEDED: return where + " sent more than " + std::to_string(request.limits.max_bytes) + " bytes";
    case CURLE_UNSUPPORTED_PROTOCOL: return where + ": redirected to a scheme that is not allowed";
    case CURLE_FILE_COULDNT_READ_FILE: return "cannot read " + request.url;
    case CURLE_URL_MALFORMAT: return "not a usable address: " + request.url;
    default: return "fetching from " + where + " failed: " + curl_easy_strerror(code);
    }
}

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// One request on a handle that curl_easy_reset has just put back to its defaults (the
// connection cache, the TLS session cache and the share stay). `transport_ok` is false when
// libcurl itself failed, so the caller can drop the handle and its connections.
Result<FetchResponse> perform(CURL* c, const FetchRequest& request, const std::string& ca_file, char* detail, bool& transport_ok)
{
    transport_ok = false;
    Transfer t;
    t.max_bytes = request.limits.max_bytes;
    detail[0] = '\0';
    Scheme scheme = scheme_of(request.url);
    bool plain_http_ok = request.http == HttpPolicy::Allowed || (scheme == Scheme::Http && is_loopback_url(request.url));

    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); // threads: no SIGALRM for DNS time-outs
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http,file");
    // A redirect may not step down to plain http unless plain http was fine to begin with,
    // and never from the network to file://.
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, plain_http_ok ? "https,http" : "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, request.limits.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, request.limits.max_redirects);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, request.limits.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, request.limits.total_timeout_ms);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, request.limits.low_speed_bytes);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, request.limits.low_speed_seconds);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.limits.max_bytes));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "come-on-in-kiosk");
    // gzip when the server offers it: fewer bytes on the wire. Not brotli (what "" would also
    // offer): cpp-httplib, so kiosk-content, compresses each answer at brotli's top quality,
    // and a 600 KB feed then took 3.4 s of server CPU against 34 ms for gzip (57 KB, against
    // brotli's 28 KB) - per kiosk, per change (scripts/bench/sync).
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!ca_file.empty())
        curl_easy_setopt(c, CURLOPT_CAINFO, ca_file.c_str());
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    bool has_accept = false;
    for (auto& h : request.headers) {
        headers.reset(curl_slist_append(headers.release(), h.c_str()));
        has_accept = has_accept || lower(h.substr(0, 7)) == "accept:";
    }
    // No "Accept: */*": it says nothing an absent Accept does not, and every poll carries it.
    if (!has_accept)
        headers.reset(curl_slist_append(headers.release(), "Accept:"));
    if (request.method == "POST") {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    if (headers)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

    CURLcode code = curl_easy_perform(c);
    std::string host = host_of(request.url);
    if (code == CURLE_WRITE_ERROR && t.too_large)
        code = CURLE_FILESIZE_EXCEEDED;
    if (code != CURLE_OK) {
        // Connected: a connection made for this request, or one reused that the request went out on.
        curl_off_t connect_us = 0;
        long sent = 0;
        curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
        curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &sent);
        return Error{describe(code, host, request, detail, connect_us > 0 || sent > 0)};
    }
    transport_ok = true;

    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    t.response.status = status;
    curl_off_t body_bytes = 0;
    long header_bytes = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
    curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_bytes);
    t.response.wire_bytes = static_cast<long long>(body_bytes) + header_bytes;
    long request_bytes = 0;
    curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_bytes);
    t.response.request_bytes = request_bytes;
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    t.response.content_type = type ? lower(type) : std::string();

    bool success = scheme == Scheme::File || (status >= 200 && status < 300);
    if (success && scheme != Scheme::File && !request.accept_types.empty()) {
        std::string bare = trim(t.response.content_type.substr(0, t.response.content_type.find(';')));
        if (std::find(request.accept_types.begin(), request.accept_types.end(), bare) == request.accept_types.end())
            return Error{host + " answered with " + (bare.empty() ? std::string("no content type") : "content type " + bare)
                         + ", expected " + request.accept_types.front()};
    }
    return std::move(t.response);
}

} // namespace

std::string FetchResponse::header(const std::string& lower_name) const
{
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> server_error_code(const FetchResponse& response)
{
    std::string bare = trim(std::string_view(response.content_type).substr(0, response.content_type.find(';')));
    if (bare != "application/json")
        return std::nullopt;
    auto doc = nlohmann::json::parse(response.body, nullptr, false);
    if (!doc.is_object())
        return std::nullopt;
    auto code = doc.find("code");
    auto error = doc.find("error");
    if (code == doc.end() || !code->is_string() || error == doc.end() || !error->is_string())
        return std::nullopt;
    return code->get<std::string>();
}

void global_init()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Scheme scheme_of(std::string_view url)
{
    auto l = lower(url.substr(0, 8));
    if (l.rfind("https://", 0) == 0)
        return Scheme::Https;
    if (l.rfind("http://", 0) == 0)
        return Scheme::Http;
    if (l.rfind("file://", 0) == 0)
        return Scheme::File;
    return Scheme::Other;
}

bool is_loopback_url(std::string_view url)
{
    auto host = host_of(url);
    if (host == "localhost" || host == "[::1]")
        return true;
    // 127.0.0.0/8 as a dotted quad, not a name that merely starts with "127."
    int dots = 0;
    for (char c : host) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3 && host.rfind("127.", 0) == 0;
}

Result<Ok> check_url(std::string_view url, HttpPolicy policy)
{
    switch (scheme_of(url)) {
    case Scheme::Https:
    case Scheme::File: return Ok{};
    case Scheme::Http:
        if (policy == HttpPolicy::Allowed || is_loopback_url(url))
            return Ok{};
        return Error{"refused plain http:// to " + host_of(url) + ": use https://, or set [sync] allow_http = true on a trusted network"};
    case Scheme::Other: break;
    }
    return Error{"unsupported address \"" + std::string(url) + "\": expected https://, http:// or file://"};
}

// [SECTION] Sessions

struct HttpSession::Handles {
    std::string ca_file;
    CURLSH* share = nullptr;  // TLS sessions and DNS answers: they outlive an easy handle dropped after a failure
    CURL* easy = nullptr;     // its connection cache: the connection the last request left open
    char detail[CURL_ERROR_SIZE] = {};

    ~Handles()
    {
        if (easy)
            curl_easy_cleanup(easy); // closes its connections first: they use the share
        if (share)
            curl_share_cleanup(share);
    }
    void drop_connections()
    {
        curl_easy_cleanup(easy);
        easy = nullptr;
    }
};

HttpSession::HttpSession(std::string ca_file)
    : m_handles(std::make_unique<Handles>())
{
    m_handles->ca_file = std::move(ca_file);
}

HttpSession::~HttpSession() = default;

Result<FetchResponse> HttpSession::fetch(const FetchRequest& request)
{
    if (auto ok = check_url(request.url, request.http); !ok)
        return ok.error();
    global_init();
    Handles& h = *m_handles;
    if (!h.share) {
        h.share = curl_share_init();
        if (h.share) {
            curl_share_setopt(h.share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
            curl_share_setopt(h.share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        }
    }
    if (!h.easy) {
        h.easy = curl_easy_init();
        if (!h.easy)
            return Error{"cannot start a transfer (out of memory)"};
    }
    // Every request from libcurl's defaults: a POST body, a header list or a CA file set for
    // one request never reaches the next. curl_easy_reset keeps the connection cache, the
    // session cache and the share.
    curl_easy_reset(h.easy);
    if (h.share)
        curl_easy_setopt(h.easy, CURLOPT_SHARE, h.share);
    bool transport_ok = false;
    auto result = perform(h.easy, request, h.ca_file, h.detail, transport_ok);
    // The handle must not keep pointers into this call's buffers (body, headers, the answer).
    curl_easy_reset(h.easy);
    // A transfer that failed (time-out, drip, truncation, too large, TLS) may have left a
    // connection half-read. libcurl closes such connections itself; dropping the handle makes
    // sure of it. TLS sessions and DNS stay in the share, so the next try still resumes.
    if (!transport_ok)
        h.drop_connections();
    return result;
}

Result<FetchResponse> fetch(const FetchRequest& request)
{
    HttpSession once;
    return once.fetch(request);
}

} // namespace coi::sync
