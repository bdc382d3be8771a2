/// \file The crawler's HTTP client: libcurl's multi interface in one thread, with a cap on
/// transfers in flight (overall and per host), a minimum interval between requests to one host,
/// retries with exponential backoff on 5xx, 429, timeouts and connection failures, conditional
/// GETs, a size cap and a deadline for the whole run. Callers add requests and get each answer
/// through a callback on the same thread, where they may add more (a listing page yields its
/// documents). Redirects are not followed here: a 3xx comes back with its target in
/// `redirect_url`, so that the caller decides whether that host may be visited and asks its
/// robots.txt first. Connections to loopback, link-local and private addresses are refused
/// unless the URL's host is one the caller trusts (`private_ok_hosts`): a public page must not
/// steer the crawler into the network it runs in.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace agendapack::crawl {

struct FetchOptions {
  std::string user_agent;
  double timeout_s = 60;          // whole transfer
  double connect_timeout_s = 15;
  int retries = 3;                // after the first attempt
  double backoff_s = 1;           // first retry waits this, then doubles
  int max_total = 8;              // transfers in flight
  int max_per_host = 2;
  double host_interval_s = 0.5;   // between the starts of two requests to one host
  uint64_t max_bytes = 200ull << 20;
  int max_redirects = 5;          // followed by the caller (the crawler), not here
  /// Host names (lower case) whose addresses may be loopback, link-local or private: the
  /// sites' own hosts and hosts the operator named. Every other host must resolve to a public
  /// address.
  std::vector<std::string> private_ok_hosts;
  /// When the whole run must end: requests still queued or in flight then are answered with
  /// `cancelled`. The epoch (the default) means no deadline.
  std::chrono::steady_clock::time_point deadline{};
};

struct HttpRequest {
  std::string url;
  std::string etag, last_modified;  // sent as If-None-Match / If-Modified-Since when set
  uint64_t tag = 0;                 // the caller's, returned in the response
  /// Keep only the first N bytes (0: all, up to max_bytes): the transfer ends there and
  /// counts as complete, `truncated` set. robots.txt is read this way.
  uint64_t keep_bytes = 0;
};

struct HttpResponse {
  uint64_t tag = 0;
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long status = 0;        // 0 when no HTTP answer came (see error)
  std::string body, etag, last_modified, content_type;
  std::string redirect_url;  // a 3xx's target, resolved; "" otherwise
  std::string error;      // "" or why the transfer failed (timeout, too large, ...)
  bool timed_out = false, too_large = false;
  bool truncated = false;  // keep_bytes cut the body
  bool refused = false;    // the host resolved to an address it may not use
  bool cancelled = false;  // the deadline passed before an answer came
  int attempts = 0;
  int redirects = 0;
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

// libcurl does the work, in the network module (pipeline/net.h). Without the module, URLs do
// not parse and every request is answered with the reason.

/// scheme://host:port of a URL, lower-case; "" when it does not parse.
std::string host_key(const std::string& url);
/// The host name of a URL, lower-case, without scheme or port ("[::1]" for IPv6); "" when it
/// does not parse.
std::string host_name(const std::string& url);
/// `ref` resolved against `base` (RFC 3986, through libcurl's URL API); "" when it cannot be.
/// The fragment is dropped.
std::string resolve_url(const std::string& base, const std::string& ref);

class Fetcher {
 public:
  explicit Fetcher(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  void add(HttpRequest request);
  /// Runs until every request (including those added from `on_done`) is answered.
  void run(const std::function<void(HttpResponse&&)>& on_done);

  /// What the network module implements.
  class Impl {
   public:
    virtual ~Impl() = default;
    virtual void add(HttpRequest request) = 0;
    virtual void run(const std::function<void(HttpResponse&&)>& on_done) = 0;
  };

 private:
  std::unique_ptr<Impl> impl_;
  std::string unavailable_;  // why there is no Impl
  std::vector<HttpRequest> refused_;
};

}  // namespace agendapack::crawl
