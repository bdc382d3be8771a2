#include "stages/recommendations.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "pipeline/dates.h"
#include "stages/documents.h"
#include "stages/layout.h"

namespace agendapack {

namespace {

// Lower case, letters and digits only, single spaces: "Accepted (Y/N)" -> "accepted y n".
std::string norm(const std::string& s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool has_phrase(const std::string& text, const std::string& phrase) {
  return (" " + text + " ").find(" " + phrase + " ") != std::string::npos;
}

Regex make_regex(const std::string& p) { return Regex(p, Regex::kIcase); }

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\n");
  return s.substr(a, b - a + 1);
}

std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? ' ' : c;
  return trim(out);
}

std::optional<std::string> match_value(
    const std::string& text, const std::vector<std::pair<std::string, std::vector<std::string>>>& values,
    bool whole) {
  std::string n = norm(text);
  if (n.empty()) return std::nullopt;
  std::string best;
  size_t best_len = 0;
  for (const auto& [value, phrases] : values)
    for (const std::string& p : phrases) {
      bool ok = whole ? (n == p || n.rfind(p + " ", 0) == 0) : has_phrase(n, p);
      if (ok && p.size() > best_len) {
        best = value;
        best_len = p.size();
      }
    }
  if (best_len == 0) return std::nullopt;
  return best;
}

}  // namespace

RecommendationsOptions RecommendationsOptions::from_vocab(const nlohmann::json& v) {
  RecommendationsOptions o;
  if (v.contains("columns") && v["columns"].is_object())
    for (const auto& [field, phrases] : v["columns"].items())
      for (const auto& p : phrases) o.columns[field].push_back(norm(p.get<std::string>()));
  using Values = std::vector<std::pair<std::string, std::vector<std::string>>>;
  auto values = [&](const char* key, Values& out) {
    if (!v.contains(key) || !v[key].is_object()) return;
    for (const auto& [value, phrases] : v[key].items()) {
      std::vector<std::string> ps;
      for (const auto& p : phrases) ps.push_back(norm(p.get<std::string>()));
      out.push_back({value, ps});
    }
  };
  values("agreed_values", o.agreed);
  values("status_values", o.status);
  o.monitoring_heading = make_regex(get_or<std::string>(
      v, "monitoring_heading", "^recommendation\\s+(\\d{1,3})\\s*[:.\\-]?\\s*(.*)$"));
  o.status_phrase = make_regex(get_or<std::string>(
      v, "status_phrase", "(?:recommendation (?:was|is|had been)|status\\s*:)\\s*(.*)"));
  for (const auto& p : get_or<std::vector<std::string>>(v, "title_patterns", {}))
    o.title_patterns.push_back(make_regex(p));
  for (const auto& p : get_or<std::vector<std::string>>(v, "title_strip_patterns", {}))
    o.title_strip.push_back(make_regex(p));
  o.item_heading = make_regex(get_or<std::string>(
      v, "item_heading", "^(?:item\\s+)?(\\d{1,4})\\.?\\s*(?:-|\xE2\x80\x93|:)?\\s*(.*)$"));
  for (const auto& p : get_or<std::vector<std::string>>(v, "list_intro_patterns", {}))
    o.list_intro.push_back(make_regex(p));
  o.list_label = make_regex(get_or<std::string>(
      v, "list_label", "^\\(?([a-z]|[ivx]{1,4}|\\d{1,2})[.)]$"));
  return o;
}

std::string header_field(const std::string& header, const RecommendationsOptions& o) {
  std::string n = norm(header);
  std::string best;
  size_t best_len = 0;
  for (const auto& [field, phrases] : o.columns)
    for (const std::string& p : phrases)
      if (p.size() > best_len && has_phrase(n, p)) {
        best = field;
        best_len = p.size();
      }
  return best;
}

std::optional<std::string> normalise_agreed(const std::string& cell,
                                            const RecommendationsOptions& o) {
  return match_value(cell, o.agreed, true);
}

std::optional<std::string> normalise_status(const std::string& text,
                                            const RecommendationsOptions& o) {
  return match_value(text, o.status, false);
}

namespace {

// One recommendation as one source states it, before sources merge.
struct Entry {
  std::optional<std::string> printed;
  Recommendation rec;
  std::vector<WordRef> words;
  int page = 0;  // where the printed number stands
};

struct RecSource {
  std::vector<Entry> entries;
  std::optional<std::string> title, item;
  size_t position = 0;  // in reading order
  bool from_table = false;
};

double size_of(const Line& l) { return l.font_size > 0 ? l.font_size : 10; }

// Without the quotation marks a motion puts around what it quotes.
std::string unquoted(std::string s) {
  s = trim(s);
  for (const char* q : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\"", "\xE2\x80\x98", "\xE2\x80\x99"}) {
    std::string qs(q);
    if (s.rfind(qs, 0) == 0) s = s.substr(qs.size());
    if (s.size() >= qs.size() && s.compare(s.size() - qs.size(), qs.size(), qs) == 0)
      s = s.substr(0, s.size() - qs.size());
  }
  return trim(s);
}

int roman_value(const std::string& r) {
  int total = 0, prev = 0;
  for (auto it = r.rbegin(); it != r.rend(); ++it) {
    int v = *it == 'i' ? 1 : *it == 'v' ? 5 : *it == 'x' ? 10 : 0;
    if (v == 0) return 0;
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

// The place a printed label stands for in its sequence: "3" 3, "c" 3, "iv" 4 (`kind` says how
// to read "i": a letter or a roman one); nullopt for none.
std::optional<int> label_value(const std::string& label, const std::string& kind) {
  if (label.empty()) return std::nullopt;
  if (std::all_of(label.begin(), label.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return label.size() <= 4 ? std::optional<int>(std::stoi(label)) : std::nullopt;
  std::string l;
  for (char c : label) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (kind == "roman" || (kind.empty() && l.size() > 1)) {
    int v = roman_value(l);
    return v > 0 ? std::optional<int>(v) : std::nullopt;
  }
  if (l.size() == 1 && l[0] >= 'a' && l[0] <= 'z') return l[0] - 'a' + 1;
  return std::nullopt;
}

// How the labels of a set read: "roman" when all are roman numerals starting at "i".
std::string label_kind(const std::vector<std::optional<std::string>>& labels) {
  bool roman = !labels.empty() && labels.front() && (*labels.front() == "i" || *labels.front() == "I");
  for (const auto& l : labels) {
    if (!l) continue;
    std::string low;
    for (char c : *l) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low.find_first_not_of("ivx") != std::string::npos) roman = false;
  }
  return roman ? "roman" : "";
}

std::set<std::string> word_set(const std::string& s) {
  std::set<std::string> out;
  std::istringstream in(norm(s));
  std::string w;
  while (in >> w) out.insert(w);
  return out;
}

double similarity(const std::string& a, const std::string& b) {
  auto wa = word_set(a), wb = word_set(b);
  if (wa.empty() || wb.empty()) return 0;
  size_t common = 0;
  for (const auto& w : wa) common += wb.count(w);
  return static_cast<double>(common) / static_cast<double>(std::max(wa.size(), wb.size()));
}

const Regex& number_prefix() {
  static const Regex re("^\\s*(\\d{1,3})\\s*[.):]?\\s+(.*)$");
  return re;
}

class Builder {
 public:
  Builder(Document& doc, const RecommendationsOptions& o, const std::vector<std::string>& bullets)
      : doc_(doc), o_(o), bullets_(bullets) {
    order_ = reading_order(doc);
    for (size_t k = 0; k < order_.size(); ++k)
      pos_[{order_[k].page_idx, order_[k].line_idx}] = k;
    for (size_t i = 0; i < doc.items.size(); ++i)
      for (const LineRef& r : doc.items[i].lines) item_of_line_[{r.page_idx, r.line_idx}] = i;
  }

  const std::vector<LineRef>& order() const { return order_; }
  const Line& line(size_t k) const { return doc_.pages[order_[k].page_idx].lines[order_[k].line_idx]; }

  // The item holding reading-order position k: from `items` when it ran, else the nearest
  // numbered heading above.
  std::pair<std::optional<std::string>, std::optional<std::string>> item_at(size_t k) const {
    // In an agenda pack a report's recommendations belong to the report's item (the pack's
    // items hold only the front sheet's lines), and take the report's title.
    if (is_pack(doc_)) {
      const PackDocument* d = document_at(doc_, doc_.pages[order_[k].page_idx].number);
      if (d && d != &doc_.documents.front())
        return {d->item, d->title.empty() ? std::nullopt : std::optional<std::string>(d->title)};
    }
    for (size_t j = k + 1; j-- > 0;) {
      auto it = item_of_line_.find({order_[j].page_idx, order_[j].line_idx});
      if (it != item_of_line_.end()) {
        const Item& item = doc_.items[it->second];
        return {item.number, item.title};
      }
    }
    if (!doc_.items.empty()) return {std::nullopt, std::nullopt};
    for (size_t j = k + 1; j-- > 0;) {
      const Line& l = line(j);
      if (!l.heading || l.table >= 0) continue;
      RegexMatch m;
      if (!o_.item_heading.match(l.text, &m)) continue;
      std::string title = trim(m[2].str());
      if (title.empty() && j + 1 < order_.size() && line(j + 1).heading) title = line(j + 1).text;
      return {m[1].str(), title};
    }
    return {std::nullopt, std::nullopt};
  }

  std::optional<std::string> clean_title(std::optional<std::string> title) const {
    if (!title) return title;
    std::string t = *title;
    for (const Regex& re : o_.title_strip) t = re.replace_all(t, "");
    t = trim(t);
    if (t.empty()) return std::nullopt;
    return t;
  }

  // A line naming the inquiry just above position k ("Inquiry Title: Digital Inclusion").
  std::optional<std::string> title_near(size_t k) const {
    for (size_t j = k, seen = 0; j-- > 0 && seen < 6; ++seen) {
      RegexMatch m;
      const std::string& t = line(j).text;
      for (const Regex& re : o_.title_patterns)
        if (re.search(t, &m)) return trim(m[1].str());
    }
    return std::nullopt;
  }

  bool is_bullet(const std::string& w) const {
    return std::find(bullets_.begin(), bullets_.end(), w) != bullets_.end();
  }

  // A recommendation cell: its paragraphs are the text, its bullet lines the bullets.
  void split_text(const std::string& cell, Recommendation& rec) const {
    std::vector<std::string> text;
    std::istringstream in(cell);
    std::string para;
    while (std::getline(in, para)) {
      para = trim(para);
      if (para.empty()) continue;
      size_t sp = para.find(' ');
      if (sp != std::string::npos && is_bullet(para.substr(0, sp))) {
        rec.bullets.push_back(trim(para.substr(sp + 1)));
      } else {
        text.push_back(para);
      }
    }
    rec.text = join_lines(text);
  }

  std::optional<RecSource> from_table(int index) const {
    const Table& t = doc_.tables[index];
    if (t.rows.size() < 2) return std::nullopt;
    std::vector<std::string> fields;
    std::set<std::string> seen;
    for (const Cell& c : t.rows.front()) {
      std::string f = header_field(c.text, o_);
      if (seen.count(f)) f.clear();  // a second column of one meaning is kept out
      if (!f.empty()) seen.insert(f);
      fields.push_back(f);
    }
    // A progress table may give numbers and statuses only ("No | Status | Update").
    bool progress = seen.count("number") && seen.count("status");
    if ((!seen.count("text") && !progress) || seen.size() < 2) return std::nullopt;
    RecSource src;
    src.from_table = true;
    size_t k = 0;
    while (k < order_.size() && line(k).table != index) ++k;
    src.position = k;
    auto [item, item_title] = item_at(k == 0 ? 0 : k - 1);
    src.item = item;
    src.title = title_near(k);
    if (!src.title) src.title = clean_title(item_title);
    for (size_t r = 1; r < t.rows.size(); ++r) {
      Entry e;
      Recommendation& rec = e.rec;
      for (size_t c = 0; c < fields.size() && c < t.rows[r].size(); ++c) {
        const Cell& cell = t.rows[r][c];
        e.words.insert(e.words.end(), cell.words.begin(), cell.words.end());
        std::string text = trim(cell.text);
        const std::string& f = fields[c];
        if (text.empty() || f.empty()) continue;
        if (f == "number") {
          RegexMatch m;
          static const Regex digits("(\\d{1,3})");
          if (digits.search(text, &m)) e.printed = m[1].str();
          if (!cell.words.empty()) e.page = doc_.pages[cell.words.front().page_idx].number;
        } else if (f == "text") {
          // The number printed before the text ("6. That ..."), on its first line only.
          RegexMatch m;
          size_t nl = text.find('\n');
          std::string first = text.substr(0, nl);
          std::string rest = nl == std::string::npos ? "" : text.substr(nl);
          std::string body = text;
          if (number_prefix().match(first, &m)) {
            if (!e.printed) {
              e.printed = m[1].str();
              if (!cell.words.empty()) e.page = doc_.pages[cell.words.front().page_idx].number;
            }
            body = m[2].str() + rest;
          }
          split_text(body, rec);
        } else if (f == "agreed") {
          rec.agreed = normalise_agreed(text, o_);
        } else if (f == "status") {
          rec.status = normalise_status(text, o_);
        } else if (f == "response") {
          rec.response = text;
        } else if (f == "cabinet_member") {
          rec.cabinet_member = one_line(text);
        } else if (f == "officer") {
          rec.officer = one_line(text);
        } else if (f == "action_by") {
          rec.action_by_raw = one_line(text);
          // A full date stays a date; a month alone becomes "YYYY-MM".
          if (auto d = parse_date(*rec.action_by_raw)) rec.action_by = *d;
          else rec.action_by = parse_month(*rec.action_by_raw);
        }
      }
      if (rec.text.empty() && !e.printed) continue;  // an empty or spacer row
      if (e.page == 0 && !e.words.empty()) e.page = doc_.pages[e.words.front().page_idx].number;
      src.entries.push_back(std::move(e));
    }
    if (src.entries.empty()) return std::nullopt;
    return src;
  }

  // Words that state a recommendation rather than its number's sequel ("and 4:") or its
  // status ("Status: complete"). `opening`: the first words, three at least.
  bool is_statement(const std::string& text, bool opening = true) const {
    if (text.empty() || o_.status_phrase.search(text)) return false;
    if (!opening) return true;
    size_t words = 1 + static_cast<size_t>(std::count(text.begin(), text.end(), ' '));
    return words >= 3 && std::isupper(static_cast<unsigned char>(text[0]));
  }

  // A report's recommendations as a labelled list right under the line that introduces them
  // ("County Council is asked to:" / "(a) Note the report;" ...). Labels must run in one
  // sequence from its start (a, 1, i) at one x; a line indented past the label continues its
  // entry. Two entries or more make a set: a lone "is asked to approve X" is not one.
  std::vector<RecSource> from_lists() const {
    std::vector<RecSource> out;
    for (size_t k = 0; k < order_.size(); ++k) {
      const Line& intro = line(k);
      if (intro.table >= 0) continue;
      std::string t = unquoted(intro.text);
      if (!std::any_of(o_.list_intro.begin(), o_.list_intro.end(),
                       [&](const Regex& re) { return re.search(t); }))
        continue;
      RecSource src;
      src.position = k;
      double label_x = 0, text_x = 0;
      std::string kind;
      std::vector<std::string> texts;
      size_t j = k + 1;
      for (; j < order_.size(); ++j) {
        const Line& l = line(j);
        if (l.table >= 0 || l.words.empty() || order_[j].page_idx > order_[k].page_idx + 1) break;
        const Page& page = doc_.pages[order_[j].page_idx];
        const std::string& first = page.words[l.words.front()].text;
        RegexMatch m;
        if (o_.list_label.match(first, &m)) {
          std::string label = m[1].str();
          for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (src.entries.empty()) {
            kind = label == "a" ? "letter" : label == "1" ? "number" : label == "i" ? "roman" : "";
            if (kind.empty()) break;
            label_x = l.bbox.x0;
          } else {
            if (std::abs(l.bbox.x0 - label_x) > 6) break;
            auto prev = label_value(*src.entries.back().printed, kind);
            auto now = label_value(label, kind);
            // Numbers may skip or repeat (a misprint is repaired later); letters may not.
            if (!now || !prev || (kind != "number" && *now != *prev + 1)) break;
          }
          Entry e;
          e.printed = label;
          e.page = doc_.pages[order_[j].page_idx].number;
          for (uint32_t wi : l.words) e.words.push_back({order_[j].page_idx, wi});
          src.entries.push_back(std::move(e));
          text_x = l.words.size() > 1 ? page.words[l.words[1]].bbox.x0 : l.bbox.x1;
          texts.push_back(l.words.size() > 1 ? trim(l.text.substr(first.size())) : "");
          continue;
        }
        if (src.entries.empty()) break;
        // A continuation sits under the entry's text, close below the line before it.
        const Line& before = line(j - 1);
        bool under = l.bbox.x0 > label_x + 4 && l.bbox.x0 >= text_x - 4;
        bool close = order_[j].page_idx != order_[j - 1].page_idx ||
                     l.bbox.y0 - before.bbox.y1 <= 0.9 * size_of(l);
        if (!under || !close) break;
        texts.back() = join_lines({texts.back(), l.text});
        for (uint32_t wi : l.words) src.entries.back().words.push_back({order_[j].page_idx, wi});
      }
      if (src.entries.size() < 2) continue;
      for (size_t e = 0; e < src.entries.size(); ++e)
        src.entries[e].rec.text = unquoted(texts[e]);
      auto [item, item_title] = item_at(k);
      src.item = item;
      src.title = clean_title(item_title);
      if (resolved_alike(src, k)) {
        for (Entry& e : src.entries) e.rec.agreed = "yes";
      }
      out.push_back(std::move(src));
      k = j - 1;
    }
    return out;
  }

  // Whether a resolution of the item holding position k says what the list says (the motion
  // quoting the recommendations was carried as put).
  bool resolved_alike(const RecSource& src, size_t k) const {
    auto it = item_of_line_.find({order_[k].page_idx, order_[k].line_idx});
    if (it == item_of_line_.end()) return false;
    std::string all;
    for (const Entry& e : src.entries) all += e.rec.text + " ";
    for (const Resolution& r : doc_.items[it->second].resolutions)
      if (similarity(all, r.text) >= 0.5) return true;
    return false;
  }

  // "Recommendation N:" paragraphs: consecutive ones (nothing but their notes between) form
  // one source; the status is read from the sentence that states it.
  std::vector<RecSource> from_monitoring() const {
    std::vector<RecSource> out;
    std::optional<RecSource> cur;
    std::optional<std::string> cur_item;
    size_t last_heading = 0;
    // A source whose paragraphs state no status at all is prose that cites a recommendation
    // ("Recommendation 9 of the review was not discussed"), not monitoring.
    auto close = [&] {
      if (cur && std::any_of(cur->entries.begin(), cur->entries.end(),
                             [](const Entry& e) { return e.rec.status.has_value(); }))
        out.push_back(std::move(*cur));
      cur.reset();
    };
    std::vector<std::string> pending;  // text after the current heading
    bool text_open = false;  // the lines still continue the recommendation's text
    auto settle = [&] {
      if (!cur || cur->entries.empty()) return;
      std::string text = join_lines(pending);
      RegexMatch m;
      if (o_.status_phrase.search(text, &m))
        cur->entries.back().rec.status = normalise_status(m[1].str().substr(0, 60), o_);
      pending.clear();
    };
    for (size_t k = 0; k < order_.size(); ++k) {
      const Line& l = line(k);
      if (l.table >= 0) continue;
      RegexMatch m;
      if (o_.monitoring_heading.match(l.text, &m)) {
        settle();
        auto [item, item_title] = item_at(k);
        if (cur && (item != cur_item || k - last_heading > 25)) close();
        if (!cur) {
          cur = RecSource{};
          cur->position = k;
          cur->item = item;
          cur->title = clean_title(item_title);
          cur_item = item;
        }
        Entry e;
        e.printed = m[1].str();
        e.page = doc_.pages[order_[k].page_idx].number;
        for (uint32_t wi : l.words) e.words.push_back({order_[k].page_idx, wi});
        // The recommendation's own words may follow its number ("Recommendation 3: That the
        // Council ..."): they run on until a bullet, a blank or the sentence with the status.
        std::string rest = trim(m[2].str());
        text_open = is_statement(rest);
        if (text_open) e.rec.text = rest;
        cur->entries.push_back(std::move(e));
        pending.clear();
        if (!rest.empty()) pending.push_back(rest);
        last_heading = k;
        continue;
      }
      if (text_open && cur) {
        const Line& before = line(k - 1);
        bool close_below = order_[k].page_idx != order_[k - 1].page_idx ||
                           l.bbox.y0 - before.bbox.y1 <= 0.6 * size_of(l);
        if (!l.bullet.empty() || !close_below || !is_statement(l.text, false)) {
          text_open = false;
        } else {
          Recommendation& rec = cur->entries.back().rec;
          rec.text = join_lines({rec.text, l.text});
        }
      }
      if (cur && k - last_heading <= 8) {
        pending.push_back(text_without_bullet(l));
        if (pending.size() <= 3)
          for (uint32_t wi : l.words) cur->entries.back().words.push_back({order_[k].page_idx, wi});
      }
    }
    settle();
    close();
    return out;
  }

 private:
  Document& doc_;
  const RecommendationsOptions& o_;
  const std::vector<std::string>& bullets_;
  std::vector<LineRef> order_;
  std::map<std::pair<uint32_t, uint32_t>, size_t> pos_;
  std::map<std::pair<uint32_t, uint32_t>, size_t> item_of_line_;
};

// Whether `src` speaks about the recommendations of set `set` (same inquiry).
bool same_inquiry(const RecommendationSet& set, const RecSource& src) {
  if (set.title && src.title && norm(*set.title) == norm(*src.title)) return true;
  int compared = 0, alike = 0;
  for (size_t k = 0; k < src.entries.size() && k < set.recommendations.size(); ++k) {
    const std::string& a = src.entries[k].rec.text;
    const std::string& b = set.recommendations[k].text;
    if (a.empty() || b.empty()) continue;
    ++compared;
    alike += similarity(a, b) >= 0.7;
  }
  return compared > 0 && alike * 10 >= compared * 6;
}

template <typename T>
void fill(std::optional<T>& into, const std::optional<T>& from) {
  if (!into && from) into = from;
}

// Numbering. Printed numbers that run from 1 in one rising sequence (a lost row leaves a
// gap, not a shift) give `number`; an outlier off that sequence (a misprint, a repeat) takes
// the place between its neighbours and is reported. Otherwise the position decides, and a
// printed number off the sequence is reported.
void number_entries(RecSource& src, const Document& doc, StageContext& ctx) {
  std::vector<std::optional<std::string>> labels;
  for (const Entry& e : src.entries) labels.push_back(e.printed);
  std::string kind = label_kind(labels);
  size_t n = src.entries.size();
  std::vector<std::optional<int>> value(n);
  for (size_t k = 0; k < n; ++k)
    if (src.entries[k].printed) value[k] = label_value(*src.entries[k].printed, kind);
  auto report = [&](const Entry& e, int number) {
    ctx.issue("RECOMMENDATION_NUMBER_REPAIRED", "warning",
              "printed " + e.printed.value_or("nothing") + ", position " + std::to_string(number),
              e.page);
  };
  // Longest strictly rising run of printed values (O(n^2): sets are short).
  std::vector<int> len(n, 0), back(n, -1);
  int best_end = -1, valued = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!value[k] || *value[k] < 1) continue;
    ++valued;
    len[k] = 1;
    for (size_t j = 0; j < k; ++j)
      if (len[j] > 0 && *value[j] < *value[k] && *value[k] - *value[j] >= static_cast<int>(k - j) &&
          len[j] + 1 > len[k]) {
        len[k] = len[j] + 1;
        back[k] = static_cast<int>(j);
      }
    if (best_end < 0 || len[k] > len[best_end]) best_end = static_cast<int>(k);
  }
  std::vector<bool> inlier(n, false);
  size_t first = n;
  for (int k = best_end; k >= 0; k = back[k]) {
    inlier[k] = true;
    first = static_cast<size_t>(k);
  }
  std::vector<int> number(n, 0);
  bool printed_order = best_end >= 0 && 2 * len[best_end] > valued && len[best_end] >= 2 &&
                       *value[first] == static_cast<int>(first + 1);
  if (printed_order) {
    int prev = 0;
    for (size_t k = 0; k < n && printed_order; ++k) {
      if (inlier[k]) {
        number[k] = *value[k];
      } else {
        number[k] = prev + 1;
        size_t next = k + 1;
        while (next < n && !inlier[next]) ++next;
        if (next < n && number[k] + static_cast<int>(next - k) > *value[next]) printed_order = false;
      }
      prev = number[k];
    }
  }
  if (printed_order) {
    for (size_t k = 0; k < n; ++k)
      if (!inlier[k]) report(src.entries[k], number[k]);
  } else {
    std::map<int, int> offsets;
    for (size_t k = 0; k < n; ++k)
      if (value[k]) ++offsets[*value[k] - static_cast<int>(k + 1)];
    int offset = 0, most = 0;
    for (const auto& [off, count] : offsets)
      if (count > most) {
        most = count;
        offset = off;
      }
    for (size_t k = 0; k < n; ++k) {
      number[k] = static_cast<int>(k + 1);
      bool wrong = value[k] ? *value[k] != number[k] + offset : !offsets.empty();
      if (wrong) report(src.entries[k], number[k]);
    }
  }
  for (size_t k = 0; k < n; ++k) {
    Entry& e = src.entries[k];
    e.rec.number = number[k];
    e.rec.printed_number = e.printed;
    e.rec.prov = provenance_of(doc, e.words);
  }
}

}  // namespace

Result<void> RecommendationsStage::run(Document& doc, StageContext& ctx) {
  doc.recommendation_sets.clear();
  RecommendationsOptions o = RecommendationsOptions::from_vocab(ctx.vocab("recommendations"));
  auto bullets = get_or<std::vector<std::string>>(ctx.vocab("layout"), "bullets", {});
  Builder b(doc, o, bullets);
  std::vector<RecSource> sources;
  for (int t = 0; t < static_cast<int>(doc.tables.size()); ++t)
    if (auto s = b.from_table(t)) sources.push_back(std::move(*s));
  for (RecSource& s : b.from_monitoring()) sources.push_back(std::move(s));
  for (RecSource& s : b.from_lists()) sources.push_back(std::move(s));
  // The minutes of an earlier meeting enclosed in a pack recorded that meeting's sets, not
  // this one's.
  if (is_pack(doc)) {
    std::erase_if(sources, [&](const RecSource& s) {
      if (s.position >= b.order().size()) return false;
      const PackDocument* d = document_at(doc, doc.pages[b.order()[s.position].page_idx].number);
      return d && d->kind == "minutes";
    });
  }
  std::stable_sort(sources.begin(), sources.end(),
                   [](const RecSource& x, const RecSource& y) { return x.position < y.position; });

  for (RecSource& src : sources) {
    number_entries(src, doc, ctx);
    RecommendationSet* into = nullptr;
    for (RecommendationSet& set : doc.recommendation_sets)
      if (same_inquiry(set, src)) into = &set;
    if (!into) {
      RecommendationSet set;
      set.title = src.title;
      set.item = src.item;
      for (Entry& e : src.entries) set.recommendations.push_back(std::move(e.rec));
      doc.recommendation_sets.push_back(std::move(set));
      continue;
    }
    fill(into->title, src.title);
    fill(into->item, src.item);
    for (Entry& e : src.entries) {
      auto it = std::find_if(into->recommendations.begin(), into->recommendations.end(),
                             [&](const Recommendation& r) { return r.number == e.rec.number; });
      if (it == into->recommendations.end()) {
        into->recommendations.push_back(std::move(e.rec));
        continue;
      }
      Recommendation& r = *it;
      if (r.text.empty()) r.text = e.rec.text;
      if (r.bullets.empty()) r.bullets = e.rec.bullets;
      fill(r.printed_number, e.rec.printed_number);
      fill(r.agreed, e.rec.agreed);
      fill(r.status, e.rec.status);
      fill(r.response, e.rec.response);
      fill(r.cabinet_member, e.rec.cabinet_member);
      fill(r.officer, e.rec.officer);
      fill(r.action_by, e.rec.action_by);
      fill(r.action_by_raw, e.rec.action_by_raw);
      r.prov = merge_provenance(r.prov, e.rec.prov);
    }
  }
  for (RecommendationSet& set : doc.recommendation_sets) {
    for (const Recommendation& r : set.recommendations) set.prov = merge_provenance(set.prov, r.prov);
  }
  return {};
}

}  // namespace agendapack
