#include "kiosk/core/checkin.h"

#include "kiosk/core/format.h"
#include "kiosk/core/reporting.h"
#include "kiosk/core/strings.h"
#include "kiosk/core/text_input.h"

#include <algorithm>

namespace coi::core {

namespace {

CheckinState fresh(Step step, feed::Instant now)
{
    CheckinState s;
    s.step = step;
    s.last_input = now;
    return s;
}

// A new step for the same visitor: their language and reading settings come along; back
// at signage they are forgotten, so the next visitor starts from the site's defaults.
CheckinState next_step(Step step, feed::Instant now, const CheckinState& visitor)
{
    CheckinState s = fresh(step, now);
    if (step != Step::Signage) {
        s.language = visitor.language;
        s.large_text = visitor.large_text;
        s.high_contrast = visitor.high_contrast;
    }
    return s;
}

std::string room_name(const feed::Feed& feed, const std::string& room_id, const std::string& language)
{
    if (auto* room = feed.site.find_room(room_id))
        return room->name.get(language);
    return {};
}

} // namespace

std::vector<Tile> tiles(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const FlowSettings& settings)
{
    const std::string& lang = settings.language;
    std::vector<Tile> now_tiles, next_tiles, purpose_tiles;
    DayPlan plan = plan_for_day(feed, zone, zone.local_date(now));
    auto states = session_states(plan.sessions, now);
    for (std::size_t i = 0; i < plan.sessions.size(); ++i) {
        const Occurrence& o = plan.sessions[i];
        if (o.cancelled || (states[i] != SessionState::Now && states[i] != SessionState::Next))
            continue;
        Tile t;
        t.purpose_id = "session";
        t.event_id = o.event->id;
        t.label = o.event->title.get(lang);
        t.room = room_name(feed, o.event->room, lang);
        t.kind = feed::PurposeKind::Named;
        t.now = states[i] == SessionState::Now;
        t.start = o.start;
        t.detail = t.now ? fill(tr("checkin.tile_now", lang), {t.room})
                         : fill(tr("checkin.tile_next", lang), {clock_text(zone.to_local(o.start).minutes), t.room});
        (t.now ? now_tiles : next_tiles).push_back(std::move(t));
    }
    for (const feed::Purpose& p : feed.site.checkin.purposes) {
        Tile t;
        t.purpose_id = p.id;
        t.kind = p.kind;
        t.volunteer = p.volunteer;
        // A discreet purpose is never named on a screen others can read.
        t.label = p.kind == feed::PurposeKind::Discreet ? std::string(tr("checkin.private", lang)) : p.label.get(lang);
        t.detail = tr(p.kind == feed::PurposeKind::HeadCount ? "checkin.tile_one_tap" : "checkin.tile_name", lang);
        purpose_tiles.push_back(std::move(t));
    }
    std::vector<Tile> out = std::move(now_tiles);
    out.insert(out.end(), next_tiles.begin(), next_tiles.end());
    out.insert(out.end(), purpose_tiles.begin(), purpose_tiles.end());
    return out;
}

std::vector<Match> find_matches(const std::vector<Person>& inside, std::string_view query, feed::CheckoutMode mode, std::size_t limit)
{
    std::vector<Match> out;
    if (mode == feed::CheckoutMode::CodeOnly)
        return out;
    for (const Person& p : inside) {
        if (out.size() == limit)
            break;
        if (!p.first_name.empty() && name_matches(p.first_name, query))
            out.push_back({p.id, display_name(p.first_name, p.initial)});
    }
    return out;
}

std::optional<feed::Instant> closing_time(const feed::Feed& feed, const TimeZone& zone, feed::Date date)
{
    // The hours alone: the day's sessions play no part, and the frame loop asks on every pass.
    DayPlan plan = hours_on(feed.site, date);
    if (!plan.open)
        return std::nullopt;
    return zone.from_local(date, plan.closes);
}

std::string roll_call_text(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const std::vector<RollCallEntry>& inside,
    const std::vector<RollCallCount>& counts)
{
    auto label = [&](const std::string& purpose_id, const std::string& event_id, bool discreet) -> std::string {
        if (discreet)
            return std::string(tr("checkin.private"));
        if (!event_id.empty())
            for (auto& e : feed.events)
                if (e.id == event_id)
                    return e.title.get("en");
        for (auto& p : feed.site.checkin.purposes)
            if (p.id == purpose_id)
                return p.kind == feed::PurposeKind::Discreet ? std::string(tr("checkin.private")) : p.label.get("en");
        return purpose_id;
    };
    LocalDateTime local = zone.to_local(now);
    std::string out = "Roll-call for " + feed.site.name.get("en") + ", " + long_date_text(local.date) + " at " + clock_text(local.minutes) + "\n\n";
    out += "Signed in by name: " + std::to_string(inside.size()) + "\n";
    for (const auto& p : inside) {
        out += "  [" + std::string(p.located ? "x" : " ") + "] " + display_name(p.first_name.empty() ? "(name erased)" : p.first_name, p.initial);
        out += "  since " + clock_text(zone.to_local(p.checked_in_at).minutes) + "  " + label(p.purpose_id, p.event_id, p.discreet) + "\n";
    }
    int anonymous = 0;
    for (const auto& c : counts)
        anonymous += c.count;
    out += "\nCounted without names today: " + std::to_string(anonymous) + "\n";
    for (const auto& c : counts)
        out += "  " + label(c.purpose_id, "", false) + ": " + std::to_string(c.count) + "\n";
    out += "\n[x] = located\n";
    return out;
}

CheckinState sample_state(Step step, const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const FlowSettings& settings)
{
    CheckinState s = fresh(step, now);
    auto all = tiles(feed, zone, now, settings);
    if (!all.empty())
        s.chosen = all.front();
    switch (step) {
    case Step::Name:
        s.name = "Sam";
        s.initial = "K";
        s.shift = false;
        break;
    case Step::Done:
        s.name = "Sam";
        s = confirmed_check_in(s, "K7MP", now, settings);
        break;
    case Step::CheckoutDone:
        s = confirmed_check_out(s, "Sam", now, settings, "appointment");
        break;
    case Step::Remember:
        s.remember_text = "Sam K";
        break;
    case Step::Checkout:
        s.query = "Sa";
        break;
    default:
        break;
    }
    return s;
}

std::string privacy_line(const feed::Site& site, const FlowSettings& settings)
{
    return count_text("checkin.privacy", site.checkin.retention_days, settings.language);
}

FlowSettings for_visitor(const CheckinState& s, const FlowSettings& site)
{
    FlowSettings out = site;
    if (!s.language.empty())
        out.language = s.language;
    out.large_text = s.large_text.value_or(site.large_text);
    out.high_contrast = s.high_contrast.value_or(site.high_contrast);
    return out;
}

StepResult step(const CheckinState& current, const Action& action, const feed::Feed& feed, const TimeZone& zone, feed::Instant now,
    const FlowSettings& site)
{
    StepResult result{current, std::nullopt};
    CheckinState& s = result.state;
    s.last_input = now;
    const FlowSettings settings = for_visitor(current, site);
    auto go = [&](Step step) { s = next_step(step, now, current); };
    if (action.kind == ActionKind::Cancel) {
        go(Step::Signage);
        return result;
    }
    // The visitor's language and reading settings, on any check-in screen.
    if (current.step != Step::Signage) {
        if (action.kind == ActionKind::ChooseLanguage) {
            if (has_language(action.text))
                s.language = action.text;
            return result;
        }
        if (action.kind == ActionKind::ToggleLargeText) {
            s.large_text = !settings.large_text;
            return result;
        }
        if (action.kind == ActionKind::ToggleContrast) {
            s.high_contrast = !settings.high_contrast;
            return result;
        }
    }
    switch (current.step) {
    case Step::Signage:
        if (action.kind == ActionKind::Touch || action.kind == ActionKind::StartCheckIn)
            go(Step::Welcome);
        break;
    case Step::Welcome:
        if (action.kind == ActionKind::StartCheckIn)
            go(Step::Purpose);
        else if (action.kind == ActionKind::StartCheckOut)
            go(Step::Checkout);
        else if (action.kind == ActionKind::Back)
            go(Step::Signage);
        break;
    case Step::Purpose: {
        if (action.kind == ActionKind::Back) {
            go(Step::Welcome);
            break;
        }
        if (action.kind != ActionKind::ChooseTile)
            break;
        auto all = tiles(feed, zone, now, settings);
        if (action.id < 0 || action.id >= static_cast<std::int64_t>(all.size()))
            break;
        const Tile& tile = all[static_cast<std::size_t>(action.id)];
        s.chosen = tile;
        if (tile.kind == feed::PurposeKind::HeadCount) {
            Record r;
            r.kind = Record::Kind::HeadCount;
            r.purpose_id = tile.purpose_id;
            r.purpose_kind = tile.kind;
            result.record = r;
        } else {
            s.step = Step::Name;
            s.shift = true;
        }
        break;
    }
    case Step::Name:
        switch (action.kind) {
        case ActionKind::Back: go(Step::Purpose); break;
        case ActionKind::Type: {
            std::string& field = s.typing_initial ? s.initial : s.name;
            std::string text = action.text;
            if (s.shift && !text.empty())
                s.shift = false;
            auto cleaned = clean_name(field + text);
            s.trimmed = cleaned.changed && !text.empty();
            field = s.typing_initial ? initial_of(cleaned.text) : cleaned.text + (text == " " && !cleaned.text.empty() ? " " : "");
            if (s.typing_initial && !field.empty())
                s.typing_initial = false; // one letter is all an initial is
            break;
        }
        case ActionKind::Backspace: {
            std::string& field = s.typing_initial ? s.initial : s.name;
            if (field.empty() && s.typing_initial)
                s.typing_initial = false;
            else
                field = drop_last_character(field);
            s.trimmed = false;
            if (s.name.empty())
                s.shift = true;
            break;
        }
        case ActionKind::Shift:
            s.shift = !s.shift;
            break;
        case ActionKind::NextField:
            s.typing_initial = !s.typing_initial;
            s.shift = true;
            break;
        case ActionKind::Confirm: {
            std::string name = clean_name(s.name).text;
            if (name.empty()) {
                s.done_detail = tr("checkin.name_needed", settings.language);
                break;
            }
            Record r;
            r.kind = Record::Kind::Named;
            r.purpose_id = s.chosen ? s.chosen->purpose_id : "";
            r.event_id = s.chosen ? s.chosen->event_id : "";
            r.purpose_kind = s.chosen ? s.chosen->kind : feed::PurposeKind::Named;
            if (s.chosen && s.chosen->purpose_id == kSessionPurpose)
                r.occurrence_start = s.chosen->start;
            r.volunteer = s.chosen && s.chosen->volunteer && s.chosen->kind == feed::PurposeKind::Named;
            r.first_name = name;
            r.initial = initial_of(s.initial);
            result.record = r;
            break;
        }
        default:
            break;
        }
        break;
    case Step::Checkout:
        switch (action.kind) {
        case ActionKind::Back:
            go(Step::Welcome);
            break;
        case ActionKind::Type:
            if (utf8_count(s.query) < kMaxNameCharacters)
                s.query = clean_query(s.query + action.text).text + (action.text == " " ? " " : "");
            break;
        case ActionKind::Backspace:
            s.query = drop_last_character(s.query);
            break;
        case ActionKind::ChooseMatch: {
            Record r;
            r.kind = Record::Kind::CheckOutById;
            r.id = action.id;
            result.record = r;
            break;
        }
        case ActionKind::Confirm: {
            std::string code = clean_code(s.query);
            if (code.size() == 4) {
                Record r;
                r.kind = Record::Kind::CheckOutByCode;
                r.code = code;
                result.record = r;
            }
            break;
        }
        default:
            break;
        }
        break;
    case Step::Done:
    case Step::CheckoutDone:
        if (action.kind == ActionKind::ChooseFace && current.ask_feedback && !current.feedback_given) {
            if (!face_from_code(action.text)) {
                s = current;
                break;
            }
            s = current; // the same screen until the app has counted it
            s.last_input = now;
            Record r;
            r.kind = Record::Kind::Feedback;
            r.purpose_id = current.feedback_purpose;
            r.face = action.text;
            result.record = r;
        } else if (action.kind == ActionKind::StartRemember && current.offer_remember) {
            go(Step::Remember);
        } else {
            go(Step::Signage);
        }
        break;
    case Step::Remember:
        switch (action.kind) {
        case ActionKind::Back: go(Step::Signage); break;
        case ActionKind::Type:
            if (utf8_count(s.remember_text) < kMaxNameCharacters)
                s.remember_text = clean_query(s.remember_text + action.text).text + (action.text == " " ? " " : "");
            s.done_detail.clear();
            break;
        case ActionKind::Backspace:
            s.remember_text = drop_last_character(s.remember_text);
            s.done_detail.clear();
            break;
        case ActionKind::Confirm:
            if (auto words = remember_words(s.remember_text)) {
                Record r;
                r.kind = Record::Kind::Remember;
                r.words = *words;
                result.record = r;
            } else {
                s.done_detail = tr("remember.too_short", settings.language);
            }
            break;
        default:
            break;
        }
        break;
    }
    return result;
}

CheckinState tick(const CheckinState& s, feed::Instant now, const FlowSettings& settings)
{
    if (s.step == Step::Signage)
        return s;
    bool done = s.step == Step::Done || s.step == Step::CheckoutDone;
    if ((done && now >= done_until(s, settings)) || now - s.last_input >= settings.timeout_seconds)
        return fresh(Step::Signage, now); // forgets what was half-typed
    return s;
}

feed::Instant done_until(const CheckinState& s, const FlowSettings& settings)
{
    // A question on the screen gets time to be read and answered; skipping it is walking away.
    bool asking = (s.ask_feedback && !s.feedback_given) || s.offer_remember;
    return s.done_at + (asking ? std::max(settings.done_seconds, settings.question_seconds) : settings.done_seconds);
}

CheckinState confirmed_check_in(const CheckinState& s, const std::string& code, feed::Instant now, const FlowSettings& site)
{
    const std::string lang = for_visitor(s, site).language;
    CheckinState done = next_step(Step::Done, now, s);
    done.done_at = now;
    done.code = code;
    std::string name = clean_name(s.name).text;
    const Tile* tile = s.chosen ? &*s.chosen : nullptr;
    if (!tile || tile->kind == feed::PurposeKind::HeadCount) {
        done.done_title = tr("checkin.thanks", lang);
        done.done_detail = tr("checkin.enjoy", lang);
    } else {
        done.done_title = fill(tr("checkin.welcome_name", lang), {name});
        if (tile->purpose_id == "session" && !tile->room.empty())
            done.done_detail = fill(tr("checkin.session_in_room", lang), {tile->label, tile->room});
        else if (tile->kind == feed::PurposeKind::Discreet)
            done.done_detail = tr("checkin.private_done", lang);
        else
            done.done_detail = tr("checkin.take_a_seat", lang);
    }
    if (tile && tile->kind == feed::PurposeKind::HeadCount) {
        feed::CheckinSettings asked;
        asked.feedback = site.feedback;
        done.ask_feedback = asks_feedback(asked, AskAfter::CheckIn, tile->kind);
        done.feedback_purpose = tile->purpose_id;
    }
    done.offer_remember = site.remember;
    return done;
}

CheckinState confirmed_check_out(const CheckinState& s, const std::string& first_name, feed::Instant now, const FlowSettings& site,
    const std::optional<std::string>& feedback_purpose)
{
    const std::string lang = for_visitor(s, site).language;
    CheckinState done = next_step(Step::CheckoutDone, now, s);
    done.done_at = now;
    done.done_title = fill(tr("checkout.goodbye", lang), {first_name});
    done.done_detail = tr("checkout.thanks", lang);
    feed::CheckinSettings asked;
    asked.feedback = site.feedback;
    done.ask_feedback = feedback_purpose.has_value() && asks_feedback(asked, AskAfter::CheckOut, feed::PurposeKind::Named);
    done.feedback_purpose = feedback_purpose.value_or("");
    return done;
}

CheckinState confirmed_feedback(const CheckinState& s, feed::Instant now, const FlowSettings&)
{
    CheckinState done = s;
    done.feedback_given = true;
    done.last_input = now;
    done.done_at = now; // the thanks stays a moment, then signage
    return done;
}

CheckinState confirmed_remember(const CheckinState& s, bool returning, feed::Instant now, const FlowSettings& site)
{
    const std::string lang = for_visitor(s, site).language;
    CheckinState done = next_step(Step::Done, now, s);
    done.done_at = now;
    done.done_title = tr(returning ? "remember.welcome_back" : "remember.kept", lang);
    done.done_detail = count_text("remember.kept_detail", site.retention_days, lang);
    return done;
}

CheckinState failed(const CheckinState& s, const std::string& message, feed::Instant now)
{
    CheckinState out = s;
    out.done_detail = message;
    out.last_input = now;
    return out;
}

} // namespace coi::core
