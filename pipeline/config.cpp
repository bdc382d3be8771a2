#include "pipeline/config.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef AGENDAPACK_SOURCE_CONFIG_DIR
#define AGENDAPACK_SOURCE_CONFIG_DIR ""
#endif

namespace agendapack {

namespace fs = std::filesystem;

fs::path default_config_dir() {
  if (const char* env = std::getenv("AGENDAPACK_CONFIG_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = self.parent_path().parent_path() / "share" / "agendapack" / "config";
    if (fs::exists(installed / "pipeline.json", ec)) return installed;
  }
  return AGENDAPACK_SOURCE_CONFIG_DIR;
}

Result<nlohmann::json> read_json_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"CONFIG_INVALID", "cannot read " + path.string()};
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::parse_error& e) {
    return Error{"CONFIG_INVALID", path.string() + ": " + e.what()};
  }
}

namespace {

// Objects merge key by key; anything else replaces.
void merge(nlohmann::json& into, const nlohmann::json& from) {
  if (!into.is_object() || !from.is_object()) {
    into = from;
    return;
  }
  for (auto it = from.begin(); it != from.end(); ++it) merge(into[it.key()], it.value());
}

}  // namespace

Result<Config> Config::load(const fs::path& dir, const fs::path& user_file,
                            const std::vector<std::string>& sets) {
  Config cfg;
  cfg.dir_ = dir;
  auto defaults = read_json_file(dir / "defaults.json");
  if (!defaults) return defaults.error();
  auto pipeline = read_json_file(dir / "pipeline.json");
  if (!pipeline) return pipeline.error();
  cfg.json_ = std::move(defaults.value());
  merge(cfg.json_, pipeline.value());
  if (!user_file.empty()) {
    auto user = read_json_file(user_file);
    if (!user) return user.error();
    merge(cfg.json_, user.value());
  }
  for (const std::string& set : sets) {
    auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error{"CONFIG_INVALID", "--set wants key=value, got '" + set + "'"};
    std::string key = set.substr(0, eq), text = set.substr(eq + 1);
    nlohmann::json value;
    try {
      value = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error&) {
      value = text;
    }
    nlohmann::json* node = &cfg.json_;
    std::stringstream parts(key);
    std::string part;
    while (std::getline(parts, part, '.')) {
      if (!node->is_object()) *node = nlohmann::json::object();
      node = &(*node)[part];
    }
    *node = value;
  }
  return cfg;
}

const nlohmann::json& Config::section(std::string_view name) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto it = json_.find(std::string(name));
  return it == json_.end() ? kEmpty : *it;
}

std::vector<std::string> Config::stages() const {
  std::vector<std::string> out;
  auto it = json_.find("stages");
  if (it != json_.end() && it->is_array())
    for (const auto& s : *it) out.push_back(s.get<std::string>());
  return out;
}

void Config::set_stages(const std::vector<std::string>& stages) { json_["stages"] = stages; }

const nlohmann::json& Config::vocab(const std::string& name) const {
  std::lock_guard<std::mutex> lock(*vocab_mu_);
  auto it = vocab_->find(name);
  if (it != vocab_->end()) return it->second;
  nlohmann::json value = nlohmann::json::object();
  if (auto file = read_json_file(dir_ / "vocab" / (name + ".json"))) value = std::move(file.value());
  return vocab_->emplace(name, std::move(value)).first->second;
}

}  // namespace agendapack
