#include "stages/items.h"

#include <algorithm>

#include "stages/documents.h"
#include "stages/item_headings.h"
#include "stages/item_lines.h"
#include "stages/layout.h"

namespace agendapack {

using item_lines::LineInfo;
using item_lines::mostly_caps;
using item_lines::trim;
using item_lines::Walk;

namespace {

using Json = nlohmann::json;

std::vector<Regex> compile(const Json& v, const char* key, bool icase = true) {
  return compile_all(get_or<std::vector<std::string>>(v, key, {}),
                     icase ? Regex::kIcase : Regex::kNone);
}

// On the printed line: dot leaders ("Chairman ........ Date ......") are part of the signal.
bool is_end(const LineInfo& l, const ItemsVocab& v) {
  return item_lines::any_search(trim(l.line->text), v.end);
}

// A signature name above its role ("JAMES HARTIGAN" / "CHAIRMAN"): short, capitals, no digits.
bool looks_like_signature_name(const LineInfo& l) {
  if (l.text.size() > 50 || !mostly_caps(l.text)) return false;
  for (unsigned char ch : l.text)
    if (std::isdigit(ch)) return false;
  return true;
}

}  // namespace

ItemsVocab ItemsVocab::from_json(const Json& j, const Json& votes) {
  ItemsVocab v;
  if (j.contains("heading_patterns"))
    for (const auto& h : j["heading_patterns"])
      v.headings.push_back({h.value("kind", "num"), Regex(h.value("regex", "$^"), Regex::kIcase)});
  v.title_reject = compile(j, "title_reject_patterns");
  v.title_strip = compile(j, "title_strip_patterns");
  v.end = compile(j, "end_patterns");
  v.paragraph_start = compile(j, "paragraph_start_patterns");
  v.labels = compile(j, "label_patterns");
  v.resolved = compile(j, "resolved_patterns");
  v.resolved_rest_empty = compile(j, "resolved_rest_empty_patterns");
  v.decision_sentence = compile(j, "decision_sentence_patterns", false);
  v.resolution_trailing = compile(j, "resolution_trailing_patterns");
  v.declaration = compile(j, "declaration_patterns");
  v.declaration_none = compile(j, "declaration_none_patterns");
  v.action = compile(j, "action_patterns");
  v.agreed = compile(j, "agreed_patterns");
  v.meeting_document = compile(j, "meeting_document_patterns");
  v.formal_resolutions = compile(j, "formal_resolution_patterns");
  v.agreed_inline = compile(j, "agreed_inline_patterns");
  v.agreed_statements = compile(j, "agreed_statement_patterns");
  v.unnumbered_items = compile(j, "unnumbered_item_patterns");
  v.owners = compile(j, "owner_patterns");
  v.not_owners = compile(j, "not_owner_patterns");
  v.sub_label = Regex(get_or<std::string>(j, "sub_label_pattern", "$^"), Regex::kIcase);
  v.sub_item_prefix = Regex(get_or<std::string>(j, "sub_item_prefix_pattern", "$^"), Regex::kIcase);
  v.trailing_number = Regex(get_or<std::string>(j, "trailing_number_pattern", "$^"), Regex::kIcase);
  v.paragraph_number = Regex(get_or<std::string>(j, "paragraph_number_pattern", "$^"), Regex::kIcase);
  v.that_prefix = Regex(get_or<std::string>(j, "that_prefix_pattern", "$^"), Regex::kIcase);
  v.multi_part_lead = Regex(get_or<std::string>(j, "multi_part_lead_pattern", "$^"), Regex::kIcase);
  if (j.contains("decisions") && j["decisions"].is_object())
    for (const auto& [decision, words] : j["decisions"].items())
      for (const auto& word : words)
        v.decision_words.emplace_back(item_lines::lower_ascii(word), decision);
  for (auto [key, list] : {std::pair{"decision_phrases", &v.decision_phrases},
                           std::pair{"fallback_phrases", &v.fallback_phrases}})
    if (j.contains(key) && j[key].is_object())
      for (const auto& [decision, patterns] : j[key].items())
        for (const auto& p : patterns)
          list->emplace_back(Regex(p.get<std::string>(), Regex::kIcase), decision);
  for (const auto& a : get_or<std::vector<std::string>>(j, "passive_auxiliaries", {}))
    v.passive.push_back(item_lines::lower_ascii(a));
  v.abbreviations = get_or<std::vector<std::string>>(j, "abbreviations", {});
  // An honorific, then up to four capitalised words or initials ("Mr B Chapple", "Cllr Angela
  // Kirkbride", "Mrs R Tolhurst OBE"). Case-sensitive: names are capitalised.
  std::string hon;
  for (const auto& h : get_or<std::vector<std::string>>(j, "honorifics", {}))
    hon += (hon.empty() ? "" : "|") + h;
  v.member = Regex("(?:^|\\s|\\()((?:" + hon + ")\\.?(?:\\s+[A-Z][^\\s,;:()]*){1,4})");
  v.next_member = Regex("\\s+(?=(?:" + hon + ")\\.?\\s+[A-Z])");
  v.name_stop_words = get_or<std::vector<std::string>>(j, "name_stop_words", {});
  v.title_max_chars = get_or<size_t>(j, "title_max_chars", v.title_max_chars);
  v.max_number_step = get_or<int>(j, "max_number_step", v.max_number_step);
  // A numbered resolution block's first line; its mover and seconder are the decisions
  // stage's, so only the number matters here ("{name}" is votes.json's person pattern).
  std::string name = get_or<std::string>(votes, "name", "\\S+(?:\\s+\\S+){0,4}");
  for (std::string p : get_or<std::vector<std::string>>(votes, "block_header_patterns", {})) {
    for (size_t at; (at = p.find("{name}")) != std::string::npos;) p.replace(at, 6, name);
    v.resolution_blocks.emplace_back(p, Regex::kIcase);
  }
  return v;
}

Result<void> ItemsStage::run(Document& doc, StageContext& ctx) {
  ItemsVocab vocab = ItemsVocab::from_json(ctx.vocab("items"), ctx.vocab("votes"));
  Walk w{doc, vocab, {}};
  // An agenda pack's items are its front sheet's: the enclosed minutes' items are not its own.
  for (const LineRef& ref : own_reading_order(doc)) w.lines.push_back(item_lines::describe(doc, ref, vocab));
  item_lines::split_margin_notes(w);

  std::vector<ItemHeading> headings = find_item_headings(w);
  item_lines::Margins margins = item_lines::right_margins(w);

  doc.items.clear();
  for (size_t k = 0; k < headings.size(); ++k) {
    const ItemHeading& h = headings[k];
    size_t stop = k + 1 < headings.size() ? headings[k + 1].pos : w.lines.size();
    std::vector<size_t> heading_lines, body;
    for (size_t i = h.pos; i <= h.last; ++i) heading_lines.push_back(i);
    for (size_t i = h.last + 1; i < stop; ++i) {
      if (is_end(w.lines[i], vocab)) {
        // A signature: the name printed just above the role goes too.
        if (!body.empty() && looks_like_signature_name(w.lines[body.back()])) body.pop_back();
        break;
      }
      body.push_back(i);
    }
    Item item;
    item.number = h.number;
    item.title = h.title;
    item.heading_kind = h.kind;
    item.heading_lines = heading_lines.size();
    std::vector<size_t> all = heading_lines;
    all.insert(all.end(), body.begin(), body.end());
    for (size_t i : all) {
      item.lines.push_back(w.lines[i].ref);
      int page = doc.pages[w.lines[i].ref.page_idx].number;
      if (std::find(item.pages.begin(), item.pages.end(), page) == item.pages.end())
        item.pages.push_back(page);
    }
    std::sort(item.pages.begin(), item.pages.end());
    std::vector<size_t> text_lines;
    for (size_t i : body)
      if (!w.lines[i].table) text_lines.push_back(i);
    for (const item_lines::Paragraph& p : item_lines::paragraphs(w, text_lines, margins)) {
      if (!item.text.empty()) item.text += '\n';
      item.text += p.text;
    }
    item.prov = item_lines::prov_of(w, all);
    doc.items.push_back(std::move(item));
  }
  if (doc.items.empty() && !w.lines.empty()) {
    // Minutes or an agenda (their first lines say so) with no items: the record is missing
    // its substance, and a reader should know.
    constexpr size_t kTitleLines = 15;
    bool meeting_document = false;
    for (size_t i = 0; i < std::min(kTitleLines, w.lines.size()); ++i)
      meeting_document = meeting_document || item_lines::any_search(w.lines[i].text, vocab.meeting_document);
    if (meeting_document)
      ctx.issue("NO_ITEMS_FOUND", "warning",
                "the document reads as minutes or an agenda, but no item headings were found",
                doc.pages[w.lines.front().ref.page_idx].number);
    else
      ctx.debug(0, "no item headings found");
  }
  return {};
}

}  // namespace agendapack
