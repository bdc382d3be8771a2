// agendapack export end to end: the generated Cabinet / select committee pair converted with the
// real CLI and followed by the recommendation tracker; hand-written records carrying the
// contract's newer fields (votes, resolution numbers and movers, pack documents, decimal
// amounts); reruns that export only what changed, a superseded version, a kill mid-export; the
// CSV files read back; the report opening with what changed. Queries go through the `sqlite3`
// shell, as an analyst's would.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/fixtures/tracker_pair.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

/// Rows of `query` as the `sqlite3` shell prints them in JSON mode ([] when there are none).
json sql(const fs::path& db, const std::string& query) {
  std::string cmd =
      "sqlite3 -json " + shell_quote(db.string()) + " " + shell_quote(query) + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (p && std::fgets(buf, sizeof buf, p)) out += buf;
  int rc = p ? ::pclose(p) : -1;
  if (rc != 0) ADD_FAILURE() << "sqlite3 failed on: " << query << "\n" << out;
  if (out.find_first_not_of(" \r\n") == std::string::npos) return json::array();
  try {
    return json::parse(out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << query << ": " << e.what() << "\n" << out;
    return json::array();
  }
}

json one(const fs::path& db, const std::string& query) {
  json rows = sql(db, query);
  return rows.empty() ? json() : rows[0];
}

/// A field of RFC 4180 CSV text, rows of fields; quoted fields may hold commas, quotes
/// (doubled) and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (size_t k = 0; k < text.size(); ++k) {
    char c = text[k];
    if (quoted) {
      if (c == '"' && k + 1 < text.size() && text[k + 1] == '"') {
        field += '"';
        ++k;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && k + 1 < text.size() && text[k + 1] == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      was_quoted = false;
      ++k;
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

/// Every row of a table through the C API, NULL as "" (CSV cannot tell them apart).
std::vector<std::vector<std::string>> table_rows(const fs::path& db, const std::string& table,
                                                 std::vector<std::string>* header) {
  sqlite3* h = nullptr;
  std::vector<std::vector<std::string>> rows;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return rows;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, ("SELECT * FROM \"" + table + "\"").c_str(), -1, &st, nullptr);
  for (int c = 0; st && c < sqlite3_column_count(st); ++c)
    header->push_back(sqlite3_column_name(st, c));
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* t = sqlite3_column_text(st, c);
      row.push_back(t ? std::string(reinterpret_cast<const char*>(t),
                                    static_cast<size_t>(sqlite3_column_bytes(st, c)))
                      : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rows;
}

/// Everything but the bookkeeping of runs, for comparing two exports.
std::string dump_facts(const fs::path& db) {
  std::string out;
  for (const char* t : {"documents",        "meetings",
                        "attendance",       "items",
                        "resolutions",      "votes",
                        "recorded_votes",   "people",
                        "people_names",     "recommendation_sets",
                        "recommendations",  "recommendation_links",
                        "trackers",         "tracker_recommendations",
                        "tracker_warnings", "funding_breakdowns",
                        "funding_lines",    "amounts",
                        "pack_documents",   "tables",
                        "quality_issues"}) {
    json rows = sql(db, std::string("SELECT * FROM ") + t + " ORDER BY 1, 2");
    for (auto& r : rows) r.erase("run_id");
    out += std::string(t) + ": " + rows.dump() + "\n";
  }
  return out;
}

json export_json(const std::vector<std::string>& extra, int expect_code = 0) {
  std::vector<std::string> args = {"export", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, expect_code) << r.err;
  try {
    return json::parse(r.out);
  } catch (const std::exception&) {
    ADD_FAILURE() << "no summary: " << r.out << r.err;
    return json::object();
  }
}

class TrackerPair : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    fs::create_directories(in());
    fixtures::write_tracker_cabinet(in() / "cabinet.pdf");
    fixtures::write_tracker_committee(in() / "committee.pdf");
    auto r = run_cli({"ingest", in().string(), "--catalog", catalog().string(), "--out",
                      (dir_->path() / "records").string(), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    summary_ = new json(export_json(
        {"--catalog", catalog().string(), "--sqlite", facts().string(), "--csv", csv().string()}));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete dir_;
  }
  static fs::path in() { return dir_->path() / "in"; }
  static fs::path catalog() { return dir_->path() / "catalog.db"; }
  static fs::path facts() { return dir_->path() / "facts.db"; }
  static fs::path csv() { return dir_->path() / "csv"; }
  static int64_t tracker_id() {
    json t = sql(facts(), "SELECT tracker_id FROM trackers WHERE sets > 1");
    return t.size() == 1 ? t[0]["tracker_id"].get<int64_t>() : -1;
  }
  static TempDir* dir_;
  static json* summary_;
};
TempDir* TrackerPair::dir_ = nullptr;
json* TrackerPair::summary_ = nullptr;

TEST_F(TrackerPair, EightRecommendationsHaveTwoEventsEachWithTheirStatuses) {
  const auto& truth = fixtures::tracker_pair_truth();
  EXPECT_EQ((*summary_)["exported"], 2);
  json trackers = sql(facts(),
                      "SELECT tracker_id, authority, title, first_date, last_date, sets, "
                      "recommendations FROM trackers WHERE sets > 1");
  ASSERT_EQ(trackers.size(), 1u) << sql(facts(), "SELECT * FROM trackers").dump();
  EXPECT_EQ(trackers[0]["authority"], truth.authority);
  EXPECT_EQ(trackers[0]["title"], truth.inquiry);
  EXPECT_EQ(trackers[0]["first_date"], truth.cabinet_date);
  EXPECT_EQ(trackers[0]["last_date"], truth.committee_date);
  EXPECT_EQ(trackers[0]["recommendations"], 8);
  int64_t id = tracker_id();
  json h = sql(facts(),
               "SELECT number, text, meeting_date, body, agreed, response, status, how "
               "FROM recommendation_history WHERE tracker_id = " +
                   std::to_string(id) + " ORDER BY number, meeting_date");
  ASSERT_EQ(h.size(), 16u) << h.dump(1);
  for (const auto& r : truth.recommendations) {
    const json& agreed = h[2 * (r.number - 1)];
    const json& monitored = h[2 * (r.number - 1) + 1];
    SCOPED_TRACE("recommendation " + std::to_string(r.number));
    EXPECT_EQ(agreed["number"], r.number);
    EXPECT_EQ(agreed["meeting_date"], truth.cabinet_date);
    EXPECT_EQ(agreed["body"], truth.cabinet_body);
    EXPECT_EQ(agreed["text"], r.text);
    EXPECT_EQ(agreed["agreed"], r.agreed);
    EXPECT_EQ(agreed["response"], r.response);
    EXPECT_TRUE(agreed["status"].is_null());
    EXPECT_EQ(monitored["number"], r.number);
    EXPECT_EQ(monitored["meeting_date"], truth.committee_date);
    EXPECT_EQ(monitored["body"], truth.committee_body);
    EXPECT_EQ(monitored["text"], r.text);  // the tracker's text: what Cabinet agreed
    EXPECT_EQ(monitored["status"], r.status);
  }
  // 3 and 4 under one heading; the seventh printed "2" takes the place 6 and 8 leave.
  EXPECT_EQ(h[7]["how"], "merged");
  EXPECT_EQ(h[13]["how"], "number");
  json latest = sql(facts(),
                    "SELECT number, status, meeting_date FROM recommendation_latest "
                    "WHERE tracker_id = " +
                        std::to_string(id) + " ORDER BY number");
  ASSERT_EQ(latest.size(), 8u);
  for (const auto& r : truth.recommendations) {
    EXPECT_EQ(latest[r.number - 1]["status"], r.status) << r.number;
    EXPECT_EQ(latest[r.number - 1]["meeting_date"], truth.committee_date);
  }
  // A pair that is right needs no person.
  EXPECT_EQ(sql(facts(), "SELECT * FROM tracker_warnings").size(), 0u);
}

TEST_F(TrackerPair, EveryFactCarriesItsSource) {
  json docs = sql(facts(),
                  "SELECT sha256, authority, body, meeting_date, link FROM documents "
                  "ORDER BY meeting_date");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["sha256"], sha256_file((in() / "cabinet.pdf").string()));
  EXPECT_EQ(docs[0]["body"], "Cabinet");
  EXPECT_EQ(docs[1]["body"], "Environment Select Committee");
  EXPECT_EQ(docs[0]["link"].get<std::string>().rfind("file://", 0), 0u);
  for (const char* t : {"meetings", "attendance", "items", "resolutions", "recommendation_sets",
                        "recommendations", "tables"}) {
    json bad = sql(facts(), std::string("SELECT count(*) AS n FROM ") + t +
                                " WHERE sha256 IS NULL OR page IS NULL OR link NOT LIKE "
                                "'file://%#page=' || page");
    EXPECT_EQ(bad[0]["n"], 0) << t;
  }
  json boxes = sql(facts(), "SELECT bbox FROM recommendations WHERE bbox IS NULL");
  EXPECT_EQ(boxes.size(), 0u);
  json rec = one(facts(),
                 "SELECT page, bbox FROM recommendations r JOIN documents d USING "
                 "(sha256) WHERE d.body = 'Cabinet' AND r.number = 1");
  EXPECT_EQ(json::parse(rec["bbox"].get<std::string>()).size(), 4u);
  // Keys and foreign keys hold.
  EXPECT_EQ(sql(facts(), "PRAGMA foreign_key_check").size(), 0u);
  // The FTS tables are in the layout Datasette detects.
  EXPECT_NE(one(facts(), "SELECT sql FROM sqlite_master WHERE name = 'items_fts'")["sql"]
                .get<std::string>()
                .find("content=\"items\""),
            std::string::npos);
}

TEST_F(TrackerPair, FullTextSearchFindsAnItemByAWordOfItsText) {
  json hits = sql(facts(),
                  "SELECT i.number, i.title, d.body FROM items_fts JOIN items i ON "
                  "i.item_id = items_fts.rowid JOIN documents d ON d.sha256 = i.sha256 "
                  "WHERE items_fts MATCH 'minister'");
  ASSERT_EQ(hits.size(), 1u) << hits.dump();
  EXPECT_EQ(hits[0]["number"], "3");
  EXPECT_EQ(hits[0]["body"], "Environment Select Committee");
  json recs = sql(facts(),
                  "SELECT r.number FROM recommendations_fts JOIN recommendations r ON "
                  "r.recommendation_id = recommendations_fts.rowid WHERE "
                  "recommendations_fts MATCH 'sandbag'");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0]["number"], 5);
  json res = sql(facts(),
                 "SELECT count(*) AS n FROM resolutions_fts WHERE resolutions_fts MATCH "
                 "'progress'");
  EXPECT_GE(res[0]["n"].get<int>(), 1);
}

TEST_F(TrackerPair, PeopleAreOnePersonPerAuthorityWhateverTheForm) {
  // "Cllr Peter Bramley" at Cabinet, "Cllr P Bramley" at the committee.
  json bramley = sql(facts(),
                     "SELECT p.person_id, p.name, count(*) AS n FROM attendance a JOIN "
                     "people p ON p.person_id = a.person_id WHERE p.surname = 'Bramley' "
                     "GROUP BY p.person_id");
  ASSERT_EQ(bramley.size(), 1u) << bramley.dump();
  EXPECT_EQ(bramley[0]["name"], "Peter Bramley");
  EXPECT_EQ(bramley[0]["n"], 2);
  json forms = sql(facts(), "SELECT printed FROM people_names WHERE person_id = " +
                                bramley[0]["person_id"].dump() + " ORDER BY printed");
  EXPECT_EQ(forms.size(), 2u);
  json rate = sql(facts(),
                  "SELECT name, year, present, apologies, rate FROM attendance_rate "
                  "WHERE name IN ('Susan Colgate', 'Fiona Farrow') ORDER BY name, year");
  ASSERT_EQ(rate.size(), 4u) << rate.dump();
  EXPECT_EQ(rate[0]["name"], "Fiona Farrow");
  EXPECT_EQ(rate[0]["rate"], 0);
  EXPECT_EQ(rate[2]["name"], "Susan Colgate");
  EXPECT_EQ(rate[2]["year"], "2018");
  EXPECT_EQ(rate[2]["rate"], 1);
  json chair = one(facts(),
                   "SELECT p.name FROM meetings m JOIN people p ON p.person_id = "
                   "m.chair_person_id WHERE m.body = 'Cabinet'");
  EXPECT_EQ(chair["name"], "Helen Ashdown");
}

TEST_F(TrackerPair, CsvFilesReadBackToTheSameRows) {
  int files = 0;
  for (const auto& e : fs::directory_iterator(csv())) {
    if (e.path().extension() != ".csv") continue;
    ++files;
    std::string table = e.path().stem().string();
    std::string text = read_file(e.path());
    ASSERT_GE(text.size(), 2u);
    EXPECT_EQ(text.substr(text.size() - 2), "\r\n") << table;
    auto parsed = parse_csv(text);
    std::vector<std::string> header;
    auto rows = table_rows(facts(), table, &header);
    ASSERT_FALSE(parsed.empty()) << table;
    EXPECT_EQ(parsed[0], header) << table;
    ASSERT_EQ(parsed.size(), rows.size() + 1) << table;
    for (size_t r = 0; r < rows.size(); ++r)
      EXPECT_EQ(parsed[r + 1], rows[r]) << table << " row " << r;
  }
  EXPECT_EQ(static_cast<size_t>(files), (*summary_)["csv_files"].get<size_t>());
  EXPECT_TRUE(fs::exists(csv() / "recommendation_history.csv"));
  EXPECT_TRUE(fs::exists(csv() / "items.csv"));
  EXPECT_FALSE(fs::exists(csv() / "items_fts.csv"));
  // Item texts hold line breaks and commas: some field was quoted.
  EXPECT_NE(read_file(csv() / "items.csv").find("\"The Committee considered"), std::string::npos);
}

TEST_F(TrackerPair, ARerunChangesNothing) {
  std::string before = dump_facts(facts());
  json again = export_json({"--catalog", catalog().string(), "--sqlite", facts().string()});
  EXPECT_EQ(again["exported"], 0);
  EXPECT_EQ(again["unchanged"], 2);
  EXPECT_EQ(again["removed"], 0);
  EXPECT_EQ(dump_facts(facts()), before);
  // --rebuild reads every record again and comes to the same rows.
  json rebuilt =
      export_json({"--catalog", catalog().string(), "--sqlite", facts().string(), "--rebuild"});
  EXPECT_EQ(rebuilt["exported"], 2);
  EXPECT_EQ(sql(facts(), "SELECT count(*) AS n FROM recommendation_history")[0]["n"], 16);
  EXPECT_EQ(sql(facts(), "SELECT count(*) AS n FROM trackers WHERE sets = 2")[0]["n"], 1);
}

TEST_F(TrackerPair, TheReportOpensWithWhatChangedNamedAsPeopleNameIt) {
  TempDir tmp;
  fs::path j = tmp.path() / "r.json", html = tmp.path() / "r.html";
  // A catalog of its own, so the snapshots the report keeps do not touch the other tests.
  fs::copy_file(catalog(), tmp.path() / "c.db");
  auto r = run_cli({"report", "--catalog", (tmp.path() / "c.db").string(), "--facts",
                    facts().string(), "--json", j.string(), "--html", html.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json f = json::parse(read_file(j));
  const auto& truth = fixtures::tracker_pair_truth();
  EXPECT_TRUE(f["by_authority"].contains(truth.authority)) << f["by_authority"].dump();
  const json& c = f["since_last_run"];
  ASSERT_EQ(c["new_meetings"].size(), 2u) << c.dump(1);
  EXPECT_EQ(c["new_meetings"][0]["name"],
            "Brackenbury County Council, Cabinet, 23 April 2018: cabinet.pdf");
  bool agreed = false;
  for (const auto& d : c["new_meetings"][0]["decisions"]) agreed |= d["decision"] == "agreed";
  EXPECT_TRUE(agreed);
  ASSERT_EQ(c["status_changes"].size(), 8u);
  EXPECT_TRUE(c["status_changes"][0]["from"].is_null());
  EXPECT_EQ(c["status_changes"][0]["to"], truth.recommendations[0].status);
  std::string page = read_file(html);
  size_t changed = page.find("What changed since the last run");
  ASSERT_NE(changed, std::string::npos);
  EXPECT_LT(changed, page.find("<h2>Documents</h2>"));
  EXPECT_NE(page.find("Brackenbury County Council, Environment Select Committee, 14 May 2019"),
            std::string::npos);

  // The next report: nothing new since.
  auto r2 = run_cli({"report", "--catalog", (tmp.path() / "c.db").string(), "--facts",
                     facts().string(), "--json", j.string()});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  json f2 = json::parse(read_file(j));
  EXPECT_EQ(f2["since_last_run"]["new_meetings"].size(), 0u);
  EXPECT_EQ(f2["since_last_run"]["status_changes"].size(), 0u);
}

TEST_F(TrackerPair, NightlyExportsThenReportsWhatChanged) {
  TempDir tmp;
  fs::copy_file(catalog(), tmp.path() / "c.db");
  fs::path reports = tmp.path() / "reports";
  std::vector<std::string> args = {"nightly",      "--skip-crawl",
                                   "--catalog",    (tmp.path() / "c.db").string(),
                                   "--out",        (dir_->path() / "records").string(),
                                   "--report-dir", reports.string(),
                                   "--csv",        (tmp.path() / "csv").string()};
  auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(reports / "facts.db"));
  EXPECT_TRUE(fs::exists(tmp.path() / "csv" / "recommendation_latest.csv"));
  EXPECT_EQ(one(reports / "facts.db", "SELECT count(*) AS n FROM trackers WHERE sets = 2")["n"], 1);
  json first = json::parse(read_file(reports / "latest.json"));
  EXPECT_EQ(first["since_last_run"]["new_meetings"].size(), 2u);
  EXPECT_EQ(first["since_last_run"]["status_changes"].size(), 8u);
  // The next night: nothing new.
  auto r2 = run_cli(args);
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  json second = json::parse(read_file(reports / "latest.json"));
  EXPECT_EQ(second["since_last_run"]["new_meetings"].size(), 0u);
  EXPECT_EQ(second["since_last_run"]["run"], 2);
}

// ---- hand-written records: the contract's newer fields ----

/// Three one-page PDFs ingested into a catalog; their records are then replaced by the test.
struct HandCatalog {
  TempDir tmp;
  std::vector<std::string> sha;
  fs::path catalog() const { return tmp.path() / "catalog.db"; }
  fs::path facts() const { return tmp.path() / "facts.db"; }
  fs::path record(size_t k) const { return tmp.path() / "records" / (sha[k] + ".json"); }
  HandCatalog() {
    fs::create_directories(tmp.path() / "in");
    for (int k = 0; k < 3; ++k) {
      fs::path p = tmp.path() / "in" / ("doc" + std::to_string(k) + ".pdf");
      fixtures::PdfBuilder pdf(p);
      pdf.text(72, 90, "Hand-written record " + std::to_string(k), {14, true});
      pdf.finish();
      sha.push_back(sha256_file(p.string()));
    }
    auto r = run_cli({"ingest", (tmp.path() / "in").string(), "--catalog", catalog().string(),
                      "--out", (tmp.path() / "records").string(), "-q"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  void write(size_t k, json rec) const {
    json old = json::parse(read_file(record(k)));
    rec["schema_version"] = "1";
    rec["source"] = old["source"];
    std::ofstream(record(k)) << rec.dump();
  }
  /// What a new conversion does to the catalog row.
  void touch(size_t k, const std::string& when) const {
    sql(catalog(),
        "UPDATE sources SET finished_at = '" + when + "' WHERE sha256 = '" + sha[k] + "'");
  }
  json export_run(const std::vector<std::string>& more = {}, int code = 0) const {
    std::vector<std::string> args = {"--catalog", catalog().string(), "--sqlite", facts().string()};
    args.insert(args.end(), more.begin(), more.end());
    return export_json(args, code);
  }
};

json prov(int page, double y) { return {{"page", page}, {"bbox", {72, y, 500, y + 12}}}; }

json record_a() {
  const std::vector<std::string> texts = {
      "Appoint a member champion for modern slavery.",
      "Train every frontline officer to spot the signs of exploitation.",
      "Publish an annual statement on supply chains and procurement.",
      "Share referral data with the police each quarter.",
      "Fund a helpline for victims run with voluntary groups.",
      "Check licensed car washes and nail bars twice a year.",
      "Add modern slavery clauses to every new contract.",
      "Report progress to this committee within twelve months."};
  json recs = json::array();
  for (int n = 1; n <= 8; ++n)
    recs.push_back({{"number", n},
                    {"printed_number", std::to_string(n)},
                    {"text", texts[n - 1]},
                    {"agreed", "yes"},
                    {"status", nullptr},
                    {"response", "Agreed."},
                    {"provenance", prov(2, 100.0 + 20 * n)}});
  return {{"meeting",
           {{"authority", "Testshire County Council"},
            {"body", "Cabinet"},
            {"date", "2018-04-23"},
            {"chair", "Cllr Alan Booth"},
            {"attendance",
             {{{"name", "Cllr Alan Booth"}, {"group", "present"}},
              {{"name", "Mr J Smith"}, {"group", "present"}},
              {{"name", "Mrs J Smith"}, {"group", "present"}},
              {{"name", "Cllr C Doe"}, {"group", "present"}}}},
            {"provenance", prov(1, 60)}}},
          {"documents",
           {{{"kind", "agenda"},
             {"title", "Agenda"},
             {"item", nullptr},
             {"pages", {1, 1}},
             {"date", "2018-04-23"},
             {"provenance", prov(1, 40)}},
            {{"kind", "report"},
             {"title", "Revenue Budget 2018-19"},
             {"item", "5"},
             {"pages", {2, 3}},
             {"date", nullptr},
             {"provenance", prov(2, 40)}}}},
          {"items",
           {{{"number", "5"},
             {"title", "Revenue Budget 2018-19"},
             {"pages", {2, 3}},
             {"text", "The budget was debated at length and an amendment was put to the vote."},
             {"provenance", prov(2, 80)},
             {"resolutions",
              {{{"text", "That the budget be approved."},
                {"decision", "approved"},
                {"number", "R2018-12"},
                {"moved_by", "Cllr A Booth"},
                {"seconded_by", "Councillor Doe"},
                {"outcome", "carried"},
                {"provenance", prov(3, 300)}}}},
             {"declarations", json::array()},
             {"actions", json::array()},
             {"votes",
              {{{"motion", "Amendment proposed by Mr J Smith: to freeze car park charges"},
                {"kind", "amendment"},
                {"outcome", "lost"},
                {"for", 2},
                {"against", 2},
                {"abstain", 0},
                {"recorded",
                 {{{"name", "Councillor Alan Booth"}, {"vote", "against"}},
                  {{"name", "Mr J Smith"}, {"vote", "for"}},
                  {{"name", "Mrs J Smith"}, {"vote", "for"}},
                  {{"name", "Cllr C Doe"}, {"vote", "against"}}}},
                {"provenance", prov(3, 200)}}}}},
            {{"number", "6"},
             {"title", "Modern Slavery Inquiry"},
             {"pages", {3, 3}},
             {"text", "Cabinet agreed the inquiry's recommendations."},
             {"provenance", prov(3, 400)},
             {"resolutions", json::array()}}}},
          {"recommendation_sets",
           {{{"title", "Modern Slavery Inquiry"},
             {"item", "6"},
             {"recommendations", recs},
             {"provenance", prov(2, 120)}}}},
          {"funding",
           {{{"item", "5"},
             {"context", "The savings were:"},
             {"stated_total", nullptr},
             {"lines",
              {{{"label", "Printing"},
                {"amount", 2355.5},
                {"currency", "GBP"},
                {"raw", "£2,355.50"},
                {"provenance", prov(2, 500)}},
               {{"label", "Postage"},
                {"amount", 12.71},
                {"currency", "GBP"},
                {"raw", "£12.71"},
                {"provenance", prov(2, 512)}}}},
             {"sum", 2368.21},
             {"consistent", nullptr},
             {"provenance", prov(2, 500)}}}},
          {"amounts",
           {{{"amount", 2355.5},
             {"currency", "GBP"},
             {"raw", "£2,355.50"},
             {"item", "5"},
             {"sentence", "Printing £2,355.50"},
             {"provenance", prov(2, 500)}}}},
          {"tables", json::array()},
          {"pages", json::array()},
          {"quality", {{"issues", json::array()}, {"ocr_pages", 0}, {"low_confidence_pages", 0}}}};
}

/// A year later: monitoring of recommendations 6-8 only, which the converter renumbered 1-3.
json record_b(const std::string& status8) {
  json recs = json::array();
  std::vector<std::string> status = {"complete", "ongoing", status8};
  for (int k = 0; k < 3; ++k)
    recs.push_back({{"number", k + 1},
                    {"printed_number", std::to_string(k + 6)},
                    {"text", nullptr},
                    {"agreed", nullptr},
                    {"status", status[k]},
                    {"provenance", prov(1, 200.0 + 30 * k)}});
  return {{"meeting",
           {{"authority", "TESTSHIRE COUNTY COUNCIL"},
            {"body", "Select Committee"},
            {"date", "2019-05-14"},
            {"attendance",
             {{{"name", "Cllr A. Booth"}, {"group", "present"}},
              {{"name", "Cllr Doe"}, {"group", "apologies"}}}}}},
          {"items",
           {{{"number", "3"},
             {"title", "Modern Slavery Inquiry - Recommendation Monitoring"},
             {"pages", {1, 1}},
             {"text",
              "Progress on the Modern Slavery Inquiry agreed by Cabinet on 23 "
              "April 2018."},
             {"provenance", prov(1, 150)}}}},
          {"recommendation_sets",
           {{{"title", "Modern Slavery Inquiry"}, {"item", "3"}, {"recommendations", recs}}}},
          {"quality",
           {{"issues",
             {{{"code", "RECOMMENDATION_NUMBER_REPAIRED"},
               {"severity", "warning"},
               {"message", "printed 6, position 1"},
               {"page", 1}}}}}}};
}

TEST(Export, NewerContractFieldsVotesAndPeople) {
  HandCatalog h;
  h.write(0, record_a());
  h.write(1, record_b("ongoing"));
  h.write(2, {{"meeting",
               {{"authority", "Othershire Council"},
                {"body", "Cabinet"},
                {"date", "2018-05-01"},
                {"attendance", {{{"name", "Mr J Smith"}}}}}}});
  json s = h.export_run();
  EXPECT_EQ(s["exported"], 3);
  fs::path db = h.facts();
  // Votes join to people: the recorded names are resolved per authority.
  json votes = sql(db,
                   "SELECT p.person_id, p.name, rv.name AS printed, rv.vote FROM "
                   "recorded_votes rv JOIN people p ON p.person_id = rv.person_id JOIN votes v "
                   "ON v.vote_id = rv.vote_id WHERE v.kind = 'amendment' AND v.outcome = "
                   "'lost' ORDER BY rv.recorded_vote_id");
  ASSERT_EQ(votes.size(), 4u) << votes.dump(1);
  EXPECT_EQ(votes[0]["name"], "Alan Booth");
  EXPECT_EQ(votes[0]["vote"], "against");
  EXPECT_EQ(votes[1]["name"], "J Smith");
  EXPECT_EQ(votes[2]["name"], "J Smith");
  EXPECT_NE(votes[1]["person_id"], votes[2]["person_id"]) << "Mr and Mrs J Smith are two people";
  EXPECT_EQ(votes[3]["name"], "C Doe");
  json counts = one(db, "SELECT for_count, against_count, abstain_count FROM votes");
  EXPECT_EQ(counts["for_count"], 2);
  EXPECT_EQ(counts["abstain_count"], 0);
  // One Alan Booth in Testshire, however printed (and whichever case the authority was in).
  json booth = sql(db, "SELECT person_id, authority FROM people WHERE surname = 'Booth'");
  ASSERT_EQ(booth.size(), 1u) << booth.dump();
  EXPECT_EQ(booth[0]["authority"], "Testshire County Council");
  json res = one(db,
                 "SELECT r.number, r.outcome, r.moved_by_person_id, r.seconded_by_person_id, "
                 "d.person_id AS doe FROM resolutions r, people d WHERE d.surname = 'Doe'");
  EXPECT_EQ(res["number"], "R2018-12");
  EXPECT_EQ(res["outcome"], "carried");
  EXPECT_EQ(res["moved_by_person_id"], booth[0]["person_id"]);
  EXPECT_EQ(res["seconded_by_person_id"], res["doe"]);
  EXPECT_EQ(sql(db,
                "SELECT * FROM attendance a JOIN people p USING (person_id) WHERE p.surname "
                "= 'Booth'")
                .size(),
            2u);
  // Othershire's Mr J Smith is someone else.
  EXPECT_EQ(sql(db, "SELECT * FROM people WHERE surname = 'Smith'").size(), 3u);
  // Decimal money stays decimal.
  json amount = one(db, "SELECT amount, typeof(amount) AS t FROM amounts");
  EXPECT_EQ(amount["amount"], 2355.5);
  EXPECT_EQ(amount["t"], "real");
  json lines = sql(db, "SELECT amount FROM funding_lines ORDER BY position");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["amount"], 12.71);
  // The pack's documents, the report joined to its item.
  json parts = sql(db,
                   "SELECT p.kind, p.title, i.number FROM pack_documents p LEFT JOIN items i "
                   "ON i.item_id = p.item_id ORDER BY p.position");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1]["title"], "Revenue Budget 2018-19");
  EXPECT_EQ(parts[1]["number"], "5");
  EXPECT_EQ(one(db, "SELECT title FROM documents WHERE sha256 = '" + h.sha[0] + "'")["title"],
            "Agenda");
}

TEST(Export, ASetNumberedFromSixKeepsItsNumbersAndAPersonIsTold) {
  HandCatalog h;
  h.write(0, record_a());
  h.write(1, record_b("ongoing"));
  h.write(2, {{"meeting", {{"authority", "Othershire Council"}}}});
  h.export_run();
  fs::path db = h.facts();
  json t = sql(db, "SELECT tracker_id FROM trackers WHERE sets = 2");
  ASSERT_EQ(t.size(), 1u) << sql(db, "SELECT * FROM trackers").dump();
  std::string id = t[0]["tracker_id"].dump();
  json events = sql(db,
                    "SELECT number, count(*) AS n FROM recommendation_history WHERE "
                    "tracker_id = " +
                        id + " GROUP BY number ORDER BY number");
  ASSERT_EQ(events.size(), 8u);
  for (int n = 1; n <= 8; ++n) EXPECT_EQ(events[n - 1]["n"], n >= 6 ? 2 : 1) << n;
  json w = sql(db, "SELECT code, message FROM tracker_warnings");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0]["code"], "RECOMMENDATION_SET_STARTS_LATE");
  std::string msg = w[0]["message"];
  EXPECT_NE(msg.find("numbered from 6"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1-5 are in \"Modern Slavery Inquiry\" (2018-04-23)"), std::string::npos)
      << msg;

  // The report lists it among what needs a person.
  fs::path j = h.tmp.path() / "r.json";
  auto r = run_cli(
      {"report", "--catalog", h.catalog().string(), "--facts", db.string(), "--json", j.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json f = json::parse(read_file(j));
  ASSERT_EQ(f["since_last_run"]["warnings"].size(), 1u);
  EXPECT_EQ(f["since_last_run"]["warnings"][0]["document"],
            "Testshire County Council, Select Committee, 14 May 2019: doc1.pdf");
}

// A monitoring table that prints the recommendations' texts in its own order and numbering:
// each row follows its text, not its number.
TEST(Export, ARowFollowsItsTextWhateverItsNumber) {
  HandCatalog h;
  json a = record_a();
  h.write(0, a);
  json recs = json::array();
  const json& agreed = a["recommendation_sets"][0]["recommendations"];
  std::vector<int> order = {3, 1, 2};  // the Cabinet's numbers of the rows printed 1, 2, 3
  for (size_t k = 0; k < order.size(); ++k)
    recs.push_back({{"number", k + 1},
                    {"printed_number", std::to_string(k + 1)},
                    {"text", agreed[order[k] - 1]["text"]},
                    {"status", "complete"}});
  h.write(1,
          {{"meeting",
            {{"authority", "Testshire County Council"},
             {"body", "Select Committee"},
             {"date", "2019-06-01"}}},
           {"recommendation_sets",
            {{{"title", "Modern Slavery Inquiry Progress Report"}, {"recommendations", recs}}}}});
  h.write(2, {{"meeting", {{"authority", "Othershire Council"}}}});
  h.export_run();
  json links = sql(h.facts(),
                   "SELECT r.printed_number, l.number, l.how FROM recommendation_links l "
                   "JOIN recommendations r USING (recommendation_id) WHERE r.sha256 = '" +
                       h.sha[1] + "' ORDER BY r.position");
  ASSERT_EQ(links.size(), 3u) << links.dump();
  for (size_t k = 0; k < order.size(); ++k) {
    EXPECT_EQ(links[k]["number"], order[k]) << k;
    EXPECT_EQ(links[k]["how"], order[k] == static_cast<int>(k + 1) ? "printed" : "text") << k;
  }
}

TEST(Export, RerunsExportOnlyWhatChangedAndReplaceSupersededVersions) {
  HandCatalog h;
  h.write(0, record_a());
  h.write(1, record_b("ongoing"));
  h.write(2, {{"meeting", {{"authority", "Othershire Council"}, {"body", "Cabinet"}}}});
  json first = h.export_run();
  EXPECT_EQ(first["exported"], 3);
  fs::path db = h.facts();

  // The monitoring record is converted again with a new status for recommendation 8.
  h.write(1, record_b("complete"));
  h.touch(1, "2031-01-01T00:00:00Z");
  json second = h.export_run();
  EXPECT_EQ(second["exported"], 1);
  EXPECT_EQ(second["unchanged"], 2);
  json latest = one(db,
                    "SELECT status FROM recommendation_latest l JOIN trackers t USING "
                    "(tracker_id) WHERE t.sets = 2 AND l.number = 8");
  EXPECT_EQ(latest["status"], "complete");
  json doc = one(db, "SELECT first_run, run_id FROM documents WHERE sha256 = '" + h.sha[1] + "'");
  EXPECT_EQ(doc["first_run"], first["run_id"]);
  EXPECT_EQ(doc["run_id"], second["run_id"]);
  EXPECT_EQ(sql(db, "SELECT * FROM recommendations").size(), 11u);  // no leftovers

  // The Cabinet record's URL now holds a newer version (the third file): the old one goes.
  sql(h.catalog(), "UPDATE sources SET url = 'https://example.org/a.pdf' WHERE sha256 IN ('" +
                       h.sha[0] + "', '" + h.sha[2] + "')");
  sql(h.catalog(), "INSERT INTO crawl_urls (url, sha256) VALUES ('https://example.org/a.pdf', '" +
                       h.sha[2] + "')");
  json third = h.export_run();
  EXPECT_EQ(third["removed"], 1);
  EXPECT_EQ(sql(db, "SELECT * FROM documents WHERE sha256 = '" + h.sha[0] + "'").size(), 0u);
  EXPECT_EQ(sql(db, "SELECT * FROM items WHERE sha256 = '" + h.sha[0] + "'").size(), 0u);
  EXPECT_EQ(sql(db, "SELECT * FROM recorded_votes").size(), 0u);
  EXPECT_EQ(
      one(db, "SELECT by_sha256 FROM superseded WHERE sha256 = '" + h.sha[0] + "'")["by_sha256"],
      h.sha[2]);
  EXPECT_EQ(one(db, "SELECT replaces_sha256, link FROM documents WHERE sha256 = '" + h.sha[2] +
                        "'")["replaces_sha256"],
            h.sha[0]);
  // Nobody is left who only the old version named; the monitoring set is a tracker of one now.
  EXPECT_EQ(sql(db, "SELECT * FROM people WHERE surname = 'Smith'").size(), 0u);
  EXPECT_EQ(sql(db, "SELECT * FROM people WHERE surname = 'Booth'").size(), 1u);
  json w = sql(db, "SELECT message FROM tracker_warnings");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0]["message"].get<std::string>().find("1-5 are in no other document"),
            std::string::npos);
  EXPECT_EQ(sql(db, "PRAGMA foreign_key_check").size(), 0u);
  EXPECT_EQ(sql(db, "SELECT count(*) AS n FROM items_fts")[0]["n"],
            sql(db, "SELECT count(*) AS n FROM items")[0]["n"]);
}

TEST(Export, AnExportKilledMidwayLeavesThePreviousDatabase) {
  HandCatalog h;
  h.write(0, record_a());
  h.write(1, record_b("ongoing"));
  // The first export builds aside: killed, it leaves no database at all, and the next works.
  ::setenv("AGENDAPACK_TEST_EXPORT_CRASH_AFTER", "1", 1);
  auto fresh =
      run_cli({"export", "--catalog", h.catalog().string(), "--sqlite", h.facts().string()});
  ::unsetenv("AGENDAPACK_TEST_EXPORT_CRASH_AFTER");
  EXPECT_EQ(fresh.exit_code, 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(h.facts()));
  h.export_run();
  std::string before = dump_facts(h.facts());
  auto counts = [&] {
    std::string out;
    for (const char* t : {"documents", "items", "recommendations", "recommendation_links", "people",
                          "trackers", "votes", "recorded_votes", "items_fts"})
      out += std::string(t) + "=" +
             one(h.facts(), std::string("SELECT count(*) AS n FROM ") + t)["n"].dump() + " ";
    return out;
  };
  std::string counted = counts();
  ::setenv("AGENDAPACK_TEST_EXPORT_CRASH_AFTER", "2", 1);
  auto killed = run_cli(
      {"export", "--catalog", h.catalog().string(), "--sqlite", h.facts().string(), "--rebuild"});
  ::unsetenv("AGENDAPACK_TEST_EXPORT_CRASH_AFTER");
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
  EXPECT_EQ(one(h.facts(), "PRAGMA integrity_check")["integrity_check"], "ok");
  EXPECT_EQ(dump_facts(h.facts()), before);
  json again = h.export_run({"--rebuild"});
  EXPECT_EQ(again["exported"], 3);
  // The same facts again (with new row ids).
  EXPECT_EQ(counts(), counted);
}

// The catalog may be PostgreSQL, the records in its `records` table (no --out): the export reads
// them through the same catalog door.
TEST(Export, FromAPostgresCatalog) {
  TempDir tmp;
  fs::path script = source_dir() / "tests" / "integration" / "pg_server.sh";
  fs::path pg = tmp.path() / "pg";
  FILE* p =
      ::popen((script.string() + " start " + pg.string() + " 2>" + (tmp.path() / "pg.err").string())
                  .c_str(),
              "r");
  char buf[512] = {};
  std::string url = p && std::fgets(buf, sizeof buf, p) ? buf : "";
  int rc = p ? ::pclose(p) : -1;
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  struct Stop {
    std::string cmd;
    ~Stop() { (void)std::system(cmd.c_str()); }
  } stop{script.string() + " stop " + pg.string()};
  ASSERT_TRUE(rc == 0 && !url.empty())
      << "the throwaway PostgreSQL did not start: " << read_file(tmp.path() / "pg.err");
  fs::create_directories(tmp.path() / "in");
  fixtures::write_tracker_cabinet(tmp.path() / "in" / "cabinet.pdf");
  fixtures::write_tracker_committee(tmp.path() / "in" / "committee.pdf");
  auto ing = run_cli({"ingest", (tmp.path() / "in").string(), "--catalog", url, "-q"});
  ASSERT_EQ(ing.exit_code, 0) << ing.err;
  fs::path db = tmp.path() / "facts.db";
  json s = export_json({"--catalog", url, "--sqlite", db.string()});
  EXPECT_EQ(s["exported"], 2);
  EXPECT_EQ(one(db,
                "SELECT count(*) AS n FROM recommendation_history h JOIN trackers t USING "
                "(tracker_id) WHERE t.sets = 2")["n"],
            16);
  EXPECT_EQ(one(db,
                "SELECT count(*) AS n FROM documents WHERE record_location = "
                "'postgres:records'")["n"],
            2);
  // No password or user in what the database remembers of the catalog.
  EXPECT_EQ(one(db, "SELECT catalog FROM export_runs")["catalog"].get<std::string>().find('@'),
            std::string::npos);
}

TEST(Export, UsageAndEnvironmentErrors) {
  TempDir tmp;
  auto r = run_cli({"export", "--catalog", (tmp.path() / "none.db").string(), "--sqlite",
                    (tmp.path() / "f.db").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no such catalog"), std::string::npos);
  HandCatalog h;
  // A record that is gone: the document is kept with the reason, exit 1.
  fs::remove(h.record(0));
  json s = h.export_run({}, 1);
  EXPECT_EQ(s["unreadable"], 1);
  EXPECT_EQ(one(h.facts(),
                "SELECT error_code FROM documents WHERE sha256 = '" + h.sha[0] + "'")["error_code"],
            "RECORD_UNREADABLE");
}

}  // namespace
}  // namespace agendapack::test
