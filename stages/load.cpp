#include "stages/load.h"

#include <nettle/sha2.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page.h>

// Poppler's core API (libpoppler-private-dev) for renders: poppler-cpp's page_renderer has no
// abort check, so a page whose drawing eats memory could not be stopped.
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <Stream.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "pipeline/bytes.h"
#include "pipeline/errors.h"

namespace agendapack {

namespace fs = std::filesystem;

namespace {

// Poppler reports every syntax problem of a damaged file on stderr; our error record says
// what matters, once.
void quiet_poppler() {
  static const bool done = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)done;
}

// Metadata is whatever the producing program wrote (a lone UTF-16 surrogate comes out as
// bytes that are not UTF-8); the record must stay valid JSON.
std::string utf8(const poppler::ustring& s) {
  auto bytes = s.to_utf8();
  return valid_utf8(std::string_view(bytes.data(), bytes.size()));
}

}  // namespace

namespace {

std::string hex(const unsigned char* digest, unsigned int len) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace

// Nettle, not OpenSSL: OpenSSL 3 spends about 2 ms of every process setting up its algorithm
// providers before the first digest, as long as Poppler takes to read a short file.
std::string sha256_hex(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  return hex(digest, SHA256_DIGEST_SIZE);
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  sha256_ctx ctx;
  sha256_init(&ctx);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    sha256_update(&ctx, static_cast<size_t>(in.gcount()),
                  reinterpret_cast<const uint8_t*>(buf.data()));
  }
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  return hex(digest, SHA256_DIGEST_SIZE);
}

Result<std::shared_ptr<const std::string>> read_source(const std::string& path, Source& source,
                                                       uint64_t max_bytes) {
  source.path = path;
  source.file = fs::path(path).filename().string();
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Error{codes::kFileUnreadable, "no such file"};
  if (fs::is_directory(status)) return Error{codes::kNotAFile, "is a directory, not a file"};
  if (!fs::is_regular_file(status)) return Error{codes::kNotAFile, "is not a regular file"};
  uint64_t size = fs::file_size(path, ec);
  if (ec) return Error{codes::kFileUnreadable, "cannot read the file size"};
  source.bytes = size;
  if (size > max_bytes) {
    source.sha256 = sha256_file(path);
    return Error{codes::kFileTooLarge, "the file has " + std::to_string(size) +
                                           " bytes, more than the limit of " +
                                           std::to_string(max_bytes)};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{codes::kFileUnreadable, "cannot open the file for reading"};
  auto bytes = std::make_shared<std::string>(size, '\0');
  in.read(bytes->data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size)
    return Error{codes::kFileUnreadable, "the file could not be read whole"};
  source.sha256 = sha256_hex(*bytes);
  return std::shared_ptr<const std::string>(std::move(bytes));
}

Result<std::shared_ptr<PdfFile>> PdfFile::open(std::shared_ptr<const std::string> bytes,
                                               const std::string& password) {
  quiet_poppler();
  std::shared_ptr<PdfFile> file(new PdfFile());
  file->bytes_ = std::move(bytes);
  file->password_ = password;
  file->doc_.reset(poppler::document::load_from_raw_data(
      file->bytes_->data(), static_cast<int>(file->bytes_->size()), password, password));
  if (!file->doc_) return Error{codes::kPdfUnreadable, "Poppler could not parse the file"};
  if (file->doc_->is_locked()) {
    return Error{codes::kPdfEncrypted, password.empty()
                                           ? "the file is encrypted; a password is required"
                                           : "the file is encrypted; the password is wrong"};
  }
  return file;
}

PdfFile::~PdfFile() = default;

int PdfFile::page_count() const { return doc_->pages(); }

std::unique_ptr<poppler::page> PdfFile::page(int index) const {
  return std::unique_ptr<poppler::page>(doc_->create_page(index));
}

Result<std::shared_ptr<PdfFile>> PdfFile::clone() const {
  auto copy = open(bytes_, password_);
  if (copy) {
    copy.value()->view_rotation_ = view_rotation_;
    copy.value()->render_budget_ = render_budget_;
  }
  return copy;
}

void PdfFile::set_view_rotation(int index, int degrees) {
  if (index < 0) return;
  if (view_rotation_.size() <= static_cast<size_t>(index)) view_rotation_.resize(index + 1, 0);
  view_rotation_[index] = ((degrees % 360) + 360) % 360;
}

int PdfFile::view_rotation(int index) const {
  return index >= 0 && static_cast<size_t>(index) < view_rotation_.size() ? view_rotation_[index]
                                                                          : 0;
}

size_t heap_in_use() {
  struct mallinfo2 mi = ::mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

size_t address_space_left() {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0;
  if (!(statm >> pages)) return SIZE_MAX;
  size_t used = pages * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return used >= rl.rlim_cur ? 0 : rl.rlim_cur - used;
}

size_t PdfFile::render_budget() const {
  size_t left = address_space_left();
  return left == SIZE_MAX ? render_budget_ : std::min(render_budget_, left / 2);
}

bool RenderWatch::check(void* data) {
  auto* w = static_cast<RenderWatch*>(data);
  if (!w->over && heap_in_use() > w->heap_at_start + w->budget) w->over = true;
  return w->over;
}

double fit_dpi(double width_pt, double height_pt, double dpi, double max_bytes,
               double bytes_per_pixel) {
  auto bytes_at = [&](double d) {
    return std::ceil(width_pt * d / 72) * std::ceil(height_pt * d / 72) * bytes_per_pixel;
  };
  if (bytes_at(dpi) <= max_bytes) return dpi;
  double fitted = dpi * std::sqrt(max_bytes / bytes_at(dpi)) * 0.99;
  while (fitted >= 10 && bytes_at(fitted) > max_bytes) fitted *= 0.98;
  return fitted >= 10 ? fitted : 0;
}

PageImage PdfFile::render_page(int index, double dpi, double work_bytes_per_pixel) const {
  ++renders_;
  PageImage out;
  if (!globalParams || index < 0 || index >= page_count()) return out;
  // poppler-cpp made globalParams when the document was loaded and keeps it while any
  // document is open, as this one is. The core document reads the same bytes.
  if (!core_) {
    std::optional<GooString> password;
    if (!password_.empty()) password.emplace(password_);
    auto* stream =
        new MemStream(bytes_->data(), 0, static_cast<Goffset>(bytes_->size()), Object(objNull));
    core_ = std::make_unique<PDFDoc>(stream, password, password);
  }
  PDFDoc& core = *core_;
  if (!core.isOk()) return out;
  const int number = index + 1;

  // The bitmap first: a page whose pixels at `dpi` would not fit is drawn at the dpi that does.
  const size_t budget = render_budget();
  double fitted = fit_dpi(core.getPageCropWidth(number), core.getPageCropHeight(number), dpi,
                          static_cast<double>(budget), std::max(2.0, work_bytes_per_pixel));
  if (fitted <= 0) {
    out.over_budget = true;
    return out;
  }
  out.reduced = fitted < dpi;
  out.dpi = dpi = fitted;

  // Same device and arguments as poppler-cpp's page_renderer with antialiasing and text
  // antialiasing (what this used before), plus the abort check.
  SplashColor paper;
  paper[0] = paper[1] = paper[2] = 255;
  SplashOutputDev dev(splashModeMono8, 4, false, paper, true, splashThinLineDefault);
  dev.setFontAntialias(true);
  dev.setVectorAntialias(true);
  dev.setFreeTypeHinting(false, false);
  dev.startDoc(&core);
  RenderWatch watch(budget);
  core.displayPageSlice(&dev, number, dpi, dpi, view_rotation(index), false, true, false, -1, -1,
                        -1, -1, &RenderWatch::check, &watch, nullptr, nullptr, true);
  if (watch.over) {
    out.over_budget = true;
    return out;
  }
  SplashBitmap* bitmap = dev.getBitmap();
  if (!bitmap || bitmap->getWidth() <= 0 || bitmap->getHeight() <= 0 || !bitmap->getDataPtr())
    return out;
  poppler::image wrapped(reinterpret_cast<char*>(bitmap->getDataPtr()), bitmap->getWidth(),
                         bitmap->getHeight(), poppler::image::format_gray8);
  out.image = wrapped.copy();
  return out;
}

poppler::image PdfFile::render_gray(int index, double dpi) const {
  return render_page(index, dpi).image;
}

LoadOptions LoadOptions::from_json(const nlohmann::json& s) {
  LoadOptions o;
  o.password = get_or<std::string>(s, "password", o.password);
  o.max_file_bytes = get_or<uint64_t>(s, "max_file_bytes", o.max_file_bytes);
  o.max_pages = get_or<int>(s, "max_pages", o.max_pages);
  o.max_page_side = get_or<double>(s, "max_page_side", o.max_page_side);
  o.max_render_mb = get_or<double>(s, "max_render_mb", o.max_render_mb);
  return o;
}

Result<void> LoadStage::run(Document& doc, StageContext& /*ctx*/) {
  auto bytes = read_source(doc.source.path, doc.source, options_.max_file_bytes);
  if (!bytes) return bytes.error();
  const std::string& data = *bytes.value();
  if (data.empty()) return Error{codes::kNotAPdf, "the file is empty"};
  // The PDF header may follow a little junk (some generators write a BOM or a mail header).
  if (data.substr(0, 1024).find("%PDF-") == std::string::npos)
    return Error{codes::kNotAPdf, "no %PDF- header; this is not a PDF file"};
  if (data.size() > static_cast<size_t>(INT32_MAX))
    return Error{codes::kFileTooLarge, "Poppler reads files up to 2 GiB"};

  auto pdf = PdfFile::open(bytes.value(), options_.password);
  if (!pdf) return pdf.error();
  doc.pdf = pdf.value();
  doc.pdf->set_render_budget(static_cast<size_t>(std::max(1.0, options_.max_render_mb) * 1048576));
  poppler::document& pd = doc.pdf->poppler();

  int n = pd.pages();
  if (n <= 0) return Error{codes::kPdfNoPages, "the document has no pages"};
  if (n > options_.max_pages)
    return Error{codes::kTooManyPages, "the document claims " + std::to_string(n) +
                                           " pages, more than the limit of " +
                                           std::to_string(options_.max_pages)};
  doc.source.pages = n;
  if (auto producer = utf8(pd.get_producer()); !producer.empty()) doc.source.producer = producer;
  if (auto title = utf8(pd.get_title()); !title.empty()) doc.source.title = title;
  if (auto creator = utf8(pd.get_creator()); !creator.empty()) doc.source.creator = creator;

  doc.pages.clear();
  doc.pages.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto pg = doc.pdf->page(i);
    if (!pg) return Error{codes::kPdfUnreadable, "Poppler could not read the page", "", i + 1};
    poppler::rectf box = pg->page_rect(poppler::crop_box);
    Page page;
    page.number = i + 1;
    page.width = std::round(box.width() * 10) / 10;
    page.height = std::round(box.height() * 10) / 10;
    if (!(page.width > 0 && page.height > 0) || !std::isfinite(page.width) ||
        !std::isfinite(page.height))
      return Error{codes::kPdfUnreadable, "the page has no usable size", "", i + 1};
    if (page.width > options_.max_page_side || page.height > options_.max_page_side)
      return Error{codes::kPageTooLarge,
                   "the page measures " + std::to_string(static_cast<long>(page.width)) + " x " +
                       std::to_string(static_cast<long>(page.height)) + " points",
                   "", i + 1};
    switch (pg->orientation()) {
      case poppler::page::landscape: page.rotation = 90; break;
      case poppler::page::upside_down: page.rotation = 180; break;
      case poppler::page::seascape: page.rotation = 270; break;
      default: page.rotation = 0;
    }
    doc.pages.push_back(std::move(page));
  }
  return {};
}

}  // namespace agendapack
