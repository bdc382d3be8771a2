#include "pipeline/report/changes.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "pipeline/export/sqlite_db.h"

namespace agendapack::report {

using nlohmann::json;

namespace {

json opt(const facts::Statement& s, int col) {
  if (s.is_null(col)) return nullptr;
  return s.text(col);
}

json opt_int(const facts::Statement& s, int col) {
  if (s.is_null(col)) return nullptr;
  return s.integer(col);
}

/// "2018-04-23" -> "23 April 2018"; anything else as it is.
std::string human_date(const std::string& iso) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  if (iso.size() < 7 || iso[4] != '-') return iso;
  int month = std::atoi(iso.substr(5, 2).c_str());
  if (month < 1 || month > 12) return iso;
  std::string out = std::string(kMonths[month - 1]) + " " + iso.substr(0, 4);
  if (iso.size() >= 10) out = std::to_string(std::atoi(iso.substr(8, 2).c_str())) + " " + out;
  return out;
}

std::string str_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string document_name(const json& doc) {
  std::string head;
  for (const char* key : {"authority", "body"}) {
    std::string v = str_of(doc, key);
    if (!v.empty()) head += (head.empty() ? "" : ", ") + v;
  }
  std::string date = str_of(doc, "meeting_date");
  if (!date.empty()) head += (head.empty() ? "" : ", ") + human_date(date);
  std::string title = str_of(doc, "title");
  if (title.empty()) title = str_of(doc, "file");
  if (head.empty()) return title;
  return title.empty() ? head : head + ": " + title;
}

Result<json> changes_from_facts(const std::string& path, int64_t since_run, int max_items) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Error{"EXPORT_FAILED", path + ": no facts database (run agendapack export)"};
  auto opened = facts::Db::open(path, true);
  if (!opened) return opened.error();
  facts::Db& db = *opened.value();
  json out = {{"facts", path}, {"since_run", since_run}};
  auto one = [&](const std::string& sql) -> int64_t {
    auto st = db.prepare(sql);
    return st && st.value()->next() ? st.value()->integer(0) : 0;
  };
  out["run"] = one("SELECT COALESCE(MAX(run_id), 0) FROM export_runs");
  out["totals"] = {{"documents", one("SELECT count(*) FROM documents")},
                   {"meetings", one("SELECT count(*) FROM meetings")},
                   {"items", one("SELECT count(*) FROM items")},
                   {"people", one("SELECT count(*) FROM people")},
                   {"trackers", one("SELECT count(*) FROM trackers")},
                   {"linked_trackers", one("SELECT count(*) FROM trackers WHERE sets > 1")}};

  // New meetings, with their decisions and recorded votes.
  json meetings = json::array();
  int64_t new_count =
      one("SELECT count(*) FROM documents d JOIN meetings m ON m.sha256 = "
          "d.sha256 WHERE d.first_run > " +
          std::to_string(since_run));
  {
    auto st = db.prepare_own(
        "SELECT d.sha256, d.authority, COALESCE(m.body, d.body), COALESCE(m.date, d.meeting_date), "
        "d.title, d.url, d.link, d.replaces_sha256, m.meeting_id, d.file FROM documents d "
        "JOIN meetings m ON m.sha256 = d.sha256 WHERE d.first_run > ? "
        "ORDER BY d.authority, m.date, d.sha256 LIMIT ?");
    if (!st) return st.error();
    st.value()->bind(1, since_run).bind(2, static_cast<int64_t>(max_items));
    auto res = db.prepare_own(
        "SELECT i.number, i.title, r.text, r.decision, r.outcome, r.number, r.link FROM "
        "resolutions r JOIN items i ON i.item_id = r.item_id WHERE r.sha256 = ? "
        "ORDER BY i.position, r.position");
    if (!res) return res.error();
    auto votes = db.prepare_own(
        "SELECT v.vote_id, i.number, v.motion, v.kind, v.outcome, v.for_count, v.against_count, "
        "v.abstain_count, v.link FROM votes v JOIN items i ON i.item_id = v.item_id WHERE "
        "v.sha256 = ? ORDER BY i.position, v.position");
    if (!votes) return votes.error();
    auto recorded = db.prepare_own(
        "SELECT rv.name, p.name, rv.vote FROM recorded_votes rv LEFT JOIN people p ON "
        "p.person_id = rv.person_id WHERE rv.vote_id = ? ORDER BY rv.recorded_vote_id");
    if (!recorded) return recorded.error();
    facts::Statement& s = *st.value();
    while (s.next()) {
      json m = {{"sha256", s.text(0)},       {"authority", opt(s, 1)}, {"body", opt(s, 2)},
                {"meeting_date", opt(s, 3)}, {"title", opt(s, 4)},     {"url", opt(s, 5)},
                {"link", opt(s, 6)},         {"replaces", opt(s, 7)},  {"file", opt(s, 9)}};
      m["name"] = document_name(m);
      json decisions = json::array();
      res.value()->reset().bind(1, s.text(0));
      while (res.value()->next()) {
        const facts::Statement& r = *res.value();
        decisions.push_back({{"item", opt(r, 0)},
                             {"item_title", opt(r, 1)},
                             {"text", opt(r, 2)},
                             {"decision", opt(r, 3)},
                             {"outcome", opt(r, 4)},
                             {"number", opt(r, 5)},
                             {"link", opt(r, 6)}});
      }
      m["decisions"] = std::move(decisions);
      json vs = json::array();
      votes.value()->reset().bind(1, s.text(0));
      while (votes.value()->next()) {
        const facts::Statement& v = *votes.value();
        json vote = {{"item", opt(v, 1)},        {"motion", opt(v, 2)},  {"kind", opt(v, 3)},
                     {"outcome", opt(v, 4)},     {"for", opt_int(v, 5)}, {"against", opt_int(v, 6)},
                     {"abstain", opt_int(v, 7)}, {"link", opt(v, 8)}};
        json names = json::array();
        recorded.value()->reset().bind(1, v.integer(0));
        while (recorded.value()->next())
          names.push_back({{"name", opt(*recorded.value(), 0)},
                           {"person", opt(*recorded.value(), 1)},
                           {"vote", opt(*recorded.value(), 2)}});
        vote["recorded"] = std::move(names);
        vs.push_back(std::move(vote));
      }
      m["votes"] = std::move(vs);
      meetings.push_back(std::move(m));
    }
    if (s.error()) return *s.error();
  }
  out["new_meetings"] = std::move(meetings);
  out["new_meetings_count"] = new_count;

  // Recommendations whose status moved: a status stated in a new document that differs from
  // the one stated before it (or is the first stated since the recommendation was agreed).
  json moved = json::array();
  {
    auto st = db.prepare_own(
        "SELECT h.tracker_id, h.tracker_title, h.number, h.text, h.status, h.meeting_date, "
        "h.body, h.sha256, h.link, d.authority, d.title, "
        "(SELECT p.status FROM recommendation_history p WHERE p.tracker_id = h.tracker_id AND "
        " p.number = h.number AND p.status IS NOT NULL AND p.sha256 != h.sha256 AND "
        " COALESCE(p.meeting_date, '') <= COALESCE(h.meeting_date, '') "
        " ORDER BY p.meeting_date DESC LIMIT 1), "
        "(SELECT p.meeting_date FROM recommendation_history p WHERE p.tracker_id = h.tracker_id "
        " AND p.number = h.number AND p.sha256 != h.sha256 AND "
        " COALESCE(p.meeting_date, '') <= COALESCE(h.meeting_date, '') "
        " ORDER BY p.meeting_date DESC LIMIT 1) "
        "FROM recommendation_history h JOIN documents d ON d.sha256 = h.sha256 "
        "WHERE d.first_run > ? AND h.status IS NOT NULL ORDER BY h.tracker_id, h.number");
    if (!st) return st.error();
    st.value()->bind(1, since_run);
    facts::Statement& s = *st.value();
    while (s.next()) {
      if (!s.is_null(11) && s.text(11) == s.text(4)) continue;
      if (moved.size() >= static_cast<size_t>(max_items)) continue;
      json doc = {{"authority", opt(s, 9)},
                  {"body", opt(s, 6)},
                  {"meeting_date", opt(s, 5)},
                  {"title", opt(s, 10)}};
      moved.push_back({{"tracker_id", s.integer(0)},
                       {"tracker_title", opt(s, 1)},
                       {"number", s.integer(2)},
                       {"text", opt(s, 3)},
                       {"from", opt(s, 11)},
                       {"from_date", opt(s, 12)},
                       {"to", opt(s, 4)},
                       {"meeting_date", opt(s, 5)},
                       {"sha256", s.text(7)},
                       {"link", opt(s, 8)},
                       {"document", document_name(doc)}});
    }
    if (s.error()) return *s.error();
  }
  out["status_changes"] = std::move(moved);

  // The tracker's warnings: every one still open, new ones marked.
  json warnings = json::array();
  {
    auto st = db.prepare_own(
        "SELECT w.code, w.message, w.sha256, d.authority, d.body, d.meeting_date, d.title, "
        "d.link, d.first_run > ? FROM tracker_warnings w LEFT JOIN documents d ON d.sha256 = "
        "w.sha256 ORDER BY d.first_run > ? DESC, w.warning_id LIMIT ?");
    if (!st) return st.error();
    st.value()->bind(1, since_run).bind(2, since_run).bind(3, static_cast<int64_t>(max_items));
    facts::Statement& s = *st.value();
    while (s.next()) {
      json doc = {{"authority", opt(s, 3)},
                  {"body", opt(s, 4)},
                  {"meeting_date", opt(s, 5)},
                  {"title", opt(s, 6)}};
      warnings.push_back({{"code", s.text(0)},
                          {"message", s.text(1)},
                          {"sha256", opt(s, 2)},
                          {"document", document_name(doc)},
                          {"link", opt(s, 7)},
                          {"new", s.integer(8) != 0}});
    }
    if (s.error()) return *s.error();
  }
  out["warnings"] = std::move(warnings);
  return out;
}

std::string render_changes_html(const json& c, int max_rows) {
  std::ostringstream h;
  auto link = [](const json& v, const std::string& label) {
    if (!v.is_string() || v.get<std::string>().empty()) return html_escape(label);
    return "<a href=\"" + html_escape(v.get<std::string>()) + "\">" + html_escape(label) + "</a>";
  };
  auto text = [](const json& v) { return v.is_string() ? html_escape(v.get<std::string>()) : ""; };
  h << "<h2>What changed since the last run</h2>";
  h << "<p class=\"note\">From the facts database <code>" << text(c["facts"])
    << "</code> (export run " << c.value("run", 0) << ").</p>";
  const json& meetings = c["new_meetings"];
  h << "<h3>New meetings (<span id=\"count-new-meetings\">"
    << c.value("new_meetings_count", static_cast<int64_t>(meetings.size())) << "</span>)</h3>";
  if (meetings.empty()) h << "<p class=\"note\">None.</p>";
  int n = 0;
  h << "<ul id=\"list-new-meetings\">";
  for (const json& m : meetings) {
    if (++n > max_rows) break;
    h << "<li>" << link(m["link"], m.value("name", "")) << "";
    if (m["replaces"].is_string()) h << " <span class=\"note\">(a new version)</span>";
    if (!m["decisions"].empty()) {
      h << "<ul>";
      for (const json& d : m["decisions"])
        h << "<li>Item " << text(d["item"]) << " " << text(d["item_title"]) << ": <b>"
          << text(d["decision"]) << "</b> " << text(d["text"])
          << (d["outcome"].is_string() ? " (" + text(d["outcome"]) + ")" : "") << "</li>";
      h << "</ul>";
    }
    for (const json& v : m["votes"]) {
      h << "<p>Vote on item " << text(v["item"]) << ": " << text(v["motion"]) << " &mdash; "
        << text(v["outcome"]);
      if (v["for"].is_number())
        h << " (" << v["for"] << " for, " << (v["against"].is_number() ? v["against"].dump() : "?")
          << " against, " << (v["abstain"].is_number() ? v["abstain"].dump() : "?")
          << " abstaining)";
      h << "</p>";
      if (!v["recorded"].empty()) {
        h << "<table class=\"votes\"><tr><th>member</th><th>vote</th></tr>";
        for (const json& r : v["recorded"])
          h << "<tr><td>" << text(r["person"].is_string() ? r["person"] : r["name"]) << "</td><td>"
            << text(r["vote"]) << "</td></tr>";
        h << "</table>";
      }
    }
    h << "</li>";
  }
  h << "</ul>";
  const json& moved = c["status_changes"];
  h << "<h3>Recommendations whose status moved (<span id=\"count-status-changes\">" << moved.size()
    << "</span>)</h3>";
  if (moved.empty()) {
    h << "<p class=\"note\">None.</p>";
  } else {
    h << "<table "
         "id=\"table-status-changes\"><tr><th>inquiry</th><th>no.</th><th>recommendation</th>"
         "<th>was</th><th>now</th><th>where</th></tr>";
    n = 0;
    for (const json& m : moved) {
      if (++n > max_rows) break;
      h << "<tr><td>" << text(m["tracker_title"]) << "</td><td>" << m["number"] << "</td><td>"
        << text(m["text"]) << "</td><td>"
        << (m["from"].is_string() ? text(m["from"])
                                  : "<span class=\"note\">agreed, no status</span>")
        << "</td><td><b>" << text(m["to"]) << "</b></td><td>"
        << link(m["link"], m.value("document", "")) << "</td></tr>";
    }
    h << "</table>";
  }
  const json& warnings = c["warnings"];
  h << "<h3>Warnings that need a person (<span id=\"count-tracker-warnings\">" << warnings.size()
    << "</span>)</h3>";
  if (warnings.empty()) {
    h << "<p class=\"good\">None.</p>";
  } else {
    h << "<table "
         "id=\"table-tracker-warnings\"><tr><th>code</th><th>what</th><th>document</th></tr>";
    n = 0;
    for (const json& w : warnings) {
      if (++n > max_rows) break;
      h << "<tr><td><code>" << text(w["code"]) << "</code>"
        << (w.value("new", false) ? " <b>new</b>" : "") << "</td><td>" << text(w["message"])
        << "</td><td>" << link(w["link"], w.value("document", "")) << "</td></tr>";
    }
    h << "</table>";
  }
  return h.str();
}

}  // namespace agendapack::report
