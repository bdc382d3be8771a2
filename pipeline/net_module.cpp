// The entry point of libagendapack_net.so (see pipeline/net.h).
#include "pipeline/net_backends.h"

extern "C" __attribute__((visibility("default"))) const agendapack::net::Api*
agendapack_net_api() {
  static const agendapack::net::Api api{
      agendapack::crawl::make_curl_fetcher,
      agendapack::crawl::curl_host_key,
      agendapack::crawl::curl_resolve_url,
      agendapack::crawl::open_postgres_sql,
      agendapack::ingest::open_postgres_catalog,
  };
  return &api;
}
