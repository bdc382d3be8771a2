#include "pipeline/report/report.h"

#include <unistd.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "pipeline/crawl/sql.h"
#include "pipeline/export/loader.h"
#include "pipeline/export/records.h"
#include "pipeline/ingest/catalog.h"
#include "pipeline/report/changes.h"
#include "pipeline/report/picture.h"

namespace agendapack::report {

namespace fs = std::filesystem;
using crawl::num;
using crawl::SqlConn;
using crawl::str;
using nlohmann::json;

namespace {

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string esc(const std::string& s) { return html_escape(s); }

std::optional<PageBox> box_of(const json& prov) {
  if (!prov.is_object() || !prov.contains("bbox") || !prov["bbox"].is_array() ||
      prov["bbox"].size() != 4)
    return std::nullopt;
  const auto& b = prov["bbox"];
  return PageBox{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()};
}

int page_of(const json& prov) {
  return prov.is_object() ? prov.value("page", 1) : 1;
}

std::string money(const json& amount) {
  if (amount.is_object()) {
    if (amount.contains("raw") && amount["raw"].is_string()) return amount["raw"];
    if (amount.contains("amount") && amount["amount"].is_number())
      return std::to_string(amount["amount"].get<long long>());
  }
  if (amount.is_number()) return std::to_string(amount.get<long long>());
  return "";
}

}  // namespace

ReportOptions ReportOptions::from_json(const nlohmann::json& s) {
  ReportOptions o;
  o.max_pictures = s.value("max_pictures", o.max_pictures);
  o.picture_dpi = s.value("picture_dpi", o.picture_dpi);
  o.max_rows = s.value("max_rows", o.max_rows);
  return o;
}

Result<json> build_report(const ReportOptions& o, const fs::path& config_dir, Logger& log) {
  {  // migrations, so a report on an older catalog still finds its tables
    auto cat = ingest::Catalog::open(o.catalog, ingest::migrations_dir(config_dir));
    if (!cat) return cat.error();
  }
  auto opened = SqlConn::open(o.catalog);
  if (!opened) return opened.error();
  SqlConn& db = *opened.value();

  auto rows = db.query(
      "SELECT sha256, path, status, error_code, error_stage, error_message, pages, ocr_pages, "
      "issue_counts, record_location, url, authority, committee, meeting_id, meeting_date, "
      "finished_at FROM sources ORDER BY id");
  if (!rows) return rows.error();
  auto link_rows = db.query("SELECT part_sha256, pack_sha256, first_page, pages FROM source_links");
  if (!link_rows) return link_rows.error();
  auto url_rows = db.query("SELECT url, sha256 FROM crawl_urls");
  if (!url_rows) return url_rows.error();
  auto run_rows = db.query(
      "SELECT id, started_at, finished_at, summary FROM crawl_runs ORDER BY id DESC LIMIT 1");
  if (!run_rows) return run_rows.error();
  auto prev_rows = db.query(
      "SELECT created_at, summary FROM report_snapshots ORDER BY id DESC LIMIT 1");
  if (!prev_rows) return prev_rows.error();

  std::map<std::string, json> parts;  // part sha -> {pack, first_page}
  for (const auto& r : link_rows.value())
    parts[str(r[0])] = {{"pack", str(r[1])}, {"first_page", num(r[2])}, {"pages", num(r[3])}};
  std::map<std::string, std::string> current_by_url;
  for (const auto& r : url_rows.value()) current_by_url[str(r[0])] = str(r[1]);

  json f;
  f["generated_at"] = now_iso();
  f["catalog"] = o.catalog;
  json docs = {{"total", 0}, {"done", 0}, {"failed", 0}, {"queued", 0}, {"running", 0},
               {"in_packs", 0}, {"superseded", 0}, {"counted", 0}};
  json by_status = json::object(), by_authority = json::object(), by_month = json::object();
  json issues = json::object();
  json failures = json::array(), missing_date = json::array(), missing_items = json::array();
  json repaired = json::array(), funding = json::array(), in_packs = json::array();
  std::map<std::string, int64_t> conf_buckets = {
      {"<0.50", 0}, {"0.50-0.70", 0}, {"0.70-0.80", 0}, {"0.80-0.90", 0}, {"0.90-1.00", 0}};
  int64_t pages_total = 0, ocr_pages = 0;
  std::map<std::string, std::string> pdf_of;  // sha -> stored PDF, for pictures
  std::set<std::string> failed_now;

  facts::RecordReader records(db);
  std::map<std::string, json> name_of;  // sha -> how people name it
  for (const auto& r : rows.value()) {
    std::string sha = str(r[0]), status = str(r[2]), url = str(r[10]);
    pdf_of[sha] = str(r[1]);
    docs["total"] = docs["total"].get<int64_t>() + 1;
    if (docs.contains(status)) docs[status] = docs[status].get<int64_t>() + 1;
    by_status[status] = by_status.value(status, 0) + 1;
    bool superseded = !url.empty() && current_by_url.count(url) && current_by_url[url] != sha;
    bool part = parts.count(sha) > 0;
    if (superseded) docs["superseded"] = docs["superseded"].get<int64_t>() + 1;
    if (part) {
      docs["in_packs"] = docs["in_packs"].get<int64_t>() + 1;
      json named = {{"authority", str(r[11])}, {"body", str(r[12])}, {"meeting_date", str(r[14])},
                    {"title", fs::path(str(r[1])).filename().string()}};
      in_packs.push_back({{"sha256", sha}, {"url", url}, {"pack", parts[sha]["pack"]},
                          {"first_page", parts[sha]["first_page"]},
                          {"name", document_name(named)}});
    }
    // Each report once: a report also inside its pack, and an old version of a changed file,
    // are left out of the counts below (the pack and the new version carry them).
    if (superseded || part) continue;
    docs["counted"] = docs["counted"].get<int64_t>() + 1;
    // The record names the council ("Brackenbury County Council"); the catalog knows only what
    // the crawl was told, or the web host.
    std::optional<json> rec;
    std::string why;
    if (status == "done") rec = records.get(sha, str(r[9]), &why);
    facts::CatalogSource src;
    src.authority = str(r[11]);
    std::string authority = facts::authority_of(rec ? &*rec : nullptr, src);
    if (authority.empty()) authority = "(local files)";
    json& a = by_authority[authority];
    if (a.is_null()) a = {{"total", 0}, {"done", 0}, {"failed", 0}};
    a["total"] = a["total"].get<int64_t>() + 1;
    if (status == "done" || status == "failed") a[status] = a[status].get<int64_t>() + 1;

    std::string file = fs::path(str(r[1])).filename().string();
    json base = {{"sha256", sha}, {"file", file}, {"url", url}, {"authority", authority}};
    {
      const json& m = rec ? rec->value("meeting", json::object()) : json::object();
      auto field = [&](const char* key, const crawl::SqlValue& fallback) -> json {
        if (m.is_object() && m.contains(key) && m[key].is_string()) return m[key];
        return fallback ? json(*fallback) : json(nullptr);
      };
      base["body"] = field("body", r[12]);
      base["meeting_date"] = field("date", r[14]);
      base["title"] = facts::document_title(rec ? &*rec : nullptr, file);
      base["name"] = document_name(base);
      name_of[sha] = base["name"];
    }
    if (status == "failed") {
      failed_now.insert(sha);
      json fl = base;
      fl["code"] = str(r[3]);
      fl["stage"] = str(r[4]);
      fl["message"] = str(r[5]);
      failures.push_back(fl);
    }
    std::string month = r[14] ? str(r[14]).substr(0, 7) : "";
    if (status != "done") {
      by_month[month.empty() ? "unknown" : month] =
          by_month.value(month.empty() ? "unknown" : month, 0) + 1;
      continue;
    }
    pages_total += num(r[6]);
    ocr_pages += num(r[7]);
    try {
      if (r[8]) {
        for (auto& [code, n] : json::parse(*r[8]).items())
          issues[code] = issues.value(code, 0) + n.get<int64_t>();
      }
    } catch (const std::exception&) {
    }
    if (!rec) {
      log.warning(sha.substr(0, 12) + ": " + why);
      by_month[month.empty() ? "unknown" : month] =
          by_month.value(month.empty() ? "unknown" : month, 0) + 1;
      continue;
    }
    const json& meeting = rec->value("meeting", json::object());
    std::string date = meeting.is_object() && meeting.contains("date") && meeting["date"].is_string()
                           ? meeting["date"].get<std::string>() : "";
    if (month.empty() && date.size() >= 7) month = date.substr(0, 7);
    by_month[month.empty() ? "unknown" : month] =
        by_month.value(month.empty() ? "unknown" : month, 0) + 1;
    if (date.empty() && (!r[14] || str(r[14]).empty())) {
      json m = base;
      m["page"] = 1;
      missing_date.push_back(m);
    }
    if (!rec->contains("items") || !(*rec)["items"].is_array() || (*rec)["items"].empty()) {
      json m = base;
      m["page"] = 1;
      missing_items.push_back(m);
    }
    if (rec->contains("pages") && (*rec)["pages"].is_array()) {
      for (const auto& p : (*rec)["pages"]) {
        if (!p.contains("ocr_confidence") || !p["ocr_confidence"].is_number()) continue;
        double c = p["ocr_confidence"].get<double>();
        const char* b = c < 0.5 ? "<0.50" : c < 0.7 ? "0.50-0.70" : c < 0.8 ? "0.70-0.80"
                        : c < 0.9 ? "0.80-0.90" : "0.90-1.00";
        conf_buckets[b]++;
      }
    }
    for (const auto& set : rec->value("recommendation_sets", json::array())) {
      for (const auto& rc : set.value("recommendations", json::array())) {
        if (!rc.contains("printed_number") || rc["printed_number"].is_null()) continue;
        std::string printed = rc["printed_number"].is_string()
                                  ? rc["printed_number"].get<std::string>()
                                  : rc["printed_number"].dump();
        std::string number = rc.contains("number") ? rc["number"].dump() : "";
        if (printed == number) continue;
        json m = base;
        m["set"] = set.value("title", json()).is_string() ? set["title"] : json("");
        m["printed"] = printed;
        m["number"] = number;
        m["page"] = page_of(rc.value("provenance", json()));
        if (auto b = box_of(rc.value("provenance", json())))
          m["bbox"] = {b->x0, b->y0, b->x1, b->y1};
        repaired.push_back(m);
      }
    }
    for (const auto& fb : rec->value("funding", json::array())) {
      if (!fb.contains("consistent") || !fb["consistent"].is_boolean() || fb["consistent"]) continue;
      json m = base;
      m["item"] = fb.value("item", json());
      m["stated"] = money(fb.value("stated_total", json()));
      m["sum"] = fb.value("sum", json());
      m["page"] = page_of(fb.value("provenance", json()));
      if (auto b = box_of(fb.value("provenance", json()))) m["bbox"] = {b->x0, b->y0, b->x1, b->y1};
      funding.push_back(m);
    }
  }
  f["documents"] = docs;
  f["by_status"] = by_status;
  f["by_authority"] = by_authority;
  f["by_month"] = by_month;
  f["issues"] = issues;
  f["failures"] = failures;
  f["missing_meeting_date"] = missing_date;
  f["missing_items"] = missing_items;
  f["recommendations_repaired"] = repaired;
  f["funding_mismatches"] = funding;
  for (auto& m : in_packs) {
    auto it = name_of.find(m["pack"].get<std::string>());
    m["pack_name"] = it != name_of.end() ? it->second : m["pack"];
  }
  f["in_packs"] = in_packs;
  f["ocr"] = {{"pages", pages_total},
              {"ocr_pages", ocr_pages},
              {"share", pages_total ? static_cast<double>(ocr_pages) / pages_total : 0.0},
              {"confidence", conf_buckets}};

  // The latest crawl.
  json crawl_run = json::object();
  if (!run_rows.value().empty()) {
    const auto& r = run_rows.value()[0];
    try {
      if (r[3]) crawl_run = json::parse(*r[3]);
    } catch (const std::exception&) {
    }
    crawl_run["started_at"] = str(r[1]);
    crawl_run["finished_at"] = str(r[2]);
  }
  f["crawl"] = crawl_run;
  f["fetched"] = crawl_run.value("fetched", 0);
  f["new"] = crawl_run.value("new", 0);
  f["changed"] = crawl_run.value("changed", 0);

  // What changed since the previous report.
  json changes = {{"previous", nullptr}};
  if (!prev_rows.value().empty()) {
    try {
      json prev = json::parse(str(prev_rows.value()[0][1]));
      changes["previous"] = str(prev_rows.value()[0][0]);
      for (const char* k : {"total", "done", "failed", "counted"})
        changes[k] = docs[k].get<int64_t>() - prev["documents"].value(k, static_cast<int64_t>(0));
      json issue_delta = json::object();
      json prev_issues = prev.value("issues", json::object());
      std::set<std::string> codes;
      for (auto& [k, v] : issues.items()) codes.insert(k);
      for (auto& [k, v] : prev_issues.items()) codes.insert(k);
      for (const auto& k : codes) {
        int64_t d = issues.value(k, static_cast<int64_t>(0)) -
                    prev_issues.value(k, static_cast<int64_t>(0));
        if (d != 0) issue_delta[k] = d;
      }
      changes["issues"] = issue_delta;
      std::set<std::string> failed_before;
      for (const auto& s : prev.value("failed_sha256", json::array())) failed_before.insert(s);
      json new_failures = json::array(), fixed = json::array();
      for (const auto& s : failed_now)
        if (!failed_before.count(s)) new_failures.push_back(s);
      for (const auto& s : failed_before)
        if (!failed_now.count(s)) fixed.push_back(s);
      changes["new_failures"] = new_failures;
      changes["no_longer_failing"] = fixed;
    } catch (const std::exception&) {
    }
  }
  f["changes"] = changes;
  f["failed_sha256"] = json(failed_now);

  // What is new since the last report, from the facts database the export keeps.
  if (!o.facts.empty()) {
    int64_t since = 0;
    if (!prev_rows.value().empty()) {
      try {
        json prev = json::parse(str(prev_rows.value()[0][1]));
        since = prev.value("facts_run", static_cast<int64_t>(0));
      } catch (const std::exception&) {
      }
    }
    auto c = changes_from_facts(o.facts, since, std::max(o.max_rows, 1) * 5);
    if (c) {
      f["since_last_run"] = std::move(c.value());
    } else {
      log.warning("report: " + c.error().message);
      f["since_last_run"] = {{"facts", o.facts}, {"error", c.error().message}};
    }
  }

  // Pictures of flagged pages, most telling first (boxes before whole pages).
  json pictures = json::object();
  int made = 0;
  for (const char* list : {"funding_mismatches", "recommendations_repaired",
                           "missing_meeting_date", "missing_items"}) {
    for (auto& m : f[list]) {
      std::string key = m["sha256"].get<std::string>() + ":" + std::to_string(m["page"].get<int>());
      if (m.contains("bbox")) key += ":" + m["bbox"].dump();
      m["picture"] = key;
      if (pictures.contains(key) || made >= o.max_pictures) continue;
      std::optional<PageBox> box;
      if (m.contains("bbox"))
        box = PageBox{m["bbox"][0], m["bbox"][1], m["bbox"][2], m["bbox"][3]};
      auto pic = page_picture(pdf_of[m["sha256"]], m["page"], o.picture_dpi, box);
      if (!pic) {
        log.warning(m["file"].get<std::string>() + ": " + pic.error().message);
        continue;
      }
      pictures[key] = pic.value();
      ++made;
    }
  }
  f["pictures"] = pictures;
  return f;
}

namespace {

/// A horizontal bar chart: one row per label.
std::string svg_bars(const std::vector<std::pair<std::string, double>>& rows,
                     const std::string& color, const std::string& id) {
  double max = 1;
  for (const auto& r : rows) max = std::max(max, r.second);
  int row_h = 22, label_w = 170, bar_w = 380;
  int h = static_cast<int>(rows.size()) * row_h + 6;
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" << id << "\" width=\""
    << label_w + bar_w + 70 << "\" height=\"" << h << "\" role=\"img\">";
  int y = 3;
  for (const auto& [label, value] : rows) {
    int w = static_cast<int>(std::round(value / max * bar_w));
    s << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 15
      << "\" text-anchor=\"end\" font-size=\"12\">" << esc(label.substr(0, 28)) << "</text>"
      << "<rect x=\"" << label_w << "\" y=\"" << y + 3 << "\" width=\"" << std::max(w, 1)
      << "\" height=\"" << row_h - 6 << "\" fill=\"" << color << "\"/>"
      << "<text x=\"" << label_w + w + 6 << "\" y=\"" << y + 15 << "\" font-size=\"12\">"
      << value << "</text>";
    y += row_h;
  }
  s << "</svg>";
  return s.str();
}

std::string figure(const std::string& id, const std::string& label, const json& value) {
  std::string v = value.is_string() ? value.get<std::string>() : value.dump();
  return "<div class=\"card\"><div class=\"num\" id=\"" + id + "\">" + esc(v) +
         "</div><div class=\"lbl\">" + esc(label) + "</div></div>";
}

std::string picture_cell(const json& m, const json& pictures) {
  std::string key = m.value("picture", "");
  if (!pictures.contains(key)) return "<td>page " + std::to_string(m.value("page", 1)) + "</td>";
  std::string anchor = "pic-" + std::to_string(std::hash<std::string>{}(key) % 100000000);
  return "<td><a href=\"#" + anchor + "\" id=\"" + anchor + "\" title=\"page " +
         std::to_string(m.value("page", 1)) + "\"><img class=\"thumb\" alt=\"page " +
         std::to_string(m.value("page", 1)) + "\" src=\"" + pictures[key].get<std::string>() +
         "\"></a><br>p. " + std::to_string(m.value("page", 1)) + "</td>";
}

// A document as people name it (authority, body, meeting date, title), linked to its source
// at the flagged page; the hash stays in the title attribute for whoever needs it.
std::string source_cell(const json& m) {
  std::string url = m.value("url", "");
  std::string name = m.value("name", m.value("file", ""));
  std::string link = url.empty() ? "" : " <a class=\"src\" href=\"" + esc(url) + "#page=" +
                                            std::to_string(m.value("page", 1)) + "\">source</a>";
  return "<td title=\"sha256 " + esc(m.value("sha256", "")) + "\">" + esc(name) + link + "</td>";
}

}  // namespace

std::string render_html(const json& f) {
  std::ostringstream h;
  const json& d = f["documents"];
  const json& pics = f.value("pictures", json::object());
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<title>agendapack data-quality report " << esc(f.value("generated_at", "")) << "</title>"
    << "<style>body{font:14px/1.4 sans-serif;margin:24px;color:#222;max-width:1150px}"
    << "h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #ccc;margin-top:28px}"
    << ".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ccc;border-radius:6px;"
    << "padding:8px 14px;min-width:90px}.num{font-size:22px;font-weight:bold}.lbl{color:#555}"
    << "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:4px 8px;"
    << "vertical-align:top;text-align:left}th{background:#f4f4f4}.thumb{width:140px;"
    << "border:1px solid #999}.bad{color:#b00}.good{color:#070}.note{color:#555}"
    << "</style></head><body>\n";
  h << "<h1>agendapack data-quality report</h1><p class=\"note\">Generated "
    << esc(f.value("generated_at", "")) << " from <code>" << esc(f.value("catalog", ""))
    << "</code>.</p>\n";
  if (f.contains("since_last_run")) {
    const json& c = f["since_last_run"];
    if (c.contains("error"))
      h << "<h2>What changed since the last run</h2><p class=\"bad\">"
        << esc(c["error"].get<std::string>()) << "</p>";
    else
      h << render_changes_html(c, f.value("max_rows", 200));
  }

  h << "<h2>Documents</h2><div class=\"cards\">" << figure("documents-total", "documents", d["total"])
    << figure("documents-done", "converted", d["done"]) << figure("documents-failed", "failed", d["failed"])
    << figure("documents-queued", "queued", d["queued"])
    << figure("documents-in-packs", "also inside an agenda pack", d["in_packs"])
    << figure("documents-superseded", "older versions", d["superseded"])
    << figure("documents-counted", "counted once", d["counted"]) << "</div>\n";
  const json& c = f.value("crawl", json::object());
  h << "<h2>Last crawl</h2>";
  if (c.empty()) {
    h << "<p class=\"note\">No crawl recorded in this catalog.</p>";
  } else {
    h << "<p class=\"note\">" << esc(c.value("started_at", "")) << " to "
      << esc(c.value("finished_at", "")) << "</p><div class=\"cards\">"
      << figure("crawl-fetched", "downloaded", f["fetched"]) << figure("crawl-new", "new", f["new"])
      << figure("crawl-changed", "changed", f["changed"])
      << figure("crawl-not-modified", "not modified (304)", c.value("not_modified", 0))
      << figure("crawl-failed", "fetch failures", c.value("failed", 0))
      << figure("crawl-robots", "refused by robots.txt", c.value("robots", 0)) << "</div>";
  }

  std::vector<std::pair<std::string, double>> rows;
  for (auto& [k, v] : f["by_status"].items()) rows.emplace_back(k, v.get<double>());
  h << "<h2>By status</h2>" << svg_bars(rows, "#4a78b5", "chart-status");
  rows.clear();
  for (auto& [k, v] : f["by_authority"].items()) rows.emplace_back(k, v["total"].get<double>());
  h << "<h2>By authority</h2>" << svg_bars(rows, "#5b9b5b", "chart-authority");
  h << "<table id=\"table-authority\"><tr><th>authority</th><th>documents</th><th>converted</th>"
       "<th>failed</th></tr>";
  for (auto& [k, v] : f["by_authority"].items())
    h << "<tr><td>" << esc(k) << "</td><td>" << v["total"] << "</td><td>" << v["done"]
      << "</td><td>" << v["failed"] << "</td></tr>";
  h << "</table>";
  rows.clear();
  for (auto& [k, v] : f["by_month"].items()) rows.emplace_back(k, v.get<double>());
  h << "<h2>By meeting month</h2>" << svg_bars(rows, "#b58a4a", "chart-month");

  h << "<h2>Issues</h2>";
  if (f["issues"].empty()) h << "<p class=\"good\" id=\"issues-none\">No issues.</p>";
  else {
    h << "<table id=\"table-issues\"><tr><th>code</th><th>count</th></tr>";
    for (auto& [k, v] : f["issues"].items())
      h << "<tr><td><code>" << esc(k) << "</code></td><td id=\"issue-" << esc(k) << "\">" << v
        << "</td></tr>";
    h << "</table>";
  }

  h << "<h2>Failures</h2>";
  if (f["failures"].empty()) h << "<p class=\"good\">None.</p>";
  else {
    h << "<table id=\"table-failures\"><tr><th>source</th><th>code</th><th>stage</th>"
         "<th>reason</th></tr>";
    int n = 0;
    for (const auto& m : f["failures"]) {
      if (++n > 200) break;
      h << "<tr>" << source_cell(m) << "<td class=\"bad\"><code>" << esc(m.value("code", ""))
        << "</code></td><td>" << esc(m.value("stage", "")) << "</td><td>"
        << esc(m.value("message", "")) << "</td></tr>";
    }
    h << "</table>";
  }

  const json& ocr = f["ocr"];
  char share[32];
  std::snprintf(share, sizeof share, "%.1f%%", ocr["share"].get<double>() * 100);
  h << "<h2>OCR</h2><div class=\"cards\">" << figure("ocr-pages", "pages", ocr["pages"])
    << figure("ocr-ocr-pages", "read by OCR", ocr["ocr_pages"]) << figure("ocr-share", "OCR share", share)
    << "</div><p>OCR confidence per page:</p>";
  rows.clear();
  for (auto& [k, v] : ocr["confidence"].items()) rows.emplace_back(k, v.get<double>());
  h << svg_bars(rows, "#8a5bb5", "chart-confidence");

  auto flagged = [&](const char* key, const char* title, const char* empty,
                     const std::string& head, auto&& cells) {
    h << "<h2>" << title << " (<span id=\"count-" << key << "\">" << f[key].size()
      << "</span>)</h2>";
    if (f[key].empty()) {
      h << "<p class=\"good\">" << empty << "</p>";
      return;
    }
    h << "<table id=\"table-" << key << "\"><tr><th>source</th>" << head << "<th>page</th></tr>";
    int n = 0;
    for (const auto& m : f[key]) {
      if (++n > 200) break;
      h << "<tr>" << source_cell(m) << cells(m) << picture_cell(m, pics) << "</tr>";
    }
    h << "</table>";
  };
  flagged("funding_mismatches", "Funding totals that do not add up", "None.",
          "<th>item</th><th>stated total</th><th>sum of lines</th>", [](const json& m) {
            return "<td>" + esc(m["item"].is_string() ? m["item"].get<std::string>() : "") +
                   "</td><td>" + esc(m.value("stated", "")) + "</td><td>" +
                   (m["sum"].is_null() ? "" : m["sum"].dump()) + "</td>";
          });
  flagged("recommendations_repaired", "Recommendation numbers repaired", "None.",
          "<th>set</th><th>printed</th><th>position</th>", [](const json& m) {
            return "<td>" + esc(m["set"].is_string() ? m["set"].get<std::string>() : "") +
                   "</td><td>" + esc(m.value("printed", "")) + "</td><td>" +
                   esc(m.value("number", "")) + "</td>";
          });
  flagged("missing_meeting_date", "Records without a meeting date", "None.", "",
          [](const json&) { return std::string(); });
  flagged("missing_items", "Records without agenda items", "None.", "",
          [](const json&) { return std::string(); });

  h << "<h2>Reports also inside an agenda pack (<span id=\"count-in-packs\">" << f["in_packs"].size()
    << "</span>)</h2>";
  if (f["in_packs"].empty()) h << "<p class=\"note\">None found.</p>";
  else {
    h << "<table id=\"table-in-packs\"><tr><th>report</th><th>pack</th><th>from pack page</th></tr>";
    for (const auto& m : f["in_packs"])
      h << "<tr><td title=\"sha256 " << esc(m["sha256"].get<std::string>()) << "\">"
        << esc(m.value("name", "")) << " " << esc(m.value("url", "")) << "</td><td title=\"sha256 "
        << esc(m["pack"].get<std::string>()) << "\">" << esc(m.value("pack_name", ""))
        << "</td><td>" << m["first_page"] << "</td></tr>";
  }
  if (!f["in_packs"].empty()) h << "</table>";

  const json& ch = f["changes"];
  h << "<h2>Since the previous report</h2>";
  if (ch["previous"].is_null()) {
    h << "<p class=\"note\" id=\"changes-none\">This is the first report for this catalog.</p>";
  } else {
    auto signed_num = [](const json& v) {
      int64_t n = v.is_number() ? v.get<int64_t>() : 0;
      return (n > 0 ? "+" : "") + std::to_string(n);
    };
    h << "<p class=\"note\">Previous report: " << esc(ch["previous"].get<std::string>())
      << "</p><div class=\"cards\">" << figure("changes-total", "documents", signed_num(ch["total"]))
      << figure("changes-done", "converted", signed_num(ch["done"]))
      << figure("changes-failed", "failed", signed_num(ch["failed"])) << "</div>";
    if (ch.contains("issues") && !ch["issues"].empty()) {
      h << "<table><tr><th>issue</th><th>change</th></tr>";
      for (auto& [k, v] : ch["issues"].items())
        h << "<tr><td><code>" << esc(k) << "</code></td><td>" << signed_num(v) << "</td></tr>";
      h << "</table>";
    }
    h << "<p>New failures: " << ch.value("new_failures", json::array()).size()
      << "; no longer failing: " << ch.value("no_longer_failing", json::array()).size() << ".</p>";
  }
  h << "</body></html>\n";
  return h.str();
}

namespace {

bool write_file(const std::string& path, const std::string& text, std::string& why) {
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  fs::path tmp = target;
  tmp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      why = path + ": cannot write";
      return false;
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    why = path + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace

int run_report(const ReportOptions& o, const fs::path& config_dir, Logger& log) {
  auto built = build_report(o, config_dir, log);
  if (!built) {
    log.error(built.error().message);
    return 3;
  }
  json& f = built.value();
  std::string why;
  if (!o.html.empty() && !write_file(o.html, render_html(f), why)) {
    log.error(why);
    return 3;
  }
  json out = f;
  out.erase("pictures");
  for (const char* list : {"funding_mismatches", "recommendations_repaired",
                           "missing_meeting_date", "missing_items"})
    for (auto& m : out[list]) m.erase("picture");
  if (!o.json.empty() && !write_file(o.json, out.dump(2) + "\n", why)) {
    log.error(why);
    return 3;
  }
  if (o.remember) {
    json snap = {{"documents", f["documents"]}, {"issues", f["issues"]},
                 {"failed_sha256", f["failed_sha256"]}, {"fetched", f["fetched"]},
                 {"new", f["new"]}, {"changed", f["changed"]}};
    if (f.contains("since_last_run") && f["since_last_run"].contains("run"))
      snap["facts_run"] = f["since_last_run"]["run"];
    auto db = SqlConn::open(o.catalog);
    if (db) {
      auto r = db.value()->exec("INSERT INTO report_snapshots (created_at, summary) VALUES (?, ?)",
                                {f["generated_at"].get<std::string>(), snap.dump()});
      if (!r) log.warning(r.error().message);
    }
  }
  const json& d = f["documents"];
  log.info("report: " + std::to_string(d["total"].get<int64_t>()) + " documents, " +
           std::to_string(d["done"].get<int64_t>()) + " converted, " +
           std::to_string(d["failed"].get<int64_t>()) + " failed");
  return 0;
}

}  // namespace agendapack::report
