// Suggestions from the public. The form is a plain HTML page under the building's public
// What's on page (no script, no account); what it sends lands in the building's queue,
// which only the building's editors read, under /api/admin. Nothing from the queue is ever
// drawn on a public page or put in a feed.
#include "admin_common.h"
#include "suggestions.h"
#include "whats_on.h"

namespace coi::server {

namespace {

// What the public form and the limiter share for this server.
struct SuggestionDesk {
    std::string stamp_key;
    SuggestionLimiter limiter;
};

std::string site_name(const SiteRow& site)
{
    auto name = site.site.value("name", nlohmann::json(""));
    return name.is_object() ? name.value("en", site.id) : name.is_string() ? name.get<std::string>() : site.id;
}

// [SECTION] The public form
struct FormState {
    SuggestionForm form;
    std::vector<FieldError> errors;
    std::string notice; // a sentence for the whole form: over the limit, or drawn again
    bool sent = false;
};

std::string error_for(const FormState& state, const std::string& field)
{
    for (auto& error : state.errors)
        if (error.field == field)
            return error.message;
    return {};
}

// One labelled field, its hint and its error (said at the field, tied to it for screen readers).
std::string form_field(const FormState& state, const std::string& name, const std::string& label, const std::string& hint, const std::string& control)
{
    auto error = error_for(state, name);
    std::string described
        = (hint.empty() ? "" : name + "-hint") + std::string(!hint.empty() && !error.empty() ? " " : "") + (error.empty() ? "" : name + "-error");
    std::string html = "<div class=\"field" + std::string(error.empty() ? "" : " has-error") + "\">";
    html += "<label for=\"" + name + "\">" + label + "</label>";
    if (!hint.empty())
        html += "<p class=\"hint\" id=\"" + name + "-hint\">" + hint + "</p>";
    if (!error.empty())
        html += "<p class=\"field-error\" id=\"" + name + "-error\">" + html_escape(error) + "</p>";
    auto attributes = " id=\"" + name + "\" name=\"" + name + "\"" + (described.empty() ? std::string{} : " aria-describedby=\"" + described + "\"")
        + (error.empty() ? std::string{} : " aria-invalid=\"true\"");
    auto at = control.find(' ');
    return html + control.substr(0, at) + attributes + control.substr(at) + "</div>";
}

std::string render_form_page(const SiteRow& site, const std::string& stamp, const FormState& state)
{
    auto name = html_escape(site_name(site));
    auto& f = state.form;
    std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    html += "<title>" + std::string(state.errors.empty() ? "" : "Error: ") + "Suggest an event or notice – " + name + "</title>";
    html += "<link rel=\"stylesheet\" href=\"/admin/public.css\"></head><body class=\"public\">";
    html += "<header><h1>Suggest an event or notice</h1><p><a href=\"/whats-on/" + html_escape(site.id) + "\">What's on at " + name + "</a></p></header><main>";
    if (state.sent) {
        html += "<section class=\"sent\" role=\"status\"><h2>Thank you</h2><p>Your suggestion has gone to the people who run " + name
            + ". They will read it and may email you. It is not shown anywhere until they put it up themselves.</p>"
              "<p><a href=\"?\">Suggest something else</a></p></section>";
        return html + "</main></body></html>";
    }
    if (!state.errors.empty() || !state.notice.empty()) {
        html += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>There is a problem</h2><ul>";
        if (!state.notice.empty())
            html += "<li>" + html_escape(state.notice) + "</li>";
        for (auto& error : state.errors)
            html += "<li><a href=\"#" + error.field + "\">" + html_escape(error.message) + "</a></li>";
        html += "</ul></div>";
    }
    html += "<p>A club, a class, a coffee morning, something the building should tell people? Tell the people who run " + name
        + ". They read every suggestion before anything goes on the screens.</p>";
    // novalidate: every browser's own bubbles differ and some are not read out; the server's
    // errors are said at each field, the same everywhere.
    html += "<form class=\"suggest\" method=\"post\" action=\"/whats-on/" + html_escape(site.id) + "/suggest\" novalidate>";
    html += form_field(state, "title", "What is it?", "For example: Knit and natter",
        "<input type=\"text\" maxlength=\"" + std::to_string(kMaxTitleChars) + "\" required value=\"" + html_escape(f.title) + "\">");
    html += form_field(state, "when", "When is it?", "In your own words, for example: Tuesdays 2 to 4pm, or 14 March at 7pm",
        "<input type=\"text\" maxlength=\"" + std::to_string(kMaxWhenChars) + "\" required value=\"" + html_escape(f.when) + "\">");
    html += form_field(state, "details", "Anything else? (optional)", "",
        "<textarea rows=\"4\" maxlength=\"" + std::to_string(kMaxDetailsChars) + "\">" + html_escape(f.details) + "</textarea>");
    html += form_field(state, "email", "Your email address", "Only so the building can reply. It is never shown, and it is deleted after 90 days.",
        "<input type=\"email\" autocomplete=\"email\" maxlength=\"" + std::to_string(kMaxEmailChars) + "\" required value=\"" + html_escape(f.email) + "\">");
    // The trap: off screen and hidden from assistive technology, out of the tab order. People
    // never fill it in; a bot filling in every field does.
    html += std::string("<div class=\"trap\" aria-hidden=\"true\"><label for=\"") + kHoneypotField + "\">Leave this empty</label>"
        + "<input type=\"text\" id=\"" + kHoneypotField + "\" name=\"" + kHoneypotField + "\" tabindex=\"-1\" autocomplete=\"off\"></div>";
    html += "<input type=\"hidden\" name=\"stamp\" value=\"" + html_escape(stamp) + "\">";
    html += "<button type=\"submit\">Send suggestion</button></form>";
    return html + "</main></body></html>";
}

void send_page(httplib::Response& res, int status, const std::string& html)
{
    res.status = status;
    res.set_header("Cache-Control", "no-store"); // a stamp is made per page drawn
    res.set_content(html, "text/html; charset=utf-8");
}

void not_found_page(httplib::Response& res) { send_page(res, 404, "<!doctype html><title>Not found</title><p>There is no such building here.</p>"); }

void get_form(ServerContext& context, SuggestionDesk& desk, const httplib::Request& req, httplib::Response& res)
{
    auto site = context.repository.site(req.matches[1]);
    if (!site)
        return not_found_page(res);
    FormState state;
    state.sent = req.has_param("sent");
    send_page(res, 200, render_form_page(*site, make_form_stamp(desk.stamp_key, site->id, context.repository.now()), state));
}

void post_form(ServerContext& context, SuggestionDesk& desk, const httplib::Request& req, httplib::Response& res)
{
    auto site = context.repository.site(req.matches[1]);
    if (!site)
        return not_found_page(res);
    auto now = context.repository.now();
    auto redraw = [&](int status, FormState state) { send_page(res, status, render_form_page(*site, make_form_stamp(desk.stamp_key, site->id, now), state)); };
    auto type = req.get_header_value("Content-Type");
    auto fields = type.rfind("application/x-www-form-urlencoded", 0) == 0 ? parse_form_body(req.body) : std::nullopt;
    if (!fields)
        return redraw(400, {{}, {}, "The form did not arrive as a form. Please fill it in again.", false});
    auto field = [&](const char* name) {
        auto it = fields->find(name);
        return it == fields->end() ? std::string{} : it->second;
    };
    // What a bot is told is what a person is told: the "thank you" page, and nothing stored.
    auto thank = [&] { res.set_redirect("/whats-on/" + site->id + "/suggest?sent=1", 303); };
    auto verdict = check_spam_trap(desk.stamp_key, site->id, field("stamp"), field(kHoneypotField), now);
    auto read = read_suggestion_form(*fields);
    if (verdict == TrapVerdict::Honeypot || verdict == TrapVerdict::TooFast || verdict == TrapVerdict::Forged)
        return thank();
    if (verdict == TrapVerdict::Stale)
        return redraw(400, {read.form, {}, "This form was open for a long time. Please check it and send it again.", false});
    if (!read.errors.empty())
        return redraw(400, {read.form, read.errors, {}, false});
    auto limit = desk.limiter.take(address_key(client_address(req, context.config.trust_proxy)), now);
    if (limit != LimitVerdict::Taken) {
        auto why = limit == LimitVerdict::Everyone
            ? "The building has had a lot of suggestions today. Please try again tomorrow, or ask at reception."
            : "Several suggestions have come from your connection recently. Please try again later, or ask at reception.";
        res.set_header("Retry-After", limit == LimitVerdict::AddressHour ? "3600" : "86400");
        return redraw(429, {read.form, {}, why, false});
    }
    context.repository.purge_expired_suggestions();
    auto& f = read.form;
    if (auto added = context.repository.add_suggestion(site->id, f.title, f.when, f.details, f.email); !added)
        return redraw(
            added.failure().kind == FailureKind::NotFound ? 404 : 503, {f, {}, "The suggestion could not be saved just now. Please try again later.", false});
    thank();
}

// [SECTION] The building's queue (editors of the site only)
nlohmann::json suggestion_json(const Suggestion& s)
{
    return {{"id", s.id}, {"title", s.title}, {"when", s.when}, {"details", s.details}, {"email", s.email}, {"received_at", s.received_at}};
}

std::optional<Session> require_editor(ServerContext& context, const httplib::Request& req, httplib::Response& res, Access access)
{
    auto session = require_session(context, req, res, access);
    if (session && !session->user.may_edit_site(req.matches[1].str())) {
        send_error(res, 403, "forbidden", "your account may not read suggestions for site \"" + std::string(req.matches[1]) + "\"");
        return std::nullopt;
    }
    return session;
}

void get_queue(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_editor(context, req, res, Access::Read))
        return;
    context.repository.purge_expired_suggestions(); // an idle server still forgets them on time
    nlohmann::json list = nlohmann::json::array();
    for (auto& suggestion : context.repository.waiting_suggestions(req.matches[1]))
        list.push_back(suggestion_json(suggestion));
    send_json(res, 200, {{"suggestions", list}});
}

void post_approve(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_editor(context, req, res, Access::Change))
        return;
    auto id = to_integer(req.matches[2]);
    if (!id)
        return send_error(res, 404, "not_found", "no such suggestion");
    auto approved = context.repository.approve_suggestion(req.matches[1], *id);
    if (!approved)
        return send_failure(res, approved.failure());
    // The admin opens the event or notice editor with this filled in; nothing is on a screen
    // until the coordinator saves it there.
    send_json(res, 200, {{"suggestion", suggestion_json(*approved)}});
}

void delete_suggestion(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    if (!require_editor(context, req, res, Access::Change))
        return;
    auto id = to_integer(req.matches[2]);
    if (!id)
        return send_error(res, 404, "not_found", "no such suggestion");
    if (auto dismissed = context.repository.dismiss_suggestion(req.matches[1], *id); !dismissed)
        return send_failure(res, dismissed.failure());
    send_json(res, 200, {{"ok", true}});
}

} // namespace

void add_suggestion_routes(httplib::Server& server, ServerContext& context)
{
    auto desk = std::make_shared<SuggestionDesk>(); // this server's, so two servers in one test never share
    desk->stamp_key = form_stamp_key(context.feeds.key().secret_key);
    constexpr const char* kForm = "/whats-on/([a-z0-9_-]{1,64})/suggest";
    server.Get(kForm, [&context, desk](const httplib::Request& req, httplib::Response& res) { get_form(context, *desk, req, res); });
    server.Post(kForm,
        bounded_body(kMaxSuggestionBodyBytes, [&context, desk](const httplib::Request& req, httplib::Response& res) { post_form(context, *desk, req, res); }));
    constexpr const char* kQueue = "/api/admin/sites/([a-z0-9_-]{1,64})/suggestions";
    auto bind = [&context](void (*handler)(ServerContext&, const httplib::Request&, httplib::Response&)) {
        return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
    };
    server.Get(kQueue, bind(get_queue));
    server.Post(std::string(kQueue) + "/([0-9]{1,18})/approve", bounded_body(kMaxSmallBodyBytes, bind(post_approve)));
    server.Delete(std::string(kQueue) + "/([0-9]{1,18})", bounded_body(kMaxSmallBodyBytes, bind(delete_suggestion)));
}

} // namespace coi::server
