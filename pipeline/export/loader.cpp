#include "pipeline/export/loader.h"

#include <cctype>
#include <filesystem>
#include <map>
#include <sstream>

namespace agendapack::facts {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const json kNull = nullptr;

const json& at(const json& j, const char* key) {
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

const json& list(const json& j, const char* key) {
  static const json kEmpty = json::array();
  const json& v = at(j, key);
  return v.is_array() ? v : kEmpty;
}

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

/// A value that is a string when printed as one ("9", 9 -> "9"), null otherwise.
json as_text(const json& v) {
  if (v.is_string()) return v;
  if (v.is_number()) return v.dump();
  return nullptr;
}

json first_page(const json& pages) {
  return pages.is_array() && !pages.empty() ? pages.front() : kNull;
}

json last_page(const json& pages) {
  return pages.is_array() && !pages.empty() ? pages.back() : kNull;
}

std::string normalise_authority(const std::string& raw) {
  std::string out;
  bool space = false, lower_seen = false;
  for (char c : raw) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    lower_seen |= std::islower(static_cast<unsigned char>(c)) != 0;
  }
  if (lower_seen) return out;
  // "BUCKINGHAMSHIRE COUNTY COUNCIL" as people write it; the small words stay small.
  std::istringstream in(out);
  std::string word, result;
  while (in >> word) {
    std::string low;
    for (char c : word) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!result.empty() && (low == "of" || low == "and" || low == "the" || low == "upon" ||
                            low == "on" || low == "in"))
      word = low;
    else if (!low.empty())
      word = static_cast<char>(std::toupper(static_cast<unsigned char>(low[0]))) + low.substr(1);
    result += (result.empty() ? "" : " ") + word;
  }
  return result;
}

}  // namespace

std::string authority_of(const json* record, const CatalogSource& source) {
  if (record) {
    const json& a = at(at(*record, "meeting"), "authority");
    if (a.is_string() && !a.get<std::string>().empty())
      return normalise_authority(a.get<std::string>());
  }
  return normalise_authority(source.authority);
}

std::string document_title(const json* record, const std::string& file) {
  if (record) {
    const json& parts = list(*record, "documents");
    if (!parts.empty() && at(parts[0], "title").is_string() &&
        !at(parts[0], "title").get<std::string>().empty())
      return at(parts[0], "title").get<std::string>();
  }
  return file;
}

/// The source columns every fact row ends with: url, page, bbox, link.
struct Loader::Src {
  json url, page, bbox, link;
  static Src of(const json& fact, const std::string& url, const std::string& path) {
    Src s;
    s.url = url.empty() ? kNull : json(url);
    const json& prov = at(fact, "provenance");
    const json& page = at(prov, "page");
    s.page = page.is_number_integer() ? page : kNull;
    const json& bbox = at(prov, "bbox");
    s.bbox = bbox.is_array() ? json(bbox.dump()) : kNull;
    std::string link = page_link(url, path, page.is_number_integer() ? page.get<int>() : 1);
    s.link = link.empty() ? kNull : json(link);
    return s;
  }
};

Result<void> Loader::insert(const char* sql, std::initializer_list<Val> values, const Src* src) {
  auto st = db_.prepare_literal(sql);
  if (!st) return st.error();
  Statement& s = *st.value();
  int idx = 1;
  for (const Val& v : values) {
    switch (v.kind) {
      case Val::Kind::json:
        s.bind_json(idx++, *v.j);
        break;
      case Val::Kind::integer:
        s.bind(idx++, v.i);
        break;
      case Val::Kind::text:
        s.bind_static(idx++, v.t, v.n);
        break;
    }
  }
  if (src) {
    s.bind_json(idx++, src->url);
    s.bind_json(idx++, src->page);
    s.bind_json(idx++, src->bbox);
    s.bind_json(idx++, src->link);
  }
  ++rows_;
  return s.run();
}

Result<std::optional<int64_t>> Loader::person(const std::string& authority, const json& name) {
  if (!name.is_string() || name.get<std::string>().empty()) return std::optional<int64_t>();
  return people_.resolve(authority, name.get<std::string>());
}

Result<void> Loader::remove(const std::string& sha, std::set<int64_t>* named) {
  if (named) {
    std::string sql;
    for (const auto& [table, column] : person_columns())
      sql += (sql.empty() ? "" : " UNION ") + ("SELECT " + column + " FROM " + table +
                                               " WHERE sha256 = ?1 AND " + column + " IS NOT NULL");
    auto st = db_.prepare(sql);
    if (!st) return st.error();
    st.value()->bind(1, sha);
    while (st.value()->next()) named->insert(st.value()->integer(0));
    if (st.value()->error()) return *st.value()->error();
  }
  auto links = db_.prepare(
      "DELETE FROM recommendation_links WHERE recommendation_id IN "
      "(SELECT recommendation_id FROM recommendations WHERE sha256 = ?)");
  if (!links) return links.error();
  if (auto r = links.value()->bind(1, sha).run(); !r) return r;
  // Children before parents, so the database holds no dangling row at any point.
  for (const char* table :
       {"tracker_warnings", "recorded_votes", "votes", "resolutions", "declarations", "actions",
        "recommendations", "recommendation_sets", "funding_lines", "funding_breakdowns", "amounts",
        "pack_documents", "tables", "quality_issues", "attendance", "items", "meetings",
        "documents"}) {
    auto st = db_.prepare(std::string("DELETE FROM ") + table + " WHERE sha256 = ?");
    if (!st) return st.error();
    if (auto r = st.value()->bind(1, sha).run(); !r) return r;
  }
  return {};
}

Result<void> Loader::load(const DocumentRow& doc) {
  const CatalogSource& c = *doc.source;
  const json empty = json::object();
  const json& rec = doc.record ? *doc.record : empty;
  const json& source = at(rec, "source");
  const json& meeting = at(rec, "meeting");
  const json& error = at(rec, "error");
  std::string url = at(source, "url").is_string() ? at(source, "url").get<std::string>() : c.url;
  std::string path = c.path;
  std::string authority = authority_of(doc.record, c);
  std::string file = at(source, "file").is_string() ? at(source, "file").get<std::string>()
                                                    : fs::path(c.path).filename().string();
  std::string title = document_title(doc.record, file);
  const json& parts = list(rec, "documents");
  json date = at(meeting, "date").is_string() ? at(meeting, "date") : json(c.meeting_date);
  if (date == "") date = nullptr;
  json body = at(meeting, "body").is_string() ? at(meeting, "body") : json(c.committee);
  if (body == "") body = nullptr;
  std::string error_code = text_of(at(error, "code")), error_stage = text_of(at(error, "stage")),
              error_message = text_of(at(error, "message"));
  if (error.is_null() && c.status == "failed") {
    error_code = c.error_code;
    error_stage = c.error_stage;
    error_message = c.error_message;
  }
  if (!doc.record) {
    error_code = "RECORD_UNREADABLE";
    error_stage = "export";
    error_message = doc.read_error;
  }
  auto opt = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  const json& issues = list(at(rec, "quality"), "issues");
  std::string link = page_link(url, path, 1);
  if (auto r = insert(
          "INSERT INTO documents (sha256, file, url, link, bytes, pages, producer, authority, "
          "body, meeting_date, title, status, error_code, error_stage, error_message, "
          "in_pack_sha256, pack_first_page, replaces_sha256, issues, ocr_pages, catalog_path, "
          "record_location, catalog_stamp, first_run, run_id) VALUES "
          "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
          {c.sha256,
           file,
           opt(url),
           opt(link),
           at(source, "bytes"),
           at(source, "pages").is_number() ? at(source, "pages")
                                           : (c.pages ? json(*c.pages) : kNull),
           at(source, "producer"),
           opt(authority),
           body,
           date,
           title,
           c.status == "failed" ? "failed" : "done",
           opt(error_code),
           opt(error_stage),
           opt(error_message),
           opt(c.pack_sha256),
           c.pack_sha256.empty() ? kNull : json(c.pack_first_page),
           opt(doc.replaces),
           doc.record ? json(issues.size()) : kNull,
           json(c.ocr_pages),
           opt(path),
           opt(c.record_location),
           doc.record ? c.stamp : std::string("unreadable"),
           doc.first_run,
           doc.run_id});
      !r)
    return r;
  if (!doc.record || !error.is_null() || !doc.with_facts || !meeting.is_object()) return {};

  const std::string& sha = c.sha256;
  Src msrc = Src::of(meeting, url, path);
  if (msrc.page.is_null()) msrc = Src::of(json{{"provenance", {{"page", 1}}}}, url, path);
  auto chair = person(authority, at(meeting, "chair"));
  if (!chair) return chair.error();
  auto chair_id = chair.value() ? json(*chair.value()) : kNull;
  if (auto r = insert("INSERT INTO meetings (sha256, authority, body, date, start_time, end_time, "
                      "venue, chair, chair_person_id, next_meeting, url, page, bbox, link) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      {sha, opt(authority), at(meeting, "body"), at(meeting, "date"),
                       at(meeting, "start_time"), at(meeting, "end_time"), at(meeting, "venue"),
                       at(meeting, "chair"), chair_id, at(meeting, "next_meeting")},
                      &msrc);
      !r)
    return r;
  int64_t meeting_id = db_.last_id();
  int position = 0;
  for (const json& a : list(meeting, "attendance")) {
    if (!at(a, "name").is_string()) continue;
    auto pid = person(authority, at(a, "name"));
    if (!pid) return pid.error();
    Src s = Src::of(a, url, path);
    if (s.page.is_null()) s = msrc;
    if (auto r =
            insert("INSERT INTO attendance (meeting_id, sha256, position, person_id, name, "
                   "kind, url, page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   {meeting_id, sha, position++, pid.value() ? json(*pid.value()) : kNull,
                    at(a, "name"), at(a, "group").is_string() ? at(a, "group") : json("present")},
                   &s);
        !r)
      return r;
  }

  // Items first: the other facts name their item by number.
  std::map<std::string, int64_t> item_ids;
  position = 0;
  for (const json& item : list(rec, "items")) {
    Src s = Src::of(item, url, path);
    const json& pages = at(item, "pages");
    if (auto r = insert("INSERT INTO items (sha256, meeting_id, position, number, title, text, "
                        "page_first, page_last, url, page, bbox, link) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        {sha, meeting_id, position++, as_text(at(item, "number")),
                         at(item, "title"), at(item, "text"), first_page(pages), last_page(pages)},
                        &s);
        !r)
      return r;
    int64_t item_id = db_.last_id();
    std::string number = text_of(at(item, "number"));
    if (!number.empty()) item_ids.emplace(number, item_id);
    int res_pos = 0;
    for (const json& res : list(item, "resolutions")) {
      auto moved = person(authority, at(res, "moved_by"));
      if (!moved) return moved.error();
      auto seconded = person(authority, at(res, "seconded_by"));
      if (!seconded) return seconded.error();
      Src rs = Src::of(res, url, path);
      if (auto r = insert(
              "INSERT INTO resolutions (item_id, sha256, position, number, text, decision, "
              "outcome, moved_by, moved_by_person_id, seconded_by, seconded_by_person_id, url, "
              "page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              {item_id, sha, res_pos++, as_text(at(res, "number")), at(res, "text"),
               at(res, "decision"), at(res, "outcome"), at(res, "moved_by"),
               moved.value() ? json(*moved.value()) : kNull, at(res, "seconded_by"),
               seconded.value() ? json(*seconded.value()) : kNull},
              &rs);
          !r)
        return r;
    }
    for (const json& d : list(item, "declarations")) {
      auto member = person(authority, at(d, "member"));
      if (!member) return member.error();
      Src ds = Src::of(d, url, path);
      if (auto r = insert("INSERT INTO declarations (item_id, sha256, member, person_id, text, "
                          "url, page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?)",
                          {item_id, sha, at(d, "member"),
                           member.value() ? json(*member.value()) : kNull, at(d, "text")},
                          &ds);
          !r)
        return r;
    }
    for (const json& a : list(item, "actions")) {
      Src as = Src::of(a, url, path);
      if (auto r =
              insert("INSERT INTO actions (item_id, sha256, number, owner, text, url, page, "
                     "bbox, link) VALUES (?,?,?,?,?,?,?,?,?)",
                     {item_id, sha, as_text(at(a, "number")), at(a, "owner"), at(a, "text")}, &as);
          !r)
        return r;
    }
    int vote_pos = 0;
    for (const json& v : list(item, "votes")) {
      Src vs = Src::of(v, url, path);
      auto count = [&](const char* k) { return at(v, k).is_number() ? at(v, k) : kNull; };
      if (auto r = insert("INSERT INTO votes (item_id, sha256, position, motion, kind, outcome, "
                          "for_count, against_count, abstain_count, url, page, bbox, link) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          {item_id, sha, vote_pos++, at(v, "motion"), at(v, "kind"),
                           at(v, "outcome"), count("for"), count("against"), count("abstain")},
                          &vs);
          !r)
        return r;
      int64_t vote_id = db_.last_id();
      for (const json& rv : list(v, "recorded")) {
        if (!at(rv, "name").is_string() || !at(rv, "vote").is_string()) continue;
        auto pid = person(authority, at(rv, "name"));
        if (!pid) return pid.error();
        Src rvs = Src::of(rv, url, path);
        if (rvs.page.is_null()) rvs = vs;
        if (auto r = insert("INSERT INTO recorded_votes (vote_id, sha256, person_id, name, vote, "
                            "url, page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?)",
                            {vote_id, sha, pid.value() ? json(*pid.value()) : kNull, at(rv, "name"),
                             at(rv, "vote")},
                            &rvs);
            !r)
          return r;
      }
    }
  }
  auto item_id_of = [&](const json& number) -> json {
    auto it = item_ids.find(text_of(number));
    return it == item_ids.end() ? kNull : json(it->second);
  };

  position = 0;
  for (const json& set : list(rec, "recommendation_sets")) {
    Src s = Src::of(set, url, path);
    if (auto r = insert("INSERT INTO recommendation_sets (sha256, item_id, item, position, title, "
                        "url, page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?)",
                        {sha, item_id_of(at(set, "item")), as_text(at(set, "item")), position++,
                         at(set, "title")},
                        &s);
        !r)
      return r;
    int64_t set_id = db_.last_id();
    int rec_pos = 0;
    for (const json& rc : list(set, "recommendations")) {
      Src rs = Src::of(rc, url, path);
      const json& bullets = at(rc, "bullets");
      if (auto r = insert(
              "INSERT INTO recommendations (set_id, sha256, position, number, printed_number, "
              "text, bullets, agreed, status, response, cabinet_member, officer, action_by, "
              "action_by_raw, url, page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              {set_id, sha, rec_pos++, at(rc, "number").is_number() ? at(rc, "number") : kNull,
               as_text(at(rc, "printed_number")), at(rc, "text"),
               bullets.is_array() && !bullets.empty() ? json(bullets.dump()) : kNull,
               at(rc, "agreed"), at(rc, "status"), at(rc, "response"), at(rc, "cabinet_member"),
               at(rc, "officer"), at(rc, "action_by"), at(rc, "action_by_raw")},
              &rs);
          !r)
        return r;
    }
  }

  for (const json& f : list(rec, "funding")) {
    Src s = Src::of(f, url, path);
    const json& total = at(f, "stated_total");
    if (auto r = insert("INSERT INTO funding_breakdowns (sha256, item_id, item, context, "
                        "stated_amount, stated_currency, stated_raw, sum, consistent, url, page, "
                        "bbox, link) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        {sha, item_id_of(at(f, "item")), as_text(at(f, "item")), at(f, "context"),
                         at(total, "amount"), at(total, "currency"), at(total, "raw"), at(f, "sum"),
                         at(f, "consistent")},
                        &s);
        !r)
      return r;
    int64_t breakdown_id = db_.last_id();
    int line_pos = 0;
    for (const json& l : list(f, "lines")) {
      Src ls = Src::of(l, url, path);
      if (auto r = insert("INSERT INTO funding_lines (breakdown_id, sha256, position, label, "
                          "amount, currency, raw, url, page, bbox, link) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                          {breakdown_id, sha, line_pos++, at(l, "label"), at(l, "amount"),
                           at(l, "currency"), at(l, "raw")},
                          &ls);
          !r)
        return r;
    }
  }
  for (const json& a : list(rec, "amounts")) {
    Src s = Src::of(a, url, path);
    if (auto r = insert("INSERT INTO amounts (sha256, item_id, item, amount, currency, raw, "
                        "sentence, url, page, bbox, link) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        {sha, item_id_of(at(a, "item")), as_text(at(a, "item")), at(a, "amount"),
                         at(a, "currency"), at(a, "raw"), at(a, "sentence")},
                        &s);
        !r)
      return r;
  }
  position = 0;
  for (const json& p : parts) {
    Src s = Src::of(p, url, path);
    const json& pages = at(p, "pages");
    if (s.page.is_null() && first_page(pages).is_number_integer())
      s = Src::of(json{{"provenance", {{"page", first_page(pages)}}}}, url, path);
    if (auto r =
            insert("INSERT INTO pack_documents (sha256, position, kind, title, item, item_id, "
                   "page_first, page_last, date, url, page, bbox, link) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   {sha, position++, at(p, "kind"), at(p, "title"), as_text(at(p, "item")),
                    item_id_of(at(p, "item")), first_page(pages), last_page(pages), at(p, "date")},
                   &s);
        !r)
      return r;
  }
  for (const json& t : list(rec, "tables")) {
    Src s = Src::of(t, url, path);
    const json& pages = at(t, "pages");
    if (auto r = insert(
            "INSERT INTO tables (sha256, id, page_first, page_last, header_rows, "
            "n_rows, n_cols, cells, method, url, page, bbox, link) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            {sha, at(t, "id"), first_page(pages), last_page(pages), at(t, "header_rows"),
             at(t, "n_rows"), at(t, "n_cols"),
             at(t, "cells").is_array() ? json(at(t, "cells").dump()) : kNull, at(t, "method")},
            &s);
        !r)
      return r;
  }
  for (const json& i : issues) {
    const json& page = at(i, "page");
    Src s = Src::of(json{{"provenance", {{"page", page.is_number_integer() ? page : json(1)}}}},
                    url, path);
    if (auto r = insert("INSERT INTO quality_issues (sha256, code, severity, message, stage, url, "
                        "page, link) VALUES (?,?,?,?,?,?,?,?)",
                        {sha, at(i, "code"), at(i, "severity"), at(i, "message"), at(i, "stage"),
                         s.url, page.is_number_integer() ? page : kNull, s.link});
        !r)
      return r;
  }
  return {};
}

}  // namespace agendapack::facts
