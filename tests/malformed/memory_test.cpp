// Bounded memory per page through `convert`: a page whose content stream is a million
// unclosed `q` operators converts within 1.5 GB and keeps its text, and renders within the
// budget give the pixels poppler-cpp gave.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stages/load.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/malformed/hand_pdf.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---- memory ----

// Renders moved from poppler-cpp's page_renderer to the Splash device with an abort check;
// with room to spare they must give the very same pixels (route, rulings and OCR were tuned
// on them).
TEST(HostileMemory, BudgetedRendersMatchPopplerCppPixelForPixel) {
  test::TempDir tmp;
  fs::path path = tmp.path() / "page.pdf";
  {
    fixtures::PdfBuilder pdf(path);
    fixtures::FlowWriter w(pdf);
    w.paragraph("Minutes of the meeting of the Planning Committee", {14, true});
    w.paragraph("1. Apologies for absence were received from Cllr Brown and Mr Smith.");
    pdf.rect({72, 300, 520, 420}, 1.5);
    pdf.text_as_outlines(80, 350, "Outlined words, no text layer", {18, false});
    std::vector<unsigned char> gray(100 * 60);
    for (size_t idx = 0; idx < gray.size(); ++idx) gray[idx] = static_cast<unsigned char>(idx);
    pdf.image(gray, 100, 60, {300, 500, 500, 620});
  }
  auto pdf = PdfFile::open(std::make_shared<const std::string>(test::read_file(path)), "");
  ASSERT_TRUE(pdf.ok());
  for (double dpi : {50.0, 150.0}) {
    PageImage ours = pdf.value()->render_page(0, dpi);
    ASSERT_TRUE(ours.image.is_valid());
    EXPECT_FALSE(ours.reduced);
    auto page = pdf.value()->page(0);
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hints(poppler::page_renderer::antialiasing |
                              poppler::page_renderer::text_antialiasing);
    poppler::image theirs = renderer.render_page(page.get(), dpi, dpi);
    ASSERT_EQ(ours.image.width(), theirs.width());
    ASSERT_EQ(ours.image.height(), theirs.height());
    ASSERT_EQ(ours.image.bytes_per_row(), theirs.bytes_per_row());
    size_t bytes = static_cast<size_t>(theirs.bytes_per_row()) * theirs.height();
    EXPECT_EQ(std::memcmp(ours.image.const_data(), theirs.const_data(), bytes), 0) << dpi;
  }
  // A budget too small for the page at 300 dpi: drawn at the dpi that fits.
  pdf.value()->set_render_budget(size_t{4} << 20);
  PageImage small = pdf.value()->render_page(0, 300, 8);
  ASSERT_TRUE(small.image.is_valid());
  EXPECT_TRUE(small.reduced);
  EXPECT_LT(small.dpi, 300);
  EXPECT_LE(8.0 * small.image.width() * small.image.height(), 4.0 * (1 << 20));
}

/// A one-page PDF: a line of text, then 10^6 `q` operators that are never restored. Each `q`
/// makes Poppler's renderer keep another copy of its state: gigabytes for 2 MB of input.
void q_flood_pdf(const fs::path& path, int saves = 1000000) {
  std::string content = "BT /F1 14 Tf 72 770 Td (Minutes of the meeting of the Committee) Tj ET\n";
  content.reserve(content.size() + 2 * static_cast<size_t>(saves));
  for (int n = 0; n < saves; ++n) content += "q\n";
  std::ofstream f(path, std::ios::binary);
  f << test::hand_pdf({"<< /Type /Catalog /Pages 2 0 R >>",
                       "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                       "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" +
                           content + "\nendstream",
                       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"});
}

struct Measured {
  int exit_code = -1;
  long peak_rss_kb = 0;
  std::string out, err;
};

/// Runs the binary and reports its peak resident memory (wait4's ru_maxrss).
Measured run_measured(const std::vector<std::string>& args, const fs::path& logs) {
  fs::create_directories(logs);
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open((logs / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open((logs / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::string bin = test::agendapack_bin();
    std::vector<char*> argv = {bin.data()};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Measured m;
  int status = 0;
  struct rusage ru {};
  ::wait4(pid, &status, 0, &ru);
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.peak_rss_kb = ru.ru_maxrss;
  m.out = test::read_file(logs / "out");
  m.err = test::read_file(logs / "err");
  return m;
}

TEST(HostileMemory, QFloodConvertsWithinBoundedMemoryAndKeepsItsText) {
  test::TempDir tmp;
  fs::path pdf = tmp.path() / "q-flood.pdf";
  q_flood_pdf(pdf);
  auto m = run_measured({"convert", pdf.string()}, tmp.path() / "logs");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_LT(m.peak_rss_kb, 1500L * 1024) << "peak " << m.peak_rss_kb / 1024 << " MB";
  json rec = json::parse(m.out);
  ASSERT_EQ(rec["pages"].size(), 1u);
  EXPECT_GT(rec["pages"][0]["chars"].get<int>(), 20);  // the text layer's line
  EXPECT_EQ(rec["pages"][0]["method"], "text");
  bool flagged = false;
  for (const auto& issue : rec["quality"]["issues"])
    flagged = flagged || (issue["code"] == "RENDER_LIMIT" && issue["page"] == 1);
  EXPECT_TRUE(flagged) << rec["quality"].dump();
}

}  // namespace
}  // namespace agendapack
