/// \file The crawler's HTTP client: libcurl's multi interface in one thread, with a cap on
/// transfers in flight (overall and per host), a minimum interval between requests to one host,
/// retries with exponential backoff on 5xx, 429, timeouts and connection failures, redirects,
/// conditional GETs and a size cap. Callers add requests and get each answer through a callback
/// on the same thread, where they may add more (a listing page yields its documents).
#pragma once

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
  int max_redirects = 5;
};

struct HttpRequest {
  std::string url;
  std::string etag, last_modified;  // sent as If-None-Match / If-Modified-Since when set
  uint64_t tag = 0;                 // the caller's, returned in the response
};

struct HttpResponse {
  uint64_t tag = 0;
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long status = 0;        // 0 when no HTTP answer came (see error)
  std::string body, etag, last_modified, content_type;
  std::string error;      // "" or why the transfer failed (timeout, too large, ...)
  bool timed_out = false, too_large = false;
  int attempts = 0;
  int redirects = 0;
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

// libcurl does the work, in the network module (pipeline/net.h). Without the module, URLs do
// not parse and every request is answered with the reason.

/// scheme://host:port of a URL, lower-case; "" when it does not parse.
std::string host_key(const std::string& url);
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
