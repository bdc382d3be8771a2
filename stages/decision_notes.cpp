#include "stages/decision_notes.h"

#include <algorithm>
#include <optional>
#include <string>

#include "stages/items.h"

namespace agendapack::decision_notes {

using item_lines::Paragraph;
using item_lines::trim;
using item_lines::Walk;

namespace {

// Dashes and colons left at either end once an owner is cut away ("Ms Wager – to ensure").
std::string strip_dashes(const std::string& s) {
  static const Regex edges("^(?:\\s|-|\xE2\x80\x93|\xE2\x80\x94|:)+|(?:\\s|-|\xE2\x80\x93|\xE2\x80\x94|:|,)+$");
  return trim(edges.replace_all(s, ""));
}

bool is_owner(const std::string& note, const ItemsVocab& v) {
  if (note.empty()) return false;
  for (const Regex& re : v.not_owners)
    if (re.match(note)) return false;
  for (const Regex& re : v.owners)
    if (re.match_prefix(note)) return true;
  return false;
}

}  // namespace

void read_declarations(const Walk& w, const std::vector<Paragraph>& paras, Item& item) {
  const ItemsVocab& v = w.v;
  for (const Paragraph& p : paras) {
    // The positive patterns first: they rule out almost every paragraph, and cheaply.
    if (!item_lines::any_search(p.text, v.declaration) ||
        item_lines::any_search(p.text, v.declaration_none))
      continue;
    std::string text = p.text;
    RegexMatch n;
    if (v.paragraph_number.match_prefix(text, &n)) text = trim(n.suffix());
    std::vector<std::string> parts;
    for (const std::string& s : sentences(text, v))
      if (item_lines::any_search(s, v.declaration) && !item_lines::any_search(s, v.declaration_none))
        parts.push_back(s);
    if (parts.size() < 2) parts = {text};
    for (const std::string& s : parts) {
      // The members are named before the verb: "Mrs Chandler and Mr Rayner declared ...",
      // "Mr B Chapple, Cabinet Member ..., declared"; one declaration each.
      size_t verb = item_lines::lower_ascii(s).find("declared");
      std::vector<std::string> members;
      if (verb != std::string::npos) {
        std::string head = s.substr(0, verb);
        static const Regex split("\\s+(?:and|&)\\s+|,\\s*");
        std::string rest = head;
        RegexMatch m;
        std::vector<std::string> pieces;
        while (split.search(rest, &m)) {
          pieces.push_back(m.prefix());
          rest = m.suffix();
        }
        pieces.push_back(rest);
        for (const std::string& piece : pieces)
          if (auto member = member_in(piece, v)) members.push_back(*member);
      }
      const std::string& body = s;
      if (members.empty())
        if (auto member = member_in(s, v)) members.push_back(*member);
      if (members.empty()) members.push_back("");
      for (const std::string& member : members) {
        Declaration d;
        if (!member.empty()) d.member = member;
        d.text = body;
        d.prov = item_lines::prov_of(w, p.lines);
        item.declarations.push_back(std::move(d));
      }
    }
  }
}

void read_actions(const Walk& w, const std::vector<size_t>& idx, const std::vector<Paragraph>& paras,
                  Item& item) {
  const ItemsVocab& v = w.v;
  // "Action: Ms Wager to ensure that ...".
  for (const Paragraph& p : paras) {
    for (const Regex& re : v.action) {
      RegexMatch m;
      if (!re.match(p.text, &m)) continue;
      Action a;
      if (m[1].matched && !m[1].str().empty()) a.number = m[1].str();
      std::string owner = trim(m[2].str());
      std::string text = trim(m[3].str());
      if (owner.empty()) {
        // No separator: an honorific and a name at the start are the owner.
        RegexMatch n;
        if (v.member.match_prefix(text, &n)) {
          owner = trim(n.str(1));
          text = trim(n.suffix());
          text = strip_dashes(text);
        }
      }
      if (!owner.empty()) a.owner = owner;
      a.text = text;
      a.prov = item_lines::prov_of(w, p.lines);
      if (!a.text.empty()) item.actions.push_back(std::move(a));
      break;
    }
  }
  // Owners in the right margin: each stands against a sub-item (a labelled paragraph and
  // those under it), or against the whole item when it has no labelled sub-items.
  bool any_note = false;
  for (size_t i : idx) any_note = any_note || !w.lines[i].margin.empty();
  if (!any_note || paras.empty()) return;
  std::vector<size_t> para_of_line(w.lines.size(), SIZE_MAX);
  for (size_t k = 0; k < paras.size(); ++k)
    for (size_t li : paras[k].lines) para_of_line[li] = k;
  auto opens_sub_item = [&](const Paragraph& p) { return p.label || v.sub_item_prefix.match_prefix(p.text); };
  bool labelled = std::any_of(paras.begin(), paras.end(), opens_sub_item);
  std::vector<size_t> unit_of(paras.size(), 0);
  size_t unit = 0;
  for (size_t k = 0; k < paras.size(); ++k) {
    if (labelled && opens_sub_item(paras[k]) && k > 0) ++unit;
    unit_of[k] = unit;
  }
  std::vector<std::optional<std::string>> owner(unit + 1);
  // The last paragraph of each unit a note stands beside: paragraphs after it ("As there was
  // no further business, ...") close the minutes rather than carry the action on.
  std::vector<size_t> last_noted(unit + 1, SIZE_MAX);
  size_t current = 0;
  for (size_t i : idx) {
    if (para_of_line[i] != SIZE_MAX) current = unit_of[para_of_line[i]];
    const std::string& note = w.lines[i].margin;
    if (!owner[current] && is_owner(note, v)) owner[current] = note;
    if (!note.empty() && para_of_line[i] != SIZE_MAX) last_noted[current] = para_of_line[i];
  }
  for (size_t u = 0; u <= unit; ++u) {
    if (!owner[u]) continue;
    std::string text;
    std::vector<size_t> lines;
    for (size_t k = 0; k < paras.size(); ++k) {
      if (unit_of[k] != u) continue;
      if (labelled && last_noted[u] != SIZE_MAX && k > last_noted[u]) break;
      std::string t = paras[k].text;
      RegexMatch m;
      if ((paras[k].label && v.sub_label.match_prefix(t, &m)) || v.sub_item_prefix.match_prefix(t, &m))
        t = trim(m.suffix());
      text += (text.empty() ? "" : " ") + t;
      lines.insert(lines.end(), paras[k].lines.begin(), paras[k].lines.end());
    }
    if (text.empty()) continue;
    Action a;
    a.owner = owner[u];
    a.text = text;
    a.prov = item_lines::prov_of(w, lines);
    item.actions.push_back(std::move(a));
  }
}


}  // namespace agendapack::decision_notes
