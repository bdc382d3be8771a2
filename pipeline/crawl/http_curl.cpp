#include "pipeline/net_backends.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <new>
#include <vector>

#include "pipeline/bytes.h"

namespace agendapack::crawl {

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool in_v4(uint32_t addr, uint32_t base, int bits) {
  return (addr >> (32 - bits)) == (base >> (32 - bits));
}

/// Addresses a public page has no business sending us to: this host, its network, link-local
/// (cloud metadata services live at 169.254.169.254), carrier-grade NAT, multicast, reserved.
bool private_v4(uint32_t a) {
  return in_v4(a, 0x00000000, 8) || in_v4(a, 0x0A000000, 8) || in_v4(a, 0x64400000, 10) ||
         in_v4(a, 0x7F000000, 8) || in_v4(a, 0xA9FE0000, 16) || in_v4(a, 0xAC100000, 12) ||
         in_v4(a, 0xC0000000, 24) || in_v4(a, 0xC0A80000, 16) || in_v4(a, 0xC6120000, 15) ||
         in_v4(a, 0xE0000000, 3);
}

bool private_address(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    return private_v4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  }
  if (sa->sa_family != AF_INET6) return true;  // nothing else is expected for http
  const uint8_t* b = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr;
  bool zero10 = std::all_of(b, b + 10, [](uint8_t x) { return x == 0; });
  if (zero10 && b[10] == 0xff && b[11] == 0xff)  // ::ffff:a.b.c.d
    return private_v4(static_cast<uint32_t>(b[12]) << 24 | static_cast<uint32_t>(b[13]) << 16 |
                      static_cast<uint32_t>(b[14]) << 8 | b[15]);
  bool zero15 = zero10 && std::all_of(b + 10, b + 15, [](uint8_t x) { return x == 0; });
  if (zero15 && b[15] <= 1) return true;                    // :: and ::1
  if ((b[0] & 0xFE) == 0xFC) return true;                   // fc00::/7, unique local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;   // fe80::/10, link-local
  return b[0] == 0xFF;                                      // multicast
}

/// Through a proxy the address connected to is the proxy's, and the proxy resolves the host:
/// the address check cannot apply.
bool proxy_configured() {
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* v = std::getenv(name);
    if (v && *v) return true;
  }
  return false;
}

std::string url_part(CURLU* h, CURLUPart part) {
  char* v = nullptr;
  if (curl_url_get(h, part, &v, 0) != CURLUE_OK) return "";
  std::string out = v ? v : "";
  curl_free(v);
  return out;
}

}  // namespace

std::string curl_host_key(const std::string& url) {
  CURLU* h = curl_url();
  std::string out;
  if (curl_url_set(h, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    std::string scheme = url_part(h, CURLUPART_SCHEME);
    std::string host = url_part(h, CURLUPART_HOST);
    char* port = nullptr;
    std::string p;
    if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK && port) p = port;
    curl_free(port);
    if (!host.empty()) out = lower(scheme + "://" + host + ":" + p);
  }
  curl_url_cleanup(h);
  return out;
}

std::string curl_resolve_url(const std::string& base, const std::string& ref) {
  CURLU* h = curl_url();
  std::string out;
  // Spaces and raw UTF-8 in hrefs ("Printed minutes 23rd-Apr-2018.pdf") are common: encode
  // them (and only them; an existing %XX stays as written).
  std::string encoded;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : trim(ref)) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}') {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    } else {
      encoded += static_cast<char>(c);
    }
  }
  if (curl_url_set(h, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
      curl_url_set(h, CURLUPART_URL, encoded.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
    curl_url_set(h, CURLUPART_FRAGMENT, nullptr, 0);
    std::string scheme = lower(url_part(h, CURLUPART_SCHEME));
    if (scheme == "http" || scheme == "https") out = url_part(h, CURLUPART_URL);
  }
  curl_url_cleanup(h);
  return out;
}

class CurlFetcher final : public Fetcher::Impl {
 public:
  explicit CurlFetcher(FetchOptions options);
  ~CurlFetcher() override;
  void add(HttpRequest request) override;
  void run(const std::function<void(HttpResponse&&)>& on_done) override;

  struct Pending {
    HttpRequest req;
    int attempts = 0;
    Clock::time_point not_before;
  };
  struct Transfer {
    Pending p;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpResponse resp;
    CurlFetcher* owner = nullptr;
    bool private_ok = false;  // its host may resolve to a private address
    bool deadline_cut = false;  // its time limit is what is left of the run's deadline
  };

  FetchOptions o;
  CURLM* multi = nullptr;
  std::deque<Pending> queue;
  std::map<CURL*, std::unique_ptr<Transfer>> active;
  std::map<std::string, int> per_host;
  std::map<std::string, Clock::time_point> host_next;
  bool check_addresses = true;

  bool has_deadline() const { return o.deadline != Clock::time_point{}; }

  static size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * n;
    uint64_t keep = t->p.req.keep_bytes;
    if (keep > 0 && t->resp.body.size() + bytes > keep) {
      t->resp.body.append(data, keep - t->resp.body.size());
      t->resp.truncated = true;
      return 0;  // ends the transfer (CURLE_WRITE_ERROR, taken as complete in finish)
    }
    if (t->resp.body.size() + bytes > t->owner->o.max_bytes) {
      t->resp.too_large = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    // An exception must not unwind through libcurl's C frames.
    try {
      t->resp.body.append(data, bytes);
    } catch (const std::bad_alloc&) {
      t->resp.too_large = true;
      return 0;
    }
    return bytes;
  }

  static size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last
      t->resp.etag.clear();
      t->resp.last_modified.clear();
      t->resp.content_type.clear();
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name = lower(std::string(line.substr(0, colon)));
      // Sent back in If-None-Match and kept in the catalog: no control characters (a CR LF
      // would start a header of the server's choosing) and nothing but UTF-8.
      std::string value = valid_utf8(trim(line.substr(colon + 1)));
      value.erase(std::remove_if(value.begin(), value.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
                  value.end());
      if (name == "etag") t->resp.etag = value;
      else if (name == "last-modified") t->resp.last_modified = value;
      else if (name == "content-type") t->resp.content_type = value;
    }
    return size * n;
  }

  static curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    if (purpose == CURLSOCKTYPE_IPCXN && t->owner->check_addresses && !t->private_ok &&
        private_address(&address->addr)) {
      t->resp.refused = true;
      return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  }

  void start(Pending p) {
    auto t = std::make_unique<Transfer>();
    t->owner = this;
    t->p = std::move(p);
    t->p.attempts++;
    t->resp.tag = t->p.req.tag;
    t->resp.url = t->p.req.url;
    CURL* e = curl_easy_init();
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, t->p.req.url.c_str());
    curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
    // The caller follows redirects itself (host rules, robots.txt of the new host).
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    long timeout_ms = static_cast<long>(o.timeout_s * 1000);
    if (has_deadline()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(o.deadline - Clock::now());
      if (left.count() < timeout_ms) {
        timeout_ms = std::max(1L, static_cast<long>(left.count()));
        t->deadline_cut = true;
      }
    }
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout_s * 1000));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_bytes));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlFetcher::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlFetcher::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &CurlFetcher::on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    std::string name = curl_host_key(t->p.req.url);
    name = name.substr(name.find("://") == std::string::npos ? 0 : name.find("://") + 3);
    name = name.substr(0, name.rfind(':'));
    t->private_ok = std::find(o.private_ok_hosts.begin(), o.private_ok_hosts.end(), name) !=
                    o.private_ok_hosts.end();
    if (!t->p.req.etag.empty())
      t->headers = curl_slist_append(t->headers, ("If-None-Match: " + t->p.req.etag).c_str());
    if (!t->p.req.last_modified.empty())
      t->headers = curl_slist_append(t->headers,
                                     ("If-Modified-Since: " + t->p.req.last_modified).c_str());
    if (t->headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    std::string host = curl_host_key(t->p.req.url);
    per_host[host]++;
    host_next[host] = Clock::now() + std::chrono::milliseconds(
                                         static_cast<int64_t>(o.host_interval_s * 1000));
    curl_multi_add_handle(multi, e);
    active.emplace(e, std::move(t));
  }

  /// Starts what the caps and intervals allow; returns how long until something else might.
  std::chrono::milliseconds schedule() {
    auto now = Clock::now();
    auto wait = std::chrono::milliseconds(1000);
    for (auto it = queue.begin(); it != queue.end();) {
      if (static_cast<int>(active.size()) >= o.max_total) break;
      std::string host = curl_host_key(it->req.url);
      auto next = host_next.count(host) ? host_next[host] : now;
      if (it->not_before > now || next > now || per_host[host] >= o.max_per_host) {
        auto when = std::max(it->not_before, next);
        if (when > now)
          wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(when - now));
        ++it;
        continue;
      }
      Pending p = std::move(*it);
      it = queue.erase(it);
      start(std::move(p));
      now = Clock::now();
    }
    return std::max(wait, std::chrono::milliseconds(1));
  }

  /// Done with one transfer: an answer for the caller, or the same request again later.
  void finish(CURL* e, CURLcode code, const std::function<void(HttpResponse&&)>& on_done) {
    auto node = active.extract(e);
    std::unique_ptr<Transfer> t = std::move(node.mapped());
    curl_multi_remove_handle(multi, e);
    per_host[curl_host_key(t->p.req.url)]--;
    HttpResponse& r = t->resp;
    r.attempts = t->p.attempts;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    r.status = status;
    char* eff = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
    r.final_url = eff ? eff : r.url;
    if (status >= 300 && status < 400) {
      char* target = nullptr;
      curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &target);
      if (target) r.redirect_url = target;
    }
    bool transient = false;
    if (code == CURLE_WRITE_ERROR && r.truncated) code = CURLE_OK;  // keep_bytes reached
    if (code == CURLE_OK) r.refused = false;  // another address of the host answered
    if (code != CURLE_OK) {
      if (code == CURLE_OPERATION_TIMEDOUT && t->deadline_cut) {
        r.cancelled = true;
        r.error = "not fetched: the crawl's deadline passed";
      } else if (r.refused) {
        r.error = "refused: the host resolves to a loopback, link-local or private address";
      } else if (code == CURLE_FILESIZE_EXCEEDED || r.too_large) {
        r.too_large = true;
        r.error = "larger than the size cap";
      } else {
        r.timed_out = code == CURLE_OPERATION_TIMEDOUT;
        r.error = curl_easy_strerror(code);
        transient = code == CURLE_OPERATION_TIMEDOUT || code == CURLE_COULDNT_CONNECT ||
                    code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR ||
                    code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE ||
                    code == CURLE_COULDNT_RESOLVE_HOST;
      }
      r.status = code == CURLE_OPERATION_TIMEDOUT ? 0 : r.status;
    } else if (status >= 500 || status == 429) {
      transient = true;
    }
    curl_slist_free_all(t->headers);
    curl_easy_cleanup(e);
    if (transient && t->p.attempts <= o.retries) {
      Pending again = std::move(t->p);
      double delay = o.backoff_s * std::pow(2.0, again.attempts - 1);
      again.not_before = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(delay * 1000));
      queue.push_back(std::move(again));
      return;
    }
    if (r.error.empty() && status >= 400) r.error = "HTTP " + std::to_string(status);
    on_done(std::move(r));
  }

  /// The deadline passed: every request still queued or in flight is answered `cancelled`.
  /// Answers may add requests; they are answered the same way on the next round.
  void cancel_all(const std::function<void(HttpResponse&&)>& on_done) {
    std::vector<HttpResponse> answers;
    for (auto& [e, t] : active) {
      curl_multi_remove_handle(multi, e);
      curl_slist_free_all(t->headers);
      curl_easy_cleanup(e);
      answers.push_back(std::move(t->resp));
    }
    active.clear();
    per_host.clear();
    for (Pending& p : queue) {
      HttpResponse r;
      r.tag = p.req.tag;
      r.url = r.final_url = p.req.url;
      answers.push_back(std::move(r));
    }
    queue.clear();
    for (HttpResponse& r : answers) {
      r.cancelled = true;
      r.status = 0;
      r.body.clear();
      r.error = "not fetched: the crawl's deadline passed";
      on_done(std::move(r));
    }
  }
};

CurlFetcher::CurlFetcher(FetchOptions options) {
  global_init();
  o = std::move(options);
  if (o.max_total < 1) o.max_total = 1;
  if (o.max_per_host < 1) o.max_per_host = 1;
  multi = curl_multi_init();
  check_addresses = !proxy_configured();
}

CurlFetcher::~CurlFetcher() {
  for (auto& [e, t] : active) {
    curl_multi_remove_handle(multi, e);
    curl_slist_free_all(t->headers);
    curl_easy_cleanup(e);
  }
  curl_multi_cleanup(multi);
}

void CurlFetcher::add(HttpRequest request) {
  Pending p;
  p.req = std::move(request);
  p.not_before = Clock::now();
  queue.push_back(std::move(p));
}

void CurlFetcher::run(const std::function<void(HttpResponse&&)>& on_done) {
  CurlFetcher& m = *this;
  while (!m.queue.empty() || !m.active.empty()) {
    if (m.has_deadline() && Clock::now() >= m.o.deadline) {
      m.cancel_all(on_done);
      continue;
    }
    auto wait = m.schedule();
    int running = 0;
    curl_multi_perform(m.multi, &running);
    int left = 0;
    std::vector<std::pair<CURL*, CURLcode>> done;
    while (CURLMsg* msg = curl_multi_info_read(m.multi, &left)) {
      if (msg->msg == CURLMSG_DONE) done.emplace_back(msg->easy_handle, msg->data.result);
    }
    for (auto& [e, code] : done) m.finish(e, code, on_done);
    if (!done.empty()) continue;
    int numfds = 0;
    long poll_ms = std::min<long>(static_cast<long>(wait.count()), 200);
    if (m.active.empty()) {
      // Nothing in flight: only a backoff or a host interval to wait out.
      if (!m.queue.empty()) curl_multi_poll(m.multi, nullptr, 0, static_cast<int>(poll_ms), &numfds);
      continue;
    }
    curl_multi_poll(m.multi, nullptr, 0, static_cast<int>(poll_ms), &numfds);
  }
}

std::unique_ptr<Fetcher::Impl> make_curl_fetcher(const FetchOptions& options) {
  return std::make_unique<CurlFetcher>(options);
}

}  // namespace agendapack::crawl
