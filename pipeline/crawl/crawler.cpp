#include "pipeline/crawl/crawler.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <poppler/cpp/poppler-page.h>

#include "pipeline/bytes.h"
#include "pipeline/crawl/html.h"
#include "pipeline/crawl/sql.h"
#include "pipeline/dates.h"
#include "pipeline/ingest/catalog.h"
#include "pipeline/net.h"
#include "pipeline/regex.h"
#include "pipeline/version.h"
#include "stages/load.h"

namespace agendapack::crawl {

namespace fs = std::filesystem;
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

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// A query parameter's value, name matched without case ("CommitteeId", "committeeid").
std::string query_param(const std::string& url, const std::string& name) {
  std::string l = lower(url);
  std::string key = lower(name) + "=";
  size_t q = l.find('?');
  if (q == std::string::npos) return "";
  size_t pos = q;
  while ((pos = l.find(key, pos + 1)) != std::string::npos) {
    char before = l[pos - 1];
    if (before != '?' && before != '&') continue;
    size_t end = url.find_first_of("&#", pos + key.size());
    return url.substr(pos + key.size(), end == std::string::npos ? std::string::npos
                                                                  : end - pos - key.size());
  }
  return "";
}

/// The path of a URL without query, lower-case: what decides "is this a PDF link".
std::string url_path(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (start == std::string::npos) return "/";
  size_t end = url.find_first_of("?#", start);
  return lower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

std::string path_and_query(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (start == std::string::npos) return "/";
  size_t hash = url.find('#', start);
  return url.substr(start, hash == std::string::npos ? std::string::npos : hash - start);
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_pdf_link(const std::string& url) { return ends_with(url_path(url), ".pdf"); }

/// The folder of a site URL: "http://h/mgListCommittees.aspx" and "http://h/" -> "http://h/".
std::string site_base(const std::string& url) {
  std::string path = url_path(url);
  std::string u = url.substr(0, url.find_first_of("?#"));
  if (!path.empty() && path.back() == '/') return u;
  size_t slash = u.rfind('/');
  size_t scheme = u.find("://");
  if (slash == std::string::npos || (scheme != std::string::npos && slash < scheme + 3))
    return u + "/";
  std::string last = u.substr(slash + 1);
  if (last.find('.') == std::string::npos) return u + "/";  // "http://h/democracy"
  return u.substr(0, slash + 1);
}

std::string authority_of(const SiteSpec& site) {
  if (!site.authority.empty()) return site.authority;
  std::string key = host_key(site.url);
  size_t s = key.find("://");
  std::string host = s == std::string::npos ? key : key.substr(s + 3);
  return host.substr(0, host.rfind(':'));
}

/// "dd/mm/yyyy" (the web service's dates) or any date parse_date reads -> "YYYY-MM-DD".
std::string iso_date(const std::string& text) {
  static const Regex kDmy(R"((\d{1,2})/(\d{1,2})/(\d{4}))");
  RegexMatch m;
  if (kDmy.search(text, &m)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", std::stoi(m.str(3)), std::stoi(m.str(2)),
                  std::stoi(m.str(1)));
    return buf;
  }
  auto d = parse_date(text);
  return d ? *d : "";
}

bool write_atomic(const fs::path& target, const std::string& bytes, std::string& why) {
  fs::path tmp = target.parent_path() /
                 (".tmp-" + std::to_string(::getpid()) + "-" + target.filename().string());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    why = tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      if (errno == EINTR) continue;
      why = tmp.string() + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    why = target.string() + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

enum class Kind { robots, ws_committees, ws_meetings, ws_meeting, committees, meetings,
                  meeting, page, document };

struct Meta {
  std::string authority, committee, committee_id, meeting_id, meeting_date;
};

struct Job {
  Kind kind = Kind::page;
  std::string url;       // what the job is about: the fetch log and validators use it
  std::string hop;       // where a redirect led ("" until one did): what is requested
  int redirects = 0;
  std::string site_url;  // the --site this came from
  std::string mode;
  int depth = 0;
  Meta meta;
  const std::string& target() const { return hop.empty() ? url : hop; }
};

using Clock = std::chrono::steady_clock;

/// Whether `host` is `pattern`: a name, "*.domain" (the domain and its subdomains) or "*".
bool host_matches(const std::string& host, const std::string& pattern) {
  if (pattern == "*") return true;
  if (pattern.rfind("*.", 0) == 0) {
    std::string domain = pattern.substr(2);
    return host == domain || (host.size() > domain.size() &&
                              host.compare(host.size() - domain.size(), domain.size(), domain) ==
                                  0 &&
                              host[host.size() - domain.size() - 1] == '.');
  }
  return host == pattern;
}

std::set<std::string> site_hosts(const CrawlOptions& o) {
  std::set<std::string> out;
  for (const auto& site : o.sites)
    if (std::string h = host_name(site.url); !h.empty()) out.insert(h);
  return out;
}

/// The fetcher's options for this run: the deadline, and the hosts that may be private.
FetchOptions fetch_options(const CrawlOptions& o, Clock::time_point deadline) {
  FetchOptions f = o.fetch;
  f.deadline = deadline;
  for (const auto& h : site_hosts(o)) f.private_ok_hosts.push_back(h);
  for (const auto& h : o.follow_hosts)
    if (h.find('*') == std::string::npos) f.private_ok_hosts.push_back(lower(h));
  return f;
}

class Crawler {
 public:
  Crawler(const CrawlOptions& o, SqlConn& db, ingest::Catalog& catalog, Logger& log)
      : o_(o),
        db_(db),
        catalog_(catalog),
        log_(log),
        deadline_(o.deadline_s > 0
                      ? Clock::now() + std::chrono::milliseconds(
                                           static_cast<int64_t>(o.deadline_s * 1000))
                      : Clock::time_point{}),
        site_hosts_(site_hosts(o)),
        fetcher_(fetch_options(o, deadline_)) {}

  Result<CrawlSummary> run() {
    std::error_code ec;
    fs::create_directories(o_.store_dir, ec);
    if (ec) return Error{"STORE_UNWRITABLE", o_.store_dir + ": " + ec.message()};
    json sites = json::array();
    for (const auto& s : o_.sites) sites.push_back(s.url);
    started_ = now_iso();
    auto ins = db_.query("INSERT INTO crawl_runs (started_at, sites) VALUES (?, ?) RETURNING id",
                         {started_, dump_json(sites)});
    if (!ins) return ins.error();
    if (!ins.value().empty()) sum_.run_id = num(ins.value()[0][0]);

    for (const auto& site : o_.sites) start_site(site);
    fetcher_.run([this](HttpResponse&& r) { on_response(std::move(r)); });
    if (!env_error_.code.empty()) return env_error_;
    if (sum_.deferred > 0)
      log_.warning(std::to_string(sum_.deferred) + " documents left for the next run (" +
                   (sum_.stopped == "deadline" ? std::string("the deadline passed")
                                               : std::string("--max-documents reached")) +
                   ")");

    auto done = db_.exec("UPDATE crawl_runs SET finished_at = ?, summary = ? WHERE id = ?",
                         {now_iso(), sum_.to_json().dump(), std::to_string(sum_.run_id)});
    if (!done) return done.error();
    return sum_;
  }

 private:
  void start_site(const SiteSpec& site) {
    Job j;
    j.site_url = site.url;
    j.mode = site.mode;
    j.meta.authority = authority_of(site);
    std::string base = site_base(site.url);
    if (is_pdf_link(site.url)) {
      j.kind = Kind::document;
      j.url = site.url;
    } else if (site.mode == "generic") {
      j.kind = Kind::page;
      j.url = site.url;
    } else if (o_.web_service) {
      j.kind = Kind::ws_committees;
      j.url = base + "mgWebService.asmx/GetCommittees";
    } else {
      j.kind = Kind::committees;
      j.url = base + "mgListCommittees.aspx";
    }
    submit(std::move(j));
  }

  bool past_deadline() const {
    return deadline_ != Clock::time_point{} && Clock::now() >= deadline_;
  }

  /// Queues a job once per URL.
  void submit(Job j) {
    if (j.url.empty()) return;
    std::string key = (j.kind == Kind::document ? "d " : "p ") + j.url;
    if (!seen_.insert(key).second) return;
    if (j.kind == Kind::document) sum_.listed++;
    admit(std::move(j));
  }

  /// Links and redirects stay on the sites' hosts unless --follow-hosts allows more.
  bool host_allowed(const std::string& url) const {
    std::string host = host_name(url);
    if (host.empty()) return false;
    if (site_hosts_.count(host)) return true;
    for (const auto& pattern : o_.follow_hosts)
      if (host_matches(host, lower(pattern))) return true;
    return false;
  }

  void refuse(const Job& j, const std::string& why) {
    log_.write(LogLevel::debug, {}, 0, {}, "not followed: " + j.target() + ": " + why);
    if (j.kind != Kind::document) return;
    sum_.refused++;
    log_fetch(j.url, "refused", 0, "", 0, j.target() + ": " + why);
  }

  void defer(const Job& j, const char* why) {
    if (j.kind == Kind::robots) {
      // The jobs waiting for this robots.txt wait for the next run with it.
      std::string host = host_key(j.url);
      auto parked = std::move(parked_[host]);
      parked_.erase(host);
      for (const Job& p : parked) defer(p, why);
      return;
    }
    if (j.kind != Kind::document) return;
    sum_.deferred++;
    if (sum_.stopped.empty()) sum_.stopped = why;
  }

  /// Requests the job's target once the host may be visited and its robots.txt is known.
  void admit(Job j) {
    if (past_deadline()) {
      defer(j, "deadline");
      return;
    }
    if (!host_allowed(j.target())) {
      refuse(j, "another host than the site's (--follow-hosts allows more)");
      return;
    }
    if (!o_.robots) {
      enqueue(std::move(j));
      return;
    }
    std::string host = host_key(j.target());
    auto state = robots_.find(host);
    if (state == robots_.end()) {
      robots_[host] = nullptr;
      parked_[host].push_back(std::move(j));
      Job r;
      r.kind = Kind::robots;
      r.url = host.substr(0, host.rfind(':')) + ":" + host.substr(host.rfind(':') + 1) +
              "/robots.txt";
      enqueue(std::move(r));
      return;
    }
    if (!state->second) {
      parked_[host].push_back(std::move(j));
      return;
    }
    release(std::move(j), *state->second);
  }

  void release(Job j, const Robots& rules) {
    if (!rules.allowed(path_and_query(j.target()))) {
      log_.info("robots.txt disallows " + j.target());
      if (j.kind == Kind::document) {
        sum_.robots++;
        log_fetch(j.url, "robots", 0, "", 0, "robots.txt disallows this URL");
      } else if (j.kind == Kind::ws_committees) {
        fall_back_to_html(j);
      }
      return;
    }
    enqueue(std::move(j));
  }

  void enqueue(Job j) {
    if (past_deadline()) {
      defer(j, "deadline");
      return;
    }
    HttpRequest req;
    req.url = j.target();
    req.tag = ++next_tag_;
    // A site's robots.txt is read only so far (one byte more tells Robots it was longer); a
    // bigger one is not worth downloading.
    if (j.kind == Kind::robots) req.keep_bytes = Robots::kMaxBytes + 1;
    if (j.kind == Kind::document) {
      auto row = db_.query("SELECT etag, last_modified, sha256 FROM crawl_urls WHERE url = ?",
                           {j.url});
      if (row && !row.value().empty() && row.value()[0][2]) {
        const std::string sha = str(row.value()[0][2]);
        // Validators only while the stored copy is still in the store; otherwise fetch it.
        if (fs::exists(stored_path(sha))) {
          req.etag = str(row.value()[0][0]);
          req.last_modified = str(row.value()[0][1]);
        }
      }
      // A download of a file not yet stored counts against --max-documents (once, not again
      // for its redirects); a conditional request for a stored one does not.
      bool download = req.etag.empty() && req.last_modified.empty();
      if (download && j.redirects == 0 && o_.max_documents > 0) {
        if (downloads_ >= o_.max_documents) {
          defer(j, "max_documents");
          return;
        }
        ++downloads_;
      }
    }
    jobs_[req.tag] = std::move(j);
    fetcher_.add(std::move(req));
  }

  void fall_back_to_html(const Job& from) {
    Job j = from;
    j.kind = Kind::committees;
    j.url = site_base(from.site_url) + "mgListCommittees.aspx";
    submit(std::move(j));
  }

  void fall_back_to_generic(const Job& from) {
    if (from.mode == "moderngov") {
      log_.warning(from.site_url + ": no ModernGov committee list found");
      return;
    }
    Job j = from;
    j.kind = Kind::page;
    j.url = from.site_url;
    j.depth = 0;
    submit(std::move(j));
  }

  void on_response(HttpResponse&& r) {
    auto it = jobs_.find(r.tag);
    if (it == jobs_.end()) return;
    Job job = std::move(it->second);
    jobs_.erase(it);
    if (r.cancelled && job.kind != Kind::robots) {
      defer(job, "deadline");
      return;
    }
    if (r.refused && job.kind != Kind::robots) {
      refuse(job, "resolves to a loopback, link-local or private address");
      return;
    }
    if (r.status >= 300 && r.status < 400 && !r.redirect_url.empty()) {
      follow(std::move(job), r);
      return;
    }
    if (job.kind != Kind::document && job.kind != Kind::robots && r.ok()) sum_.pages++;
    switch (job.kind) {
      case Kind::robots: on_robots(job, r); break;
      case Kind::ws_committees: on_ws_committees(job, r); break;
      case Kind::ws_meetings: on_ws_meetings(job, r); break;
      case Kind::ws_meeting: on_ws_meeting(job, r); break;
      case Kind::committees: on_committees(job, r); break;
      case Kind::meetings: on_meetings(job, r); break;
      case Kind::meeting: on_meeting(job, r); break;
      case Kind::page: on_page(job, r); break;
      case Kind::document: on_document(job, r); break;
    }
  }

  /// A redirect: the new target passes the host rules and its own host's robots.txt (a
  /// robots.txt that moved is fetched where it went: its rules are still the first host's).
  void follow(Job job, const HttpResponse& r) {
    if (job.redirects >= o_.fetch.max_redirects) {
      std::string why = "more than " + std::to_string(o_.fetch.max_redirects) + " redirects";
      if (job.kind == Kind::robots) {
        on_robots(job, HttpResponse{});
      } else if (job.kind == Kind::document) {
        sum_.failed++;
        log_.warning(job.url + ": " + why);
        log_fetch(job.url, "failed", r.status, "", r.attempts, why);
      } else {
        log_.warning(job.url + ": " + why);
      }
      return;
    }
    job.hop = r.redirect_url;
    job.redirects++;
    if (job.kind == Kind::robots) enqueue(std::move(job));
    else admit(std::move(job));
  }

  void on_robots(const Job& job, const HttpResponse& r) {
    std::string host = host_key(job.url);
    // No robots.txt (4xx) allows everything; so, leniently, does a server that cannot serve it.
    auto rules = std::make_shared<Robots>();
    if (r.ok()) rules = std::make_shared<Robots>(r.body, o_.fetch.user_agent);
    if (rules->truncated())
      log_.warning(host + "/robots.txt: longer than " + std::to_string(Robots::kMaxBytes / 1024) +
                   " KiB; the rest is ignored");
    robots_[host] = rules;
    auto parked = std::move(parked_[host]);
    parked_.erase(host);
    for (auto& j : parked) release(std::move(j), *rules);
  }

  void on_ws_committees(const Job& job, const HttpResponse& r) {
    auto committees = r.ok() ? xml_elements(r.body, "committee") : std::vector<std::string>{};
    if (committees.empty()) {
      log_.info(job.site_url + ": no ModernGov web service; reading the HTML pages");
      fall_back_to_html(job);
      return;
    }
    std::string base = site_base(job.site_url);
    std::string from;
    if (o_.since.size() == 10)  // the service wants dd/mm/yyyy
      from = o_.since.substr(8, 2) + "/" + o_.since.substr(5, 2) + "/" + o_.since.substr(0, 4);
    for (const auto& c : committees) {
      Job j = job;
      j.kind = Kind::ws_meetings;
      j.meta.committee_id = xml_first(c, "committeeid");
      j.meta.committee = xml_first(c, "committeetitle");
      if (j.meta.committee.empty()) j.meta.committee = xml_first(c, "committeename");
      if (j.meta.committee_id.empty()) continue;
      j.url = base + "mgWebService.asmx/GetMeetings?lCommitteeId=" + j.meta.committee_id +
              "&sFromDate=" + from + "&sToDate=";
      submit(std::move(j));
    }
  }

  bool before_since(const std::string& date) const {
    return !o_.since.empty() && !date.empty() && date < o_.since;
  }

  void on_ws_meetings(const Job& job, const HttpResponse& r) {
    if (!r.ok()) {
      log_.warning(job.url + ": " + r.error + "; trying the committee's HTML page");
      Job j = job;
      j.kind = Kind::meetings;
      j.url = site_base(job.site_url) + "ieListMeetings.aspx?CommitteeId=" + job.meta.committee_id;
      submit(std::move(j));
      return;
    }
    std::string base = site_base(job.site_url);
    for (const auto& m : xml_elements(r.body, "meeting")) {
      Job j = job;
      j.kind = Kind::ws_meeting;
      j.meta.meeting_id = xml_first(m, "meetingid");
      j.meta.meeting_date = iso_date(xml_first(m, "meetingdate"));
      if (j.meta.meeting_id.empty() || before_since(j.meta.meeting_date)) continue;
      j.url = base + "mgWebService.asmx/GetMeeting?lMeetingId=" + j.meta.meeting_id;
      submit(std::move(j));
    }
  }

  void on_ws_meeting(const Job& job, const HttpResponse& r) {
    if (!r.ok()) {
      log_.warning(job.url + ": " + r.error + "; trying the meeting's HTML page");
      Job j = job;
      j.kind = Kind::meeting;
      j.url = site_base(job.site_url) + "ieListDocuments.aspx?CId=" + job.meta.committee_id +
              "&MId=" + job.meta.meeting_id;
      submit(std::move(j));
      return;
    }
    Job base = job;
    if (base.meta.meeting_date.empty())
      base.meta.meeting_date = iso_date(xml_first(r.body, "meetingdate"));
    for (const auto& u : xml_elements(r.body, "url")) {
      std::string href = decode_entities(u);
      std::string abs = resolve_url(r.final_url, href);
      if (!is_pdf_link(abs)) continue;
      Job j = base;
      j.kind = Kind::document;
      j.url = abs;
      submit(std::move(j));
    }
  }

  void on_committees(const Job& job, const HttpResponse& r) {
    static const Regex kCommittee(
        R"((mgCommitteeDetails\.aspx\?ID=|ieListMeetings\.aspx\?CommitteeId=)(\d+))",
        Regex::kIcase);
    int found = 0;
    if (r.ok()) {
      std::string base = site_base(job.site_url);
      for (const auto& link : extract_links(r.body)) {
        RegexMatch m;
        if (!kCommittee.search(link.href, &m)) continue;
        Job j = job;
        j.kind = Kind::meetings;
        j.meta.committee_id = m.str(2);
        j.meta.committee = link.text;
        j.url = base + "ieListMeetings.aspx?CommitteeId=" + m[2].str();
        ++found;
        submit(std::move(j));
      }
    }
    if (found == 0) {
      log_.info(job.site_url + ": not a ModernGov site; following its links");
      fall_back_to_generic(job);
    }
  }

  void on_meetings(const Job& job, const HttpResponse& r) {
    if (!r.ok()) {
      log_.warning(job.url + ": " + r.error);
      return;
    }
    for (const auto& link : extract_links(r.body)) {
      std::string abs = resolve_url(r.final_url, link.href);
      if (url_path(abs).find("ielistdocuments.aspx") == std::string::npos) continue;
      Job j = job;
      j.kind = Kind::meeting;
      j.meta.meeting_id = query_param(abs, "MId");
      j.meta.meeting_date = iso_date(link.text);
      if (before_since(j.meta.meeting_date)) continue;
      j.url = abs;
      submit(std::move(j));
    }
  }

  void on_meeting(const Job& job, const HttpResponse& r) {
    if (!r.ok()) {
      log_.warning(job.url + ": " + r.error);
      return;
    }
    Job base = job;
    if (base.meta.meeting_date.empty()) base.meta.meeting_date = iso_date(html_title(r.body));
    if (base.meta.meeting_id.empty()) base.meta.meeting_id = query_param(r.final_url, "MId");
    for (const auto& link : extract_links(r.body)) {
      std::string abs = resolve_url(r.final_url, link.href);
      if (!is_pdf_link(abs)) continue;
      Job j = base;
      j.kind = Kind::document;
      j.url = abs;
      submit(std::move(j));
    }
  }

  void on_page(const Job& job, const HttpResponse& r) {
    if (!r.ok()) {
      log_.warning(job.url + ": " + r.error);
      return;
    }
    if (r.body.rfind("%PDF-", 0) == 0) {  // a PDF behind a URL that does not say so
      on_document(job, r);
      return;
    }
    std::string host = host_key(r.final_url);
    for (const auto& link : extract_links(r.body)) {
      std::string abs = resolve_url(r.final_url, link.href);
      if (abs.empty()) continue;
      Job j = job;
      j.url = abs;
      if (is_pdf_link(abs)) {
        j.kind = Kind::document;
        submit(std::move(j));
      } else if (job.depth < o_.depth && host_key(abs) == host) {
        j.depth = job.depth + 1;
        submit(std::move(j));
      }
    }
  }

  fs::path stored_path(const std::string& sha) const {
    return fs::path(o_.store_dir) / sha.substr(0, 2) / (sha + ".pdf");
  }

  void log_fetch(const std::string& url, const std::string& outcome, long status,
                 const std::string& sha, int attempts, const std::string& message) {
    auto r = db_.exec(
        "INSERT INTO crawl_fetches (run_id, url, outcome, http_status, sha256, attempts, "
        "message) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {std::to_string(sum_.run_id), url, outcome,
         status ? SqlValue(std::to_string(status)) : SqlValue(), opt(sha),
         std::to_string(attempts), opt(message)});
    if (!r) log_.warning(r.error().message);
  }

  void remember_url(const Job& job, const HttpResponse& r, const std::string& sha, bool changed) {
    std::string now = now_iso();
    auto res = db_.exec(
        "INSERT INTO crawl_urls (url, sha256, etag, last_modified, authority, committee, "
        "meeting_id, meeting_date, last_fetched, last_changed) VALUES (?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, etag = excluded.etag, "
        "last_modified = excluded.last_modified, "
        "authority = coalesce(excluded.authority, crawl_urls.authority), "
        "committee = coalesce(excluded.committee, crawl_urls.committee), "
        "meeting_id = coalesce(excluded.meeting_id, crawl_urls.meeting_id), "
        "meeting_date = coalesce(excluded.meeting_date, crawl_urls.meeting_date), "
        "last_fetched = excluded.last_fetched, "
        "last_changed = coalesce(excluded.last_changed, crawl_urls.last_changed)",
        {job.url, sha, opt(r.etag), opt(r.last_modified), opt(job.meta.authority),
         opt(job.meta.committee), opt(job.meta.meeting_id), opt(job.meta.meeting_date), now,
         changed ? SqlValue(now) : SqlValue()});
    if (!res) log_.warning(res.error().message);
  }

  void on_document(const Job& job, const HttpResponse& r) {
    if (r.status == 304) {
      sum_.not_modified++;
      log_fetch(job.url, "not_modified", 304, "", r.attempts, "");
      auto res = db_.exec("UPDATE crawl_urls SET last_fetched = ? WHERE url = ?",
                          {now_iso(), job.url});
      if (!res) log_.warning(res.error().message);
      return;
    }
    if (!r.ok()) {
      // Too large is a failure too: the document exists and we do not have it.
      sum_.failed++;
      std::string why = r.error.empty() ? "HTTP " + std::to_string(r.status) : r.error;
      if (r.attempts > 1) why += " (after " + std::to_string(r.attempts) + " attempts)";
      log_.warning(job.url + ": " + why);
      log_fetch(job.url, r.too_large ? "too_large" : "failed", r.status, "", r.attempts, why);
      return;
    }
    if (r.body.substr(0, 1024).find("%PDF-") == std::string::npos) {
      sum_.rejected++;
      log_.warning(job.url + ": not a PDF (" + r.content_type + ")");
      log_fetch(job.url, "not_pdf", r.status, "", r.attempts, "not a PDF: " + r.content_type);
      return;
    }
    std::string sha = sha256_hex(r.body);
    auto prev = db_.query("SELECT sha256 FROM crawl_urls WHERE url = ?", {job.url});
    if (!prev) {
      env_error_ = prev.error();
      return;
    }
    bool known_url = !prev.value().empty();
    std::string prev_sha = known_url ? str(prev.value()[0][0]) : "";
    if (known_url && prev_sha == sha && fs::exists(stored_path(sha))) {
      sum_.unchanged++;
      log_fetch(job.url, "unchanged", r.status, sha, r.attempts, "");
      remember_url(job, r, sha, false);
      return;
    }
    fs::path target = stored_path(sha);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    std::string why;
    if (!fs::exists(target) && !write_atomic(target, r.body, why)) {
      env_error_ = Error{"STORE_UNWRITABLE", why};
      return;
    }
    struct stat st {};
    ::stat(target.c_str(), &st);
    ingest::SourceInput in;
    in.sha256 = sha;
    in.path = fs::absolute(target).string();
    in.bytes = r.body.size();
    in.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    auto added = catalog_.add_sources({in});
    if (!added) {
      env_error_ = added.error();
      return;
    }
    // The first URL a source came from names it; later ones only fill what is missing.
    auto upd = db_.exec(
        "UPDATE sources SET url = coalesce(url, ?), authority = coalesce(authority, ?), "
        "committee = coalesce(committee, ?), meeting_id = coalesce(meeting_id, ?), "
        "meeting_date = coalesce(meeting_date, ?), etag = ?, last_modified = ? "
        "WHERE sha256 = ?",
        {job.url, opt(job.meta.authority), opt(job.meta.committee), opt(job.meta.meeting_id),
         opt(job.meta.meeting_date), opt(r.etag), opt(r.last_modified), sha});
    if (!upd) log_.warning(upd.error().message);
    std::string outcome;
    if (added.value() == 0 && !known_url) {
      outcome = "duplicate";
      sum_.duplicate++;
    } else {
      outcome = known_url ? "changed" : "new";
      (known_url ? sum_.changed : sum_.new_docs)++;
      sum_.fetched++;
    }
    log_.info(outcome + ": " + job.url);
    log_fetch(job.url, outcome, r.status, sha, r.attempts, "");
    remember_url(job, r, sha, true);
    if (added.value() > 0) fingerprint(sha, r.body);
  }

  /// Fingerprints the new source's pages and links it to a pack that holds all of them (or
  /// links what it holds to it, when it is the pack).
  void fingerprint(const std::string& sha, const std::string& bytes) {
    std::vector<std::string> fps = page_fingerprints(bytes);
    std::vector<std::string> distinct;
    for (size_t idx = 0; idx < fps.size(); ++idx) {
      if (fps[idx].empty()) continue;
      distinct.push_back(fps[idx]);
      auto r = db_.exec(
          "INSERT INTO page_fingerprints (sha256, page, fingerprint) VALUES (?, ?, ?) "
          "ON CONFLICT (sha256, page) DO NOTHING",
          {sha, std::to_string(idx + 1), fps[idx]});
      if (!r) log_.warning(r.error().message);
    }
    if (distinct.empty()) return;
    // Candidates: sources sharing at least one page.
    std::map<std::string, int> shared;
    for (const auto& fp : distinct) {
      auto rows = db_.query(
          "SELECT DISTINCT sha256 FROM page_fingerprints WHERE fingerprint = ? AND sha256 <> ?",
          {fp, sha});
      if (!rows) continue;
      for (const auto& row : rows.value()) shared[str(row[0])]++;
    }
    for (const auto& [other, count] : shared) {
      auto other_rows = db_.query(
          "SELECT page, fingerprint FROM page_fingerprints WHERE sha256 = ? ORDER BY page",
          {other});
      if (!other_rows) continue;
      std::vector<std::pair<int, std::string>> other_fps;
      for (const auto& row : other_rows.value())
        other_fps.emplace_back(static_cast<int>(num(row[0])), str(row[1]));
      size_t mine = distinct.size(), theirs = other_fps.size();
      if (count == static_cast<int>(mine) && theirs > mine) {
        // Every page of this source is in `other`: a report inside its pack.
        int first = 0;
        for (const auto& [page, fp] : other_fps)
          if (fp == distinct.front()) { first = page; break; }
        link(sha, other, first, static_cast<int>(fps.size()));
      } else if (static_cast<size_t>(count) == theirs && mine > theirs) {
        int first = 0;
        for (size_t idx = 0; idx < fps.size(); ++idx)
          if (fps[idx] == other_fps.front().second) { first = static_cast<int>(idx + 1); break; }
        link(other, sha, first, static_cast<int>(theirs));
      }
    }
  }

  void link(const std::string& part, const std::string& pack, int first_page, int pages) {
    auto r = db_.exec(
        "INSERT INTO source_links (part_sha256, pack_sha256, first_page, pages) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (part_sha256) DO UPDATE SET "
        "pack_sha256 = excluded.pack_sha256, first_page = excluded.first_page, "
        "pages = excluded.pages",
        {part, pack, std::to_string(first_page), std::to_string(pages)});
    if (!r) log_.warning(r.error().message);
    else sum_.linked++;
    log_.info(part.substr(0, 12) + " is inside " + pack.substr(0, 12) + " from page " +
              std::to_string(first_page));
  }

  const CrawlOptions& o_;
  SqlConn& db_;
  ingest::Catalog& catalog_;
  Logger& log_;
  const Clock::time_point deadline_;  // the epoch: none
  const std::set<std::string> site_hosts_;
  Fetcher fetcher_;
  int downloads_ = 0;  // documents requested without a stored copy, for --max-documents
  CrawlSummary sum_;
  std::string started_;
  Error env_error_;
  uint64_t next_tag_ = 0;
  std::map<uint64_t, Job> jobs_;
  std::set<std::string> seen_;
  std::map<std::string, std::shared_ptr<Robots>> robots_;  // null: being fetched
  std::map<std::string, std::vector<Job>> parked_;
};

}  // namespace

json CrawlSummary::to_json() const {
  return {{"run_id", run_id},       {"listed", listed},   {"fetched", fetched},
          {"new", new_docs},        {"changed", changed}, {"unchanged", unchanged},
          {"not_modified", not_modified}, {"duplicate", duplicate}, {"failed", failed},
          {"robots", robots},       {"rejected", rejected}, {"pages", pages},
          {"linked", linked},       {"refused", refused}, {"deferred", deferred},
          {"stopped", stopped}};
}

CrawlOptions CrawlOptions::from_json(const json& s) {
  CrawlOptions o;
  auto& f = o.fetch;
  f.user_agent = s.value("user_agent", std::string("agendapack/") + kVersion +
                                           " (+https://github.com/agendapack)");
  f.timeout_s = s.value("timeout_s", f.timeout_s);
  f.connect_timeout_s = s.value("connect_timeout_s", f.connect_timeout_s);
  f.retries = s.value("retries", f.retries);
  f.backoff_s = s.value("backoff_s", f.backoff_s);
  f.max_total = s.value("max_connections", f.max_total);
  f.max_per_host = s.value("max_per_host", f.max_per_host);
  f.host_interval_s = s.value("host_interval_s", f.host_interval_s);
  f.max_bytes = s.value("max_mb", static_cast<double>(f.max_bytes >> 20)) * 1048576.0;
  f.max_redirects = s.value("max_redirects", f.max_redirects);
  o.max_documents = s.value("max_documents", o.max_documents);
  o.deadline_s = s.value("deadline_s", o.deadline_s);
  if (s.contains("follow_hosts") && s["follow_hosts"].is_array())
    for (const auto& h : s["follow_hosts"])
      if (h.is_string()) o.follow_hosts.push_back(h.get<std::string>());
  o.depth = s.value("depth", o.depth);
  o.robots = s.value("robots", o.robots);
  o.web_service = s.value("web_service", o.web_service);
  return o;
}

SiteSpec parse_site(const std::string& text) {
  SiteSpec s;
  size_t eq = text.find('=');
  size_t scheme = text.find("://");
  if (eq != std::string::npos && scheme != std::string::npos && eq < scheme) {
    s.authority = text.substr(0, eq);
    s.url = text.substr(eq + 1);
  } else {
    s.url = text;
  }
  return s;
}

std::vector<std::string> page_fingerprints(const std::string& pdf_bytes, size_t min_chars) {
  std::vector<std::string> out;
  // Through the converter's loader: Poppler's own warnings stay quiet, as in `load`.
  auto pdf = PdfFile::open(std::make_shared<const std::string>(pdf_bytes), "");
  if (!pdf) return out;
  for (int idx = 0; idx < pdf.value()->page_count(); ++idx) {
    std::unique_ptr<poppler::page> page = pdf.value()->page(idx);
    std::string norm;
    size_t chars = 0;
    if (page) {
      poppler::byte_array utf8 = page->text().to_utf8();
      bool space = false;
      for (char c : utf8) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
          if (space && !norm.empty()) norm += ' ';
          space = false;
          norm += static_cast<char>(std::tolower(u));
          ++chars;
        } else {
          space = true;  // punctuation and spacing vary between the pack and the report
        }
      }
    }
    out.push_back(chars >= min_chars ? sha256_hex(norm) : "");
  }
  return out;
}

Result<CrawlSummary> run_crawl(const CrawlOptions& o, const fs::path& config_dir, Logger& log) {
  // Without libcurl nothing can be fetched: say so once, before any site is tried.
  if (auto net = net::api(); !net) return Error{"CRAWL_UNAVAILABLE", net.error().message};
  auto catalog = ingest::Catalog::open(o.catalog, ingest::migrations_dir(config_dir));
  if (!catalog) return catalog.error();
  auto db = SqlConn::open(o.catalog);
  if (!db) return db.error();
  Crawler crawler(o, *db.value(), *catalog.value(), log);
  return crawler.run();
}

}  // namespace agendapack::crawl
