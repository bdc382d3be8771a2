#include "stages/emit.h"

#include <cmath>

#include "pipeline/bytes.h"

namespace agendapack {

using ojson = nlohmann::ordered_json;

namespace {

double round2(double v) { return std::round(v * 100) / 100; }

template <typename T>
ojson opt(const std::optional<T>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

ojson source_json(const Source& s) {
  // A name that is not UTF-8 is readable in `file` (U+FFFD for the bad bytes) and exact in
  // `file_bytes`; valid names keep the record as it always was.
  ojson out = {{"file", valid_utf8(s.file)}, {"sha256", s.sha256}, {"bytes", s.bytes},
               {"pages", opt(s.pages)}, {"url", opt(s.url)}, {"producer", opt(s.producer)}};
  if (!is_valid_utf8(s.file)) out["file_bytes"] = escape_bytes(s.file);
  return out;
}

// "provenance" (the first box) and, for records over several pages, "provenance_all".
void add_provenance(ojson& out, const ProvenanceList& prov) {
  if (prov.empty()) return;
  out["provenance"] = provenance_json(prov.front());
  if (prov.size() > 1) {
    ojson all = ojson::array();
    for (const Provenance& p : prov) all.push_back(provenance_json(p));
    out["provenance_all"] = std::move(all);
  }
}

// An exact amount as a JSON number: an integer when whole, else the double nearest the decimal,
// which the writer prints as the decimal itself (2355.5, 12.71).
ojson decimal_json(const Decimal& d) {
  return d.is_integer() ? ojson(d.whole()) : ojson(d.to_double());
}

ojson money_json(const Money& m) {
  return {{"amount", decimal_json(m.amount)}, {"currency", m.currency}, {"raw", m.raw}};
}

ojson meeting_json(const Meeting& m) {
  ojson att = ojson::array();
  for (const Attendee& a : m.attendance) att.push_back({{"name", a.name}, {"group", a.group}});
  ojson out = {{"authority", opt(m.authority)}, {"body", opt(m.body)},
               {"date", opt(m.date)},           {"start_time", opt(m.start_time)},
               {"end_time", opt(m.end_time)},   {"venue", opt(m.venue)},
               {"chair", opt(m.chair)},         {"attendance", std::move(att)},
               {"next_meeting", opt(m.next_meeting)}};
  add_provenance(out, m.prov);
  return out;
}

// An unnumbered item's number, and a reference to it, are null; so is a title it lacks.
ojson null_if_empty(const std::string& s) { return s.empty() ? ojson(nullptr) : ojson(s); }
ojson item_ref(const std::optional<std::string>& s) {
  return s ? null_if_empty(*s) : ojson(nullptr);
}

ojson vote_json(const Vote& v) {
  ojson rec = ojson::array();
  for (const RecordedVote& r : v.recorded) {
    ojson j = {{"name", r.name}, {"vote", r.vote}};
    add_provenance(j, r.prov);
    rec.push_back(std::move(j));
  }
  ojson out = {{"motion", v.motion},       {"kind", v.kind},
               {"outcome", opt(v.outcome)}, {"for", opt(v.votes_for)},
               {"against", opt(v.against)}, {"abstain", opt(v.abstain)},
               {"recorded", std::move(rec)}};
  add_provenance(out, v.prov);
  return out;
}

ojson item_json(const Item& item) {
  ojson out = {{"number", null_if_empty(item.number)}, {"title", null_if_empty(item.title)},
               {"pages", item.pages}, {"text", item.text}};
  add_provenance(out, item.prov);
  ojson res = ojson::array();
  for (const Resolution& r : item.resolutions) {
    ojson j = {{"text", r.text},           {"decision", r.decision},
               {"number", opt(r.number)},  {"moved_by", opt(r.moved_by)},
               {"seconded_by", opt(r.seconded_by)}, {"outcome", opt(r.outcome)}};
    add_provenance(j, r.prov);
    res.push_back(std::move(j));
  }
  ojson votes = ojson::array();
  for (const Vote& v : item.votes) votes.push_back(vote_json(v));
  ojson decl = ojson::array();
  for (const Declaration& d : item.declarations) {
    ojson j = {{"member", opt(d.member)}, {"text", d.text}};
    add_provenance(j, d.prov);
    decl.push_back(std::move(j));
  }
  ojson acts = ojson::array();
  for (const Action& a : item.actions) {
    ojson j = {{"number", opt(a.number)}, {"owner", opt(a.owner)}, {"text", a.text}};
    add_provenance(j, a.prov);
    acts.push_back(std::move(j));
  }
  out["resolutions"] = std::move(res);
  out["votes"] = std::move(votes);
  out["declarations"] = std::move(decl);
  out["actions"] = std::move(acts);
  return out;
}

ojson pack_document_json(const PackDocument& d) {
  ojson out = {{"kind", d.kind},
               {"title", null_if_empty(d.title)},
               {"item", item_ref(d.item)},
               {"pages", {d.first_page, d.last_page}},
               {"date", opt(d.date)}};
  add_provenance(out, d.prov);
  return out;
}

ojson set_json(const RecommendationSet& set) {
  ojson recs = ojson::array();
  for (const Recommendation& r : set.recommendations) {
    ojson j = {{"number", r.number},
               {"printed_number", opt(r.printed_number)},
               {"text", r.text},
               {"bullets", r.bullets},
               {"agreed", opt(r.agreed)},
               {"status", opt(r.status)},
               {"response", opt(r.response)},
               {"cabinet_member", opt(r.cabinet_member)},
               {"officer", opt(r.officer)},
               {"action_by", opt(r.action_by)},
               {"action_by_raw", opt(r.action_by_raw)}};
    add_provenance(j, r.prov);
    recs.push_back(std::move(j));
  }
  ojson out = {{"title", opt(set.title)}, {"item", item_ref(set.item)},
               {"recommendations", std::move(recs)}};
  add_provenance(out, set.prov);
  return out;
}

ojson funding_json(const FundingBreakdown& f) {
  ojson lines = ojson::array();
  for (const FundingLine& l : f.lines) {
    ojson j = {{"label", l.label},
               {"amount", decimal_json(l.money.amount)},
               {"currency", l.money.currency},
               {"raw", l.money.raw}};
    add_provenance(j, l.prov);
    lines.push_back(std::move(j));
  }
  ojson out = {{"item", item_ref(f.item)},
               {"context", f.context},
               {"stated_total", f.stated_total ? money_json(*f.stated_total) : ojson(nullptr)},
               {"lines", std::move(lines)},
               {"sum", decimal_json(f.sum)},
               {"consistent", opt(f.consistent)}};
  add_provenance(out, f.prov);
  return out;
}

ojson amount_json(const Amount& a) {
  ojson out = {{"amount", decimal_json(a.money.amount)}, {"currency", a.money.currency},
               {"raw", a.money.raw},       {"item", item_ref(a.item)},
               {"sentence", a.sentence}};
  add_provenance(out, a.prov);
  return out;
}

ojson table_json(const Table& t) {
  ojson cells = ojson::array();
  // Where each row is printed: a table joined over a page break keeps, row by row, the page it
  // came from (the page of its first word; a row without words, its neighbour's above).
  ojson row_pages = ojson::array();
  int page = t.pages.empty() ? 1 : t.pages.front();
  for (const auto& row : t.rows) {
    ojson r = ojson::array();
    for (const Cell& c : row) r.push_back(c.text);
    cells.push_back(std::move(r));
    for (const Cell& c : row)
      if (!c.words.empty()) {
        page = static_cast<int>(c.words.front().page_idx) + 1;
        break;
      }
    row_pages.push_back(page);
  }
  ojson out = {{"id", t.id},
               {"pages", t.pages},
               {"header_rows", t.header_rows},
               {"n_rows", t.n_rows()},
               {"n_cols", t.n_cols()},
               {"cells", std::move(cells)},
               {"row_pages", std::move(row_pages)},
               {"method", std::string(to_string(t.method))}};
  add_provenance(out, t.prov);
  return out;
}

ojson page_json(const Page& p) {
  ojson out = {{"number", p.number},
               {"method", std::string(to_string(p.method))},
               {"chars", p.chars()},
               {"ocr_confidence", p.ocr_confidence ? ojson(round2(*p.ocr_confidence))
                                                   : ojson(nullptr)},
               {"rotation", p.rotation},
               {"width", p.width},
               {"height", p.height}};
  if (!p.route_reason.empty()) out["route_reason"] = p.route_reason;
  // Running headers and footers leave the item text but stay with their page.
  ojson furniture = ojson::array();
  for (const Line& line : p.lines) {
    if (line.role == LineRole::body) continue;
    furniture.push_back({{"role", std::string(to_string(line.role))}, {"text", line.text}});
  }
  if (!furniture.empty()) out["furniture"] = std::move(furniture);
  return out;
}

ojson quality_json(const Document& doc) {
  ojson issues = ojson::array();
  int low_confidence = 0;
  for (const Issue& i : doc.issues) {
    issues.push_back({{"code", i.code},
                      {"severity", i.severity},
                      {"message", i.message},
                      {"page", i.page > 0 ? ojson(i.page) : ojson(nullptr)},
                      {"stage", i.stage}});
    if (i.code == "OCR_LOW_CONFIDENCE") ++low_confidence;
  }
  int ocr_pages = 0;
  for (const Page& p : doc.pages) ocr_pages += p.method != PageMethod::text;
  return {{"issues", std::move(issues)},
          {"ocr_pages", ocr_pages},
          {"low_confidence_pages", low_confidence}};
}

}  // namespace

ojson provenance_json(const Provenance& p) {
  return {{"page", p.page},
          {"bbox", {round2(p.bbox.x0), round2(p.bbox.y0), round2(p.bbox.x1), round2(p.bbox.y1)}}};
}

ojson document_record(const Document& doc) {
  ojson rec;
  rec["schema_version"] = "1";
  rec["source"] = source_json(doc.source);
  rec["meeting"] = meeting_json(doc.meeting);
  auto list = [](const auto& xs, auto fn) {
    ojson arr = ojson::array();
    for (const auto& x : xs) arr.push_back(fn(x));
    return arr;
  };
  rec["documents"] = list(doc.documents, pack_document_json);
  rec["items"] = list(doc.items, item_json);
  rec["recommendation_sets"] = list(doc.recommendation_sets, set_json);
  rec["funding"] = list(doc.funding, funding_json);
  rec["amounts"] = list(doc.amounts, amount_json);
  rec["tables"] = list(doc.tables, table_json);
  rec["pages"] = list(doc.pages, page_json);
  rec["quality"] = quality_json(doc);
  ojson times = ojson::object();
  for (const StageTime& t : doc.stage_times) times[t.stage] = round2(t.ms);
  rec["timings_ms"] = std::move(times);
  return rec;
}

ojson error_record(const Source& source, const Error& error) {
  ojson rec;
  rec["schema_version"] = "1";
  rec["source"] = source_json(source);
  ojson err = {{"code", error.code}, {"stage", error.stage}, {"message", error.message}};
  if (error.page > 0) err["page"] = error.page;
  rec["error"] = std::move(err);
  return rec;
}

Result<void> EmitStage::run(Document& doc, StageContext& /*ctx*/) {
  doc.record = std::make_shared<ojson>(document_record(doc));
  return {};
}

}  // namespace agendapack
