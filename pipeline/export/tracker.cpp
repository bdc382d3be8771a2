#include "pipeline/export/tracker.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "pipeline/dates.h"

namespace agendapack::facts {

using nlohmann::json;

namespace {

std::vector<std::string> words_of(const std::string& text, const std::set<std::string>& stop) {
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    if (!w.empty() && !stop.count(w)) out.push_back(w);
    w.clear();
  };
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80)
      w += static_cast<char>(std::tolower(u));
    else
      flush();
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// Dice coefficient of two sorted, distinct word lists.
double dice(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i == *j) {
      ++common;
      ++i;
      ++j;
    } else if (*i < *j) {
      ++i;
    } else {
      ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

std::optional<int> leading_int(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  size_t k = 0;
  while (k < s->size() && !std::isdigit(static_cast<unsigned char>((*s)[k]))) ++k;
  if (k == s->size()) return std::nullopt;
  int v = 0;
  size_t digits = 0;
  for (; k < s->size() && std::isdigit(static_cast<unsigned char>((*s)[k])) && digits < 4;
       ++k, ++digits)
    v = v * 10 + ((*s)[k] - '0');
  return v;
}

struct Row {
  int64_t id = 0;
  int number = 0;                      // the converter's (positional)
  std::optional<std::string> printed;  // as printed
  std::string text;
  std::vector<std::string> words;
  // Decided here:
  int printed_number = 0;                          // from the printed numbers alone
  std::vector<std::pair<int, std::string>> links;  // tracker number, how
};

struct Set {
  int64_t id = 0;
  std::string sha256, title, date, body, item_text;
  std::vector<std::string> title_words;
  std::optional<std::set<std::string>> cited_dates;  // read from item_text when first needed
  std::vector<Row> rows;
  bool texted = false;  // some row has text
};

struct Warning {
  int64_t set_id;
  std::string sha256, code, message;
};

int find_root(std::vector<int>& parent, int x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

/// Share of the recommendations with text on the smaller side that match one on the other.
std::optional<double> text_share(const Set& a, const Set& b, double threshold) {
  const Set& small = a.rows.size() <= b.rows.size() ? a : b;
  const Set& large = &small == &a ? b : a;
  int compared = 0, alike = 0;
  for (const Row& r : small.rows) {
    if (r.words.empty()) continue;
    double best = 0;
    bool any = false;
    for (const Row& o : large.rows) {
      if (o.words.empty()) continue;
      any = true;
      best = std::max(best, dice(r.words, o.words));
    }
    if (!any) continue;
    ++compared;
    alike += best >= threshold;
  }
  if (compared == 0) return std::nullopt;
  return static_cast<double>(alike) / compared;
}

std::string range_text(int from, int to) {
  return from == to ? std::to_string(from) : std::to_string(from) + "-" + std::to_string(to);
}

}  // namespace

TrackerOptions TrackerOptions::from(const Config& config) {
  TrackerOptions o;
  const json& s = config.section("export");
  o.title_link = get_or(s, "title_link", o.title_link);
  o.cite_title_link = get_or(s, "cite_title_link", o.cite_title_link);
  o.text_match = get_or(s, "text_match", o.text_match);
  o.text_share_link = get_or(s, "text_share_link", o.text_share_link);
  o.text_share_veto = get_or(s, "text_share_veto", o.text_share_veto);
  const json& v = config.vocab("tracker");
  o.title_stop_words = get_or<std::vector<std::string>>(v, "title_stop_words", {});
  o.text_stop_words = get_or<std::vector<std::string>>(v, "text_stop_words", {});
  o.merged =
      compile_all(get_or<std::vector<std::string>>(v, "merged_references", {}), Regex::kIcase);
  return o;
}

std::vector<int> numbers_from_printed(const std::vector<std::optional<int>>& printed,
                                      const std::vector<int>& positional) {
  size_t n = printed.size();
  // Where runs of the same length compete (1, 2, 9, 4: is 9 or 4 the misprint?), the one whose
  // numbers sit at the set's usual distance from their position wins.
  std::map<int, int> offsets;
  for (size_t k = 0; k < n; ++k)
    if (printed[k]) ++offsets[*printed[k] - static_cast<int>(k + 1)];
  int usual = 0, seen = 0;
  for (const auto& [off, count] : offsets)
    if (count > seen) {
      seen = count;
      usual = off;
    }
  auto cost_of = [&](size_t k) { return std::abs(*printed[k] - static_cast<int>(k + 1) - usual); };
  // The longest strictly increasing run of printed numbers (O(n^2): sets are short).
  std::vector<int> len(n, 0), prev(n, -1), cost(n, 0);
  int best_end = -1;
  auto better = [&](int l1, int c1, int l2, int c2) { return l1 > l2 || (l1 == l2 && c1 < c2); };
  for (size_t k = 0; k < n; ++k) {
    if (!printed[k]) continue;
    len[k] = 1;
    cost[k] = cost_of(k);
    for (size_t j = 0; j < k; ++j)
      if (printed[j] && *printed[j] < *printed[k] &&
          better(len[j] + 1, cost[j] + cost_of(k), len[k], cost[k])) {
        len[k] = len[j] + 1;
        cost[k] = cost[j] + cost_of(k);
        prev[k] = static_cast<int>(j);
      }
    if (best_end < 0 || better(len[k], cost[k], len[best_end], cost[best_end]))
      best_end = static_cast<int>(k);
  }
  std::vector<bool> kept(n, false);
  for (int k = best_end; k >= 0; k = prev[k]) kept[k] = true;
  std::vector<int> out(n, 0);
  int last = 0;
  for (size_t k = 0; k < n; ++k) {
    if (kept[k]) {
      out[k] = *printed[k];
    } else {
      int next = 1 << 30;
      for (size_t j = k + 1; j < n; ++j)
        if (kept[j]) {
          next = *printed[j];
          break;
        }
      // A misprint or a missing number takes the place its neighbours leave.
      out[k] = last + 1 < next ? last + 1 : positional[k];
    }
    last = out[k];
  }
  return out;
}

Result<TrackerStats> rebuild_trackers(Db& db, const std::string& authority,
                                      const TrackerOptions& o) {
  TrackerStats stats;
  std::set<std::string> title_stop(o.title_stop_words.begin(), o.title_stop_words.end());
  std::set<std::string> text_stop(o.text_stop_words.begin(), o.text_stop_words.end());

  // The sets of this authority, earliest meeting first.
  std::vector<Set> sets;
  {
    auto st = db.prepare_own(
        "SELECT s.set_id, s.sha256, COALESCE(s.title, i.title, ''), "
        "COALESCE(m.date, d.meeting_date, ''), "
        "COALESCE(m.body, d.body, ''), COALESCE(i.text, '') FROM recommendation_sets s "
        "JOIN documents d ON d.sha256 = s.sha256 LEFT JOIN meetings m ON m.sha256 = s.sha256 "
        "LEFT JOIN items i ON i.item_id = s.item_id WHERE d.authority = ? "
        "ORDER BY COALESCE(m.date, d.meeting_date) IS NULL, COALESCE(m.date, d.meeting_date), "
        "s.set_id");
    if (!st) return st.error();
    st.value()->bind(1, authority);
    while (st.value()->next()) {
      Set s;
      s.id = st.value()->integer(0);
      s.sha256 = st.value()->text(1);
      s.title = st.value()->text(2);
      s.date = st.value()->text(3);
      s.body = st.value()->text(4);
      s.item_text = st.value()->text(5);
      s.title_words = words_of(s.title, title_stop);
      sets.push_back(std::move(s));
    }
    if (st.value()->error()) return *st.value()->error();
  }
  std::map<int64_t, size_t> set_index;
  for (size_t k = 0; k < sets.size(); ++k) set_index[sets[k].id] = k;
  {
    auto st = db.prepare_own(
        "SELECT r.set_id, r.recommendation_id, COALESCE(r.number, r.position + 1), "
        "r.printed_number, COALESCE(r.text, '') FROM recommendations r "
        "JOIN documents d ON d.sha256 = r.sha256 WHERE d.authority = ? ORDER BY r.set_id, "
        "r.position");
    if (!st) return st.error();
    st.value()->bind(1, authority);
    while (st.value()->next()) {
      auto it = set_index.find(st.value()->integer(0));
      if (it == set_index.end()) continue;
      Row r;
      r.id = st.value()->integer(1);
      r.number = static_cast<int>(st.value()->integer(2));
      r.printed = st.value()->opt_text(3);
      r.text = st.value()->text(4);
      r.words = words_of(r.text, text_stop);
      sets[it->second].texted |= !r.words.empty();
      sets[it->second].rows.push_back(std::move(r));
    }
    if (st.value()->error()) return *st.value()->error();
  }

  // Which sets are one inquiry: pairs of sets from different documents.
  std::vector<int> parent(sets.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t a = 0; a < sets.size(); ++a) {
    for (size_t b = a + 1; b < sets.size(); ++b) {
      const Set& x = sets[a];
      const Set& y = sets[b];
      if (x.sha256 == y.sha256) continue;
      // Already one tracker through other sets: nothing to learn (and the costly part skipped).
      if (find_root(parent, static_cast<int>(a)) == find_root(parent, static_cast<int>(b)))
        continue;
      double title = dice(x.title_words, y.title_words);
      // The later item citing the earlier meeting (sets are in date order).
      auto cites = [&] {
        if (x.date.empty()) return false;
        Set& later = sets[b];
        if (!later.cited_dates) {
          later.cited_dates.emplace();
          for (const DateMatch& d : find_dates(later.item_text)) later.cited_dates->insert(d.iso);
        }
        return later.cited_dates->count(x.date) > 0;
      };
      // Matching texts alone link sets whose titles share a word (or that have no title):
      // boilerplate texts ("That training on X is made mandatory ...") recur across inquiries.
      bool titles_apart = title == 0 && !x.title_words.empty() && !y.title_words.empty();
      bool texts = x.texted && y.texted;
      if (title < o.cite_title_link && (!texts || titles_apart)) continue;
      std::optional<double> share;
      if (texts) share = text_share(x, y, o.text_match);
      bool linked = (title >= o.title_link && !(share && *share < o.text_share_veto)) ||
                    (share && *share >= o.text_share_link && !titles_apart) ||
                    (title >= o.cite_title_link && cites());
      if (linked)
        parent[find_root(parent, static_cast<int>(b))] = find_root(parent, static_cast<int>(a));
    }
  }
  std::map<int, std::vector<size_t>> groups;  // root -> set indices in date order
  for (size_t k = 0; k < sets.size(); ++k)
    groups[find_root(parent, static_cast<int>(k))].push_back(k);

  // Replace this authority's trackers.
  for (const char* sql :
       {"DELETE FROM recommendation_links WHERE tracker_id IN (SELECT tracker_id FROM trackers "
        "WHERE authority = ?1)",
        "DELETE FROM tracker_recommendations WHERE tracker_id IN (SELECT tracker_id FROM trackers "
        "WHERE authority = ?1)",
        "DELETE FROM tracker_warnings WHERE tracker_id IN (SELECT tracker_id FROM trackers WHERE "
        "authority = ?1)",
        "DELETE FROM trackers WHERE authority = ?1"}) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    if (auto r = st.value()->bind(1, authority).run(); !r) return r.error();
  }

  for (auto& [root, members] : groups) {
    int64_t tracker_id = sets[members.front()].id;
    for (size_t k : members) tracker_id = std::min(tracker_id, sets[k].id);
    std::map<int, std::string> texts;  // tracker number -> its text
    std::map<int, std::vector<std::string>> text_words;
    std::map<int, std::pair<std::string, std::string>> where;  // number -> first set's title, date
    std::vector<Warning> warnings;
    for (size_t k : members) {
      Set& s = sets[k];
      std::vector<std::optional<int>> printed;
      std::vector<int> positional;
      for (const Row& r : s.rows) {
        printed.push_back(leading_int(r.printed));
        positional.push_back(r.number);
      }
      std::vector<int> numbers = numbers_from_printed(printed, positional);
      std::set<int> taken;
      for (size_t ri = 0; ri < s.rows.size(); ++ri) {
        Row& r = s.rows[ri];
        int n = numbers[ri];
        std::string how = printed[ri] && *printed[ri] == n ? "printed" : "number";
        // A text that matches another tracker recommendation better than its number does.
        if (!r.words.empty() && !text_words.empty()) {
          int best_n = 0;
          double best = 0, second = 0, own = 0;
          for (const auto& [tn, tw] : text_words) {
            double d = dice(r.words, tw);
            if (tn == n) own = d;
            if (d > best) {
              second = best;
              best = d;
              best_n = tn;
            } else if (d > second) {
              second = d;
            }
          }
          if (best >= o.text_match && best_n != n && best - second >= 0.1 && own < o.text_match &&
              !taken.count(best_n)) {
            n = best_n;
            how = "text";
          }
        }
        taken.insert(n);
        r.links = {{n, how}};
        r.printed_number = numbers[ri];
      }
      // "Recommendation 3 and 4": one row about two recommendations.
      std::vector<std::string> sources = {s.item_text};
      for (const Row& r : s.rows) {
        sources.push_back(r.text);
        if (r.printed) sources.push_back(*r.printed);
      }
      for (const Regex& re : o.merged) {
        for (const std::string& src : sources) {
          std::string_view rest(src);
          RegexMatch m;
          while (!rest.empty() && re.search(rest, &m)) {
            int held = std::stoi(m.str(1)), other = std::stoi(m.str(2));
            if (!taken.count(other)) {
              for (Row& r : s.rows) {
                if (r.links.empty() || r.links.front().first != held) continue;
                r.links.push_back({other, "merged"});
                taken.insert(other);
                break;
              }
            }
            rest.remove_prefix(m.position(0) + std::max<size_t>(m.length(0), 1));
          }
        }
      }
      for (const Row& r : s.rows) {
        for (const auto& [n, how] : r.links) {
          if (!where.count(n)) where[n] = {s.title, s.date};
          if (!r.text.empty() && how != "merged" && !texts.count(n)) {
            texts[n] = r.text;
            text_words[n] = r.words;
          }
        }
      }
    }

    // A set numbered from k > 1 as printed: a person should know whether 1..k-1 are
    // elsewhere (a monitoring report on the later recommendations only) or lost.
    std::map<int, std::vector<size_t>> holders;
    for (size_t k : members)
      for (const Row& r : sets[k].rows)
        for (const auto& link : r.links) holders[link.first].push_back(k);
    for (size_t k : members) {
      const Set& s = sets[k];
      if (s.rows.empty()) continue;
      int first = 1 << 30;
      bool renumbered = false;
      for (const Row& r : s.rows) {
        first = std::min(first, r.printed_number);
        renumbered |= r.printed_number != r.number;
      }
      if (first <= 1) continue;
      std::optional<size_t> other;
      bool elsewhere = true;
      for (int n = 1; n < first && elsewhere; ++n) {
        auto it = holders.find(n);
        elsewhere = it != holders.end();
        if (elsewhere && !other) other = it->second.front();
      }
      std::string msg = "\"" + s.title + "\" (" + (s.date.empty() ? "undated" : s.date) +
                        ") is numbered from " + std::to_string(first) + " as printed";
      if (renumbered) msg += ", not from 1 as the converter numbered it";
      std::string missing = range_text(1, first - 1) + (first == 2 ? " is in " : " are in ");
      if (elsewhere && other)
        msg += "; " + missing + "\"" + sets[*other].title + "\" (" +
               (sets[*other].date.empty() ? "undated" : sets[*other].date) + ")";
      else
        msg += "; " + missing + "no other document of this authority";
      warnings.push_back({s.id, s.sha256, "RECOMMENDATION_SET_STARTS_LATE", msg});
    }

    const Set& head = sets[members.front()];
    std::string last_date;
    for (size_t k : members) last_date = std::max(last_date, sets[k].date);
    {
      auto st = db.prepare(
          "INSERT INTO trackers (tracker_id, authority, title, first_date, "
          "last_date, sets, recommendations) VALUES (?, ?, ?, ?, ?, ?, ?)");
      if (!st) return st.error();
      Statement& s = *st.value();
      s.bind(1, tracker_id).bind(2, authority);
      if (head.title.empty())
        s.bind_null(3);
      else
        s.bind(3, head.title);
      if (head.date.empty())
        s.bind_null(4);
      else
        s.bind(4, head.date);
      if (last_date.empty())
        s.bind_null(5);
      else
        s.bind(5, last_date);
      s.bind(6, static_cast<int64_t>(members.size())).bind(7, static_cast<int64_t>(where.size()));
      if (auto r = s.run(); !r) return r.error();
    }
    for (const auto& entry : where) {
      int n = entry.first;
      auto st = db.prepare(
          "INSERT INTO tracker_recommendations (tracker_id, number, text) "
          "VALUES (?, ?, ?)");
      if (!st) return st.error();
      st.value()->bind(1, tracker_id).bind(2, static_cast<int64_t>(n));
      if (texts.count(n))
        st.value()->bind(3, texts[n]);
      else
        st.value()->bind_null(3);
      if (auto r = st.value()->run(); !r) return r.error();
    }
    for (size_t k : members) {
      const Set& s = sets[k];
      auto up = db.prepare("UPDATE recommendation_sets SET tracker_id = ? WHERE set_id = ?");
      if (!up) return up.error();
      if (auto r = up.value()->bind(1, tracker_id).bind(2, s.id).run(); !r) return r.error();
      for (const Row& r : s.rows) {
        for (const auto& [n, how] : r.links) {
          auto st = db.prepare(
              "INSERT OR IGNORE INTO recommendation_links (recommendation_id, "
              "tracker_id, number, how) VALUES (?, ?, ?, ?)");
          if (!st) return st.error();
          if (auto res = st.value()
                             ->bind(1, r.id)
                             .bind(2, tracker_id)
                             .bind(3, static_cast<int64_t>(n))
                             .bind(4, how)
                             .run();
              !res)
            return res.error();
        }
      }
    }
    for (const Warning& w : warnings) {
      auto st = db.prepare(
          "INSERT INTO tracker_warnings (tracker_id, set_id, sha256, code, "
          "message) VALUES (?, ?, ?, ?, ?)");
      if (!st) return st.error();
      if (auto r = st.value()
                       ->bind(1, tracker_id)
                       .bind(2, w.set_id)
                       .bind(3, w.sha256)
                       .bind(4, w.code)
                       .bind(5, w.message)
                       .run();
          !r)
        return r.error();
    }
    ++stats.trackers;
    if (members.size() > 1) stats.linked_sets += static_cast<int>(members.size());
    stats.warnings += static_cast<int>(warnings.size());
  }
  return stats;
}

}  // namespace agendapack::facts
