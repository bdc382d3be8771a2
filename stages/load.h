/// \file load: reads the file once (bytes, sha256), refuses what is not a usable PDF with a
/// stable error code, opens it with Poppler and creates the pages (size, rotation), empty.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <poppler/cpp/poppler-image.h>

#include "pipeline/stage.h"

namespace poppler {
class document;
class page;
}  // namespace poppler

class PDFDoc;  // Poppler's core document, for renders

namespace agendapack {

/// A page drawn to 8-bit grey. The image is invalid when the page could not be drawn.
struct PageImage {
  poppler::image image;
  double dpi = 0;            // what it was drawn at: lower than asked when `reduced`
  bool reduced = false;      // the asked resolution would not fit the memory budget
  bool over_budget = false;  // drawing stopped: the page's content needed more memory than
                             // the budget allows (a content stream of a million unclosed `q`s)
};

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
  /// rendered. An empty image when Poppler fails or the render would not fit the budget.
  poppler::image render_gray(int index, double dpi) const;
  /// The same within the memory budget (render_budget()). The image and what the caller will
  /// build from it take `work_bytes_per_pixel` bytes a pixel in all (at least 2: the bitmap
  /// and its copy); a page too large for that at `dpi` is drawn at the highest dpi that fits.
  /// Drawing that needs more heap than the budget (the graphics state stack, paths, images)
  /// is abandoned through Poppler's abort check, which Gfx calls every ten operators.
  PageImage render_page(int index, double dpi, double work_bytes_per_pixel = 2) const;
  /// The most memory one render may take: load.max_render_mb, and under an address-space
  /// limit (ingest's --memory-mb) at most half of the room left below it.
  size_t render_budget() const;
  void set_render_budget(size_t bytes) { render_budget_ = bytes; }
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
  size_t render_budget_ = size_t{512} << 20;
  mutable std::unique_ptr<PDFDoc> core_;  // the same bytes, opened on the first render
};

/// Heap in use now (malloc's arenas and its mmapped blocks), for render budgets.
size_t heap_in_use();

/// Poppler's abort check for one render (Gfx asks every ten operators): stop once the heap has
/// grown by more than `budget` since the render began. Pass &RenderWatch::check and the watch.
struct RenderWatch {
  size_t heap_at_start = 0;
  size_t budget = 0;
  bool over = false;
  explicit RenderWatch(size_t budget_bytes) : heap_at_start(heap_in_use()), budget(budget_bytes) {}
  static bool check(void* watch);
};

/// The highest dpi, at most `dpi`, at which a page of `width_pt` x `height_pt` points takes at
/// most `max_bytes` at `bytes_per_pixel`; 0 when that is below 10 dpi (nothing readable).
double fit_dpi(double width_pt, double height_pt, double dpi, double max_bytes,
               double bytes_per_pixel);
/// Bytes the address space may still grow before RLIMIT_AS; SIZE_MAX without a limit.
size_t address_space_left();

struct LoadOptions {
  std::string password;
  uint64_t max_file_bytes = 1ull << 30;
  int max_pages = 5000;
  double max_page_side = 14400;  // points: 200 inches, the PDF user-space limit
  double max_render_mb = 512;    // the most memory one page render may take
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
