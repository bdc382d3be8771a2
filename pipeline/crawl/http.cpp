#include "pipeline/crawl/http.h"

#include "pipeline/net.h"

namespace agendapack::crawl {

std::string host_key(const std::string& url) {
  auto net = net::api();
  return net ? net.value()->host_key(url) : std::string();
}

std::string host_name(const std::string& url) {
  std::string key = host_key(url);
  size_t start = key.find("://");
  if (start == std::string::npos) return "";
  std::string host = key.substr(start + 3);
  size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos)
    host.resize(colon);
  return host;
}

std::string resolve_url(const std::string& base, const std::string& ref) {
  auto net = net::api();
  return net ? net.value()->resolve_url(base, ref) : std::string();
}

Fetcher::Fetcher(FetchOptions options) {
  auto net = net::api();
  if (net) impl_ = net.value()->make_fetcher(options);
  else unavailable_ = net.error().message;
}

Fetcher::~Fetcher() = default;

void Fetcher::add(HttpRequest request) {
  if (impl_) impl_->add(std::move(request));
  else refused_.push_back(std::move(request));
}

void Fetcher::run(const std::function<void(HttpResponse&&)>& on_done) {
  if (impl_) return impl_->run(on_done);
  // Answered one by one, so that requests added from `on_done` are answered too.
  while (!refused_.empty()) {
    HttpRequest req = std::move(refused_.front());
    refused_.erase(refused_.begin());
    HttpResponse r;
    r.tag = req.tag;
    r.url = r.final_url = req.url;
    r.error = unavailable_;
    on_done(std::move(r));
  }
}

}  // namespace agendapack::crawl
