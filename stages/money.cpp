/// \file The money stage: decides the document's currency, then reads its chart axes (no
/// money), lists, prose and tables, and checks each breakdown against the total it states.
#include "stages/money.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "pipeline/config.h"
#include "stages/layout.h"
#include "stages/money_currency.h"
#include "stages/money_reader.h"
#include "stages/money_text.h"

namespace agendapack {

MoneyOptions MoneyOptions::from_json(const nlohmann::json& sec) {
  MoneyOptions o;
  o.total_tolerance = get_or<int64_t>(sec, "total_tolerance", o.total_tolerance);
  o.tab_gap_em = get_or<double>(sec, "tab_gap_em", o.tab_gap_em);
  o.max_label_words = get_or<int>(sec, "max_label_words", o.max_label_words);
  return o;
}

Result<void> MoneyStage::run(Document& doc, StageContext& ctx) {
  MoneyVocab vocab = MoneyVocab::from_json(ctx.vocab("money"));
  DocumentCurrency cur = document_currency(doc, vocab);
  MoneyVocab mine = vocab.for_document(cur.dollar, cur.bare);
  money_detail::MoneyReader(doc, ctx, options_, mine).run();
  return {};
}

namespace money_detail {

using namespace money_text;

namespace {

std::string describe(const Money& m) { return m.raw + " (" + m.amount.to_string() + ")"; }

}  // namespace

// ---- joined text ----

void JoinedText::add(const Document& doc, WordRef ref, size_t ro) {
  const Word& w = doc.word(ref);
  if (!text.empty()) {
    // A hyphen that ended the previous line joins a word broken over the line.
    bool joined = !pieces.empty() && pieces.back().ro != ro && text.size() >= 2 &&
                  text.back() == '-' && is_alpha(text[text.size() - 2]) && !w.text.empty() &&
                  std::islower(static_cast<unsigned char>(w.text.front()));
    if (joined)
      text.pop_back();
    else
      text += ' ';
  }
  pieces.push_back({ref, text.size(), text.size() + w.text.size(), ro});
  text += w.text;
}

std::vector<WordRef> JoinedText::words_in(size_t b, size_t e) const {
  std::vector<WordRef> out;
  for (const Piece& p : pieces)
    if (p.end > b && p.begin < e) out.push_back(p.ref);
  return out;
}

size_t JoinedText::ro_at(size_t b) const {
  for (const Piece& p : pieces)
    if (p.end > b) return p.ro;
  return pieces.empty() ? 0 : pieces.back().ro;
}

// ---- the reader ----

void MoneyReader::run() {
  order_ = reading_order(doc_);
  for (const Item& item : doc_.items)
    for (const LineRef& l : item.lines) item_of_line_[{l.page_idx, l.line_idx}] = item.number;
  mark_table_lines();
  mark_axis_labels();
  find_lists();
  read_prose();
  read_tables();
  finish();
}

std::optional<std::string> MoneyReader::item_at(size_t ro) const {
  if (ro >= order_.size()) return std::nullopt;
  auto it = item_of_line_.find(key(order_[ro]));
  if (it == item_of_line_.end()) return std::nullopt;
  return it->second;
}

void MoneyReader::add_amount(const Money& m, size_t ro, size_t offset, std::string sentence,
                             const std::vector<WordRef>& words) {
  Amount a;
  a.money = m;
  a.item = item_at(ro);
  a.sentence = std::move(sentence);
  a.prov = provenance_of(doc_, words);
  amounts_.push_back({{ro, offset}, std::move(a)});
}

// ---- chart axes ----

namespace {

// A figure standing alone on a page: an axis label candidate.
struct Lone {
  std::vector<WordRef> words;
  BBox box;
  Decimal value;
};

// Evenly spaced positions and values in one arithmetic progression (a non-zero step that
// divides every value, as axis ticks do): the marks of an axis, not amounts.
bool is_axis(const std::vector<double>& pos, const std::vector<Decimal>& values) {
  if (values.size() < 3) return false;
  auto step = values[1].minus(values[0]);
  if (!step || step->is_zero()) return false;
  double gap = pos[1] - pos[0];
  if (std::abs(gap) < 1) return false;
  for (size_t k = 1; k < values.size(); ++k) {
    auto d = values[k].minus(values[k - 1]);
    if (!d || !(*d == *step)) return false;
    double g = pos[k] - pos[k - 1];
    if (std::abs(g - gap) > std::max(1.5, 0.1 * std::abs(gap))) return false;
  }
  // Every tick a whole number of steps: 0, 500,000, 1,000,000 ... not 1,250, 2,750, 4,250.
  for (const Decimal& v : values) {
    auto s = step->abs(), x = v.abs();
    int scale = std::max(s.scale(), x.scale());
    auto si = s.rescaled(scale), xi = x.rescaled(scale);
    if (!si || !xi || si->units() == 0 || xi->units() % si->units() != 0) return false;
  }
  return true;
}

}  // namespace

// Charts drawn in a PDF keep their axis labels as text: a column of figures ("£1,500,000" ...
// "-£1,000,000") down the side of the plot, or a row of them under it. A figure alone on its
// line (or far from its line's other words), in a run of three or more evenly spaced figures
// stepping by one amount, is such a label and no money mention.
void MoneyReader::mark_axis_labels() {
  for (uint32_t p = 0; p < doc_.pages.size(); ++p) {
    const Page& page = doc_.pages[p];
    std::vector<Lone> lone;
    for (const Line& l : page.lines) {
      if (l.words.empty() || l.table >= 0) continue;
      // Axis labels start their line with a figure ("£ 1,000" takes two words): others are
      // not read again here.
      bool digit = false;
      for (size_t k = 0; k < std::min<size_t>(2, l.words.size()) && !digit; ++k)
        for (char ch : page.words[l.words[k]].text) digit = digit || is_digit(ch);
      if (!digit) continue;
      JoinedText jt;
      for (uint32_t wi : l.words) jt.add(doc_, {p, wi}, 0);
      std::vector<AmountMatch> found = find_amounts(jt.text, v_, MoneyContext::column);
      std::vector<Lone> row;
      bool all_figures = !found.empty();
      size_t covered = 0;
      for (const AmountMatch& m : found) {
        if (m.range) {
          all_figures = false;
          continue;
        }
        Lone f;
        f.words = jt.words_in(m.begin, m.end);
        covered += f.words.size();
        f.value = m.money.amount;
        for (const WordRef& w : f.words) f.box = f.box.united(doc_.word(w).bbox);
        row.push_back(std::move(f));
      }
      all_figures = all_figures && covered == l.words.size();
      // A row of figures and nothing else: the labels under a chart.
      if (all_figures && row.size() >= 3) {
        std::vector<double> xs;
        std::vector<Decimal> vs;
        for (const Lone& f : row) {
          xs.push_back(f.box.cx());
          vs.push_back(f.value);
        }
        if (is_axis(xs, vs))
          for (const Lone& f : row)
            for (const WordRef& w : f.words) axis_words_.insert({w.page_idx, w.word_idx});
      }
      // A figure that starts its line, far from any word after it: a label beside a chart
      // (a table's figures have their row's label to their left).
      double fs = l.font_size > 0 ? l.font_size : 10.0;
      if (row.size() == 1) {
        Lone& f = row.front();
        bool alone = true;
        for (uint32_t wi : l.words) {
          const BBox& b = page.words[wi].bbox;
          bool mine = std::any_of(f.words.begin(), f.words.end(),
                                  [&](const WordRef& w) { return w.word_idx == wi; });
          if (!mine && (b.x1 <= f.box.x0 + 1 || b.x0 - f.box.x1 < 2 * fs)) alone = false;
        }
        if (alone) lone.push_back(std::move(f));
      }
    }
    // Columns of lone figures, aligned on their right or left edge, top to bottom.
    for (int edge = 0; edge < 2; ++edge) {
      std::vector<const Lone*> sorted;
      for (const Lone& f : lone) sorted.push_back(&f);
      auto x_of = [&](const Lone* f) { return edge == 0 ? f->box.x1 : f->box.x0; };
      std::stable_sort(sorted.begin(), sorted.end(), [&](const Lone* a, const Lone* b) {
        return std::abs(x_of(a) - x_of(b)) > 2 ? x_of(a) < x_of(b) : a->box.y0 < b->box.y0;
      });
      for (size_t i = 0; i < sorted.size();) {
        size_t j = i + 1;
        while (j < sorted.size() && std::abs(x_of(sorted[j]) - x_of(sorted[i])) <= 2) ++j;
        // Within one aligned column, the longest evenly spaced progressions.
        std::vector<const Lone*> col(sorted.begin() + static_cast<long>(i),
                                     sorted.begin() + static_cast<long>(j));
        std::sort(col.begin(), col.end(),
                  [](const Lone* a, const Lone* b) { return a->box.y0 < b->box.y0; });
        for (size_t a = 0; a + 2 < col.size();) {
          size_t b = a + 2;
          auto fits = [&](size_t end) {
            std::vector<double> ys;
            std::vector<Decimal> vs;
            for (size_t k = a; k <= end; ++k) {
              ys.push_back(col[k]->box.cy());
              vs.push_back(col[k]->value);
            }
            return is_axis(ys, vs);
          };
          if (!fits(b)) {
            ++a;
            continue;
          }
          while (b + 1 < col.size() && fits(b + 1)) ++b;
          for (size_t k = a; k <= b; ++k)
            for (const WordRef& w : col[k]->words) axis_words_.insert({w.page_idx, w.word_idx});
          a = b + 1;
        }
        i = j;
      }
    }
  }
}

bool MoneyReader::on_axis(const std::vector<WordRef>& words) const {
  if (words.empty() || axis_words_.empty()) return false;
  for (const WordRef& w : words)
    if (!axis_words_.count({w.page_idx, w.word_idx})) return false;
  return true;
}

// ---- prose ----

void MoneyReader::read_prose() {
  std::map<LineKey, size_t> block_of;
  for (uint32_t p = 0; p < doc_.pages.size(); ++p)
    for (size_t b = 0; b < doc_.pages[p].blocks.size(); ++b)
      for (uint32_t li : doc_.pages[p].blocks[b].lines) block_of[{p, li}] = b;
  JoinedText seg;
  auto flush = [&] {
    if (!seg.pieces.empty()) read_segment(seg);
    seg = JoinedText{};
  };
  for (size_t ro = 0; ro < order_.size(); ++ro) {
    if (in_table_[ro] || used_[ro]) {
      flush();
      continue;
    }
    const Line& l = line(ro);
    if (!seg.pieces.empty()) {
      size_t prev = seg.pieces.back().ro;
      const Line& pl = line(prev);
      bool brk = !l.bullet.empty() || l.heading || pl.heading || prev + 1 != ro;
      if (!brk) {
        auto a = block_of.find(key(order_[prev]));
        auto b = block_of.find(key(order_[ro]));
        bool same_page = order_[prev].page_idx == order_[ro].page_idx;
        std::string pt = trim(pl.text);
        bool open = !pt.empty() && pt.back() != '.' && pt.back() != ':' && pt.back() != '?' &&
                    pt.back() != '!';
        if (same_page) {
          brk = a != block_of.end() && b != block_of.end() && a->second != b->second;
        } else {
          brk = !open;
        }
      }
      if (brk) flush();
    }
    size_t first = l.bullet.empty() ? 0 : 1;
    for (size_t i = first; i < l.words.size(); ++i) seg.add(doc_, word_ref(ro, l.words[i]), ro);
  }
  flush();
}

void MoneyReader::read_segment(const JoinedText& seg) {
  for (const auto& [sb, se] : split_sentences(seg.text, v_)) {
    Sentence s;
    s.text = seg.text.substr(sb, se - sb);
    s.ro_first = seg.ro_at(sb);
    s.ro_last = seg.ro_at(se - 1);
    s.matches = find_amounts(s.text, v_);
    // Chart axis labels read as prose are dropped from the sentence's figures.
    std::vector<AmountMatch> kept;
    for (const AmountMatch& m : s.matches)
      if (!on_axis(seg.words_in(sb + m.begin, sb + m.end))) kept.push_back(m);
    s.matches = std::move(kept);
    for (const AmountMatch& m : s.matches) {
      size_t ro = seg.ro_at(sb + m.begin);
      add_amount(m.money, ro, sb + m.begin, s.text, seg.words_in(sb + m.begin, sb + m.end));
    }
    report_unparsed(s.text, s.matches, seg, sb);
    find_inline_split(s, seg, sb);
    sentences_.push_back(std::move(s));
  }
}

// A total followed by its parts in brackets, "£356.0k (£42.7k + £313.3k)", or parts summed to
// a total, "£42.7k + £313.3k = £356.0k": a breakdown printed inside a sentence. Each part's
// label is the words beside its figure between the signs ("£42.7k revenue"), often none.
void MoneyReader::find_inline_split(const Sentence& s, const JoinedText& seg, size_t offset) {
  const std::string& t = s.text;
  const auto& ms = s.matches;
  auto only_spaces = [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i)
      if (!is_space(t[i])) return false;
    return true;
  };
  // The parts in [b, e): segments between '+' signs, each holding exactly one figure.
  auto parts_in = [&](size_t b, size_t e, std::vector<size_t>& idx,
                      std::vector<std::pair<size_t, size_t>>& segs) {
    idx.clear();
    segs.clear();
    size_t start = b;
    for (size_t i = b; i <= e; ++i) {
      if (i < e && t[i] != '+') continue;
      segs.emplace_back(start, i);
      start = i + 1;
    }
    for (const auto& [sb, se] : segs) {
      size_t n = 0, which = 0;
      for (size_t k = 0; k < ms.size(); ++k)
        if (ms[k].begin >= sb && ms[k].end <= se) {
          ++n;
          which = k;
        }
      if (n != 1 || ms[which].range) return false;
      idx.push_back(which);
    }
    return segs.size() >= 2;
  };
  auto add = [&](size_t total_idx, const std::vector<size_t>& idx,
                 const std::vector<std::pair<size_t, size_t>>& segs) {
    Pending p;
    p.ro = s.ro_first;
    p.fb.item = item_at(s.ro_first);
    p.fb.context = s.text;
    p.fb.stated_total = ms[total_idx].money;
    std::vector<WordRef> all;
    for (size_t k = 0; k < idx.size(); ++k) {
      const AmountMatch& m = ms[idx[k]];
      std::string label = trim(t.substr(segs[k].first, m.begin - segs[k].first)) + " " +
                          trim(t.substr(m.end, segs[k].second - m.end));
      label = trim(label);
      while (!label.empty() && (label.back() == ',' || label.back() == ';')) label.pop_back();
      FundingLine fl;
      fl.label = trim(label);
      fl.money = m.money;
      std::vector<WordRef> words = seg.words_in(offset + segs[k].first, offset + segs[k].second);
      fl.prov = provenance_of(doc_, words);
      all.insert(all.end(), words.begin(), words.end());
      p.fb.lines.push_back(std::move(fl));
    }
    p.fb.prov = provenance_of(doc_, all);
    pending_.push_back(std::move(p));
  };
  std::vector<size_t> idx;
  std::vector<std::pair<size_t, size_t>> segs;
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].range) continue;
    // "£356.0k (£42.7k + £313.3k)"
    size_t open = ms[i].end;
    while (open < t.size() && is_space(t[open])) ++open;
    if (open < t.size() && t[open] == '(') {
      size_t close = t.find(')', open);
      if (close != std::string::npos && t.find('(', open + 1) > close &&
          parts_in(open + 1, close, idx, segs)) {
        add(i, idx, segs);
        continue;
      }
    }
    // "£42.7k + £313.3k = £356.0k": from this figure, '+' signs up to an '=' and the total.
    if (i + 2 < ms.size() && (i == 0 || t.find('+', ms[i - 1].end) >= ms[i].begin)) {
      size_t eq = t.find('=', ms[i].end);
      if (eq == std::string::npos) continue;
      size_t k = i + 1;
      while (k < ms.size() && ms[k].end <= eq) ++k;
      if (k >= ms.size() || !only_spaces(eq + 1, ms[k].begin)) continue;
      if (parts_in(ms[i].begin, eq, idx, segs) && idx.front() == i) {
        add(k, idx, segs);
        i = k;
      }
    }
  }
}

void MoneyReader::report_unparsed(const std::string& text, const std::vector<AmountMatch>& found,
                                  const JoinedText& jt, size_t offset) {
  for (const auto& [b, e] : find_unparsed(text, v_, found)) {
    std::vector<WordRef> words = jt.words_in(offset + b, offset + e);
    int page = words.empty() ? 0 : doc_.pages[words.front().page_idx].number;
    ctx_.issue("AMOUNT_UNPARSED", "warning",
               "money-like text not read as an amount: \"" + text.substr(b, e - b) + "\"", page);
  }
}

// ---- context, totals, issues ----

void MoneyReader::finish() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const Pending& a, const Pending& b) { return a.ro < b.ro; });
  for (Pending& p : pending_) {
    FundingBreakdown& fb = p.fb;
    const size_t ro = p.ro;
    Decimal sum;
    bool exact = true;
    for (const FundingLine& l : fb.lines) {
      auto next = sum.plus(l.money.amount);
      exact = exact && next.has_value();
      if (next) sum = *next;
    }
    fb.sum = sum.normalized();
    // The sentence that introduces the list, and the one before it when it names a figure.
    const Sentence* s1 = nullptr;
    const Sentence* s0 = nullptr;
    for (size_t i = sentences_.size(); i-- > 0;) {
      if (sentences_[i].ro_last >= ro) continue;
      if (sentences_[i].ro_last + 6 < ro) break;
      s1 = &sentences_[i];
      if (i > 0 && !sentences_[i - 1].matches.empty() &&
          sentences_[i - 1].ro_last + 3 >= sentences_[i].ro_first &&
          item_at(sentences_[i - 1].ro_last) == item_at(sentences_[i].ro_last))
        s0 = &sentences_[i - 1];
      break;
    }
    if (fb.context.empty() && s1) fb.context = s0 ? s0->text + " " + s1->text : s1->text;
    if (!fb.stated_total) {
      std::vector<std::pair<const Sentence*, const AmountMatch*>> cands;
      for (const Sentence* s : {s0, s1})
        if (s)
          for (const AmountMatch& m : s->matches) cands.push_back({s, &m});
      for (const auto& [s, m] : cands)
        if (m->money.amount == fb.sum && !fb.stated_total) fb.stated_total = m->money;
      if (!fb.stated_total) {
        const AmountMatch* best = nullptr;
        for (const auto& [s, m] : cands) {
          std::string t = lower(s->text);
          bool phrase = false;
          for (const std::string& ph : v_.total_phrases) phrase = phrase || contains_phrase(t, ph);
          if (phrase && (!best || m->money.amount > best->money.amount)) best = m;
        }
        if (best) fb.stated_total = best->money;
      }
    }
    if (fb.stated_total && exact) {
      auto diff = fb.sum.minus(fb.stated_total->amount);
      Decimal tolerance = std::max(Decimal(o_.total_tolerance), p.rounding);
      fb.consistent = diff && diff->abs() <= tolerance;
      if (!*fb.consistent) {
        int page = fb.prov.empty() ? 0 : fb.prov.front().page;
        ctx_.issue("FUNDING_TOTAL_MISMATCH", "warning",
                   "stated total " + describe(*fb.stated_total) + " but lines sum to " +
                       fb.sum.to_string() + " (difference " +
                       (diff ? diff->abs().to_string() : std::string("?")) + ")",
                   page);
      }
    }
    doc_.funding.push_back(std::move(fb));
  }
  std::stable_sort(amounts_.begin(), amounts_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [k, a] : amounts_) doc_.amounts.push_back(std::move(a));
}

}  // namespace money_detail
}  // namespace agendapack
