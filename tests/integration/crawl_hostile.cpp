// A crawl against a hostile site (cpp-httplib on a free loopback port): a robots.txt rule that
// makes a backtracking matcher run for ever, a robots.txt far over the size cap with a page of
// 100,000 links, links and redirects to other hosts and to private addresses, a body that
// never ends, and a document over the size cap. Each must end in seconds with the right counts.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "pipeline/crawl/robots.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string small_pdf(const fs::path& dir, const std::string& tag) {
  fs::path p = dir / (tag + ".pdf");
  {
    fixtures::PdfBuilder pdf(p);
    fixtures::FlowWriter w(pdf);
    w.paragraph("Minutes of the meeting " + tag, {14, true});
    w.paragraph("1. Apologies for absence were received from " + tag + ".");
  }
  return read_file(p);
}

/// A site whose pages and robots.txt the test sets; every request is counted by path.
class HostileSite {
 public:
  HostileSite() {
    svr_.set_keep_alive_max_count(1000);
    svr_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        hits_[req.path]++;
      }
      auto it = routes_.find(req.path);
      if (it == routes_.end()) {
        res.status = 404;
        return;
      }
      it->second(req, res);
    });
    port_ = svr_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { svr_.listen_after_bind(); });
  }
  ~HostileSite() {
    stop_ = true;
    svr_.stop();
    thread_.join();
  }
  std::string url(const std::string& path, const std::string& host = "127.0.0.1") const {
    return "http://" + host + ":" + std::to_string(port_) + path;
  }
  void serve(const std::string& path, std::string body, const std::string& type) {
    routes_[path] = [body = std::move(body), type](const httplib::Request&,
                                                   httplib::Response& res) {
      res.set_content(body, type);
    };
  }
  void redirect(const std::string& path, const std::string& to) {
    routes_[path] = [to](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(to, 302);
    };
  }
  /// A PDF body that trickles forever: a byte every 100 ms.
  void endless(const std::string& path) {
    routes_[path] = [this](const httplib::Request&, httplib::Response& res) {
      auto trickle = [this](size_t offset, httplib::DataSink& sink) {
        if (stop_) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return sink.write(offset == 0 ? "%PDF-" : " ", offset == 0 ? 5 : 1);
      };
      res.set_chunked_content_provider("application/pdf", trickle);
    };
  }
  int hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_[path];
  }

 private:
  httplib::Server svr_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::function<void(const httplib::Request&, httplib::Response&)>> routes_;
};

struct Crawled {
  CommandResult run;
  json summary;
  double seconds = 0;
};

Crawled crawl(const TempDir& tmp, const std::string& site, std::vector<std::string> extra) {
  std::vector<std::string> args = {"crawl", "--site", site, "--mode", "generic", "--catalog",
                                   (tmp.path() / "catalog.db").string(), "--store",
                                   (tmp.path() / "store").string(), "--json", "--retries", "0",
                                   "--host-interval", "0"};
  if (std::find(extra.begin(), extra.end(), "--timeout") == extra.end())
    extra.insert(extra.end(), {"--timeout", "10"});
  args.insert(args.end(), extra.begin(), extra.end());
  Crawled c;
  auto t0 = Clock::now();
  c.run = run_cli(args);
  c.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  c.summary = json::parse(c.run.out.empty() ? "{}" : c.run.out, nullptr, false);
  return c;
}

std::string links_page(const std::vector<std::string>& hrefs) {
  std::string html = "<html><body>";
  for (const auto& h : hrefs) html += "<a href=\"" + h + "\">x</a>\n";
  return html + "</body></html>";
}

std::string backtracking_rule() {
  std::string rule = "/";
  for (int n = 0; n < 25; ++n) rule += "*a";
  return rule + "*b";
}

// ---- robots.txt ----

TEST(CrawlRobots, BacktrackingRuleIsMatchedInOnePass) {
  crawl::Robots r("User-agent: *\nDisallow: " + backtracking_rule() + "\n", "agendapack");
  std::string path = "/" + std::string(200, 'a') + ".pdf";
  EXPECT_TRUE(r.allowed(path));  // no 'b': a backtracking matcher tries C(200, 25) splits
  EXPECT_FALSE(r.allowed(path + "b"));
  EXPECT_FALSE(r.allowed("/" + std::string(30, 'a') + "xb"));
  EXPECT_TRUE(r.allowed("/" + std::string(24, 'a') + "b"));  // one 'a' short
}

TEST(CrawlRobots, WildcardsAnchorsAndPrecedence) {
  crawl::Robots r("User-agent: *\nDisallow: /*.pdf$\nAllow: /public/*.pdf$\nDisallow: /a*b*c\n"
                  "Disallow: /x$y\nAllow: /p\nDisallow: /p\n",
                  "agendapack");
  EXPECT_FALSE(r.allowed("/docs/a.pdf"));
  EXPECT_TRUE(r.allowed("/docs/a.pdf?download=1"));  // '$' anchors the end of path and query
  EXPECT_TRUE(r.allowed("/public/a.pdf"));           // the longer rule wins
  EXPECT_FALSE(r.allowed("/a-b-c"));
  EXPECT_FALSE(r.allowed("/abc/d"));
  EXPECT_TRUE(r.allowed("/acb"));
  EXPECT_FALSE(r.allowed("/x$y/z"));  // '$' inside a rule is a character
  EXPECT_TRUE(r.allowed("/p/q"));     // Allow wins a tie
}

TEST(CrawlRobots, ReadsOnlyTheFirst500KiB) {
  const size_t cap = crawl::Robots::kMaxBytes;
  const std::string inside = "Disallow: /inside/\n";
  std::string text = "User-agent: *\n";
  while (text.size() + 22 + inside.size() + 40 < cap) text += "Disallow: /private/x/\n";
  size_t pad = cap - 5 - inside.size() - text.size();  // a comment, so `inside` ends 5 short
  text += "#" + std::string(pad - 2, '-') + "\n" + inside;
  ASSERT_EQ(text.size(), cap - 5);
  text += "Disallow: /beyond/\n";  // crosses the cap: not read, not even in part
  for (int n = 0; n < 1000; ++n) text += "Disallow: /\n";
  crawl::Robots r(text, "agendapack");
  EXPECT_TRUE(r.truncated());
  EXPECT_FALSE(r.allowed("/inside/a.pdf"));
  EXPECT_TRUE(r.allowed("/beyond/a.pdf"));
  EXPECT_TRUE(r.allowed("/documents/a.pdf"));
}

TEST(CrawlHostile, BacktrackingRobotsRuleEndsInSeconds) {
  TempDir tmp;
  HostileSite site;
  site.serve("/robots.txt", "User-agent: *\nDisallow: " + backtracking_rule() + "\n",
             "text/plain");
  std::vector<std::string> hrefs;
  for (int n = 0; n < 20; ++n) {
    std::string name = "/" + std::string(150 + n, 'a') + std::to_string(n) + ".pdf";
    hrefs.push_back(name);
    site.serve(name, small_pdf(tmp.path(), "a" + std::to_string(n)), "application/pdf");
  }
  hrefs.push_back("/" + std::string(40, 'a') + "b.pdf");  // disallowed
  site.serve("/links.html", links_page(hrefs), "text/html");
  auto c = crawl(tmp, site.url("/links.html"), {});
  EXPECT_EQ(c.run.exit_code, 0) << c.run.err;
  EXPECT_EQ(c.summary["new"], 20) << c.run.err;
  EXPECT_EQ(c.summary["robots"], 1);
  EXPECT_LT(c.seconds, 60) << "a robots.txt rule must not cost exponential time";
}

TEST(CrawlHostile, HugeRobotsTxtAndAHundredThousandLinksMakeProgress) {
  TempDir tmp;
  HostileSite site;
  std::string robots = "User-agent: *\n";
  for (int n = 0; robots.size() < (3u << 20); ++n)
    robots += "Disallow: /private/" + std::to_string(n) + "/*.pdf$\n";
  robots += "Disallow: /\n";  // past the cap: ignored
  // Not text/*: cpp-httplib would compress megabytes with brotli at its slowest setting, which
  // takes longer than the crawl's timeout on a busy machine.
  site.serve("/robots.txt", robots, "application/octet-stream");
  std::vector<std::string> hrefs;
  for (int n = 0; n < 100000; ++n) hrefs.push_back("/docs/" + std::to_string(n) + ".pdf");
  site.serve("/links.html", links_page(hrefs), "application/octet-stream");
  for (int n = 0; n < 3; ++n)
    site.serve("/docs/" + std::to_string(n) + ".pdf",
               small_pdf(tmp.path(), "d" + std::to_string(n)), "application/pdf");
  auto c = crawl(tmp, site.url("/links.html"), {"--max-documents", "3"});
  EXPECT_EQ(c.run.exit_code, 0) << c.run.err;
  EXPECT_EQ(c.summary["listed"], 100000) << c.run.err;
  EXPECT_EQ(c.summary["new"], 3);
  EXPECT_EQ(c.summary["deferred"], 99997);
  EXPECT_EQ(c.summary["stopped"], "max_documents");
  EXPECT_EQ(site.hits("/docs/3.pdf"), 0);
  EXPECT_NE(c.run.err.find("the rest is ignored"), std::string::npos) << c.run.err;
  EXPECT_LT(c.seconds, 120);
}

// ---- hosts and addresses ----

TEST(CrawlHostile, LinksAndRedirectsStayOnTheSiteUnlessAllowed) {
  TempDir tmp;
  HostileSite site;
  site.serve("/other.pdf", small_pdf(tmp.path(), "other"), "application/pdf");
  site.serve("/moved.pdf", small_pdf(tmp.path(), "moved"), "application/pdf");
  site.serve("/own.pdf", small_pdf(tmp.path(), "own"), "application/pdf");
  // "localhost" is another host name for the same server: a host the site did not name, and
  // one that resolves to loopback.
  site.redirect("/redirect.pdf", site.url("/moved.pdf", "localhost"));
  site.serve("/links.html",
             links_page({"/own.pdf", site.url("/other.pdf", "localhost"), "/redirect.pdf",
                         "http://169.254.169.254/latest/meta-data.pdf"}),
             "text/html");

  auto strict = crawl(tmp, site.url("/links.html"), {});
  EXPECT_EQ(strict.run.exit_code, 0) << strict.run.err;
  EXPECT_EQ(strict.summary["new"], 1) << strict.run.err;
  EXPECT_EQ(strict.summary["refused"], 3);
  EXPECT_EQ(site.hits("/other.pdf"), 0);
  EXPECT_EQ(site.hits("/moved.pdf"), 0);
  EXPECT_EQ(site.hits("/redirect.pdf"), 1);

  // Any host, but never a private address the operator did not name.
  TempDir tmp2;
  auto any = crawl(tmp2, site.url("/links.html"), {"--follow-hosts", "*"});
  EXPECT_EQ(any.run.exit_code, 0) << any.run.err;
  EXPECT_EQ(any.summary["new"], 1) << any.run.err;
  EXPECT_EQ(any.summary["refused"], 3);
  EXPECT_EQ(site.hits("/other.pdf"), 0);
  EXPECT_EQ(site.hits("/moved.pdf"), 0);

  // Named: followed.
  TempDir tmp3;
  auto named = crawl(tmp3, site.url("/links.html"), {"--follow-hosts", "localhost"});
  EXPECT_EQ(named.run.exit_code, 0) << named.run.err;
  EXPECT_EQ(named.summary["new"], 3) << named.run.err;
  EXPECT_EQ(named.summary["refused"], 1);  // the metadata address
  EXPECT_EQ(site.hits("/other.pdf"), 1);
  EXPECT_EQ(site.hits("/moved.pdf"), 1);
}

// ---- limits ----

TEST(CrawlHostile, DeadlineEndsAnEndlessBody) {
  TempDir tmp;
  HostileSite site;
  site.endless("/endless.pdf");
  site.serve("/links.html", links_page({"/endless.pdf"}), "text/html");
  auto c = crawl(tmp, site.url("/links.html"), {"--deadline", "3", "--timeout", "60"});
  EXPECT_EQ(c.run.exit_code, 0) << c.run.err;
  EXPECT_EQ(c.summary["deferred"], 1) << c.run.err;
  EXPECT_EQ(c.summary["stopped"], "deadline");
  EXPECT_LT(c.seconds, 30);
}

TEST(CrawlHostile, ADocumentOverTheSizeCapIsAFailure) {
  TempDir tmp;
  HostileSite site;
  site.serve("/big.pdf", "%PDF-1.4\n" + std::string(200000, 'x'), "application/pdf");
  site.serve("/links.html", links_page({"/big.pdf"}), "text/html");
  auto c = crawl(tmp, site.url("/links.html"), {"--max-mb", "0.1"});
  EXPECT_EQ(c.run.exit_code, 1) << c.run.err;
  EXPECT_EQ(c.summary["failed"], 1);
  EXPECT_EQ(c.summary["fetched"], 0);
}

}  // namespace
}  // namespace agendapack::test
