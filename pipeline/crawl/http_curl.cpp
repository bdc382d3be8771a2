#include "pipeline/net_backends.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <vector>

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
  };

  FetchOptions o;
  CURLM* multi = nullptr;
  std::deque<Pending> queue;
  std::map<CURL*, std::unique_ptr<Transfer>> active;
  std::map<std::string, int> per_host;
  std::map<std::string, Clock::time_point> host_next;

  static size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t bytes = size * n;
    if (t->resp.body.size() + bytes > t->owner->o.max_bytes) {
      t->resp.too_large = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->resp.body.append(data, bytes);
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
      std::string value = trim(line.substr(colon + 1));
      if (name == "etag") t->resp.etag = value;
      else if (name == "last-modified") t->resp.last_modified = value;
      else if (name == "content-type") t->resp.content_type = value;
    }
    return size * n;
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
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(o.max_redirects));
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_s * 1000));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout_s * 1000));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_bytes));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlFetcher::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlFetcher::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
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
    long redirects = 0;
    curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
    r.redirects = static_cast<int>(redirects);
    bool transient = false;
    if (code != CURLE_OK) {
      if (code == CURLE_FILESIZE_EXCEEDED || r.too_large) {
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
};

CurlFetcher::CurlFetcher(FetchOptions options) {
  global_init();
  o = std::move(options);
  if (o.max_total < 1) o.max_total = 1;
  if (o.max_per_host < 1) o.max_per_host = 1;
  multi = curl_multi_init();
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
