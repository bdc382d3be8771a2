#include "stages/meeting.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "pipeline/dates.h"
#include "stages/documents.h"
#include "stages/layout.h"
#include "stages/meeting_phrases.h"

namespace agendapack {

using namespace meeting_text;

namespace {

// What the meeting sentence says: "MINUTES of a meeting of the Cabinet held in VENUE on DATE".
struct SentenceParts {
  std::optional<std::string> body, venue, date, start, end;
};

struct DateCandidate {
  std::string iso;
  int score = 0;  // how surely it is this meeting's date (see read_dates)
  int page = 1;
  std::string where;
};

class MeetingReader {
 public:
  MeetingReader(Document& doc, const MeetingVocab& v, StageContext& ctx)
      : doc_(doc), v_(v), ctx_(ctx) {}
  void run();

 private:
  void collect_lines();
  void read_labels();
  std::optional<size_t> find_sentence() const;
  void read_sentence(size_t i);
  void read_dates();
  void read_title_times();
  void read_venue_block();
  void read_authority();
  /// `and_is_amp`: "&" and "and" are the same word (an authority's name spells it out).
  std::string canonical_form(const std::string& name, bool and_is_amp) const;
  std::optional<std::string> full_council_body(const std::string& body) const;
  std::optional<AuthorityMatch> authority_from_acronym();
  void read_body();
  void find_body();
  void read_end_time();
  void read_start_phrase();
  void read_next_meeting();
  void raise_issues();
  bool date_rejected(size_t i, size_t date_begin) const;
  bool date_rejected_in(const std::string& text, size_t date_begin) const;
  void use(const MLine& l) { used_.emplace_back(l.ref.page_idx, l.ref.line_idx); }
  std::string joined_from(size_t i, size_t max_lines) const;

  Document& doc_;
  const MeetingVocab& v_;
  StageContext& ctx_;
  std::vector<MLine> all_;        // body lines in reading order
  size_t zone_end_ = 0;           // all_[0, zone_end_) lie before the first item
  size_t first_heading_ = 0;      // the first attendance heading in the zone (or zone_end_)
  size_t region_end_ = 0;         // attendance may be read up to here (the first items)
  size_t letter_end_ = 0;         // a covering letter's head: all_[0, letter_end_)
  bool agenda_ = false, minutes_ = false;  // what the title says the document is
  std::vector<MLine> furniture_;  // running headers and footers
  std::vector<std::pair<uint32_t, uint32_t>> used_;
  std::optional<std::string> label_time_, label_venue_, label_chair_, label_body_;
  std::optional<size_t> sentence_line_;
  std::string sentence_subject_;  // "Manordeilo and Salem Community Council held ..."
  SentenceParts sentence_;
  std::optional<std::string> title_start_, title_end_;
  std::optional<AuthorityMatch> authority_;
  std::vector<DateCandidate> dates_;
};

std::string MeetingReader::joined_from(size_t i, size_t max_lines) const {
  std::vector<std::string> parts;
  for (size_t k = i; k < all_.size() && k < i + max_lines; ++k) parts.push_back(all_[k].text);
  return join_lines(parts);
}

void MeetingReader::collect_lines() {
  // An agenda pack's meeting is its front sheet's, never that of minutes it encloses.
  for (const LineRef& r : own_reading_order(doc_)) {
    const Page& page = doc_.pages[r.page_idx];
    const Line& line = page.lines[r.line_idx];
    all_.push_back({r, &line, line_text(page, line), page.number});
  }
  const auto [own_first, own_last] = own_pages(doc_);
  for (uint32_t p = 0; p < doc_.pages.size(); ++p) {
    const Page& page = doc_.pages[p];
    if (page.number < own_first || page.number > own_last) continue;
    for (uint32_t k = 0; k < page.lines.size(); ++k) {
      const Line& line = page.lines[k];
      if (line.role == LineRole::header || line.role == LineRole::footer)
        furniture_.push_back({{p, k}, &line, line_text(page, line), page.number});
    }
  }
  // Item starts: the items stage's ...
  std::map<std::pair<uint32_t, uint32_t>, size_t> index;
  for (size_t i = 0; i < all_.size(); ++i) index[{all_[i].ref.page_idx, all_[i].ref.line_idx}] = i;
  std::vector<size_t> starts;
  for (const Item& item : doc_.items) {
    if (item.lines.empty()) continue;
    auto it = index.find({item.lines.front().page_idx, item.lines.front().line_idx});
    if (it != index.end()) starts.push_back(it->second);
  }
  // ... and numbered headings found here: an agenda's list of items that the items stage did
  // not take (it may have taken the items of enclosed reports instead) still ends the title
  // area.
  for (size_t i = 0; i < all_.size(); ++i)
    if (is_item_start(all_[i].text, v_)) starts.push_back(i);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  // A document with no items (a notice, an agenda cover) still has its meeting at the top.
  zone_end_ = std::min<size_t>(starts.empty() ? all_.size() : starts.front(), 80);
  // The title area is on the first pages: what follows a page or two further on belongs to
  // an enclosed document (the minutes of an earlier meeting, a report).
  const int first_page_no = all_.empty() ? 1 : all_.front().page;
  for (size_t i = 0; i < zone_end_; ++i) {
    if (all_[i].page > first_page_no + 1) {
      zone_end_ = i;
      break;
    }
  }
  // Attendance is printed before the items or in the first of them (apologies, roll call),
  // within a page of the title area.
  region_end_ = starts.size() >= 3 ? starts[2] : all_.size();
  region_end_ = std::max(region_end_, zone_end_);
  const int last_zone_page = zone_end_ > 0 ? all_[zone_end_ - 1].page : first_page_no;
  for (size_t i = zone_end_; i < region_end_; ++i) {
    if (all_[i].page > last_zone_page + 1) {
      region_end_ = i;
      break;
    }
  }
  first_heading_ = zone_end_;
  for (size_t i = 0; i < zone_end_; ++i) {
    if (match_heading(all_[i].text, v_)) {
      first_heading_ = i;
      break;
    }
  }
  // An agenda (its title says so, and nothing says minutes) records no attendance: a roll
  // call or membership list on it names who is expected, not who came.
  bool agenda = false, minutes = false;
  for (size_t i = 0; i < first_heading_ && i < 15; ++i) {
    std::string lt = lower(all_[i].text);
    for (const std::string& w : v_.agenda_words) agenda |= has_word(lt, w);
    for (const std::string& w : v_.minutes_words) minutes |= has_word(lt, w);
  }
  agenda_ = agenda && !minutes;
  minutes_ = minutes;
  // A covering letter ("Dear Councillor, ...") has its own date and address above it.
  const uint32_t first_page = all_.empty() ? 0 : all_.front().ref.page_idx;
  for (size_t i = 0; i < zone_end_ && all_[i].ref.page_idx == first_page; ++i) {
    std::string lt = lower(all_[i].text);
    for (const std::string& o : v_.letter_openings)
      if (starts_with_word(lt, o)) letter_end_ = i;
    if (letter_end_) break;
  }
}

void MeetingReader::read_labels() {
  for (size_t i = letter_end_; i < zone_end_; ++i) {
    const MLine& l = all_[i];
    auto lab = match_label(l.text, v_);
    if (!lab) continue;
    std::string value = lab->value;
    if (value.empty() && i + 1 < zone_end_ && !match_label(all_[i + 1].text, v_) &&
        !match_heading(all_[i + 1].text, v_))
      value = all_[i + 1].text;
    if (lab->field == "date") {
      auto dates = find_dates(value, v_.dates);
      if (dates.empty() || date_rejected(i, 0)) continue;
      dates_.push_back({dates.front().iso, 6, l.page, "the Date label"});
      std::optional<std::string> s, e;
      std::string after = value.substr(dates.front().end);
      times_from(after, v_, s, e);
      if (s && !label_time_) label_time_ = after;
    } else if (lab->field == "time" && (!label_time_ || find_times(*label_time_, v_.dates).empty())) {
      label_time_ = value;
    } else if (lab->field == "venue" && !label_venue_ && !trim_punct(value).empty()) {
      label_venue_ = trim_punct(value);
    } else if (lab->field == "body" && !label_body_) {
      // A report's "To: Cabinet", a front sheet's "Committee: Planning Committee".
      std::string b = cut_body(value, v_);
      if (plausible_body(b, v_)) label_body_ = title_case_if_caps(b, v_);
    } else if (lab->field == "chair" && !label_chair_) {
      auto names = parse_name_list(value, v_);
      if (!names.empty()) label_chair_ = names.front().name;
    }
    use(l);
  }
}

// The meeting sentence: the first line in the title area opening with "Minutes of ...", or
// else one saying where and when it was (or will be) held.
std::optional<size_t> MeetingReader::find_sentence() const {
  // "This agenda contains a summary of ..." opens no meeting sentence: it must say when or
  // where the meeting was held.
  auto about_meeting = [&](size_t i) {
    std::string s = lower(joined_from(i, 3));
    if (!find_dates(s, v_.dates).empty()) return true;
    for (const std::string& h : v_.held_words)
      if (has_word(s, h)) return true;
    return false;
  };
  for (size_t i = letter_end_; i < first_heading_; ++i) {
    std::string lt = lower(all_[i].text);
    for (const std::string& op : v_.openers) {
      size_t p = find_word(lt, op);
      if (p != std::string::npos && p < 40 && about_meeting(i)) return i;
    }
  }
  for (size_t i = letter_end_; i < first_heading_; ++i) {
    std::string lt = lower(all_[i].text);
    for (const std::string& h : v_.held_words) {
      size_t p = find_word(lt, h);
      if (p == std::string::npos) continue;
      // The date may follow on the next line; "approve the minutes of the meeting held on
      // 8 November" is another meeting's.
      std::string text = joined_from(i, 3);
      auto dates = find_dates(text, v_.dates);
      if (!dates.empty() && dates.front().begin > p && !date_rejected_in(text, dates.front().begin))
        return i;
    }
  }
  return std::nullopt;
}

void MeetingReader::read_sentence(size_t i) {
  // "NOTICE IS HEREBY GIVEN that a Regular Board Meeting will" / "be held on ...": a sentence
  // found by its "held" may have begun a line or two before.
  bool opener = false;
  for (const std::string& op : v_.openers) {
    size_t p = find_word(lower(all_[i].text), op);
    opener |= p != std::string::npos && p < 40;
  }
  for (size_t k = 0; k < 2 && !opener && i > letter_end_; ++k) {
    const MLine& prev = all_[i - 1];
    std::string pt = trim(prev.text);
    float ps = prev.line->font_size > 0 ? prev.line->font_size : 10;
    if (pt.empty() || pt.back() == '.' || pt.back() == ':' || gap_between(prev, all_[i]) > 0.9 * ps ||
        match_heading(pt, v_) || match_label(pt, v_) || words_of(pt).size() < 6)
      break;
    --i;
  }
  const MLine& first = all_[i];
  std::vector<std::string> parts = {first.text};
  use(first);
  float size = first.line->font_size > 0 ? first.line->font_size : 10;
  for (size_t k = i + 1; k < first_heading_ && k < i + 5; ++k) {
    const MLine& l = all_[k];
    double gap = gap_between(all_[k - 1], l);
    // A sentence goes on while its lines are close and it has not ended; a centred second
    // line starts elsewhere than the first.
    std::string prev = trim(parts.back());
    // "Cwmifor." ends it; "6:30 p.m." and an initial do not.
    bool ended = !prev.empty() && prev.back() == '.' && words_of(prev).size() > 1 &&
                 strip_dots(words_of(prev).back()).size() > 2;
    bool bullet = false;
    line_text(doc_.pages[l.ref.page_idx], *l.line, &bullet);
    // A short heading under a plain sentence ("Perfunctory Business") starts something else.
    bool title = l.line->heading && !first.line->heading && words_of(l.text).size() <= 6;
    // A line wholly to the right of the one above is another column ("PETER BUNGARD / CHIEF
    // EXECUTIVE" beside the title), not the sentence going on.
    bool beside = l.line->bbox.x0 >= all_[k - 1].line->bbox.x1;
    if (gap > 0.9 * size || ended || bullet || title || beside) break;
    if (match_label(l.text, v_) || match_heading(l.text, v_) || is_item_start(l.text, v_)) break;
    parts.push_back(l.text);
    use(l);
  }
  std::string s = join_lines(parts);
  std::string ls = lower(s);
  size_t body_from = std::string::npos;
  for (const std::string& op : v_.openers) {
    size_t p = find_word(ls, op);
    if (p != std::string::npos && p < 40) {
      body_from = p + op.size();
      break;
    }
  }
  size_t held = std::string::npos;
  for (const std::string& h : v_.held_words) held = std::min(held, find_word(ls, h));
  if (body_from == std::string::npos) {
    // "A special meeting of the X was held on ...", "X held their meeting at ..."
    size_t of = find_word(ls, "meeting of");
    if (of != std::string::npos && of < held) {
      body_from = of;
    } else {
      body_from = held == std::string::npos ? 0 : held;
      if (held != std::string::npos) sentence_subject_ = trim_punct(s.substr(0, held));
    }
  }
  std::string rest = strip_meeting_words(s.substr(body_from), v_);
  std::string lrest = lower(rest);
  std::string body;
  bool starts_held = false;
  for (const std::string& h : v_.held_words) starts_held |= starts_with_word(lrest, h);
  if (!starts_held && !starts_with_word(lrest, "on")) body = cut_body(rest, v_);
  if (plausible_body(body, v_)) sentence_.body = title_case_if_caps(body, v_);
  size_t after_body = s.size() - rest.size() + (sentence_.body ? body.size() : 0);
  std::string tail = s.substr(std::min(after_body, s.size()));
  auto dates = find_dates(tail, v_.dates);
  if (!dates.empty()) {
    sentence_.date = dates.front().iso;
    // "held on DATE at TIME", else "held at TIME on DATE".
    times_from(std::string_view(tail).substr(dates.front().end), v_, sentence_.start, sentence_.end);
    if (!sentence_.start) times_from(tail, v_, sentence_.start, sentence_.end);
  } else {
    times_from(tail, v_, sentence_.start, sentence_.end);
  }
  sentence_.venue = venue_from(tail, v_, sentence_.body);
}

// A date whose line names it as something else: "Date of issue", "Published", the minutes of
// the previous meeting.
bool MeetingReader::date_rejected(size_t i, size_t date_begin) const {
  if (date_rejected_in(all_[i].text, date_begin == 0 ? all_[i].text.size() : date_begin)) return true;
  // "REVISED" over "4/23/19": a label on the line above a date alone.
  if (i > 0 && date_begin == 0 && words_of(all_[i - 1].text).size() <= 2 &&
      find_dates(all_[i - 1].text, v_.dates).empty())
    return date_rejected_in(all_[i - 1].text, all_[i - 1].text.size());
  return false;
}

bool MeetingReader::date_rejected_in(const std::string& text, size_t date_begin) const {
  std::string before = lower(text.substr(0, std::min(date_begin, text.size())));
  for (const std::string& w : v_.date_reject_words)
    if (has_word(before, w)) return true;
  return false;
}

// Dates in the title area, by how surely each is this meeting's: a Date label (6), the meeting
// sentence (5), a title line naming a meeting or body (4), a short line (3). A covering
// letter's head and dates labelled as something else do not count; running headers and
// footers (2) only when the title area has none.
void MeetingReader::read_dates() {
  if (sentence_.date && sentence_line_)
    dates_.push_back({*sentence_.date, 5, all_[*sentence_line_].page, "the meeting sentence"});
  for (size_t i = letter_end_; i < first_heading_; ++i) {
    const MLine& l = all_[i];
    if (match_label(l.text, v_)) continue;
    if (sentence_line_ && i == *sentence_line_) continue;
    auto dates = find_dates(l.text, v_.dates);
    if (dates.empty() || date_rejected(i, dates.front().begin)) continue;
    std::string lt = lower(l.text);
    size_t words = words_of(l.text).size();
    // A date in running prose is another date: a long line, or one wrapped between two.
    auto prose = [&](size_t k) {
      return k < all_.size() && words_of(all_[k].text).size() >= 6 &&
             std::abs(gap_between(all_[std::min(i, k)], all_[std::max(i, k)])) < 0.9 * l.line->font_size;
    };
    if (words > 14 || (i > 0 && prose(i - 1) && prose(i + 1))) continue;
    // A title names the meeting; a date alone, even in bold, may be a revision's.
    bool alone = trim_punct(l.text.substr(0, dates.front().begin)).empty() &&
                 trim_punct(l.text.substr(dates.front().end)).empty();
    bool titled = (l.line->heading && !alone) || has_body_word(l.text, v_);
    for (const std::string& m : v_.meeting_words) titled |= has_word(lt, m);
    for (const std::string& m : v_.minutes_titles) titled |= has_word(lt, m);
    dates_.push_back({dates.front().iso, titled ? 4 : 3, l.page, "the title"});
    use(l);
  }
  bool in_title = !dates_.empty();
  if (!in_title) {
    for (const MLine& f : furniture_) {
      if (auto d = parse_date(f.text, v_.dates)) {
        dates_.push_back({*d, 2, f.page, "a running header or footer"});
        break;
      }
    }
  }
  std::stable_sort(dates_.begin(), dates_.end(),
                   [](const DateCandidate& a, const DateCandidate& b) { return a.score > b.score; });
  if (!dates_.empty()) doc_.meeting.date = dates_.front().iso;
}

// Times on the title lines: "January 27, 2020, 7:00 p.m.", "Tuesday 4 June 2019" / "10.00 am".
void MeetingReader::read_title_times() {
  for (size_t i = letter_end_; i < first_heading_; ++i) {
    const MLine& l = all_[i];
    if (match_label(l.text, v_) || (sentence_line_ && i == *sentence_line_)) continue;
    auto dates = find_dates(l.text, v_.dates);
    if (dates.empty() || dates.front().iso != doc_.meeting.date.value_or("")) continue;
    times_from(std::string_view(l.text).substr(dates.front().end), v_, title_start_, title_end_);
    // A time that starts one of the next title lines: "Tuesday 4 June 2019" / "10.00 am", or
    // under the venue lines, "7:00 P.M. REGULAR MEETING".
    for (size_t k = i + 1; !title_start_ && k < first_heading_ && k < i + 6; ++k) {
      if (!find_dates(all_[k].text, v_.dates).empty() || match_label(all_[k].text, v_)) break;
      auto t = find_times(all_[k].text, v_.dates);
      if (!t.empty() && t.front().begin == 0) times_from(all_[k].text, v_, title_start_, title_end_);
    }
    if (title_start_) return;
  }
}

// US agendas print the venue on the lines under the date, centred like it:
// "January 27, 2020, 7:00 p.m." / "EPA Government Center" / "City Council Chamber" / "...".
void MeetingReader::read_venue_block() {
  for (size_t i = letter_end_; i < first_heading_; ++i) {
    const MLine& d = all_[i];
    auto dates = find_dates(d.text, v_.dates);
    if (dates.empty() || dates.front().iso != doc_.meeting.date.value_or("")) continue;
    double size = d.line->font_size > 0 ? d.line->font_size : 10;
    double centre = (d.line->bbox.x0 + d.line->bbox.x1) / 2;
    std::vector<std::string> parts;
    for (size_t k = i + 1; k < first_heading_ && k < i + 5; ++k) {
      const MLine& l = all_[k];
      double c = (l.line->bbox.x0 + l.line->bbox.x1) / 2;
      bool aligned = std::abs(c - centre) < 3 * size || std::abs(l.line->bbox.x0 - d.line->bbox.x0) < size;
      std::string lt = lower(l.text);
      bool other = match_label(l.text, v_) || match_heading(l.text, v_) ||
                   is_item_start(l.text, v_) || !find_dates(l.text, v_.dates).empty() ||
                   !find_times(l.text, v_.dates).empty() || words_of(l.text).size() > 8 ||
                   in_list(v_.minutes_titles, trim_punct(lt)) ||
                   (doc_.meeting.body && lt == lower(*doc_.meeting.body));
      if (!aligned || other || gap_between(all_[k - 1], l) > 1.5 * size) break;
      parts.push_back(trim_punct(l.text));
    }
    bool place = false;
    if (!parts.empty()) {
      std::string lp = lower(parts.front());
      for (const std::string& w : v_.venue_words) place |= has_word(lp, w);
      place |= !parts.front().empty() && parts.front()[0] >= '0' && parts.front()[0] <= '9';
    }
    if (place) {
      std::string venue;
      for (const std::string& p : parts) venue += (venue.empty() ? "" : ", ") + p;
      doc_.meeting.venue = venue;
    }
    return;
  }
}

// A name printed in capitals, as the document prints it elsewhere in mixed case
// ("MANORDEILO & SALEM COMMUNITY COUNCIL" -> "Manordeilo and Salem Community Council", "LA
// CAÑADA FLINTRIDGE PLANNING COMMISSION" -> "La Cañada Flintridge Planning Commission"); a
// form whose words are not all capitalised ("the planning committee") is prose, not the name.
std::string MeetingReader::canonical_form(const std::string& name, bool and_is_amp) const {
  auto norm = [&](const std::string& w) {
    std::string x = lower(trim_punct(w));
    return x == "&" && and_is_amp ? std::string("and") : x;
  };
  std::vector<std::string> want;
  for (const std::string& w : words_of(name)) want.push_back(norm(w));
  if (want.empty()) return name;
  auto scan = [&](const std::string& text) -> std::optional<std::string> {
    std::vector<std::string> w = words_of(text);
    for (size_t s = 0; s + want.size() <= w.size(); ++s) {
      bool match = true;
      for (size_t k = 0; k < want.size() && match; ++k) match = norm(w[s + k]) == want[k];
      if (!match) continue;
      std::string found;
      for (size_t k = 0; k < want.size(); ++k) found += (k ? " " : "") + w[s + k];
      found = trim_punct(found);
      bool named = true;
      auto fw = words_of(found);
      for (size_t k = 0; k < fw.size(); ++k)
        named &= (k > 0 && in_list(v_.minor_words, lower(fw[k]))) || is_upper(fw[k][0]) ||
                 static_cast<unsigned char>(fw[k][0]) >= 0x80 || fw[k] == "&";
      if (has_lower(found) && named) return found;
    }
    return std::nullopt;
  };
  for (const MLine& l : all_)
    if (auto f = scan(l.text)) return *f;
  for (const MLine& l : furniture_)
    if (auto f = scan(l.text)) return *f;
  return name;
}

void MeetingReader::read_authority() {
  if (doc_.pages.empty()) return;
  std::optional<AuthorityMatch> found;
  std::optional<MLine> source;
  // Page one's top lines (furniture included), by position: a logo may be two lines.
  // Body lines only from the title area: the items below may name any council.
  const Page& page = doc_.pages.front();
  std::vector<bool> title(page.lines.size(), false);
  for (size_t i = 0; i < zone_end_; ++i)
    if (all_[i].ref.page_idx == 0) title[all_[i].ref.line_idx] = true;
  std::vector<uint32_t> idx;
  for (uint32_t k = 0; k < page.lines.size(); ++k)
    if (page.lines[k].bbox.y0 < page.height * 0.5 &&
        (title[k] || page.lines[k].role != LineRole::body))
      idx.push_back(k);
  std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
    return page.lines[a].bbox.y0 < page.lines[b].bbox.y0;
  });
  if (idx.size() > 20) idx.resize(20);
  for (size_t n = 0; n < idx.size() && !found; ++n) {
    const Line& line = page.lines[idx[n]];
    MLine zl{{0, idx[n]}, &line, line_text(page, line), page.number};
    if (auto a = authority_in_line(doc_, zl, v_)) {
      found = a;
      source = zl;
      break;
    }
    // "CITY OF" over "ROLLING HILLS ESTATES"
    if (n + 1 < idx.size() && in_list(v_.auth_prefixes, lower(trim_punct(zl.text)))) {
      const Line& next = page.lines[idx[n + 1]];
      std::string both = zl.text + " " + line_text(page, next);
      if (next.bbox.y0 - line.bbox.y1 < 2 * std::max(line.font_size, 8.0f) &&
          words_of(both).size() <= 8) {
        if (auto a = match_authority(both, v_)) {
          found = a;
          source = zl;
          break;
        }
      }
    }
    // "Gloucestershire" over "COUNTY COUNCIL"
    if (n + 1 < idx.size()) {
      const Line& next = page.lines[idx[n + 1]];
      std::string ln = lower(trim_punct(next.text));
      auto w = words_of(zl.text);
      bool overlap = next.bbox.x0 < line.bbox.x1 && line.bbox.x0 < next.bbox.x1;
      if (overlap && in_list(v_.auth_logo_suffixes, ln) && !w.empty() && w.size() <= 3 &&
          name_like(w[0]) && next.bbox.y0 - line.bbox.y1 < 2 * std::max(line.font_size, 8.0f)) {
        std::string logo = title_case_if_caps(zl.text, v_) + " " +
                           title_case_if_caps(trim_punct(next.text), v_);
        if (auto a = match_authority(logo, v_)) {
          found = a;
          source = zl;
        }
      }
    }
  }
  for (size_t f = 0; f < furniture_.size() && !found; ++f)
    found = authority_in_line(doc_, furniture_[f], v_);
  // The council that held the meeting, as the meeting sentence's subject: "Manordeilo and
  // Salem Community Council held their meeting", "a meeting of the X Council was held".
  if (!found && !sentence_subject_.empty()) found = match_authority(sentence_subject_, v_);
  if (!found && sentence_line_) {
    std::string s = lower(joined_from(*sentence_line_, 2));
    size_t of = find_word(s, "meeting of");
    if (of != std::string::npos) found = match_authority(joined_from(*sentence_line_, 2).substr(of), v_);
  }
  // The title names only a place ("EAST PALO ALTO") that the text names as an authority
  // ("the City of East Palo Alto's Rules").
  if (!found) {
    std::vector<std::string> titles;
    for (size_t i = 0; i < first_heading_ && i < 12; ++i) {
      if (words_of(all_[i].text).size() <= 5 && find_dates(all_[i].text, v_.dates).empty())
        titles.push_back(lower(trim_punct(all_[i].text)));
    }
    for (size_t i = 0; i < all_.size() && !found && !titles.empty(); ++i) {
      auto a = match_authority(all_[i].text, v_);
      if (!a) continue;
      std::string place;
      for (const std::string& w : proper_words(a->name, v_)) place += (place.empty() ? "" : " ") + w;
      if (!place.empty() && in_list(titles, place)) found = a;
    }
  }
  if (!found) found = authority_from_acronym();
  if (!found) return;
  if (source) use(*source);
  found->name = canonical_form(found->name, true);
  authority_ = found;
  doc_.meeting.authority = found->name;
}

// A council that names itself only by its initials ("KCC had the opportunity ...") and its
// place ("placed in Kent", many times), never in full: "K" + "CC", the place starting with K
// and the kind that the text's other words settle ("County Hall": a county council, not a
// city council). A council spelled out anywhere is another one, mentioned in passing.
std::optional<AuthorityMatch> MeetingReader::authority_from_acronym() {
  std::map<std::string, int> acronyms, capitals;
  std::string all_text;
  for (const MLine& l : all_) {
    all_text += lower(l.text) + "\n";
    for (const std::string& raw : words_of(l.text)) {
      std::string w = trim_punct(raw);
      for (const char* poss : {"\u2019s", "'s"})
        if (w.size() > 3 && w.compare(w.size() - std::string(poss).size(), std::string::npos, poss) == 0)
          w.erase(w.size() - std::string(poss).size());
      if (w.size() >= 3 && w.size() <= 4 && all_caps(w) && std::all_of(w.begin(), w.end(), is_upper))
        ++acronyms[w];
      else if (w.size() >= 4 && is_upper(w[0]) && has_lower(w) &&
               std::all_of(w.begin(), w.end(), [](char c) { return is_alpha(c); }))
        ++capitals[w];
    }
  }
  for (const auto& [acronym, n] : acronyms) {
    std::string la = lower(acronym);
    for (const auto& [initials, kinds] : v_.authority_acronyms) {
      if (la.size() != initials.size() + 1 || la.compare(1, std::string::npos, initials) != 0) continue;
      // The kind whose distinguishing word ("county", "city") the text uses, if only one does.
      std::vector<std::string> used;
      for (const std::string& kind : kinds)
        if (has_word(all_text, lower(words_of(kind).front()))) used.push_back(kind);
      if (used.size() != 1) continue;
      // The place: the capitalised word starting with the first initial that the text uses
      // most, by far.
      std::string place;
      int best = 0, second = 0;
      for (const auto& [w, c] : capitals) {
        if (lower(w)[0] != la[0]) continue;
        if (c > best) {
          second = best;
          best = c;
          place = w;
        } else if (c > second) {
          second = c;
        }
      }
      if (best < 3 || best < 2 * second) continue;
      std::string name = place + " " + used.front();
      if (has_word(all_text, lower(name))) continue;  // spelled out: another council
      auto a = match_authority(name, v_);
      if (!a) continue;
      ctx_.issue("MEETING_AUTHORITY_INFERRED", "info",
                 "\"" + acronym + "\" and \"" + place + "\" read as " + a->name +
                     ", which the document never spells out",
                 1);
      return a;
    }
  }
  return std::nullopt;
}

// A meeting of the council itself: "Township of Nipissing Council" gives "Council",
// "Manordeilo and Salem Community Council" its kind, "Community Council".
std::optional<std::string> MeetingReader::full_council_body(const std::string& body) const {
  if (!authority_) return std::nullopt;
  std::string lb = lower(body), la = lower(authority_->name);
  if (lb.size() > la.size() && starts_with_word(lb, la)) {
    std::string rest = trim_punct(body.substr(la.size()));
    if (has_body_word(rest, v_)) return title_case_if_caps(rest, v_);
  }
  auto own = proper_words(authority_->name, v_);
  if (own.empty()) return std::nullopt;
  for (const std::string& w : own)
    if (!has_word(lb, w)) return std::nullopt;
  if (!authority_->kind.empty()) return authority_->kind;
  return std::nullopt;
}

void MeetingReader::read_body() {
  find_body();
  Meeting& m = doc_.meeting;
  if (m.body) m.body = canonical_form(*m.body, false);
}

void MeetingReader::find_body() {
  Meeting& m = doc_.meeting;
  if (!sentence_subject_.empty() && !sentence_.body) {
    std::string subject = sentence_subject_;
    if (plausible_body(subject, v_) && has_body_word(subject, v_)) sentence_.body = subject;
  }
  if (sentence_.body) {
    m.body = full_council_body(*sentence_.body);
    if (!m.body) m.body = sentence_.body;
    return;
  }
  if (label_body_) {
    m.body = label_body_;
    return;
  }
  // A short line in the title area naming a body ("PLANNING COMMITTEE", "NOTICE AND AGENDA
  // OF DISTRICT COUNCIL MEETING").
  for (size_t i = 0; i < first_heading_ && i < 15; ++i) {
    std::string text = all_[i].text, lt = lower(text);
    for (const std::string& op : v_.openers) {
      size_t p = find_word(lt, op);
      if (p != std::string::npos && p < 40) {
        text = text.substr(p + op.size());
        break;
      }
    }
    std::string b = cut_body(strip_meeting_words(text, v_), v_);
    std::string lb = lower(b);
    if (find_authority(b, v_) || in_list(v_.minutes_titles, lb)) continue;
    if (plausible_body(b, v_) && has_body_word(b, v_) && words_of(b).size() <= 6) {
      m.body = title_case_if_caps(b, v_);
      return;
    }
  }
  std::string auth = m.authority ? lower(*m.authority) : "";
  // A running header or footer ("Cabinet Meeting", "Council – Cabinet – date").
  for (const MLine& f : furniture_) {
    std::vector<std::string> segs;
    for (const std::string& g : gap_segments(doc_.pages[f.ref.page_idx], *f.line)) {
      std::string cur;
      for (const std::string& w : words_of(g)) {
        if (w == "\u2013" || w == "-" || w == "\u2014" || w == "|") {
          segs.push_back(cur);
          cur.clear();
        } else {
          cur += (cur.empty() ? "" : " ") + w;
        }
      }
      segs.push_back(cur);
    }
    for (std::string seg : segs) {
      seg = trim_punct(seg);
      std::string ls = lower(seg);
      if (seg.empty() || (!auth.empty() && ls.find(auth) != std::string::npos && ls.size() <= auth.size() + 2))
        continue;
      // "Cabinet Meeting" / "Cabinet 18 September 2017"
      auto dates = find_dates(seg, v_.dates);
      if (!dates.empty()) seg = trim_punct(seg.substr(0, dates.front().begin));
      ls = lower(seg);
      if (ls.size() > 8 && ls.compare(ls.size() - 8, 8, " meeting") == 0)
        seg = trim_punct(seg.substr(0, seg.size() - 8));
      if (find_authority(seg, v_) && !(has_word(lower(seg), "committee") || has_word(lower(seg), "cabinet")))
        continue;
      if (plausible_body(seg, v_) && has_body_word(seg, v_) && words_of(seg).size() <= 8) {
        m.body = title_case_if_caps(seg, v_);
        return;
      }
    }
  }
  // Still none: a body named before "meeting(s)" on the first page ("Council meetings will be
  // held in person at ...", "Adopt the Minutes of the 4 February Council Meeting"), when the
  // title area only says "AGENDA" and a date. Capitalised words, at most four, one of them a
  // body word; a leading adjective ("Regular") is dropped.
  const uint32_t first_page = all_.empty() ? 0 : all_.front().ref.page_idx;
  for (size_t i = 0; i < all_.size() && all_[i].ref.page_idx == first_page; ++i) {
    std::vector<std::string> ws = words_of(all_[i].text);
    for (size_t k = 1; k < ws.size(); ++k) {
      std::string lw = lower(trim_punct(ws[k]));
      if (lw != "meeting" && lw != "meetings") continue;
      size_t from = k;
      while (from > 0 && k - from < 4) {
        std::string prev = trim_punct(ws[from - 1]);
        if (prev.empty() || !is_upper(prev[0]) || prev != ws[from - 1]) break;
        --from;
      }
      while (from + 1 < k && in_list(v_.adjectives, lower(ws[from]))) ++from;
      if (from == k) continue;
      std::string b;
      for (size_t j = from; j < k; ++j) b += (b.empty() ? "" : " ") + ws[j];
      std::string lb = lower(b);
      bool rejected = false;
      for (const std::string& r : v_.body_reject) rejected = rejected || has_word(lb, r);
      if (rejected || find_authority(b, v_) || !has_body_word(b, v_)) continue;
      m.body = title_case_if_caps(b, v_);
      return;
    }
  }
  // A title that names only the council and the meeting ("MANORDEILO & SALEM COMMUNITY
  // COUNCIL" / "MEETING 11th NOVEMBER 2015") is a meeting of the full council.
  if (authority_ && !authority_->kind.empty()) m.body = authority_->kind;
}

void MeetingReader::read_end_time() {
  // From the end: "Meeting concluded at 10.25 am", "... thanked everyone for attending and" /
  // "closed the meeting at 8.50pm", "daeth y cyfarfod i ben am 9.35pm".
  for (size_t n = all_.size(); n-- > 0;) {
    std::string before_line = n > 0 ? all_[n - 1].text + " " : "";
    std::string text = before_line + all_[n].text;
    const size_t own_begin = before_line.size(), own_end = text.size();
    if (n + 1 < all_.size()) text += " " + all_[n + 1].text;
    std::string lt = lower(text);
    for (const std::string& verb : v_.end_verbs) {
      size_t p = find_word(lt, verb, own_begin);
      if (p == std::string::npos || p >= own_end) continue;
      // "Adjourn to 6:00 P.M. on December 20": the next meeting's time.
      std::string after = trim(lt.substr(p + verb.size()));
      bool onward = false;
      for (const std::string& w : v_.adjourn_onward) onward |= starts_with_word(after, w);
      if (onward) continue;
      auto times = find_times(std::string_view(text).substr(p + verb.size()), v_.dates);
      if (times.empty() || times.front().begin > 25) continue;
      // The sentence must be about the meeting: "the meeting closed", "closed the meeting",
      // "no further business".
      size_t start = lt.rfind(". ", p);
      start = start == std::string::npos ? 0 : start;
      std::string sentence = lt.substr(start, p + verb.size() + times.front().begin - start);
      bool context = false;
      for (const std::string& c : v_.end_context) context |= has_word(sentence, c);
      if (!context) continue;
      doc_.meeting.end_time = times.front().hhmm;
      use(all_[n]);
      return;
    }
  }
}

// "The meeting was called to order by Commissioner Robert Sherrard at 7:07 p.m.": when the
// minutes say when the meeting began, that is its start rather than the time it was called for.
void MeetingReader::read_start_phrase() {
  for (size_t n = 0; n < all_.size() && n < 200; ++n) {
    std::string text = joined_from(n, 2);
    std::string lt = lower(text);
    for (const std::string& ph : v_.start_phrases) {
      size_t p = find_word(lt, ph);
      if (p == std::string::npos || p >= all_[n].text.size()) continue;
      std::string after = text.substr(p + ph.size());
      size_t stop = after.find(". ");
      auto times = find_times(after, v_.dates);
      if (!times.empty() && times.front().begin <= 60 && (stop == std::string::npos || times.front().begin < stop)) {
        doc_.meeting.start_time = times.front().hhmm;
        use(all_[n]);
        return;
      }
    }
  }
}

void MeetingReader::read_next_meeting() {
  auto accept = [&](const std::string& iso) {
    if (doc_.meeting.date && iso <= *doc_.meeting.date) return false;
    doc_.meeting.next_meeting = iso;
    return true;
  };
  // A date, or a day and month whose year is the next after the meeting's ("February 15th").
  auto date_in = [&](const std::string& text) -> std::optional<std::string> {
    if (auto d = parse_date(text, v_.dates)) return d;
    if (!doc_.meeting.date) return std::nullopt;
    auto dm = find_day_months(text, v_.dates);
    if (dm.empty()) return std::nullopt;
    return next_date_on(dm.front().month, dm.front().day, *doc_.meeting.date);
  };
  auto title_matches = [&](const std::string& title) {
    std::string lt = lower(title);
    for (const std::string& t : v_.next_titles)
      if (has_word(lt, t)) return true;
    return false;
  };
  for (const Item& item : doc_.items) {
    if (!title_matches(item.title)) continue;
    if (auto d = parse_date(item.title, v_.dates); d && accept(*d)) return;
    std::string text = item.text;
    if (text.empty()) {
      std::vector<std::string> parts;
      for (const LineRef& r : item.lines) parts.push_back(doc_.pages[r.page_idx].lines[r.line_idx].text);
      text = join_lines(parts);
    }
    if (auto d = date_in(text); d && accept(*d)) return;
  }
  if (doc_.items.empty()) {
    for (size_t n = zone_end_; n < all_.size(); ++n) {
      if (words_of(all_[n].text).size() > 10 || !title_matches(all_[n].text)) continue;
      for (size_t k = n; k < all_.size() && k < n + 4; ++k) {
        if (k > n && is_item_start(all_[k].text, v_)) break;
        if (auto d = parse_date(all_[k].text, v_.dates); d && accept(*d)) return;
      }
    }
  }
  // "The next meeting will be held on Monday 3 October 2016 at 6:30pm.", "Next meeting –
  // 9:00am Thursday, February 15th at Bistro Campagne"
  for (size_t n = 0; n < all_.size(); ++n) {
    std::string lt = lower(all_[n].text);
    for (const std::string& ph : v_.next_phrases) {
      size_t p = find_word(lt, ph);
      if (p == std::string::npos) continue;
      std::string text = joined_from(n, 3).substr(p);
      size_t stop = text.find(". ");
      if (stop != std::string::npos) text = text.substr(0, stop);
      if (auto d = date_in(text); d && accept(*d)) return;
    }
  }
}

void MeetingReader::raise_issues() {
  const Meeting& m = doc_.meeting;
  if (!m.date) {
    ctx_.issue("MEETING_DATE_NOT_FOUND", "warning",
               "no date of this meeting in the title area or the running headers and footers", 1);
  } else if (!dates_.empty() && dates_.front().score <= 2) {
    ctx_.issue("MEETING_DATE_OUTSIDE_TITLE", "warning",
               "the meeting's date " + *m.date + " comes from " + dates_.front().where +
                   ", not the title area",
               dates_.front().page);
  }
  for (const DateCandidate& c : dates_) {
    if (c.score < 4 || c.iso == dates_.front().iso) continue;
    ctx_.issue("MEETING_DATES_DISAGREE", "warning",
               dates_.front().where + " gives " + dates_.front().iso + ", " + c.where + " gives " +
                   c.iso + "; the first is kept",
               c.page);
    break;
  }
  // Minutes say who attended; finding no one means a form this stage does not read.
  if (minutes_ && m.attendance.empty())
    ctx_.issue("ATTENDANCE_NOT_FOUND", "info",
               "these look like minutes, but no attendance list was found", 1);
}

void MeetingReader::run() {
  collect_lines();
  read_labels();
  sentence_line_ = find_sentence();
  if (sentence_line_) read_sentence(*sentence_line_);
  read_dates();
  read_title_times();
  read_authority();
  read_body();

  Meeting& m = doc_.meeting;
  std::optional<std::string> start, end;
  if (label_time_) times_from(*label_time_, v_, start, end);
  if (!start && sentence_.date == m.date) {
    start = sentence_.start;
    end = sentence_.end;
  }
  if (!start) {
    start = title_start_;
    end = title_end_;
  }
  read_start_phrase();
  if (!m.start_time) m.start_time = start;
  if (!agenda_) read_end_time();  // an agenda's meeting has not ended yet
  if (!m.end_time) m.end_time = end;
  m.venue = label_venue_ ? label_venue_ : sentence_.venue;
  if (!m.venue) read_venue_block();

  AttendanceReading att;
  if (!agenda_) att = read_attendance(doc_, all_, zone_end_, region_end_, v_);
  m.attendance = std::move(att.attendance);
  m.chair = label_chair_ ? label_chair_ : att.chair;
  used_.insert(used_.end(), att.used.begin(), att.used.end());
  read_next_meeting();
  raise_issues();
  m.prov = provenance_of_lines(doc_, used_);
}

}  // namespace

Result<void> MeetingStage::run(Document& doc, StageContext& ctx) {
  MeetingVocab vocab = MeetingVocab::from_json(ctx.vocab("meeting"), ctx.vocab("dates"));
  MeetingReader(doc, vocab, ctx).run();
  // The meeting's date is its own part's: the front sheet of a pack, or the whole document.
  if (!doc.documents.empty() && !doc.documents.front().date) doc.documents.front().date = doc.meeting.date;
  return {};
}

}  // namespace agendapack
