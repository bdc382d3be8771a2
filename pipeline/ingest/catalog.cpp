#include "pipeline/ingest/catalog.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "pipeline/ingest/catalog_backends.h"
#include "pipeline/net.h"
#include "pipeline/regex.h"

namespace agendapack::ingest {

namespace fs = std::filesystem;

int64_t shard_key(const std::string& sha256) {
  if (sha256.size() < 8) return 0;
  try {
    return static_cast<int64_t>(std::stoull(sha256.substr(0, 8), nullptr, 16));
  } catch (const std::exception&) {
    return 0;
  }
}

bool Shard::contains(const std::string& sha256) const {
  if (count <= 1) return true;
  return shard_key(sha256) % count == index;
}

fs::path migrations_dir(const fs::path& config_dir) { return config_dir / "catalog" / "migrations"; }

Result<std::vector<Migration>> load_migrations(const fs::path& dir, std::string_view backend) {
  // NNNN_name.sql for every backend, NNNN_name.<backend>.sql for one.
  static const Regex kName(R"(^(\d{4})_([A-Za-z0-9_]+)(?:\.(sqlite|postgres))?\.sql$)");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error{"CONFIG_INVALID", dir.string() + ": no catalog migrations folder"};
  std::vector<Migration> out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    RegexMatch m;
    if (!kName.match(file, &m)) continue;
    if (m[3].matched && m[3].str() != backend) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    out.push_back({std::stoi(m[1].str()), file, text.str()});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t idx = 1; idx < out.size(); ++idx) {
    if (out[idx].version == out[idx - 1].version)
      return Error{"CONFIG_INVALID", "two catalog migrations share version " +
                                         std::to_string(out[idx].version) + ": " +
                                         out[idx - 1].name + ", " + out[idx].name};
  }
  if (out.empty()) return Error{"CONFIG_INVALID", dir.string() + ": no migrations for " +
                                                      std::string(backend)};
  return out;
}

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string& spec,
                                               const fs::path& migrations) {
  if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) {
    auto net = net::api();
    if (!net) return Error{"CATALOG_ERROR", "a PostgreSQL catalog needs " + net.error().message};
    return net.value()->open_postgres_catalog(spec, migrations);
  }
  return open_sqlite_catalog(spec, migrations);
}

}  // namespace agendapack::ingest
