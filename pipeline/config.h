/// \file Configuration: config/defaults.json, then --config FILE, then --set key=value.
/// Each stage reads only its own section (Config::section("money")) into its own options
/// struct; vocabularies (the words councils use) live in config/vocab/*.json.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/result.h"

namespace agendapack {

/// The folder holding pipeline.json, defaults.json, schema/ and vocab/: $AGENDAPACK_CONFIG_DIR,
/// else beside the installed binary (../share/agendapack/config), else the source tree's.
std::filesystem::path default_config_dir();

class Config {
 public:
  /// Loads defaults and pipeline from `dir`, then merges `user_file` (if not empty) and each
  /// "a.b=value" of `sets` (value parsed as JSON when it parses, else taken as a string).
  static Result<Config> load(const std::filesystem::path& dir,
                             const std::filesystem::path& user_file = {},
                             const std::vector<std::string>& sets = {});

  /// The section of one stage or subsystem; an empty object when absent.
  const nlohmann::json& section(std::string_view name) const;
  const nlohmann::json& json() const { return json_; }
  std::vector<std::string> stages() const;
  void set_stages(const std::vector<std::string>& stages);
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path schema_path() const { return dir_ / "schema" / "document.schema.json"; }
  /// config/vocab/<name>.json, parsed once and cached; an empty object when missing.
  const nlohmann::json& vocab(const std::string& name) const;

 private:
  nlohmann::json json_;
  std::filesystem::path dir_;
  mutable std::shared_ptr<std::map<std::string, nlohmann::json>> vocab_ =
      std::make_shared<std::map<std::string, nlohmann::json>>();
  mutable std::shared_ptr<std::mutex> vocab_mu_ = std::make_shared<std::mutex>();
};

/// Reads a JSON file; an Error with code CONFIG_INVALID when missing or malformed.
Result<nlohmann::json> read_json_file(const std::filesystem::path& path);

/// Typed lookup with a default, for options structs: get_or(sec, "dpi", 300).
template <typename T>
T get_or(const nlohmann::json& sec, const char* key, T fallback) {
  if (!sec.is_object()) return fallback;
  auto it = sec.find(key);
  if (it == sec.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

}  // namespace agendapack
