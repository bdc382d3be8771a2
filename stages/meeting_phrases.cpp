#include "stages/meeting_phrases.h"

#include <algorithm>

#include "pipeline/dates.h"

namespace agendapack {

using namespace meeting_text;



std::string strip_meeting_words(std::string s, const MeetingVocab& v) {
  bool changed = true;
  while (changed) {
    changed = false;
    s = trim(s);
    std::string ls = lower(s);
    for (std::string_view art : {"a", "an", "the", "of", "its"}) {
      if (starts_with_word(ls, art)) {
        s = s.substr(art.size());
        changed = true;
        break;
      }
    }
    if (changed) continue;
    for (const std::string& adj : v.adjectives) {
      // An adjective only counts before "meeting" ("Special Meeting of"), not as part of a
      // body's name ("Council").
      if (starts_with_word(ls, adj)) {
        std::string after = trim(ls.substr(adj.size()));
        if (starts_with_word(after, "meeting") || starts_with_word(after, "meetings") ||
            starts_with_word(after, "session")) {
          s = s.substr(adj.size());
          changed = true;
          break;
        }
      }
    }
    if (changed) continue;
    for (std::string_view m : {"meetings of", "meeting of", "session of", "meeting", "session"}) {
      if (starts_with_word(ls, m)) {
        s = s.substr(m.size());
        changed = true;
        break;
      }
    }
  }
  return s;
}

std::string cut_body(const std::string& s, const MeetingVocab& v) {
  size_t end = s.size();
  std::string ls = lower(s);
  for (const std::string& stop : v.body_stops) {
    size_t p = ls.find(stop);
    if (p != std::string::npos) end = std::min(end, p);
  }
  for (const std::string& pre : v.auth_prefixes) {
    size_t p = find_word(ls, "of " + pre);
    if (p != std::string::npos && p > 0) end = std::min(end, p);
  }
  auto dates = find_dates(s, v.dates);
  if (!dates.empty()) end = std::min(end, dates.front().begin);
  auto times = find_times(s, v.dates);
  if (!times.empty()) end = std::min(end, times.front().begin);
  return trim_punct(s.substr(0, end));
}

namespace {

// "Planning Commission Regular Meeting Agenda" -> "Planning Commission".
std::string clean_body(std::string b, const MeetingVocab& v) {
  bool changed = true;
  while (changed) {
    changed = false;
    std::string lb = lower(b);
    for (const std::string& t : v.body_trailing) {
      if (lb.size() > t.size() + 1 && lb.compare(lb.size() - t.size(), t.size(), t) == 0 &&
          lb[lb.size() - t.size() - 1] == ' ') {
        b = trim_punct(b.substr(0, b.size() - t.size()));
        changed = true;
        break;
      }
    }
  }
  return b;
}

}  // namespace

bool plausible_body(std::string& b, const MeetingVocab& v) {
  b = clean_body(b, v);
  if (b.empty()) return false;
  std::string lb = lower(b);
  if (in_list(v.adjectives, lb) || in_list(v.body_trailing, lb) || in_list(v.minutes_titles, lb))
    return false;
  // "Council Chamber" is where a body meets, not the body.
  for (const std::string& r : v.body_reject)
    if (has_word(lb, r)) return false;
  if (words_of(b).size() > 10) return false;
  if (!is_upper(b[0]) && static_cast<unsigned char>(b[0]) < 0x80) return false;
  // "AND IMPROVEMENT AUTHORITY": the second line of a title, not a body.
  if (in_list(v.name_joiners, lower(words_of(b).front()))) return false;
  for (const auto& [f, list] : v.labels)
    if (in_list(list, lb)) return false;
  return true;
}

bool has_body_word(const std::string& s, const MeetingVocab& v) {
  std::string ls = lower(s);
  for (const std::string& w : v.body_words)
    if (has_word(ls, w)) return true;
  return false;
}

std::optional<std::string> venue_from(std::string_view rest, const MeetingVocab& v,
                                      const std::optional<std::string>& body) {
  std::string s(rest);
  std::vector<std::pair<size_t, size_t>> cuts;
  for (const auto& d : find_dates(s, v.dates)) cuts.emplace_back(d.begin, d.end);
  for (const auto& t : find_times(s, v.dates)) cuts.emplace_back(t.begin, t.end);
  // Sentences apart: "... due to a lack of a quorum. The meeting will be held at ...".
  for (size_t p = s.find(". "); p != std::string::npos; p = s.find(". ", p + 1)) {
    size_t b = p;
    while (b > 0 && is_word_char(s[b - 1])) --b;
    if (p - b > 2) cuts.emplace_back(p, p + 1);
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string> parts;
  size_t pos = 0;
  for (auto [b, e] : cuts) {
    if (b >= pos) parts.push_back(s.substr(pos, b - pos));
    pos = std::max(pos, e);
  }
  parts.push_back(s.substr(std::min(pos, s.size())));
  std::vector<std::string> lead = v.venue_lead;
  for (const char* p : {"-", "\u2013", ","}) lead.push_back(p);
  static const std::vector<std::string> kTrail = {"on", "at", "in", "commencing", "starting", "from",
                                                  "to", "until", "and", "held", "beginning",
                                                  "commencing at", "-", "\u2013", ","};
  for (std::string p : parts) {
    bool changed = true;
    while (changed) {
      changed = false;
      p = trim_punct(p);
      std::string lp = lower(p);
      for (const std::string& w : lead) {
        if (starts_with_word(lp, w) || (!is_word_char(w[0]) && lp.rfind(w, 0) == 0)) {
          p = p.substr(w.size());
          changed = true;
          break;
        }
      }
      // "in the Council Chamber", but "at The Guildhall": an article printed with a capital
      // is part of the name.
      for (const std::string& w : v.venue_articles) {
        if (!changed && starts_with_word(p, w)) {
          p = p.substr(w.size());
          changed = true;
        }
      }
      if (changed) continue;
      for (const std::string& w : kTrail) {
        if (lp.size() > w.size() && lp.compare(lp.size() - w.size(), w.size(), w) == 0 &&
            (!is_word_char(w[0]) || !is_word_char(lp[lp.size() - w.size() - 1]))) {
          p = p.substr(0, p.size() - w.size());
          changed = true;
          break;
        }
      }
    }
    // The venue ends before an aside ("the Community Centre, and livestreamed to ...").
    size_t aside = p.find(", and ");
    if (aside != std::string::npos) p = trim_punct(p.substr(0, aside));
    if (p.size() < 3 || !std::any_of(p.begin(), p.end(), [](char c) { return is_upper(c); }))
      continue;
    if (body && lower(p) == lower(*body)) continue;
    if (words_of(p).size() > 20) continue;
    return p;
  }
  return std::nullopt;
}

void times_from(std::string_view s, const MeetingVocab& v, std::optional<std::string>& start,
                std::optional<std::string>& end) {
  auto times = find_times(s, v.dates);
  if (times.empty()) return;
  start = times[0].hhmm;
  if (times.size() >= 2) {
    std::string between = lower(trim_punct(s.substr(times[0].end, times[1].begin - times[0].end)));
    if (between.empty() || in_list(v.range_separators, between) ||
        in_list(v.range_separators, trim(between)))
      end = times[1].hhmm;
  }
}

std::vector<std::string> proper_words(const std::string& name, const MeetingVocab& v) {
  std::vector<std::string> out;
  for (const std::string& w : words_of(lower(name))) {
    std::string x = trim_punct(w);
    bool generic = in_list(v.auth_generic, x) || in_list(v.minor_words, x) || x == "&" ||
                   in_list(v.full_council_words, x);
    for (const std::string& s : v.auth_suffixes) generic |= has_word(s, x);
    for (const std::string& p : v.auth_prefixes) generic |= has_word(p, x);
    if (!generic && !x.empty()) out.push_back(x);
  }
  return out;
}

// "KENT COUNTY COUNCIL", "Selbury Borough Council 5 October 2020", but not "Marsham District
// Council and Greyford Borough Council had been consulted on the".
std::optional<AuthorityMatch> authority_in_line(const Document& doc, const MLine& l,
                                                const MeetingVocab& v) {
  auto titled = [&](const std::string& text) -> std::optional<AuthorityMatch> {
    auto a = match_authority(text, v);
    size_t words = words_of(text).size();
    // A heading may say more ("DEPARTMENT OF WATER AND POWER OF THE CITY OF LOS ANGELES").
    bool heading = l.line->heading || !has_lower(text);
    if (a && (words <= words_of(a->name).size() + 5 || (heading && words <= 12))) return a;
    return std::nullopt;
  };
  for (const std::string& seg : gap_segments(doc.pages[l.ref.page_idx], *l.line))
    if (auto a = titled(seg)) return a;
  return titled(l.text);  // letter-spaced capitals closed up
}

std::optional<AuthorityMatch> match_authority(std::string_view text, const MeetingVocab& v) {
  std::string t = squash(text);
  std::vector<std::string> w = words_of(t);
  // "the City of East Palo Alto's Rules": a possessive ends the name and is no part of it.
  std::vector<bool> possessive(w.size(), false);
  for (size_t k = 0; k < w.size(); ++k) {
    for (std::string_view poss : {"\u2019s", "'s"}) {
      if (w[k].size() > poss.size() + 1 && std::string_view(w[k]).substr(w[k].size() - poss.size()) == poss) {
        w[k].erase(w[k].size() - poss.size());
        possessive[k] = true;
      }
    }
  }
  std::vector<std::string> lw;
  for (const std::string& x : w) lw.push_back(lower(trim_punct(x)));
  static const std::vector<std::string> kArticles = {"the", "this", "that", "our", "a", "an", "its"};
  auto capital = [&](size_t k) {
    return name_like(trim_punct(w[k])) && !in_list(v.body_words, lw[k]) &&
           !in_list(kArticles, lw[k]) && !in_list(v.auth_reject, lw[k]);
  };
  auto join = [&](size_t b, size_t e) {
    std::string out;
    for (size_t k = b; k < e; ++k) out += (out.empty() ? "" : " ") + w[k];
    return trim_punct(out);
  };
  // A span naming the authority, unless it holds a word no authority's name holds.
  auto accept = [&](size_t b, size_t e, size_t kb, size_t ke) -> std::optional<AuthorityMatch> {
    // "City Council" alone names a body, not an authority: some word must be a proper name.
    bool proper = false;
    for (size_t k = b; k < e; ++k)
      proper |= capital(k) && lw[k].size() >= 3 && !in_list(v.auth_generic, lw[k]) &&
                !in_list(v.auth_suffixes, lw[k]);
    if (!proper) return std::nullopt;
    std::string out = join(b, e);
    std::string lo = lower(out);
    for (const std::string& r : v.auth_reject)
      if (has_word(lo, r)) return std::nullopt;
    // "Lincoln Square Special Service Area #21": a district's number is part of its name.
    if (e < w.size() && w[e].size() >= 2 && w[e][0] == '#' &&
        std::all_of(w[e].begin() + 1, w[e].end(), [](char c) { return c >= '0' && c <= '9'; }))
      out += " " + w[e];
    std::string kind;
    bool council = false;
    for (size_t k = kb; k < ke; ++k) council |= in_list(v.full_council_words, lw[k]);
    if (council) kind = title_case_if_caps(join(kb, ke), v);
    return AuthorityMatch{title_case_if_caps(out, v), kind};
  };
  // "London Borough of Marsham", "City of Greyford Council", "Cyngor Cymuned Manordeilo a Salem"
  for (const std::string& pre : v.auth_prefixes) {
    auto pw = words_of(pre);
    for (size_t s = 0; s + pw.size() < w.size(); ++s) {
      bool match = true;
      for (size_t k = 0; k < pw.size() && match; ++k) match = lw[s + k] == pw[k];
      if (!match) continue;
      size_t e = s + pw.size();
      size_t names = 0;
      // "Manordeilo a Salem": a joiner between two capitalised words.
      auto joined = [&](size_t k) {
        return names > 0 && in_list(v.name_joiners, lw[k]) && k + 1 < w.size() && capital(k + 1);
      };
      while (e < w.size() && names < 4 && (capital(e) || lw[e] == "council" || joined(e)) &&
             find_dates(w[e], v.dates).empty()) {
        ++names;
        ++e;
        if (lw[e - 1] == "council" || w[e - 1].back() == ',' || possessive[e - 1]) break;
      }
      if (names == 0) continue;
      // "Township of Nipissing Council": the trailing "Council" is the kind.
      size_t kb = s, ke = s + pw.size();
      if (lw[e - 1] == "council") kb = e - 1, ke = e;
      if (auto a = accept(s, e, kb, ke)) return a;
    }
  }
  // "Gloucestershire County Council", "Upperton Council"
  for (const std::string& suf : v.auth_suffixes) {
    auto sw = words_of(suf);
    for (size_t s = 0; s + sw.size() <= w.size(); ++s) {
      bool match = true;
      for (size_t k = 0; k < sw.size() && match; ++k) match = lw[s + k] == sw[k];
      if (!match) continue;
      size_t b = s;
      auto joiner = [&](size_t k) { return in_list(v.name_joiners, lw[k]) && k >= 1 && capital(k - 1); };
      while (b > 0 && s - b < 4 && (capital(b - 1) || joiner(b - 1)) &&
             w[b - 1].back() != ',' && w[b - 1].back() != ':')
        --b;
      if (b == s) continue;
      if (auto a = accept(b, s + sw.size(), s, s + sw.size())) return a;
    }
  }
  return std::nullopt;
}

std::optional<std::string> find_authority(std::string_view text, const MeetingVocab& vocab) {
  if (auto a = match_authority(text, vocab)) return a->name;
  return std::nullopt;
}

}  // namespace agendapack
