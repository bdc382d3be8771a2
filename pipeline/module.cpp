#include "pipeline/module.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

namespace agendapack {

std::vector<std::string> module_candidates(const ModuleSpec& spec) {
  // Named by the operator: that file or nothing, so a wrong path is an error, not a surprise.
  if (const char* env = std::getenv(spec.env); env && *env) return {env};
  std::vector<std::string> out;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto dir = exe.parent_path();
    out.push_back((dir / spec.file).string());
    out.push_back((dir / ".." / "lib" / "agendapack" / spec.file).string());
  }
  if (spec.build_path) out.push_back(spec.build_path);
  out.push_back(spec.file);
  return out;
}

Result<void*> module_symbol(const ModuleSpec& spec) {
  struct Loaded {
    void* entry = nullptr;
    std::string error;
  };
  static std::mutex mu;
  static std::map<std::string, Loaded> loaded;
  std::lock_guard<std::mutex> lock(mu);
  auto [it, fresh] = loaded.try_emplace(std::string(spec.file) + ":" + spec.symbol);
  Loaded& l = it->second;
  if (fresh) {
    std::string why;
    for (const std::string& path : module_candidates(spec)) {
      bool named = path.find('/') != std::string::npos;
      if (named && !std::filesystem::exists(path)) {
        if (why.empty()) why = path + " does not exist";
        continue;
      }
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* e = dlerror();
        why = e ? e : "cannot load " + path;
        continue;
      }
      l.entry = dlsym(handle, spec.symbol);
      if (l.entry) break;
      why = path + " has no " + spec.symbol;
    }
    if (!l.entry)
      l.error = spec.what + std::string(" could not be loaded: ") +
                (why.empty() ? std::string(spec.file) + " was not found" : why);
  }
  if (!l.entry) return Error{"MODULE_UNAVAILABLE", l.error};
  return l.entry;
}

}  // namespace agendapack
