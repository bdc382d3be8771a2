// agendapack crawl / nightly / report end to end against an in-process HTTP server (cpp-httplib
// on a free loopback port) serving pages shaped like ModernGov's, generated PDFs and faults:
// 304s, a 404, a 500 then success, a response slower than the timeout, a redirect and a
// robots.txt disallow. Every count asserted is known from the fixture site.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <leptonica/allheaders.h>
#include <nlohmann/json.hpp>

#include "pipeline/crawl/crawler.h"
#include "pipeline/crawl/html.h"
#include "pipeline/crawl/http.h"
#include "pipeline/crawl/sql.h"
#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/integration/report_chromium.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

// ---- fixture PDFs ----

const char* kFiller =
    "The committee considered the report of the Director and the financial implications set "
    "out in the appendix, together with the comments of the scrutiny panel on the proposals.";

/// One page of a report: a heading and two paragraphs whose text depends on `tag`.
void report_page(fixtures::PdfBuilder& pdf, const std::string& tag, int n) {
  fixtures::FlowWriter w(pdf);
  w.paragraph(tag + " page " + std::to_string(n), {14, true});
  w.paragraph(std::string(kFiller) + " Section " + tag + "." + std::to_string(n) + ".");
  w.paragraph("Recommendation " + std::to_string(n) + " of " + tag +
              ": that the Cabinet notes the progress made and agrees the next steps.");
}

std::string pdf_bytes(const fs::path& dir, const std::string& name,
                      const std::function<void(fixtures::PdfBuilder&)>& draw) {
  fs::path p = dir / name;
  {
    fixtures::PdfBuilder pdf(p);
    draw(pdf);
    pdf.finish();
  }
  return read_file(p);
}

std::string minutes_pdf(const fs::path& dir, const std::string& name, const std::string& body) {
  return pdf_bytes(dir, name, [&](fixtures::PdfBuilder& pdf) {
    fixtures::FlowWriter w(pdf);
    w.paragraph("Minutes of the meeting held on " + body, {14, true});
    w.paragraph("1. Apologies for absence were received.");
    w.paragraph(std::string("2. ") + kFiller);
  });
}

// ---- the fixture site ----

struct Doc {
  std::string bytes;
  bool etag = true;           // ETag + If-None-Match
  bool last_modified = true;  // Last-Modified + If-Modified-Since
};

class FixtureSite {
 public:
  explicit FixtureSite(const fs::path& dir, bool web_service = false) : ws_(web_service) {
    make_documents(dir);
    routes();
    port_ = svr_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { svr_.listen_after_bind(); });
    // bind_to_any_port already listens: connections wait in the backlog until accept runs.
  }
  ~FixtureSite() {
    svr_.stop();
    thread_.join();
  }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  /// Requests that got the document's bytes (status 200), by path.
  int bodies(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_[path];
  }
  int hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_[path];
  }
  /// Requests answered for a page (any path), as the server logged them.
  int page_hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return pages_[path];
  }
  int max_in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }
  /// The shortest time between two arrivals on /slowish/, seconds.
  double min_gap_s() {
    std::lock_guard<std::mutex> lock(mu_);
    double gap = 1e9;
    for (size_t idx = 1; idx < arrivals_.size(); ++idx)
      gap = std::min(gap, std::chrono::duration<double>(arrivals_[idx] - arrivals_[idx - 1]).count());
    return gap;
  }
  void replace(const std::string& path, std::string bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    docs_[path].bytes = std::move(bytes);
  }
  std::string sha(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return sha256_hex(docs_[path].bytes);
  }

  static constexpr const char* kMinutes101 = "/documents/g101/Printed minutes 23rd-Apr-2018.pdf";
  static constexpr const char* kPack = "/documents/b101/Agenda pack.pdf";
  static constexpr const char* kReportA = "/documents/s501/Report A.pdf";
  static constexpr const char* kMinutes102 = "/documents/g102/minutes.pdf";
  static constexpr const char* kFlaky = "/documents/s502/flaky.pdf";
  static constexpr const char* kMissing = "/documents/s503/missing.pdf";
  static constexpr const char* kSlow = "/documents/s504/slow.pdf";
  static constexpr const char* kMoved = "/documents/s505/moved.pdf";
  static constexpr const char* kMovedTarget = "/files/moved-target.pdf";
  static constexpr const char* kSecret = "/private/secret.pdf";
  static constexpr const char* kOld = "/documents/g100/old.pdf";

 private:
  void make_documents(const fs::path& dir) {
    fs::create_directories(dir);
    docs_[kMinutes101] = {minutes_pdf(dir, "m101.pdf", "23 April 2018 (Cabinet)"), false, true};
    docs_[kReportA] = {pdf_bytes(dir, "reportA.pdf", [](fixtures::PdfBuilder& pdf) {
                         report_page(pdf, "Report A", 1);
                         pdf.new_page();
                         report_page(pdf, "Report A", 2);
                       })};
    docs_[kPack] = {pdf_bytes(dir, "pack.pdf", [](fixtures::PdfBuilder& pdf) {
                      fixtures::FlowWriter w(pdf);
                      w.paragraph("Agenda", {18, true});
                      w.paragraph("1. Apologies 2. Report A 3. Report B");
                      pdf.new_page();
                      report_page(pdf, "Report A", 1);
                      pdf.new_page();
                      report_page(pdf, "Report A", 2);
                      pdf.new_page();
                      report_page(pdf, "Report B", 1);
                    })};
    docs_[kMinutes102] = {minutes_pdf(dir, "m102.pdf", "21 May 2018 (Cabinet)")};
    docs_[kFlaky] = {minutes_pdf(dir, "flaky.pdf", "the flaky server day")};
    docs_[kSlow] = {minutes_pdf(dir, "slow.pdf", "the slow server day")};
    docs_[kMovedTarget] = {minutes_pdf(dir, "moved.pdf", "4 June 2018 (Planning)")};
    docs_[kSecret] = {minutes_pdf(dir, "secret.pdf", "a private day")};
    docs_[kOld] = {minutes_pdf(dir, "old.pdf", "2 January 2017")};
  }

  static std::string page(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body>" + body +
           "</body></html>";
  }

  void routes() {
    // Every request, by path, once answered (documents count themselves on arrival).
    svr_.set_logger([this](const httplib::Request& req, const httplib::Response&) {
      std::lock_guard<std::mutex> lock(mu_);
      pages_[req.path]++;
    });
    svr_.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("User-agent: *\nDisallow: /private/\n\nUser-agent: BadBot\nDisallow: /\n",
                      "text/plain");
    });
    svr_.Get("/mgWebService.asmx/GetCommittees",
             [this](const httplib::Request&, httplib::Response& res) {
               if (!ws_) {
                 res.status = 404;
                 return;
               }
               res.set_content(
                   "<?xml version=\"1.0\" encoding=\"utf-8\"?><committees>"
                   "<committee><committeeid>11</committeeid><committeetitle>Cabinet &amp; "
                   "Executive</committeetitle></committee></committees>",
                   "text/xml");
             });
    svr_.Get("/mgWebService.asmx/GetMeetings",
             [](const httplib::Request& req, httplib::Response& res) {
               if (req.get_param_value("lCommitteeId") != "11") {
                 res.status = 500;
                 return;
               }
               res.set_content("<getmeetings><meeting><meetingid>101</meetingid>"
                               "<meetingdate>23/04/2018</meetingdate></meeting></getmeetings>",
                               "text/xml");
             });
    svr_.Get("/mgWebService.asmx/GetMeeting",
             [this](const httplib::Request&, httplib::Response& res) {
               res.set_content(
                   "<getmeeting><meeting><meetingid>101</meetingid><meetingdate>23/04/2018"
                   "</meetingdate><linkeddocuments><linkeddocument><title>Agenda pack</title>"
                   "<url>" + url("/documents/b101/Agenda%20pack.pdf") +
                       "</url></linkeddocument></linkeddocuments></meeting></getmeeting>",
                   "text/xml");
             });
    svr_.Get("/mgListCommittees.aspx", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(page("Committee structure",
                           "<ul><li><a href=\"mgCommitteeDetails.aspx?ID=11\">Cabinet</a>"
                           "<li><A HREF='mgCommitteeDetails.aspx?ID=12'>Planning <b>Committee"
                           "</b></A></ul><a href=\"mgCalendarMonthView.aspx\">Calendar</a>"),
                      "text/html");
    });
    svr_.Get("/ieListMeetings.aspx", [](const httplib::Request& req, httplib::Response& res) {
      std::string id = req.get_param_value("CommitteeId");
      std::string body;
      if (id == "11")
        body = "<a href=\"ieListDocuments.aspx?CId=11&amp;MId=100&amp;Ver=4\">2 Jan 2017 "
               "10.00 am</a><a href=\"ieListDocuments.aspx?CId=11&amp;MId=101&amp;Ver=4\">23 "
               "Apr 2018 10.30 am</a><a href=\"ieListDocuments.aspx?CId=11&amp;MId=102&amp;"
               "Ver=4\">21 May 2018 10.30 am</a>";
      else if (id == "12")
        body = "<a href=\"/ieListDocuments.aspx?CId=12&MId=201\">4 Jun 2018 6.30 pm</a>";
      res.set_content(page("Meetings", body), "text/html");
    });
    svr_.Get("/ieListDocuments.aspx", [](const httplib::Request& req, httplib::Response& res) {
      std::string mid = req.get_param_value("MId");
      std::string body;
      if (mid == "100") body = "<a href=\"documents/g100/old.pdf\">Minutes</a>";
      if (mid == "101")
        body = "<a href=\"documents/g101/Printed minutes 23rd-Apr-2018.pdf\">Printed minutes</a>"
               "<a href=\"documents/b101/Agenda%20pack.pdf\">Agenda reports pack</a>"
               "<a href=\"documents/s501/Report%20A.pdf\" title=\"Report A\">Report A PDF 40 KB"
               "</a><a href=\"mgIssueHistoryHome.aspx?IId=1\">History</a>";
      if (mid == "102")
        body = "<a href=\"documents/g102/minutes.pdf\">Minutes</a>"
               "<a href=\"documents/s502/flaky.pdf\">Flaky</a>"
               "<a href=\"documents/s503/missing.pdf\">Missing</a>";
      if (mid == "201")
        body = "<a href=\"documents/s504/slow.pdf\">Slow</a>"
               "<a href=\"documents/s505/moved.pdf\">Moved</a>"
               "<a href=\"/private/secret.pdf\">Private</a>";
      res.set_content(page("Agenda for meeting " + mid, body), "text/html");
    });
    // Generic mode: a page of links, one level down another, two levels down a third.
    svr_.Get("/links.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(page("Papers", "<a href=\"documents/g102/minutes.pdf\">m</a>"
                                     "<a href=\"more.html\">more</a>"),
                      "text/html");
    });
    svr_.Get("/more.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(page("More", "<a href=\"/files/moved-target.pdf\">t</a>"
                                   "<a href=\"deeper.html\">deeper</a>"),
                      "text/html");
    });
    svr_.Get("/deeper.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(page("Deeper", "<a href=\"documents/s501/Report%20A.pdf\">a</a>"),
                      "text/html");
    });
    // Four slowish misses, to watch concurrency and spacing per host.
    svr_.Get("/many.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(page("Many", "<a href=\"/slowish/1.pdf\">1</a><a href=\"/slowish/2.pdf\">"
                                   "2</a><a href=\"/slowish/3.pdf\">3</a><a href=\"/slowish/4."
                                   "pdf\">4</a>"),
                      "text/html");
    });
    svr_.Get(R"(/slowish/.*)", [this](const httplib::Request&, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        arrivals_.push_back(std::chrono::steady_clock::now());
        max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
      }
      std::this_thread::sleep_for(200ms);
      {
        std::lock_guard<std::mutex> lock(mu_);
        --in_flight_;
      }
      res.status = 404;
    });
    svr_.Get(kMoved, [this](const httplib::Request&, httplib::Response& res) {
      count(kMoved, false);
      res.set_redirect(kMovedTarget, 302);
    });
    auto serve = [this](const httplib::Request& req, httplib::Response& res) {
      serve_document(req, res);
    };
    svr_.Get(R"(/documents/.*)", serve);
    svr_.Get(R"(/files/.*)", serve);
    svr_.Get(R"(/private/.*)", serve);
  }

  void count(const std::string& path, bool body) {
    std::lock_guard<std::mutex> lock(mu_);
    hits_[path]++;
    if (body) bodies_[path]++;
  }

  void serve_document(const httplib::Request& req, httplib::Response& res) {
    std::string path = httplib::detail::decode_url(req.path, false);
    Doc doc;
    int hit;
    {
      std::lock_guard<std::mutex> lock(mu_);
      hit = ++hits_[path];
      auto it = docs_.find(path);
      if (it == docs_.end()) {
        res.status = 404;
        res.set_content("not found", "text/plain");
        return;
      }
      doc = it->second;
    }
    if (path == kFlaky && hit == 1) {
      res.status = 500;
      return;
    }
    if (path == kSlow) std::this_thread::sleep_for(2500ms);
    std::string etag = "\"" + sha256_hex(doc.bytes).substr(0, 16) + "\"";
    // The date changes with the bytes, as a server's file time would.
    std::string lm = "Mon, 23 Apr 2018 10:" + sha256_hex(doc.bytes).substr(0, 2) + " GMT";
    if (doc.etag) res.set_header("ETag", etag);
    if (doc.last_modified) res.set_header("Last-Modified", lm);
    bool not_modified =
        (doc.etag && req.get_header_value("If-None-Match") == etag) ||
        (!doc.etag && doc.last_modified && req.get_header_value("If-Modified-Since") == lm);
    if (not_modified) {
      res.status = 304;
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      bodies_[path]++;
    }
    res.set_content(doc.bytes, "application/pdf");
  }

  bool ws_;
  httplib::Server svr_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, Doc> docs_;
  std::map<std::string, int> hits_, bodies_, pages_;
  std::vector<std::chrono::steady_clock::time_point> arrivals_;
  int in_flight_ = 0, max_in_flight_ = 0;
};

/// Quick fetch settings, so the slow document fails in about two seconds.
std::vector<std::string> fast_flags() {
  return {"--timeout", "1", "--retries", "1", "--backoff", "0.1", "--host-interval", "0"};
}

json read_json(const fs::path& p) { return json::parse(read_file(p)); }

std::vector<crawl::SqlRow> query(const fs::path& catalog, const std::string& sql,
                                 const std::vector<crawl::SqlValue>& params = {}) {
  auto db = crawl::SqlConn::open(catalog.string());
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  auto rows = db.value()->query(sql, params);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  return rows.ok() ? rows.value() : std::vector<crawl::SqlRow>{};
}

// ---- the small parts ----

TEST(CrawlHtml, ExtractsLinksFromSloppyMarkup) {
  auto links = crawl::extract_links(
      "<p><a href=\"a.pdf\">One &amp; <b>two</b></a> <A  HREF='b.aspx?x=1&amp;y=2'>B</A>"
      "<a name=x>no href</a><a href=c.pdf>unquoted<a href=\"d.pdf\">unclosed</a>");
  ASSERT_EQ(links.size(), 4u);
  EXPECT_EQ(links[0].href, "a.pdf");
  EXPECT_EQ(links[0].text, "One & two");
  EXPECT_EQ(links[1].href, "b.aspx?x=1&y=2");
  EXPECT_EQ(links[2].href, "c.pdf");
  EXPECT_EQ(links[2].text, "unquoted");
  EXPECT_EQ(links[3].href, "d.pdf");
}

TEST(CrawlHtml, ReadsXmlElementsWithNamespacesAndCdata) {
  std::string xml = "<x:committees><x:committee><committeeid>7</committeeid><committeetitle>"
                    "<![CDATA[Audit & Risk]]></committeetitle></x:committee><committee>"
                    "<committeeid>8</committeeid></committee></x:committees>";
  auto all = crawl::xml_elements(xml, "committee");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(crawl::xml_first(all[0], "committeeid"), "7");
  EXPECT_EQ(crawl::xml_elements(all[0], "committeetitle").at(0), "Audit & Risk");
  EXPECT_EQ(crawl::xml_first(all[1], "committeeid"), "8");
}

TEST(CrawlRobots, OurGroupWinsAndLongestRuleDecides) {
  crawl::Robots r("User-agent: *\nDisallow: /\n\nUser-agent: agendapack\nDisallow: /private/\n"
                  "Allow: /private/open/\nDisallow: /*.aspx$\nCrawl-delay: 2\n",
                  "agendapack/0.1 (+https://example.org)");
  EXPECT_TRUE(r.allowed("/documents/a.pdf"));
  EXPECT_FALSE(r.allowed("/private/x.pdf"));
  EXPECT_TRUE(r.allowed("/private/open/x.pdf"));
  EXPECT_FALSE(r.allowed("/mgListCommittees.aspx"));
  EXPECT_TRUE(r.allowed("/mgListCommittees.aspx?x=1"));
  EXPECT_DOUBLE_EQ(r.crawl_delay_s(), 2);
  crawl::Robots other("User-agent: *\nDisallow: /\n", "agendapack/0.1");
  EXPECT_FALSE(other.allowed("/a.pdf"));
}

TEST(CrawlHttp, ResolvesRelativeLinksAndEncodesSpaces) {
  EXPECT_EQ(crawl::resolve_url("http://h.example/ieListDocuments.aspx?CId=1&MId=2",
                               "documents/g1/Printed minutes.pdf"),
            "http://h.example/documents/g1/Printed%20minutes.pdf");
  EXPECT_EQ(crawl::resolve_url("http://h.example/a/b.html", "../c.pdf#page=2"),
            "http://h.example/c.pdf");
  EXPECT_EQ(crawl::resolve_url("http://h.example/", "mailto:x@y.z"), "");
  EXPECT_EQ(crawl::host_key("HTTP://H.example/x"), "http://h.example:80");
}

TEST(CrawlFingerprints, SamePagesGiveSameFingerprintsAcrossFiles) {
  TempDir tmp;
  std::string a = pdf_bytes(tmp.path(), "a.pdf", [](fixtures::PdfBuilder& pdf) {
    report_page(pdf, "Report A", 1);
  });
  std::string pack = pdf_bytes(tmp.path(), "p.pdf", [](fixtures::PdfBuilder& pdf) {
    fixtures::FlowWriter w(pdf);
    w.paragraph("Agenda", {18, true});
    pdf.new_page();
    report_page(pdf, "Report A", 1);
  });
  auto fa = crawl::page_fingerprints(a);
  auto fp = crawl::page_fingerprints(pack);
  ASSERT_EQ(fa.size(), 1u);
  ASSERT_EQ(fp.size(), 2u);
  EXPECT_EQ(fp[0], "");  // too little text to fingerprint
  EXPECT_NE(fa[0], "");
  EXPECT_EQ(fa[0], fp[1]);
}

// ---- the crawler against the fixture site ----

TEST(Crawl, ModernGovHtmlWithFaults) {
  TempDir tmp;
  FixtureSite site(tmp.path() / "site");
  fs::path catalog = tmp.path() / "catalog.db";
  std::vector<std::string> args = {"crawl", "--site", "Testshire Council=" + site.url("/"),
                                   "--catalog", catalog.string(), "--store",
                                   (tmp.path() / "store").string(), "--since", "2018-01-01",
                                   "--json"};
  for (const auto& f : fast_flags()) args.push_back(f);
  auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the 404 and the slow file failed
  json sum = json::parse(r.out);
  EXPECT_EQ(sum["listed"], 9) << r.err;  // old.pdf is before --since
  EXPECT_EQ(sum["fetched"], 6);
  EXPECT_EQ(sum["new"], 6);
  EXPECT_EQ(sum["changed"], 0);
  EXPECT_EQ(sum["failed"], 2);
  EXPECT_EQ(sum["robots"], 1);
  EXPECT_EQ(sum["linked"], 1);
  EXPECT_EQ(site.hits(FixtureSite::kSecret), 0);
  EXPECT_EQ(site.hits(FixtureSite::kOld), 0);
  EXPECT_EQ(site.hits(FixtureSite::kFlaky), 2);  // 500, then the file
  EXPECT_EQ(site.hits(FixtureSite::kSlow), 2);   // timed out twice
  EXPECT_EQ(site.bodies(FixtureSite::kMovedTarget), 1);

  // Registered with where they came from.
  auto rows = query(catalog,
                    "SELECT url, authority, committee, meeting_id, meeting_date, status, path "
                    "FROM sources WHERE sha256 = ?",
                    {site.sha(FixtureSite::kMinutes101)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(crawl::str(rows[0][0]),
            site.url("/documents/g101/Printed%20minutes%2023rd-Apr-2018.pdf"));
  EXPECT_EQ(crawl::str(rows[0][1]), "Testshire Council");
  EXPECT_EQ(crawl::str(rows[0][2]), "Cabinet");
  EXPECT_EQ(crawl::str(rows[0][3]), "101");
  EXPECT_EQ(crawl::str(rows[0][4]), "2018-04-23");
  EXPECT_EQ(crawl::str(rows[0][5]), "queued");
  // Stored by content hash, byte for byte.
  std::string sha = site.sha(FixtureSite::kMinutes101);
  EXPECT_EQ(crawl::str(rows[0][6]),
            fs::absolute(tmp.path() / "store" / sha.substr(0, 2) / (sha + ".pdf")).string());
  EXPECT_EQ(sha256_file(crawl::str(rows[0][6])), sha);
  auto moved = query(catalog, "SELECT committee, meeting_date FROM sources WHERE sha256 = ?",
                     {site.sha(FixtureSite::kMovedTarget)});
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(crawl::str(moved[0][0]), "Planning Committee");
  EXPECT_EQ(crawl::str(moved[0][1]), "2018-06-04");
  // Report A is pages 2-3 of the pack.
  auto links = query(catalog, "SELECT part_sha256, pack_sha256, first_page FROM source_links");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(crawl::str(links[0][0]), site.sha(FixtureSite::kReportA));
  EXPECT_EQ(crawl::str(links[0][1]), site.sha(FixtureSite::kPack));
  EXPECT_EQ(crawl::str(links[0][2]), "2");
  // The fetch log says why the failures failed.
  auto fails = query(catalog, "SELECT url, outcome, message FROM crawl_fetches WHERE outcome "
                              "IN ('failed', 'robots') ORDER BY url");
  ASSERT_EQ(fails.size(), 3u);
  EXPECT_NE(crawl::str(fails[0][2]).find("HTTP 404"), std::string::npos);
  EXPECT_NE(crawl::str(fails[1][2]).find("imeout"), std::string::npos) << crawl::str(fails[1][2]);
  EXPECT_EQ(crawl::str(fails[2][1]), "robots");
}

TEST(Crawl, UsesTheWebServiceWhenItAnswers) {
  TempDir tmp;
  FixtureSite site(tmp.path() / "site", /*web_service=*/true);
  fs::path catalog = tmp.path() / "catalog.db";
  std::vector<std::string> args = {"crawl", "--site", site.url("/mgListCommittees.aspx"),
                                   "--catalog", catalog.string(), "--store",
                                   (tmp.path() / "store").string(), "--json"};
  for (const auto& f : fast_flags()) args.push_back(f);
  auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json sum = json::parse(r.out);
  EXPECT_EQ(sum["listed"], 1);
  EXPECT_EQ(sum["new"], 1);
  EXPECT_EQ(site.page_hits("/mgWebService.asmx/GetMeeting"), 1);
  EXPECT_EQ(site.page_hits("/mgListCommittees.aspx"), 0);
  EXPECT_EQ(site.page_hits("/ieListMeetings.aspx"), 0);
  auto rows = query(catalog, "SELECT authority, committee, meeting_id, meeting_date FROM sources");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(crawl::str(rows[0][0]), "127.0.0.1");
  EXPECT_EQ(crawl::str(rows[0][1]), "Cabinet & Executive");
  EXPECT_EQ(crawl::str(rows[0][2]), "101");
  EXPECT_EQ(crawl::str(rows[0][3]), "2018-04-23");
}

TEST(Crawl, GenericModeFollowsLinksToTheDepthAsked) {
  TempDir tmp;
  FixtureSite site(tmp.path() / "site");
  std::vector<std::string> args = {"crawl", "--site", site.url("/links.html"), "--mode",
                                   "generic", "--depth", "1", "--catalog",
                                   (tmp.path() / "c.db").string(), "--store",
                                   (tmp.path() / "store").string(), "--json"};
  for (const auto& f : fast_flags()) args.push_back(f);
  auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json sum = json::parse(r.out);
  EXPECT_EQ(sum["new"], 2);  // minutes (depth 0) and the target (depth 1), not Report A (2)
  EXPECT_EQ(site.page_hits("/more.html"), 1);
  EXPECT_EQ(site.page_hits("/deeper.html"), 0);
  EXPECT_EQ(site.hits(FixtureSite::kReportA), 0);
}

TEST(Crawl, KeepsToTheHostCapAndInterval) {
  TempDir tmp;
  {
    FixtureSite site(tmp.path() / "site");
    auto r = run_cli({"crawl", "--site", site.url("/many.html"), "--mode", "generic", "--catalog",
                      (tmp.path() / "a.db").string(), "--store", (tmp.path() / "s").string(),
                      "--max-per-host", "3", "--host-interval", "0", "--retries", "0"});
    EXPECT_EQ(r.exit_code, 1) << r.err;  // four 404s
    EXPECT_GE(site.max_in_flight(), 2);
    EXPECT_LE(site.max_in_flight(), 3);
  }
  FixtureSite site(tmp.path() / "site2");
  auto r = run_cli({"crawl", "--site", site.url("/many.html"), "--mode", "generic", "--catalog",
                    (tmp.path() / "b.db").string(), "--store", (tmp.path() / "s").string(),
                    "--max-per-host", "1", "--host-interval", "0.3", "--retries", "0"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(site.max_in_flight(), 1);
  EXPECT_GE(site.min_gap_s(), 0.28);
}

// libcurl and libpq live in a module (pipeline/net.h). Without it a crawl or a PostgreSQL
// catalog is an environment error naming the module, while ingest into SQLite still works.
TEST(Crawl, WithoutTheNetworkModuleSaysSoAndIngestStillWorks) {
  TempDir tmp;
  FixtureSite site(tmp.path() / "site");
  fs::path catalog = tmp.path() / "catalog.db";
  fs::create_directories(tmp.path() / "in");
  {
    std::ofstream out(tmp.path() / "in" / "minutes.pdf", std::ios::binary);
    out << minutes_pdf(tmp.path(), "m", "23 April 2018");
  }
  ::setenv("AGENDAPACK_NET_MODULE", "/nonexistent/libagendapack_net.so", 1);
  auto crawl = run_cli({"crawl", "--site", site.url("/"), "--catalog", catalog.string(),
                        "--store", (tmp.path() / "store").string()});
  auto pg = run_cli({"status", "--catalog", "postgresql://localhost:1/none"});
  auto ingest = run_cli({"ingest", (tmp.path() / "in").string(), "--catalog",
                         (tmp.path() / "other.db").string(), "--out",
                         (tmp.path() / "out").string()});
  ::unsetenv("AGENDAPACK_NET_MODULE");
  EXPECT_EQ(crawl.exit_code, 3) << crawl.err;
  EXPECT_NE(crawl.err.find("network module"), std::string::npos) << crawl.err;
  EXPECT_NE(crawl.err.find("/nonexistent/libagendapack_net.so"), std::string::npos) << crawl.err;
  EXPECT_EQ(site.hits(FixtureSite::kMinutes101), 0);
  EXPECT_NE(pg.exit_code, 0);
  EXPECT_NE(pg.err.find("a PostgreSQL catalog needs the network module"), std::string::npos)
      << pg.err;
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  int records = 0;
  for (const auto& e : fs::directory_iterator(tmp.path() / "out"))
    records += e.path().extension() == ".json";
  EXPECT_EQ(records, 1);
}

TEST(Crawl, SizeCapRejectsLargeFiles) {
  TempDir tmp;
  FixtureSite site(tmp.path() / "site");
  std::vector<std::string> args = {"crawl", "--site", site.url(FixtureSite::kMinutes102),
                                   "--catalog", (tmp.path() / "c.db").string(), "--store",
                                   (tmp.path() / "store").string(), "--max-mb", "0.001",
                                   "--json"};
  auto r = run_cli(args);
  json sum = json::parse(r.out);
  // A document that exists and that we do not have is a failure: exit 1.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(sum["failed"], 1) << r.err;
  EXPECT_EQ(sum["rejected"], 0);
  EXPECT_EQ(sum["fetched"], 0);
  EXPECT_FALSE(fs::exists(tmp.path() / "store" / site.sha(FixtureSite::kMinutes102).substr(0, 2)));
}

// ---- nightly: the acceptance test ----

/// Counts non-white pixels of a PNG (a blank screenshot has almost none).
long ink_pixels(const fs::path& png) {
  PIX* pix = pixRead(png.string().c_str());
  if (!pix) return -1;
  PIX* gray = pixConvertTo8(pix, 0);
  l_int32 w = pixGetWidth(gray), h = pixGetHeight(gray);
  long ink = 0;
  for (l_int32 y = 0; y < h; ++y) {
    l_uint32* line = pixGetData(gray) + y * pixGetWpl(gray);
    for (l_int32 x = 0; x < w; ++x) ink += GET_DATA_BYTE(line, x) < 200;
  }
  pixDestroy(&gray);
  pixDestroy(&pix);
  return ink;
}

TEST(Nightly, TwoRunsThenAChangedFileThenTheReportInChromium) {
  TempDir tmp;
  FixtureSite site(tmp.path() / "site");
  fs::path catalog = tmp.path() / "catalog.db", reports = tmp.path() / "reports";
  std::vector<std::string> args = {"nightly", "--site", "Testshire Council=" + site.url("/"),
                                   "--catalog", catalog.string(), "--store",
                                   (tmp.path() / "store").string(), "--out",
                                   (tmp.path() / "records").string(), "--report-dir",
                                   reports.string(), "--since", "2018-01-01", "-j", "2"};
  for (const auto& f : fast_flags()) args.push_back(f);

  // First run: everything is new and converted.
  auto r1 = run_cli(args);
  EXPECT_EQ(r1.exit_code, 1) << r1.err;  // the 404 and the slow file
  ASSERT_TRUE(fs::exists(reports / "latest.json")) << r1.err;
  json j1 = read_json(reports / "latest.json");
  EXPECT_EQ(j1["documents"]["total"], 6) << r1.err;
  EXPECT_EQ(j1["documents"]["done"], 6);
  EXPECT_EQ(j1["documents"]["failed"], 0);
  EXPECT_EQ(j1["documents"]["in_packs"], 1);
  EXPECT_EQ(j1["documents"]["counted"], 5);
  EXPECT_EQ(j1["fetched"], 6);
  EXPECT_EQ(j1["new"], 6);
  EXPECT_EQ(j1["changed"], 0);
  EXPECT_TRUE(j1["issues"].is_object());
  EXPECT_EQ(j1["by_authority"]["Testshire Council"]["done"], 5);
  EXPECT_EQ(j1["by_month"]["2018-04"], 2);  // minutes and pack; Report A counted in the pack
  EXPECT_TRUE(j1["changes"]["previous"].is_null());
  bool dated = false;
  for (const auto& e : fs::directory_iterator(reports))
    dated |= e.path().filename().string().rfind("report-", 0) == 0 &&
             e.path().extension() == ".html";
  EXPECT_TRUE(dated);
  for (const auto& p : {FixtureSite::kMinutes101, FixtureSite::kPack, FixtureSite::kReportA,
                        FixtureSite::kMinutes102, FixtureSite::kFlaky, FixtureSite::kMovedTarget})
    EXPECT_EQ(site.bodies(p), 1) << p;

  // Second run: nothing changed, nothing is downloaded again.
  auto r2 = run_cli(args);
  EXPECT_EQ(r2.exit_code, 1) << r2.err;
  json j2 = read_json(reports / "latest.json");
  EXPECT_EQ(j2["fetched"], 0) << r2.err;
  EXPECT_EQ(j2["new"], 0);
  EXPECT_EQ(j2["changed"], 0);
  EXPECT_EQ(j2["crawl"]["not_modified"], 6);
  EXPECT_EQ(j2["documents"]["total"], 6);
  EXPECT_EQ(j2["changes"]["total"], 0);
  EXPECT_FALSE(j2["changes"]["previous"].is_null());
  for (const auto& p : {FixtureSite::kMinutes101, FixtureSite::kPack, FixtureSite::kReportA,
                        FixtureSite::kMinutes102, FixtureSite::kFlaky, FixtureSite::kMovedTarget})
    EXPECT_EQ(site.bodies(p), 1) << p;

  // A changed file is fetched again and converted again.
  std::string old_sha = site.sha(FixtureSite::kMinutes102);
  site.replace(FixtureSite::kMinutes102,
               minutes_pdf(tmp.path() / "site", "m102b.pdf", "21 May 2018 (Cabinet, corrected)"));
  auto r3 = run_cli(args);
  EXPECT_EQ(r3.exit_code, 1) << r3.err;
  json j3 = read_json(reports / "latest.json");
  EXPECT_EQ(j3["fetched"], 1) << r3.err;
  EXPECT_EQ(j3["changed"], 1);
  EXPECT_EQ(j3["new"], 0);
  EXPECT_EQ(j3["documents"]["total"], 7);
  EXPECT_EQ(j3["documents"]["done"], 7);
  EXPECT_EQ(j3["documents"]["superseded"], 1);
  EXPECT_EQ(j3["documents"]["counted"], 5);
  EXPECT_EQ(j3["changes"]["total"], 1);
  EXPECT_EQ(site.bodies(FixtureSite::kMinutes102), 2);
  auto rows = query(catalog, "SELECT status, record_location FROM sources WHERE sha256 = ?",
                    {site.sha(FixtureSite::kMinutes102)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(crawl::str(rows[0][0]), "done");
  EXPECT_TRUE(fs::exists(crawl::str(rows[0][1])));
  EXPECT_NE(old_sha, site.sha(FixtureSite::kMinutes102));

  // A second copy while one runs exits at once with 3.
  int fd = ::open((reports / "nightly.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto locked = run_cli(args);
  EXPECT_EQ(locked.exit_code, 3);
  EXPECT_NE(locked.err.find("another nightly run holds"), std::string::npos) << locked.err;
  ::close(fd);

  // The report opens in Chromium, logs no errors and shows the catalog's figures.
  std::string html = read_file(reports / "latest.html");
  // No outside resources: every src is a data: URI, no scripts, no stylesheets.
  for (size_t at = html.find("src=\""); at != std::string::npos; at = html.find("src=\"", at + 1))
    EXPECT_EQ(html.compare(at + 5, 5, "data:"), 0) << html.substr(at, 60);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  ASSERT_FALSE(chromium_binary().empty()) << "chromium is missing: run scripts/setup.sh";
  fs::path shot = tmp.path() / "report.png";
  auto b = open_in_chromium(reports / "latest.html", shot, tmp.path() / "browser");
  EXPECT_TRUE(b.ran) << b.log;
  EXPECT_EQ(page_errors(b.log), "");
  ASSERT_TRUE(fs::exists(shot)) << b.log;
  EXPECT_GT(ink_pixels(shot), 5000) << "the screenshot is blank";
  EXPECT_NE(b.dom.find("id=\"documents-total\">7<"), std::string::npos);
  EXPECT_NE(b.dom.find("id=\"documents-done\">7<"), std::string::npos);
  EXPECT_NE(b.dom.find("id=\"documents-failed\">0<"), std::string::npos);
  EXPECT_NE(b.dom.find("id=\"crawl-changed\">1<"), std::string::npos);
  EXPECT_NE(b.dom.find("id=\"crawl-new\">0<"), std::string::npos);
  EXPECT_NE(b.dom.find("id=\"chart-authority\""), std::string::npos);
  if (const char* keep = std::getenv("AGENDAPACK_KEEP_SCREENSHOT"))
    fs::copy_file(shot, keep, fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace agendapack::test
