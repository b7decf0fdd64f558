// Reports for funders: any date range, one building or several. Admins may report on every
// building, coordinators on theirs, café accounts on none. A report over more than one
// building follows the small-numbers rule (report.h, docs/privacy.md).
#include "admin_common.h"
#include "report.h"

#include "content/feed/types.h"

#include <sstream>

namespace coi::server {

namespace {

constexpr int kMaxReportDays = 3700; // ten years and a little: every count the retention keeps

struct ReportRequest {
    std::vector<std::string> sites;
    std::string from, to;
};

std::vector<std::string> split_commas(const std::string& text)
{
    std::vector<std::string> parts;
    std::stringstream stream(text);
    for (std::string part; std::getline(stream, part, ',');)
        if (!part.empty())
            parts.push_back(part);
    return parts;
}

// The buildings and dates asked for, if this account may report on them; else the reply is sent.
std::optional<ReportRequest> read_report_request(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto session = require_session(context, req, res, Access::Read);
    if (!session)
        return std::nullopt;
    const auto& user = session->user;
    if (user.role == Role::Cafe || user.role == Role::Organiser) {
        send_error(res, 403, "forbidden", "café and organiser accounts do not see reports");
        return std::nullopt;
    }
    ReportRequest request{{}, req.get_param_value("from"), req.get_param_value("to")};
    auto from = feed::parse_date(request.from);
    auto to = feed::parse_date(request.to);
    if (!from || !to) {
        send_error(res, 400, "bad_input", "parameters \"from\" and \"to\": must be dates like 2026-11-01");
        return std::nullopt;
    }
    auto days = feed::days_from_civil(*to) - feed::days_from_civil(*from);
    if (days < 0 || days >= kMaxReportDays) {
        send_error(res, 400, "bad_input", "the period must run forwards, from \"from\" to \"to\", and be at most ten years");
        return std::nullopt;
    }
    if (req.has_param("sites")) {
        request.sites = split_commas(req.get_param_value("sites"));
        for (auto& site : request.sites)
            if (!user.may_edit_site(site)) {
                send_error(res, 403, "forbidden", "your account does not look after site \"" + site.substr(0, 64) + "\"");
                return std::nullopt;
            }
    } else {
        for (auto& site : context.repository.sites())
            if (user.may_edit_site(site.id))
                request.sites.push_back(site.id);
    }
    if (request.sites.empty()) {
        send_error(res, 400, "bad_input", "parameter \"sites\": name at least one building");
        return std::nullopt;
    }
    return request;
}

std::optional<Report> make_report(ServerContext& context, const ReportRequest& request, httplib::Response& res)
{
    std::vector<ReportSite> sites;
    for (auto& id : request.sites) {
        auto site = context.repository.site(id);
        if (!site) {
            send_failure(res, site.failure());
            return std::nullopt;
        }
        auto events = context.repository.items(ItemKind::Event, id);
        sites.push_back(report_site(*site, events ? *events : std::vector<StoredItem>{}));
    }
    bool one_building = request.sites.size() == 1;
    auto report = build_report(context.repository.report_data(request.sites, request.from, request.to, one_building), sites,
                               request.from, request.to);
    if (report.crosses_buildings)
        apply_small_numbers_rule(report);
    return report;
}

void get_report(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto request = read_report_request(context, req, res);
    if (!request)
        return;
    if (auto report = make_report(context, *request, res))
        send_json(res, 200, report_json(*report));
}

void get_report_csv(ServerContext& context, const httplib::Request& req, httplib::Response& res)
{
    auto request = read_report_request(context, req, res);
    if (!request)
        return;
    auto report = make_report(context, *request, res);
    if (!report)
        return;
    std::string id = req.matches[1];
    auto* table = find_table(*report, id);
    if (!table)
        return send_error(res, 404, "not_found", "there is no report table \"" + id + "\"");
    auto name = id + "-" + request->from + "-to-" + request->to + ".csv";
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content(table_csv(*table), "text/csv; charset=utf-8; header=present");
}

} // namespace

void add_report_routes(httplib::Server& server, ServerContext& context)
{
    server.Get("/api/admin/reports", [&context](const httplib::Request& req, httplib::Response& res) { get_report(context, req, res); });
    server.Get("/api/admin/reports/([a-z]{1,32})\\.csv",
               [&context](const httplib::Request& req, httplib::Response& res) { get_report_csv(context, req, res); });
}

} // namespace coi::server
