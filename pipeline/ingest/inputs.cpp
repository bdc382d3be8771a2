#include "pipeline/ingest/inputs.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "stages/load.h"

namespace agendapack::ingest {

namespace fs = std::filesystem;

namespace {

std::string lower_ext(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext;
}

std::string absolute_of(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  return (ec ? fs::path(path) : abs).lexically_normal().string();
}

void add_folder(const fs::path& dir, std::vector<std::string>& out) {
  std::vector<std::string> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(
           dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && lower_ext(it->path()) == ".pdf")
      found.push_back(absolute_of(it->path().string()));
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

void add_arg(const std::string& arg, std::vector<std::string>& out,
             std::vector<std::string>& problems, int depth) {
  std::error_code ec;
  bool list = arg.size() > 1 && arg[0] == '@';
  std::string path = list ? arg.substr(1) : arg;
  if (!list && fs::is_regular_file(path, ec)) {
    std::string ext = lower_ext(path);
    list = ext == ".txt" || ext == ".lst";
  }
  if (list) {
    // A list names files relative to the current folder, like `tar -T` and `xargs`.
    std::ifstream in(path);
    if (!in || depth > 4) {
      problems.push_back(path + ": cannot read the list file");
      return;
    }
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.pop_back();
      size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      add_arg(line.substr(start), out, problems, depth + 1);
    }
    return;
  }
  if (fs::is_directory(path, ec)) {
    add_folder(path, out);
    return;
  }
  if (!fs::exists(path, ec)) problems.push_back(path + ": no such file");
  out.push_back(absolute_of(path));
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& args,
                                       std::vector<std::string>& problems) {
  std::vector<std::string> all;
  for (const std::string& arg : args) add_arg(arg, all, problems, 0);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto& p : all)
    if (seen.insert(p).second) out.push_back(std::move(p));
  return out;
}

Result<std::vector<SourceInput>> identify_inputs(const std::vector<std::string>& paths,
                                                 Catalog& catalog) {
  std::vector<SourceInput> out;
  out.reserve(paths.size());
  for (const std::string& path : paths) {
    SourceInput in;
    in.path = path;
    struct stat st {};
    bool readable = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (readable) {
      in.bytes = static_cast<uint64_t>(st.st_size);
      in.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
      auto known = catalog.known_sha256(path, in.bytes, in.mtime_ns);
      if (!known) return known.error();
      if (known.value()) in.sha256 = *known.value();
      else in.sha256 = sha256_file(path);
    }
    // Not a readable file: one row all the same, keyed by the path, so the input is accounted
    // for by an error record rather than forgotten.
    if (in.sha256.empty()) in.sha256 = sha256_hex("unreadable:" + path);
    out.push_back(std::move(in));
  }
  return out;
}

std::optional<Shard> parse_shard(const std::string& text) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  try {
    size_t used = 0;
    int k = std::stoi(text.substr(0, slash), &used);
    if (used != slash) return std::nullopt;
    std::string n_text = text.substr(slash + 1);
    int n = std::stoi(n_text, &used);
    if (used != n_text.size() || n < 1 || k < 0 || k >= n) return std::nullopt;
    return Shard{k, n};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace agendapack::ingest
