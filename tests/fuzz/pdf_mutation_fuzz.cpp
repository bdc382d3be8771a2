/// \file A bounded mutation fuzzer for the whole pipeline, cheap enough for every CI run: real
/// PDFs (../shared's samples and corpus, else generated ones) are damaged by a seeded random
/// generator (bit flips, interesting bytes and numbers, operator floods, cut, repeated and
/// spliced chunks) and converted in this process by the configured stages (OCR aside: it
/// would cost seconds a page and reads only what rendering gives it). The same seed gives
/// the same inputs, so a failure reproduces. A crash or abort (a signal), or an input that
/// takes longer than --per-input-s, fails the run; the input is kept for the bug report.
/// g++ has no libFuzzer; tests/fuzz/amount_fuzz.cpp is the libFuzzer target where clang is.
///
///   pdf_mutation_fuzz [--iterations N] [--seed S] [--per-input-s T] [--keep DIR] PDF|DIR...
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/runner.h"
#include "tests/fixtures/pdf_builder.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// Seed files: PDFs of at most 1.5 MB (bigger ones cost time and find nothing new), sorted.
std::vector<fs::path> seed_files(const std::vector<std::string>& args) {
  std::vector<fs::path> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(a, ec)) {
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
        if (e.is_regular_file() && ext == ".pdf" && e.file_size() <= (3u << 19))
          out.push_back(e.path());
      }
    } else if (fs::is_regular_file(a, ec)) {
      out.emplace_back(a);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Where ../shared is absent: a few generated pages (text, a ruled table, an image).
std::vector<fs::path> generated_seeds(const fs::path& dir) {
  using agendapack::fixtures::FlowWriter;
  using agendapack::fixtures::PdfBuilder;
  std::vector<fs::path> out;
  for (int n = 0; n < 3; ++n) {
    fs::path p = dir / ("seed-" + std::to_string(n) + ".pdf");
    PdfBuilder pdf(p);
    FlowWriter w(pdf);
    w.paragraph("Minutes of the meeting of the Cabinet " + std::to_string(n), {14, true});
    w.paragraph("1. Apologies for absence were received from Cllr Brown and Mr Smith.");
    w.paragraph("2. RESOLVED: that the report be noted and £1.2m be allocated.");
    for (int row = 0; row < 4; ++row) pdf.line(72, 300 + 20 * row, 520, 300 + 20 * row);
    std::vector<unsigned char> gray(64 * 64);
    for (size_t idx = 0; idx < gray.size(); ++idx)
      gray[idx] = static_cast<unsigned char>(idx * 7);
    pdf.image(gray, 64, 64, {72, 400, 200, 528});
    pdf.finish();
    out.push_back(p);
  }
  return out;
}

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  size_t below(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  std::string mutate(std::string data, const std::string& other, std::string& what) {
    int rounds = 1 + static_cast<int>(below(4));
    for (int round = 0; round < rounds; ++round) {
      switch (below(9)) {
        case 0: flip_bits(data), what += "flip "; break;
        case 1: interesting_bytes(data), what += "bytes "; break;
        case 2: interesting_number(data), what += "number "; break;
        case 3: cut_chunk(data), what += "cut "; break;
        case 4: repeat_chunk(data), what += "repeat "; break;
        case 5: truncate(data), what += "truncate "; break;
        case 6: flood(data), what += "flood "; break;
        case 7: splice(data, other), what += "splice "; break;
        default: keyword(data), what += "keyword "; break;
      }
    }
    return data;
  }

 private:
  void flip_bits(std::string& d) {
    for (size_t n = 1 + below(8); n > 0 && !d.empty(); --n)
      d[below(d.size())] ^= static_cast<char>(1u << below(8));
  }
  void interesting_bytes(std::string& d) {
    static const char kBytes[] = {'\0', '\xFF', '(', ')', '<', '>', '[', ']', '/', ' ', '\n',
                                  '%', '\\', '9', '-', '.'};
    for (size_t n = 1 + below(6); n > 0 && !d.empty(); --n)
      d[below(d.size())] = kBytes[below(sizeof kBytes)];
  }
  // A number token replaced by one that breaks arithmetic: sizes, counts, offsets, lengths.
  void interesting_number(std::string& d) {
    static const char* kNumbers[] = {"0", "-1", "1", "4294967295", "2147483648", "99999999999",
                                     "1e308", "-0.000001", "65536", "3.4e38", "16777217"};
    for (int tries = 0; tries < 20 && !d.empty(); ++tries) {
      size_t at = below(d.size());
      if (!std::isdigit(static_cast<unsigned char>(d[at]))) continue;
      size_t start = at, end = at;
      while (start > 0 && std::isdigit(static_cast<unsigned char>(d[start - 1]))) --start;
      while (end < d.size() && std::isdigit(static_cast<unsigned char>(d[end]))) ++end;
      d.replace(start, end - start, kNumbers[below(std::size(kNumbers))]);
      return;
    }
  }
  void cut_chunk(std::string& d) {
    if (d.size() < 16) return;
    size_t at = below(d.size()), len = 1 + below(std::min<size_t>(4096, d.size() - at));
    d.erase(at, len);
  }
  void repeat_chunk(std::string& d) {
    if (d.size() < 16) return;
    size_t at = below(d.size()), len = 1 + below(std::min<size_t>(2048, d.size() - at));
    std::string chunk = d.substr(at, len);
    size_t times = 1 + below(8);
    std::string rep;
    for (size_t n = 0; n < times; ++n) rep += chunk;
    d.insert(below(d.size()), rep);
  }
  void truncate(std::string& d) {
    if (d.size() > 64) d.resize(64 + below(d.size() - 64));
  }
  // Content-stream operators repeated: unbalanced saves, nested text objects, huge paths,
  // clip after clip. Inserted anywhere; in a content stream they are drawn.
  void flood(std::string& d) {
    static const char* kOps[] = {"q ", "Q ", "BT ", "0 0 m 1 1 l ", "0 0 1 1 re W n ",
                                 "1 0 0 1 0 0 cm ", "/F1 1000 Tf ", "(x) Tj ", "[1 2] 0 d ",
                                 "/Im0 Do ", "BI /W 99999 /H 99999 ID "};
    std::string op = kOps[below(std::size(kOps))];
    std::string run;
    size_t times = 100 + below(20000);
    run.reserve(op.size() * times);
    for (size_t n = 0; n < times; ++n) run += op;
    d.insert(d.empty() ? 0 : below(d.size()), run);
  }
  void splice(std::string& d, const std::string& other) {
    if (other.size() < 16 || d.empty()) return;
    size_t from = below(other.size());
    size_t len = 1 + below(std::min<size_t>(8192, other.size() - from));
    d.insert(below(d.size()), other.substr(from, len));
  }
  void keyword(std::string& d) {
    static const char* kWords[] = {"obj", "endobj", "stream", "endstream", "xref", "trailer",
                                   "<<", ">>", "/Length 999999", "/Filter /FlateDecode",
                                   "/Type /Page", "/Kids [1 0 R]", "/Count 99999", "R",
                                   "/Rotate 45", "/MediaBox [0 0 1e9 1e9]", "startxref"};
    if (d.empty()) return;
    d.insert(below(d.size()), std::string(" ") + kWords[below(std::size(kWords))] + " ");
  }

  std::mt19937_64 rng_;
};

// What a crash handler may print: set before each input, written with write(2).
char g_crash_note[1024] = "";

void on_crash(int sig) {
  ssize_t ignored = ::write(2, g_crash_note, std::strlen(g_crash_note));
  (void)ignored;
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 400;
  uint64_t seed = 21;
  double per_input_s = 60;
  fs::path keep = fs::temp_directory_path() / "agendapack-fuzz";
  std::vector<std::string> inputs;
  for (int idx = 1; idx < argc; ++idx) {
    std::string a = argv[idx];
    auto next = [&]() -> std::string { return idx + 1 < argc ? argv[++idx] : ""; };
    if (a == "--iterations") iterations = std::atol(next().c_str());
    else if (a == "--seed") seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--per-input-s") per_input_s = std::atof(next().c_str());
    else if (a == "--keep") keep = next();
    else inputs.push_back(a);
  }
  fs::create_directories(keep);
  std::vector<fs::path> seeds = seed_files(inputs);
  if (seeds.empty()) seeds = generated_seeds(keep);
  std::vector<std::string> seed_bytes;
  for (const auto& p : seeds) seed_bytes.push_back(read_bytes(p));

  auto cfg = agendapack::Config::load(agendapack::default_config_dir());
  if (!cfg) {
    std::fprintf(stderr, "fuzz: %s\n", cfg.error().message.c_str());
    return 2;
  }
  std::vector<std::string> stages;
  for (const auto& s : cfg->stages())
    if (s != "ocr") stages.push_back(s);
  cfg->set_stages(stages);
  auto pipeline = agendapack::Pipeline::build(*cfg);
  if (!pipeline) {
    std::fprintf(stderr, "fuzz: %s\n", pipeline.error().message.c_str());
    return 2;
  }
  agendapack::Logger log(agendapack::LogLevel::error);
  // A CI machine has a few GB: an input that wants more meets bad_alloc (MEMORY_LIMIT) here.
  struct rlimit rl {};
  rl.rlim_cur = rl.rlim_max = rlim_t{3} << 30;
  ::setrlimit(RLIMIT_AS, &rl);

  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, on_crash);
  // A watchdog: one input may take per_input_s; past that it is a hang.
  std::atomic<long> current{-1};
  std::atomic<int64_t> started_ns{0};
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      int64_t t0 = started_ns.load();
      if (current < 0 || t0 == 0) continue;
      double s = (Clock::now().time_since_epoch().count() - t0) / 1e9;
      if (s > per_input_s) {
        std::fprintf(stderr, "fuzz: HANG: input %ld ran for more than %.0f s\n%s",
                     current.load(), per_input_s, g_crash_note);
        std::fflush(stderr);
        std::_Exit(3);
      }
    }
  });

  Mutator mutator(seed);
  std::map<std::string, int> outcomes;
  auto t_start = Clock::now();
  double slowest = 0;
  fs::path input = keep / "current.pdf";
  for (long it = 0; it < iterations; ++it) {
    size_t pick = mutator.below(seed_bytes.size());
    size_t other = mutator.below(seed_bytes.size());
    std::string what;
    std::string bytes = mutator.mutate(seed_bytes[pick], seed_bytes[other], what);
    write_bytes(input, bytes);
    std::snprintf(g_crash_note, sizeof g_crash_note,
                  "fuzz: input %ld (seed %llu): %s with %s; kept at %s\n", it,
                  static_cast<unsigned long long>(seed), seeds[pick].filename().c_str(),
                  what.c_str(), input.c_str());
    current = it;
    started_ns = Clock::now().time_since_epoch().count();
    agendapack::Conversion c = pipeline->convert(input.string(), log);
    double s = (Clock::now().time_since_epoch().count() - started_ns.load()) / 1e9;
    started_ns = 0;
    slowest = std::max(slowest, s);
    outcomes[c.failed() ? c.error->code : std::string("document")]++;
    // The record must be valid UTF-8 JSON as it stands, whatever the input held.
    try {
      if (c.record.dump().empty()) outcomes["EMPTY_RECORD"]++;
    } catch (const nlohmann::json::exception& e) {
      outcomes["INVALID_JSON_TEXT"]++;
      std::fprintf(stderr, "fuzz: %s%s\n", g_crash_note, e.what());
    }
  }
  done = true;
  watchdog.join();
  double total = std::chrono::duration<double>(Clock::now() - t_start).count();
  std::printf("fuzz: %ld inputs from %zu seed files in %.1f s (slowest %.2f s), seed %llu\n",
              iterations, seeds.size(), total, slowest, static_cast<unsigned long long>(seed));
  for (const auto& [code, n] : outcomes) std::printf("  %-22s %d\n", code.c_str(), n);
  // A stage that threw, or a record that breaks the schema, is our bug, not the input's.
  int bugs = outcomes["STAGE_FAILED"] + outcomes["SCHEMA_VIOLATION"] + outcomes["EMPTY_RECORD"] +
             outcomes["INVALID_JSON_TEXT"];
  std::error_code ec;
  fs::remove(input, ec);
  return bugs > 0 ? 1 : 0;
}
