/// \file load: reads the file once (bytes, sha256), refuses what is not a usable PDF with a
/// stable error code, opens it with Poppler and creates the pages (size, rotation), empty.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/stage.h"

namespace poppler {
class document;
class page;
class image;
}  // namespace poppler

namespace agendapack {

/// An open PDF and the bytes it was parsed from (Poppler reads them in place).
/// Not thread-safe: a worker thread that needs pages opens its own with clone().
class PdfFile {
 public:
  static Result<std::shared_ptr<PdfFile>> open(std::shared_ptr<const std::string> bytes,
                                               const std::string& password);
  ~PdfFile();
  int page_count() const;
  std::unique_ptr<poppler::page> page(int index) const;  // 0-based
  poppler::document& poppler() const { return *doc_; }
  Result<std::shared_ptr<PdfFile>> clone() const;
  /// Renders a page to 8-bit grey at `dpi`; counted, so tests can assert which pages were
  /// rendered. An empty image when Poppler fails.
  poppler::image render_gray(int index, double dpi) const;
  int renders() const { return renders_.load(); }
  /// For renderers that open the bytes themselves (rulings): they count their renders here.
  void count_render() const { ++renders_; }
  /// Degrees clockwise the text stage turned a page whose text runs sideways, so that it
  /// reads left to right; every render of the page turns with it.
  void set_view_rotation(int index, int degrees);
  int view_rotation(int index) const;
  const std::string& bytes() const { return *bytes_; }
  const std::string& password() const { return password_; }

 private:
  PdfFile() = default;
  std::shared_ptr<const std::string> bytes_;
  std::string password_;
  std::unique_ptr<poppler::document> doc_;
  mutable std::atomic<int> renders_{0};
  std::vector<int> view_rotation_;
};

struct LoadOptions {
  std::string password;
  uint64_t max_file_bytes = 1ull << 30;
  int max_pages = 5000;
  double max_page_side = 14400;  // points: 200 inches, the PDF user-space limit
  static LoadOptions from_json(const nlohmann::json& section);
};

class LoadStage final : public Stage {
 public:
  explicit LoadStage(LoadOptions options) : options_(std::move(options)) {}
  std::string_view name() const override { return "load"; }
  Result<void> run(Document& doc, StageContext& ctx) override;

 private:
  LoadOptions options_;
};

/// Fills file, bytes and sha256 of `source` from the file at `path` (used for error records of
/// inputs that never reach Poppler). Returns the bytes, or an Error.
Result<std::shared_ptr<const std::string>> read_source(const std::string& path, Source& source,
                                                       uint64_t max_bytes);
std::string sha256_hex(std::string_view bytes);
/// Streams the file; "" when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace agendapack
