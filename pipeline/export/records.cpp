#include "pipeline/export/records.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace agendapack::facts {

namespace fs = std::filesystem;
using crawl::num;
using crawl::str;
using nlohmann::json;

namespace {

// What decides whether a row is exported again, computed by the catalog: the finish time
// changes whenever the source is converted again; the record's place, the pack link, the URL
// and the authority change what is exported without a new conversion.
constexpr const char* kStamp =
    "s.status || '|' || COALESCE(CAST(s.finished_at AS TEXT), '') || '|' || "
    "COALESCE(s.record_location, '') || '|' || COALESCE(l.pack_sha256, '') || '|' || "
    "COALESCE(s.url, '') || '|' || COALESCE(s.authority, '')";

}  // namespace

size_t stamp_hash(const std::string& stamp) { return std::hash<std::string>{}(stamp); }

Result<std::vector<CatalogEntry>> list_sources(crawl::SqlConn& db) {
  auto rows =
      db.query(std::string("SELECT s.sha256, s.status, s.url, u.sha256, l.pack_sha256, ") + kStamp +
               " FROM sources s LEFT JOIN source_links l ON l.part_sha256 = s.sha256 "
               "LEFT JOIN crawl_urls u ON u.url = s.url ORDER BY s.id");
  if (!rows) return rows.error();
  std::vector<CatalogEntry> out;
  out.reserve(rows.value().size());
  for (auto& r : rows.value()) {
    CatalogEntry e;
    e.sha256 = str(r[0]);
    e.status = str(r[1]);
    e.url = str(r[2]);
    e.current_sha256 = str(r[3]);
    e.pack_sha256 = str(r[4]);
    e.stamp = stamp_hash(str(r[5]));
    out.push_back(std::move(e));
    r.clear();  // the listing shrinks as the entries grow
  }
  return out;
}

Result<std::vector<CatalogSource>> source_rows(crawl::SqlConn& db,
                                               const std::vector<const CatalogEntry*>& entries) {
  constexpr size_t kBatch = 200;
  std::vector<CatalogSource> out(entries.size());
  for (size_t at = 0; at < entries.size(); at += kBatch) {
    size_t end = std::min(entries.size(), at + kBatch);
    std::string sql = std::string("SELECT s.sha256, s.status, s.url, l.pack_sha256, ") + kStamp +
                      ", s.path, s.record_location, CAST(s.finished_at AS TEXT), s.authority, "
                      "s.committee, s.meeting_date, s.error_code, s.error_stage, s.error_message, "
                      "s.pages, s.ocr_pages, l.first_page FROM sources s LEFT JOIN source_links l "
                      "ON l.part_sha256 = s.sha256 WHERE s.sha256 IN (";
    std::vector<crawl::SqlValue> params;
    std::map<std::string, size_t> slot;
    for (size_t k = at; k < end; ++k) {
      sql += k == at ? "?" : ", ?";
      params.push_back(entries[k]->sha256);
      slot[entries[k]->sha256] = k;
    }
    auto got = db.query(sql + ")", params);
    if (!got) return got.error();
    for (const auto& r : got.value()) {
      auto it = slot.find(str(r[0]));
      if (it == slot.end()) continue;
      CatalogSource& s = out[it->second];
      s.sha256 = str(r[0]);
      s.status = str(r[1]);
      s.url = str(r[2]);
      s.pack_sha256 = str(r[3]);
      s.stamp = str(r[4]);
      s.path = str(r[5]);
      s.record_location = str(r[6]);
      s.finished_at = str(r[7]);
      s.authority = str(r[8]);
      s.committee = str(r[9]);
      s.meeting_date = str(r[10]);
      s.error_code = str(r[11]);
      s.error_stage = str(r[12]);
      s.error_message = str(r[13]);
      if (r[14]) s.pages = num(r[14]);
      s.ocr_pages = num(r[15]);
      s.pack_first_page = num(r[16]);
    }
  }
  return out;
}

void RecordReader::index_jsonl(const std::string& file) {
  auto& index = jsonl_[file];
  std::ifstream in(file, std::ios::binary);
  std::string line;
  std::streamoff at = 0;
  static const std::string kKey = "\"sha256\":\"";
  while (std::getline(in, line)) {
    // The first "sha256" of a record is its source's (emit writes "source" before the rest);
    // get() parses the line and checks it.
    size_t k = line.find(kKey);
    if (k != std::string::npos && k + kKey.size() + 64 <= line.size())
      index[line.substr(k + kKey.size(), 64)] = at;
    at += static_cast<std::streamoff>(line.size()) + 1;
  }
}

std::optional<json> RecordReader::get(const std::string& sha, const std::string& location,
                                      std::string* why) {
  auto fail = [&](const std::string& reason) -> std::optional<json> {
    if (why) *why = reason;
    return std::nullopt;
  };
  try {
    if (location.rfind("jsonl:", 0) == 0) {
      std::string file = location.substr(6);
      if (!jsonl_.count(file)) index_jsonl(file);
      auto it = jsonl_[file].find(sha);
      if (it == jsonl_[file].end()) return fail(file + ": no line for this source");
      std::ifstream in(file, std::ios::binary);
      in.seekg(it->second);
      std::string line;
      std::getline(in, line);
      json r = json::parse(line);
      if (r.value("source", json::object()).value("sha256", "") != sha)
        return fail(file + ": the line at its offset is another source's");
      return r;
    }
    if (location == "postgres:records") {
      auto rows = db_.query("SELECT record FROM records WHERE sha256 = ?", {sha});
      if (!rows) return fail(rows.error().message);
      if (rows.value().empty()) return fail("not in the records table");
      return json::parse(str(rows.value()[0][0]));
    }
    if (location.empty()) return fail("the catalog names no record");
    std::ifstream in(location, std::ios::binary);
    if (!in) return fail(location + ": cannot read");
    // One read and a parse of the string: parsing the stream byte by byte is slower.
    in.seekg(0, std::ios::end);
    std::string text(static_cast<size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    return json::parse(text);
  } catch (const std::exception& e) {
    return fail(location + ": " + e.what());
  }
}

std::string page_link(const std::string& url, const std::string& path, int page) {
  std::string base = url;
  if (base.empty() && !path.empty()) {
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    std::string p = ec ? path : abs.lexically_normal().string();
    static const char* kHex = "0123456789ABCDEF";
    base = "file://";
    for (unsigned char c : p) {
      if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
        base += static_cast<char>(c);
      } else {
        base += '%';
        base += kHex[c >> 4];
        base += kHex[c & 15];
      }
    }
  }
  if (base.empty()) return {};
  return base + "#page=" + std::to_string(page > 0 ? page : 1);
}

}  // namespace agendapack::facts
