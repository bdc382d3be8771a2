/// \file Breakdowns printed as lists: consecutive lines whose amount ends the line after a tab
/// gap, a dot leader or a bullet's separator, wrapped labels joined, a total line kept apart.
/// Also the label and column-header rules the table reader shares.
#include <algorithm>
#include <cmath>

#include "stages/layout.h"
#include "stages/money_reader.h"
#include "stages/money_text.h"

namespace agendapack::money_detail {

using namespace money_text;

namespace {

bool only_dots(std::string_view s) {
  if (s.empty()) return false;
  size_t dots = 0;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '.' || s[i] == ' ') {
      dots += s[i] == '.';
      ++i;
    } else if (starts_with_at(s, i, "\u2026") || starts_with_at(s, i, "\u00b7")) {
      ++dots;
      i += starts_with_at(s, i, "\u2026") ? 3 : 2;
    } else {
      return false;
    }
  }
  return dots > 0;
}

bool is_separator(std::string_view s) {
  return s == "-" || s == "\u2013" || s == "\u2014" || s == ":" || s == "=" || s == "|";
}

std::string normalise_label(const std::string& s) {
  std::string n = lower(trim(s));
  while (!n.empty() && (n.back() == ':' || n.back() == '.' || n.back() == '-' || n.back() == '='))
    n.pop_back();
  return trim(n);
}

}  // namespace

// ---- labels and columns ----

bool MoneyReader::is_total_label(const std::string& label) const {
  std::string n = normalise_label(label);
  if (in_list(v_.total_labels, n)) return true;
  for (const std::string& t : v_.total_labels) {
    if (n.rfind(t + " ", 0) == 0 && n.size() < t.size() + 25) return true;
    // "Ward total", "Grand total": the total word closes a short label.
    if (n.size() > t.size() && n.size() < t.size() + 25 &&
        n.compare(n.size() - t.size(), t.size(), t) == 0 && n[n.size() - t.size() - 1] == ' ')
      return !is_subtotal_label(label);
  }
  return false;
}

bool MoneyReader::is_subtotal_label(const std::string& label) const {
  std::string n = normalise_label(label);
  for (const std::string& t : v_.subtotal_labels)
    if (n.rfind(t, 0) == 0 || contains_phrase(n, t)) return true;
  return false;
}

bool MoneyReader::is_per_unit(const std::string& label) const {
  std::string n = lower(label);
  for (const std::string& w : v_.per_unit_words) {
    if (w != "per") {
      if (contains_phrase(n, w)) return true;
      continue;
    }
    // "per pupil", "£ per head", but not "per annum" or "per cent".
    for (size_t at = n.find("per "); at != std::string::npos; at = n.find("per ", at + 1)) {
      if (at > 0 && is_alpha(n[at - 1])) continue;
      size_t b = at + 4, e = b;
      while (e < n.size() && is_alpha(n[e])) ++e;
      if (e > b && !in_list(v_.per_periods, n.substr(b, e - b))) return true;
    }
  }
  return false;
}

std::string MoneyReader::strip_marker(const std::string& label) const {
  RegexMatch m;
  if (v_.list_marker.match_prefix(label, &m) && m.length() > 0 && m.length() < label.size())
    return trim(std::string_view(label).substr(m.length()));
  return label;
}

Column MoneyReader::column_of(const std::string& header) const {
  Column c;
  std::string h = lower(header);
  for (const std::string& w : v_.column_headers) {
    bool symbolic = !w.empty() && !is_alpha(w.front());
    if (symbolic ? h.find(w) != std::string::npos : contains_phrase(h, w)) c.header_money = true;
  }
  // The first currency symbol in the header ("£000", "Amount ($)") names the column's.
  for (size_t i = 0; i < header.size() && c.currency.empty(); ++i) {
    for (const auto& [sym, cur] : v_.symbols) {
      if (is_alpha(sym.front()) || !starts_with_at(header, i, sym)) continue;
      c.currency = cur;
      c.header_money = true;
      break;
    }
  }
  if (c.header_money) c.unit = header_unit(header, v_);
  c.per_unit = is_per_unit(header);
  return c;
}

// ---- lists ----

std::optional<Entry> MoneyReader::list_line(size_t ro) const {
  const Line& l = line(ro);
  size_t first = l.bullet.empty() ? 0 : 1;
  if (l.words.size() < first + 2) return std::nullopt;
  // A leader drawn as a full-width tab fill runs on under a right-aligned amount, leaving
  // dots after it ("Pothole repairs . . . £652,000 . . ."): they are not part of the line.
  size_t word_end = l.words.size();
  while (word_end > first + 2 && only_dots(doc_.word(word_ref(ro, l.words[word_end - 1])).text))
    --word_end;
  JoinedText jt;
  for (size_t i = first; i < word_end; ++i) jt.add(doc_, word_ref(ro, l.words[i]), ro);
  std::string text = jt.text;
  size_t e = text.size();
  while (e > 0 && (text[e - 1] == '.' || text[e - 1] == ';' || text[e - 1] == ',')) --e;
  std::vector<AmountMatch> found =
      find_amounts(std::string_view(text).substr(0, e), v_, MoneyContext::column);
  if (found.empty() || found.back().end != e) return std::nullopt;
  Entry en;
  en.match = found.back();
  en.matches.push_back(en.match);
  if (found.size() >= 2 && en.match.range && found[found.size() - 2].range &&
      found[found.size() - 2].begin == en.match.begin) {
    en.match = found[found.size() - 2];
    en.matches = {en.match, found.back()};
  }
  // Label: the words before the amount, without separators and dot leaders.
  size_t amount_first = jt.pieces.size();
  for (size_t i = 0; i < jt.pieces.size(); ++i)
    if (jt.pieces[i].end > en.match.begin) {
      amount_first = i;
      break;
    }
  if (amount_first == 0 || amount_first >= jt.pieces.size()) return std::nullopt;
  // The amount must start at a word: "A4" or "item2" are not list amounts. A leader glued
  // to the amount ("........£652,000") is the one exception.
  bool dots = false, sep = false;
  if (size_t pb = jt.pieces[amount_first].begin; pb != en.match.begin) {
    bool bracket = en.match.begin > 0 && pb + 1 == en.match.begin && text[en.match.begin - 1] == '(';
    bool leader = only_dots(std::string_view(text).substr(pb, en.match.begin - pb)) &&
                  en.match.begin - pb >= 2;
    if (!bracket && !leader) return std::nullopt;
    dots = dots || leader;
  }
  size_t label_end = amount_first;
  while (label_end > 0) {
    const std::string& w = doc_.word(jt.pieces[label_end - 1].ref).text;
    if (only_dots(w)) dots = dots || w.size() >= 2 || label_end < amount_first;
    else if (is_separator(w)) sep = true;
    else break;
    --label_end;
  }
  if (label_end == 0) return std::nullopt;
  std::string label = text.substr(0, jt.pieces[label_end - 1].end);
  // Dot leaders glued to the label ("transport........").
  while (!label.empty() && (label.back() == '.' || label.back() == ' ')) {
    if (label.size() >= 2 && label[label.size() - 2] == '.') dots = true;
    label.pop_back();
  }
  while (!label.empty() && (label.back() == ':' || label.back() == '=')) {
    sep = true;
    label.pop_back();
  }
  label = trim(label);
  if (!has_letter(label)) return std::nullopt;
  size_t n_words = 1 + std::count(label.begin(), label.end(), ' ');
  const Word& last_label = doc_.word(jt.pieces[label_end - 1].ref);
  const Word& amount_word = doc_.word(jt.pieces[amount_first].ref);
  double fs = l.font_size > 0 ? l.font_size : 10.0;
  bool tab = amount_word.bbox.x0 - last_label.bbox.x1 >= o_.tab_gap_em * fs;
  bool bullet = !l.bullet.empty();
  size_t sp = label.rfind(' ');
  std::string last = lower(sp == std::string::npos ? label : label.substr(sp + 1));
  while (!last.empty() && !is_alnum(last.back())) last.pop_back();
  if (static_cast<int>(n_words) > 2 * o_.max_label_words) return std::nullopt;
  // A total line needs no tab: "CYFANSWM £730.00" set right under a payments list.
  if (!tab && !dots && !is_total_label(label)) {
    if (!bullet && !sep) return std::nullopt;
    if (static_cast<int>(n_words) > o_.max_label_words) return std::nullopt;
    if (in_list(v_.prose_endings, last)) return std::nullopt;
    if (label.find(". ") != std::string::npos) return std::nullopt;
  }
  en.label = label;
  en.ros = {ro};
  en.label_x0 = doc_.word(jt.pieces[0].ref).bbox.x0;
  en.amount_x0 = amount_word.bbox.x0;
  en.font_size = fs;
  en.has_bullet = bullet;
  en.tab = tab || dots;
  en.amount_words = jt.words_in(en.match.begin, en.match.end);
  en.amount_x1 = en.amount_x0;
  for (const WordRef& w : en.amount_words) en.amount_x1 = std::max(en.amount_x1, doc_.word(w).bbox.x1);
  for (const Piece& p : jt.pieces) en.words.push_back(p.ref);
  return en;
}

// A line above a list entry that holds the first part of its wrapped label.
bool MoneyReader::wraps_into(size_t w, const Entry& e) const {
  if (in_table_[w] || used_[w] || cand_[w]) return false;
  const Line& wl = line(w);
  const Line& el = line(e.ros.front());
  if (order_[w].page_idx != order_[e.ros.front()].page_idx || wl.heading) return false;
  std::string t = trim(wl.text);
  if (t.empty()) return false;
  char lastc = t.back();
  if (lastc == '.' || lastc == ':' || lastc == ';' || lastc == ',') return false;
  if (t.size() >= 2 && t.back() == '-' && t[t.size() - 2] == ' ') return false;  // ": -"
  double fs = e.font_size;
  if (el.bbox.y0 - wl.bbox.y1 > 1.0 * fs || el.bbox.y0 < wl.bbox.y0) return false;
  // The label's first line may run on over the amount column, never past it; beside a tab
  // stop a label may be long ("Mrs W Phillips, Internal Audit (proposed by ...), Chq No 1176").
  if (wl.bbox.x1 > (e.tab ? e.amount_x1 : e.amount_x0 - fs)) return false;
  int max_words = e.tab ? 2 * o_.max_label_words : o_.max_label_words;
  if (static_cast<int>(1 + std::count(t.begin(), t.end(), ' ')) > max_words) return false;
  if (!find_amounts(t, v_).empty()) return false;
  if (!wl.bullet.empty()) {
    if (!el.bullet.empty() || e.has_bullet) return false;
    const Page& page = doc_.pages[order_[w].page_idx];
    double text_x0 = wl.words.size() > 1 ? page.words[wl.words[1]].bbox.x0 : wl.bbox.x0;
    // The label's next line hangs under the text ("•  Early Help ...") or, typed without a
    // hanging indent, starts under the marker itself ("i) Mrs W Phillips ..." / "approved), ...").
    return e.label_x0 >= text_x0 - 3 || std::abs(e.label_x0 - wl.bbox.x0) <= 3;
  }
  return std::abs(wl.bbox.x0 - e.label_x0) <= 4 && (e.has_bullet == false);
}

void MoneyReader::attach_wrap(Entry& e, size_t w) const {
  const Line& wl = line(w);
  std::string t = text_without_bullet(wl);
  e.label = join_lines({trim(t), e.label});
  e.ros.insert(e.ros.begin(), w);
  size_t first = wl.bullet.empty() ? 0 : 1;
  std::vector<WordRef> words;
  for (size_t i = first; i < wl.words.size(); ++i) words.push_back(word_ref(w, wl.words[i]));
  e.words.insert(e.words.begin(), words.begin(), words.end());
  if (!wl.bullet.empty()) e.has_bullet = true;
  const Page& page = doc_.pages[order_[w].page_idx];
  if (!words.empty()) e.label_x0 = page.words[words.front().word_idx].bbox.x0;
}

std::string MoneyReader::preceding_text(size_t ro, size_t lines) const {
  std::vector<std::string> parts;
  for (size_t r = ro; r > 0 && parts.size() < lines;) {
    --r;
    if (in_table_[r]) break;
    parts.insert(parts.begin(), line(r).text);
  }
  return join_lines(parts);
}

void MoneyReader::find_lists() {
  size_t n = order_.size();
  cand_.assign(n, std::nullopt);
  used_.assign(n, false);
  for (size_t ro = 0; ro < n; ++ro) {
    if (in_table_[ro]) continue;
    cand_[ro] = list_line(ro);
    if (cand_[ro] && on_axis(cand_[ro]->amount_words)) cand_[ro].reset();
  }
  size_t ro = 0;
  while (ro < n) {
    if (!cand_[ro]) {
      ++ro;
      continue;
    }
    std::vector<Entry> run;
    Entry first = *cand_[ro];
    for (size_t k = 0; k < 2 && first.ros.front() > 0; ++k) {
      size_t w = first.ros.front() - 1;
      if (!wraps_into(w, first)) break;
      attach_wrap(first, w);
    }
    run.push_back(first);
    size_t last = ro;
    size_t next = ro + 1;
    while (next < n) {
      // The next entry, possibly after up to three wrapped label lines of its own.
      size_t probe = next;
      while (probe < n && probe < next + 3 && !cand_[probe] && !in_table_[probe]) ++probe;
      if (probe >= n || !cand_[probe]) break;
      Entry e = *cand_[probe];
      bool ok = true;
      for (size_t w = probe; w > next;) {
        --w;
        if (!wraps_into(w, e)) {
          ok = false;
          break;
        }
        attach_wrap(e, w);
      }
      if (!ok) break;
      run.push_back(std::move(e));
      last = probe;
      next = probe + 1;
    }
    // A total line in mid-list closes a group; the lines after it start the next, under the
    // same header line.
    std::optional<std::pair<size_t, Column>> header = list_header(run);
    bool taken = false;
    std::vector<Entry> group;
    for (size_t k = 0; k < run.size(); ++k) {
      group.push_back(run[k]);
      bool closes = is_total_label(run[k].label) && !is_subtotal_label(run[k].label);
      if (!closes && k + 1 < run.size()) continue;
      bool first_group = group.front().ros.front() == run.front().ros.front();
      taken = take_list(group, header, first_group) || taken;
      group.clear();
    }
    if (!taken) {
      ro = ro + 1;
      continue;
    }
    ro = last + 1;
  }
}

// Takes one group of list entries as a breakdown; `header` is the run's header line, drawn
// above the first group only.
bool MoneyReader::take_list(std::vector<Entry>& run,
                            const std::optional<std::pair<size_t, Column>>& header,
                            bool first_group) {
  std::vector<Entry*> lines;
  Entry* total = nullptr;
  size_t n_cur = 0, n_mult = 0, n_bare = 0, n_priced = 0;
  std::map<std::string, size_t> currencies;
  for (Entry& e : run) {
    e.label = strip_marker(e.label);
    if (is_subtotal_label(e.label)) continue;
    if (is_total_label(e.label)) {
      total = &e;
      continue;
    }
    if (is_per_unit(e.label)) continue;
    lines.push_back(&e);
    if (e.match.has_currency) {
      ++n_cur;
      ++currencies[e.match.money.currency];
    } else if (e.match.has_multiplier) {
      ++n_mult;
    } else {
      ++n_bare;
      n_priced += e.match.decimals == 2 && e.tab;
    }
  }
  if (lines.size() < 2) return false;
  // A header line over the amounts ("Scheme    £000") makes the list a two-column table,
  // which the tables stage leaves as lines (unruled tables need three columns there): its
  // bare figures are money, in the header's currency and unit.
  bool money = n_cur + n_mult >= 2 && n_bare <= n_cur + n_mult;
  // A payments list prints the currency on its first line and its total only ("£150.00",
  // "50.00", "375.00", "TOTAL £826.85"): figures with pence at a tab stop, one column.
  const bool total_cur = total && total->match.has_currency;
  if (!money && n_bare > 0 && n_priced == n_bare && n_cur + n_mult + total_cur >= 1) {
    double x1_lo = 1e9, x1_hi = -1e9;
    for (const Entry* e : lines) {
      x1_lo = std::min(x1_lo, e->amount_x1);
      x1_hi = std::max(x1_hi, e->amount_x1);
    }
    money = x1_hi - x1_lo <= run.front().font_size;
  }
  if (header) money = true;
  else if (money && n_cur == 0 && !total_cur) {
    std::string before = lower(preceding_text(run.front().ros.front(), 3));
    bool word = false;
    for (const std::string& w : v_.money_words) word = word || contains_phrase(before, w);
    money = word || !find_amounts(before, v_).empty();
  }
  if (!money) return false;
  std::string cur = v_.default_currency;
  size_t best = 0;
  if (total_cur) currencies[total->match.money.currency] += 1;
  for (const auto& [c, k] : currencies)
    if (k > best) {
      best = k;
      cur = c;
    }
  Pending p;
  FundingBreakdown& fb = p.fb;
  fb.item = item_at(run.front().ros.back());
  std::vector<std::pair<uint32_t, uint32_t>> all_lines;
  if (header && !header->second.currency.empty()) cur = header->second.currency;
  const int64_t unit = header ? header->second.unit : 1;
  if (header && first_group) {
    used_[header->first] = true;
    all_lines.push_back({order_[header->first].page_idx, order_[header->first].line_idx});
  }
  for (Entry& e : run) {
    for (AmountMatch& m : e.matches) {
      if (m.has_currency) continue;
      m.money.currency = cur;
      if (unit == 1 || m.has_multiplier) continue;
      // Read again in the column's unit ("1,250" under £000 is 1250000, pence kept).
      auto again = m.range ? std::nullopt
                           : parse_amount(m.money.raw, v_, MoneyContext::column, cur, unit);
      if (again) m.money.amount = again->amount;
      else if (auto scaled = m.money.amount.times(unit)) m.money.amount = *scaled;
      if (auto r = Decimal::of(1, m.decimals)) {
        auto place = r->times(unit);
        if (place && *place > p.rounding) p.rounding = *place;
      }
    }
    e.match = e.matches.front();
    for (size_t r : e.ros) {
      used_[r] = true;
      all_lines.push_back({order_[r].page_idx, order_[r].line_idx});
    }
    for (const AmountMatch& m : e.matches)
      add_amount(m.money, e.ros.back(), m.begin, e.label + " " + m.money.raw, e.amount_words);
  }
  for (Entry* e : lines) {
    FundingLine fl;
    fl.label = e->label;
    fl.money = e->match.money;
    fl.prov = provenance_of(doc_, e->words);
    fb.lines.push_back(std::move(fl));
  }
  if (total) fb.stated_total = total->match.money;
  fb.prov = provenance_of_lines(doc_, all_lines);
  p.ro = header && first_group ? header->first : run.front().ros.front();
  pending_.push_back(std::move(p));
  return true;
}

// The line right above a list that heads its amount column with a money header ("£000",
// "Amount"), and the line above that when the header runs over two ("Budget" / "£'000"): the
// words over the amounts name the column; words to their left head the labels.
std::optional<std::pair<size_t, Column>> MoneyReader::list_header(
    const std::vector<Entry>& run) const {
  size_t top = run.front().ros.front();
  if (top == 0) return std::nullopt;
  const double fs = run.front().font_size;
  double ax0 = 1e9, ax1 = -1e9;
  for (const Entry& e : run)
    for (const WordRef& w : e.amount_words) {
      ax0 = std::min(ax0, doc_.word(w).bbox.x0);
      ax1 = std::max(ax1, doc_.word(w).bbox.x1);
    }
  if (ax0 > ax1) return std::nullopt;
  // The words of header line `h` over the amounts; nullopt when it is no header line.
  auto head_of = [&](size_t h, size_t below) -> std::optional<std::string> {
    if (in_table_[h] || used_[h] || cand_[h]) return std::nullopt;
    if (order_[h].page_idx != order_[below].page_idx) return std::nullopt;
    const Line& hl = line(h);
    const Line& bl = line(below);
    if (hl.words.empty() || bl.bbox.y0 - hl.bbox.y1 > 1.5 * fs || bl.bbox.y0 < hl.bbox.y0)
      return std::nullopt;
    std::string head;
    for (uint32_t wi : hl.words) {
      const Word& w = doc_.word(word_ref(h, wi));
      if (w.bbox.x1 >= ax0 - fs && w.bbox.x0 <= ax1 + fs) head += " " + w.text;
      else if (w.bbox.x0 > ax1) return std::nullopt;  // a column right of the amounts
    }
    if (!find_amounts(hl.text, v_).empty()) return std::nullopt;
    return head;
  };
  auto near = head_of(top - 1, top);
  if (!near) return std::nullopt;
  size_t h = top - 1;
  std::string head = *near;
  if (top >= 2) {
    if (auto far = head_of(top - 2, top - 1); far && !far->empty()) {
      Column both = column_of(*far + " " + head);
      Column one = column_of(head);
      // Only when the upper line adds to the column: "Budget" over "£'000".
      if (both.header_money && (!one.header_money || both.unit != one.unit)) {
        head = *far + " " + head;
        h = top - 2;
      }
    }
  }
  if (head.empty()) return std::nullopt;
  Column c = column_of(head);
  if (!c.header_money) return std::nullopt;
  return std::make_pair(h, c);
}

}  // namespace agendapack::money_detail
