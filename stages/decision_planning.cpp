#include "stages/decision_planning.h"

#include <string>

namespace agendapack::decision_planning {

using item_lines::Paragraph;
using item_lines::trim;
using item_lines::Walk;

PlanningVocab PlanningVocab::from_json(const nlohmann::json& items) {
  PlanningVocab pv;
  const nlohmann::json p = items.value("planning", nlohmann::json::object());
  for (const auto& t : p.value("title_patterns", nlohmann::json::array()))
    if (t.is_string()) pv.titles.emplace_back(t.get<std::string>(), Regex::kIcase);
  pv.reference = Regex(p.value("reference_pattern", std::string("$^")));
  pv.lead_in = Regex(p.value("lead_in_pattern", std::string("$^")), Regex::kIcase);
  return pv;
}

void read_observations(const Walk& w, const std::vector<Paragraph>& paras, const PlanningVocab& pv,
                       Item& item) {
  if (paras.empty() || !item_lines::any_search(item.title, pv.titles)) return;
  const ItemsVocab& v = w.v;
  auto without_label = [&](const std::string& text) {
    RegexMatch m;
    return v.sub_label.match_prefix(text, &m) ? trim(m.suffix()) : text;
  };
  struct Block {
    std::string text;
    std::vector<size_t> lines;
  };
  std::vector<Block> blocks;
  // Where the first application begins: its paragraph and line within it. A reference can
  // open a line inside a paragraph ("... the following observation:" / "E/35137 ...").
  size_t first_para = paras.size(), first_line = 0;
  double ref_x0 = 0;
  bool open = false;
  for (size_t k = 0; k < paras.size(); ++k) {
    const Paragraph& p = paras[k];
    for (size_t j = 0; j < p.lines.size(); ++j) {
      const item_lines::LineInfo& l = w.lines[p.lines[j]];
      if (pv.reference.match_prefix(l.text)) {
        if (first_para == paras.size()) first_para = k, first_line = j;
        blocks.push_back({});
        ref_x0 = l.x0;
        open = true;
      } else if (open && j == 0) {
        // The description's indented column, or a sub-labelled observation, stays in the
        // block; prose back at the margin ("Notice of Approval ... had been received") ends it.
        bool indented = l.x0 > ref_x0 + 20;
        bool labelled = p.label || v.sub_label.match_prefix(l.text);
        if (!indented && !labelled) open = false;
      }
      if (!open) continue;
      std::string t = j == 0 ? without_label(l.text) : l.text;
      if (t.empty()) continue;
      Block& b = blocks.back();
      b.text += (b.text.empty() ? "" : " ") + t;
      b.lines.push_back(p.lines[j]);
    }
  }
  if (blocks.empty()) return;

  // The lead-in: what precedes the first application in its paragraph, or else the paragraph
  // before it, when it agrees observations.
  std::string lead_text;
  std::vector<size_t> lead_lines;
  if (first_line > 0) {
    const Paragraph& p = paras[first_para];
    for (size_t j = 0; j < first_line; ++j) {
      lead_text += (lead_text.empty() ? "" : " ") + w.lines[p.lines[j]].text;
      lead_lines.push_back(p.lines[j]);
    }
  } else if (first_para > 0) {
    lead_text = paras[first_para - 1].text;
    lead_lines = paras[first_para - 1].lines;
  }
  if (!lead_text.empty() && pv.lead_in.search(lead_text)) {
    std::string all;
    std::vector<size_t> lines = lead_lines;
    for (const Block& b : blocks) {
      all += (all.empty() ? "" : " ") + b.text;
      lines.insert(lines.end(), b.lines.begin(), b.lines.end());
    }
    lead_text = without_label(lead_text);
    bool colon = lead_text.back() == ':';
    const std::string& first_ref = w.lines[blocks.front().lines.front()].text;
    // A resolution already read from the lead-in ("It was agreed to submit the following
    // observation ...", perhaps with the application's first line) is completed; otherwise
    // the lead-in and its blocks are one.
    for (Resolution& r : item.resolutions) {
      std::string rt = r.text;
      if (size_t at = rt.find(first_ref); at != std::string::npos) rt = trim(rt.substr(0, at));
      while (!rt.empty() && (rt.back() == ':' || rt.back() == '.')) rt.pop_back();
      if (rt.empty() || lead_text.find(rt) == std::string::npos) continue;
      r.text = rt + (colon ? ": " : " ") + all;
      r.prov = item_lines::prov_of(w, lines);
      return;
    }
    Resolution r;
    r.text = lead_text + " " + all;
    r.decision = "agreed";
    r.prov = item_lines::prov_of(w, lines);
    item.resolutions.push_back(std::move(r));
    return;
  }
  for (Block& b : blocks) {
    Resolution r;
    r.text = std::move(b.text);
    r.decision = "other";
    r.prov = item_lines::prov_of(w, b.lines);
    item.resolutions.push_back(std::move(r));
  }
}

}  // namespace agendapack::decision_planning
