#include "pipeline/ocr_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include "pipeline/errors.h"

namespace agendapack {

namespace {

using MakeStage = Stage* (*)(const nlohmann::json&, const nlohmann::json&);

constexpr const char* kModule = "libagendapack_ocr.so";

std::vector<std::string> candidates() {
  std::vector<std::string> out;
  // Named by the operator: that file or nothing, so a wrong path is an error, not a surprise.
  if (const char* env = std::getenv("AGENDAPACK_OCR_MODULE"); env && *env) return {env};
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto dir = exe.parent_path();
    out.push_back((dir / kModule).string());
    out.push_back((dir / ".." / "lib" / "agendapack" / kModule).string());
  }
#ifdef AGENDAPACK_OCR_MODULE_PATH
  out.push_back(AGENDAPACK_OCR_MODULE_PATH);
#endif
  out.push_back(kModule);
  return out;
}

// Loaded once per process and never unloaded: stages made by it live until exit. nullptr
// and the reason when it cannot be loaded.
MakeStage load_module(std::string& why_not) {
  static std::once_flag once;
  static MakeStage make = nullptr;
  static std::string error;
  std::call_once(once, [] {
    for (const std::string& path : candidates()) {
      bool named = path.find('/') != std::string::npos;
      if (named && !std::filesystem::exists(path)) {
        error = path + " does not exist";
        continue;
      }
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* why = dlerror();
        error = why ? why : ("cannot load " + path);
        continue;
      }
      make = reinterpret_cast<MakeStage>(dlsym(handle, "agendapack_make_ocr_stage"));
      if (make) return;
      error = path + " has no agendapack_make_ocr_stage";
    }
    if (error.empty()) error = std::string(kModule) + " was not found";
  });
  if (!make) why_not = error;
  return make;
}

}  // namespace

std::string ocr_module_candidates() {
  std::string out;
  for (const std::string& c : candidates()) out += (out.empty() ? "" : ", ") + c;
  return out;
}

OcrLoaderStage::OcrLoaderStage(nlohmann::json ocr_section, nlohmann::json runner_section)
    : ocr_(std::move(ocr_section)), runner_(std::move(runner_section)) {}

OcrLoaderStage::~OcrLoaderStage() = default;

Result<void> OcrLoaderStage::run(Document& doc, StageContext& ctx) {
  bool routed = false;
  for (const Page& page : doc.pages) routed = routed || page.method != PageMethod::text;
  if (!routed && !stage_) return {};
  if (!stage_) {
    std::string why_not;
    MakeStage make = load_module(why_not);
    if (!make)
      return Error{codes::kOcrUnavailable, "the OCR module could not be loaded: " + why_not};
    stage_.reset(make(ocr_, runner_));
    if (!stage_) return Error{codes::kOcrUnavailable, "the OCR module made no stage"};
  }
  return stage_->run(doc, ctx);
}

}  // namespace agendapack
