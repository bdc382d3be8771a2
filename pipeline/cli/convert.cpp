// agendapack convert: one record per input, to a file, a folder or stdout.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <new>
#include <thread>

#include "pipeline/bytes.h"
#include "pipeline/cli/common.h"
#include "pipeline/errors.h"
#include "pipeline/runner.h"

namespace agendapack::cli {

namespace fs = std::filesystem;

namespace {

struct ConvertOptions {
  CommonOptions common;
  std::vector<std::string> inputs;
  std::string output;
  bool pretty = false;
  std::string password;
  std::vector<std::string> stages;
  std::string ocr;
  std::string ocr_lang;
  double dpi = 0;
  int jobs = 1;
  bool json_lines = false;
  bool fail_fast = false;
  bool print_pipeline = false;
  bool time_stages = false;
  std::string dump_after;
};

// --dump-after STAGE: the lines as layout sees them, for people tuning stages.
void dump_lines(const Document& doc) {
  std::string out;
  for (const Page& page : doc.pages) {
    out += "=== page " + std::to_string(page.number) + " (" + std::to_string(page.words.size()) +
           " words, " + std::string(to_string(page.method)) +
           (page.skew != 0 ? ", levelled by " + std::to_string(page.skew) + " deg" : "") + ")\n";
    std::vector<bool> in_order(page.lines.size(), false);
    for (uint32_t li : page.order) in_order[li] = true;
    for (size_t li = 0; li < page.lines.size(); ++li) {
      const Line& l = page.lines[li];
      char head[160];
      std::snprintf(head, sizeof head, "%3zu %-11s c%d %s%s t%-2d x=%6.1f y=%6.1f s=%4.1f | ", li,
                    std::string(to_string(l.role)).c_str(), l.column, l.heading ? "H" : "-",
                    l.bold ? "B" : "-", l.table, l.bbox.x0, l.bbox.y0, l.font_size);
      out += head;
      if (!l.bullet.empty()) out += "[" + l.bullet + "] ";
      out += l.text + "\n";
    }
    out += "order:";
    for (uint32_t li : page.order) out += " " + std::to_string(li);
    out += "\n";
    for (const Ruling& r : page.rulings) {
      char rule[96];
      std::snprintf(rule, sizeof rule, "rule %c at %.1f from %.1f to %.1f\n",
                    r.horizontal ? 'h' : 'v', r.pos, r.from, r.to);
      out += rule;
    }
  }
  std::fwrite(out.data(), 1, out.size(), stderr);
}

struct Input {
  std::string path;
  std::string out_name;  // OUTDIR/<out_name>.json in folder mode
};

bool is_pdf_name(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext == ".pdf";
}

// Folders are searched recursively for *.pdf (sorted, so runs are repeatable); anything else
// is taken as given and load says what is wrong with it.
std::vector<Input> expand(const std::vector<std::string>& args, bool& any_folder) {
  std::vector<Input> out;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      any_folder = true;
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(
               arg, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && is_pdf_name(it->path())) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      for (auto& f : found) out.push_back({f, ""});
    } else {
      out.push_back({arg, ""});
    }
  }
  // Output names: the file's stem; a second file of the same stem gets "-2", "-3", ...
  std::map<std::string, int> seen;
  for (Input& in : out) {
    std::string stem = fs::path(in.path).stem().string();
    if (stem.empty()) stem = "input";
    int n = ++seen[stem];
    in.out_name = n == 1 ? stem : stem + "-" + std::to_string(n);
  }
  return out;
}

// Temporary file and rename: a reader never sees half a record, and a crash or a full disk
// leaves no truncated output (the temporary file is removed). `why` says what failed.
bool write_atomically(const fs::path& path, const std::string& text, std::string& why) {
  // A device or fifo (-o /dev/stdout, a pipe) is written in place: renaming over it would
  // replace the device node with a regular file.
  std::error_code st_ec;
  auto status = fs::status(path, st_ec);
  if (!st_ec && fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status)) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.flush();
    if (!out) why = std::strerror(errno);
    return static_cast<bool>(out);
  }
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." +
         std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  {
    errno = 0;
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      why = std::strerror(errno ? errno : EIO);
      return false;
    }
    out << text;
    out.flush();
    if (!out) {
      why = std::strerror(errno ? errno : EIO);
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    why = ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

std::string summary_line(const Conversion& c) {
  const Document& d = *c.doc;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%zu pages, %zu items, %zu recommendation sets, %zu tables, %zu amounts, "
                "%zu issues, %.0f ms",
                d.pages.size(), d.items.size(), d.recommendation_sets.size(), d.tables.size(),
                d.amounts.size(), d.issues.size(), c.ms);
  return buf;
}

int run_convert(ConvertOptions& o) {
  Logger log(log_level(o.common));
  if (!o.password.empty()) o.common.sets.push_back("load.password=\"" + o.password + "\"");
  if (!o.ocr.empty()) o.common.sets.push_back("ocr.mode=" + o.ocr);
  if (!o.ocr_lang.empty()) o.common.sets.push_back("ocr.lang=\"" + o.ocr_lang + "\"");
  if (o.dpi > 0) o.common.sets.push_back("ocr.dpi=" + std::to_string(o.dpi));
  if (o.jobs > 0) o.common.sets.push_back("runner.jobs=" + std::to_string(o.jobs));
  auto cfg = load_config(o.common, log);
  if (!cfg) return kExitUsage;
  if (!o.stages.empty()) cfg->set_stages(o.stages);
  auto probe = Pipeline::build(*cfg);
  if (!probe) {
    log.error(probe.error().message);
    return kExitUsage;
  }
  if (o.print_pipeline) {
    for (const auto& n : probe->names()) std::cerr << n << "\n";
  }

  bool any_folder = false;
  std::vector<Input> inputs = expand(o.inputs, any_folder);
  if (inputs.empty()) {
    log.error("no PDF files found in the inputs");
    return kExitUsage;
  }
  bool to_stdout = o.output == "-" || (o.output.empty() && inputs.size() == 1 && !any_folder);
  bool folder_mode = false;
  if (!to_stdout) {
    if (o.output.empty()) {
      log.error("several inputs need -o DIR (or -o - for JSON Lines on stdout)");
      return kExitUsage;
    }
    std::error_code ec;
    folder_mode = inputs.size() > 1 || any_folder || fs::is_directory(o.output, ec) ||
                  o.output.back() == '/';
    if (folder_mode) {
      // `-o out.json` names one file; several records need a folder. Refuse rather than make
      // a folder called out.json.
      std::string ext = fs::path(o.output).extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
      if (ext == ".json" && !fs::is_directory(o.output, ec)) {
        log.error(o.output + ": names a file, but " +
                  (any_folder ? std::string("a folder input needs")
                              : std::string("several inputs need")) +
                  " an output folder (-o DIR) or -o - for JSON Lines");
        return kExitUsage;
      }
      fs::create_directories(o.output, ec);
      if (ec || !fs::is_directory(o.output)) {
        log.error(o.output + ": cannot create the output folder: " + ec.message());
        return kExitEnvironment;
      }
    }
  }
  if (o.json_lines && to_stdout) {
    log.error("--json prints a summary on stdout; write records with -o DIR");
    return kExitUsage;
  }

  std::atomic<size_t> next{0};
  std::atomic<int> failed{0}, ok{0};
  std::atomic<bool> env_error{false}, stop{false};
  std::mutex out_mu;
  int pages_total = 0;

  auto worker = [&](Pipeline& pipeline) {
    if (!o.dump_after.empty())
      pipeline.after_stage = [&](std::string_view stage, const Document& doc) {
        if (stage == o.dump_after) dump_lines(doc);
      };
    for (size_t idx; !stop && (idx = next++) < inputs.size();) {
      const Input& in = inputs[idx];
      Conversion c = pipeline.convert(in.path, log);
      std::string text = dump_json(c.record, o.pretty ? 2 : -1);
      text += '\n';
      if (c.failed()) {
        ++failed;
        // The README's line, `agendapack: FILE: CODE: reason`: the code already says it is
        // an error, and scripts grep for it. One fwrite, so lines of parallel jobs never mix.
        // The name's control characters are shown, not obeyed (a file called "\e]0;..."
        // would retitle the terminal).
        std::string line = "agendapack: " + printable(in.path) + ": " + c.error->code + ": " +
                           printable(c.error->message) + "\n";
        std::fwrite(line.data(), 1, line.size(), stderr);
        // No OCR language data is the machine's fault, not the input's: exit 3.
        if (c.error->code == codes::kOcrUnavailable) env_error = true;
        if (o.fail_fast) stop = true;
      } else {
        ++ok;
        log.write(LogLevel::info, in.path, 0, {}, summary_line(c));
        if (o.time_stages) {
          std::string t = "stage times:";
          for (const StageTime& st : c.doc->stage_times)
            t += " " + st.stage + "=" + std::to_string(static_cast<int>(st.ms + 0.5)) + "ms";
          log.write(LogLevel::info, in.path, 0, {}, t);
        }
      }
      std::lock_guard<std::mutex> lock(out_mu);
      pages_total += static_cast<int>(c.doc->pages.size());
      if (to_stdout) {
        // Several records on stdout are JSON Lines, one record per line.
        std::string line = inputs.size() > 1 ? dump_json(c.record) + "\n" : text;
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
      } else {
        fs::path target = folder_mode ? fs::path(o.output) / (in.out_name + ".json")
                                      : fs::path(o.output);
        std::string why;
        if (!write_atomically(target, text, why)) {
          log.error(target.string() + ": cannot write the record: " + why);
          env_error = true;
          stop = true;
        } else if (o.json_lines) {
          nlohmann::ordered_json line = {{"type", c.failed() ? "error" : "document"},
                                         {"input", in.path},
                                         {"output", target.string()},
                                         {"ms", static_cast<int>(c.ms)}};
          if (c.failed()) line["code"] = c.error->code;
          // Names that are not UTF-8 are exact in *_bytes (`source.file_bytes`' spelling).
          if (!is_valid_utf8(in.path)) line["input_bytes"] = escape_bytes(in.path);
          if (!is_valid_utf8(target.string())) line["output_bytes"] = escape_bytes(target.string());
          std::cout << dump_json(line) << "\n";
        }
      }
    }
  };

  int jobs = std::max(1, std::min<int>(o.jobs, static_cast<int>(inputs.size())));
  std::vector<Pipeline> pipelines;
  pipelines.push_back(std::move(probe.value()));
  for (int j = 1; j < jobs; ++j) pipelines.push_back(std::move(Pipeline::build(*cfg).value()));
  // The runner turns what a stage throws into an error record; what is thrown around it (out
  // of memory writing a record) stops the run here rather than in std::terminate.
  auto guarded = [&](Pipeline& pipeline) {
    try {
      worker(pipeline);
    } catch (const std::exception& e) {
      log.error(std::string("stopped: ") +
                (dynamic_cast<const std::bad_alloc*>(&e) ? "out of memory" : e.what()));
      env_error = true;
      stop = true;
    }
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < jobs; ++j) threads.emplace_back(guarded, std::ref(pipelines[j]));
  guarded(pipelines[0]);
  for (auto& t : threads) t.join();

  if (o.json_lines) {
    nlohmann::ordered_json summary = {{"type", "summary"},
                                      {"inputs", inputs.size()},
                                      {"documents", ok.load()},
                                      {"errors", failed.load()},
                                      {"pages", pages_total}};
    std::cout << summary.dump() << "\n";
  }
  if (inputs.size() > 1)
    log.info(std::to_string(ok.load()) + " converted, " + std::to_string(failed.load()) +
             " failed, " + std::to_string(inputs.size()) + " inputs");
  if (env_error) return kExitEnvironment;
  return failed ? kExitInputFailed : kExitOk;
}

}  // namespace

void setup_convert(CLI::App& app, Subcommand& result) {
  auto* cmd = app.add_subcommand("convert", "convert PDFs into document records");
  auto o = std::make_shared<ConvertOptions>();
  add_common(*cmd, o->common);
  cmd->add_option("INPUT", o->inputs, "PDF files or folders (searched for *.pdf)")->required();
  cmd->add_option("-o,--output", o->output,
                  "OUT.json, a folder (OUTDIR/<name>.json each), or - for stdout");
  cmd->add_flag("--pretty", o->pretty, "indent the JSON");
  cmd->add_option("--password", o->password, "password of encrypted PDFs");
  cmd->add_option("--stages", o->stages, "run these stages instead of config/pipeline.json")
      ->delimiter(',');
  cmd->add_option("--ocr", o->ocr, "when to OCR pages")
      ->check(CLI::IsMember({"never", "auto", "always"}));
  cmd->add_option("--ocr-lang", o->ocr_lang, "Tesseract languages for OCR, e.g. eng+cym (ocr.lang)");
  cmd->add_option("--dpi", o->dpi, "resolution pages are rendered at for OCR (ocr.dpi)")
      ->check(CLI::Range(50, 1200));
  cmd->add_option("-j,--jobs", o->jobs, "documents converted in parallel")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--json", o->json_lines, "JSON Lines summary on stdout (type document/error/summary)");
  cmd->add_flag("--fail-fast", o->fail_fast, "stop at the first input that fails");
  cmd->add_flag("--print-pipeline", o->print_pipeline, "print the stages that will run");
  cmd->add_flag("--time-stages", o->time_stages, "print each stage's time per document");
  cmd->add_option("--dump-after", o->dump_after, "print the lines on stderr after this stage");
  cmd->callback([o, &result] { result.exit_code = run_convert(*o); });
}

}  // namespace agendapack::cli
