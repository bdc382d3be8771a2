#include "stages/decisions.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "stages/decision_notes.h"
#include "stages/decision_planning.h"
#include "stages/item_lines.h"
#include "stages/items.h"
#include "stages/layout.h"

namespace agendapack {

using item_lines::LineInfo;
using item_lines::Paragraph;
using item_lines::trim;
using item_lines::Walk;

namespace {

// ---- small text helpers ----

std::string strip_end_punct(std::string s) {
  s = trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';' || s.back() == ':'))
    s.pop_back();
  return trim(s);
}

// Dashes and colons left at either end once a label or a mover annotation is cut away.
std::string strip_dashes(const std::string& s) {
  static const Regex edges("^(?:\\s|-|\xE2\x80\x93|\xE2\x80\x94|:)+|(?:\\s|-|\xE2\x80\x93|\xE2\x80\x94|:|,)+$");
  return trim(edges.replace_all(s, ""));
}

// A person's name as minutes print it, without the role that follows a comma ("Mr Oakford,
// Deputy Leader and Cabinet Member for Finance") or trailing punctuation.
std::string clean_name(std::string s) {
  s = trim(s);
  size_t comma = s.find(',');
  if (comma != std::string::npos) s = s.substr(0, comma);
  return strip_end_punct(s);
}

std::optional<std::string> group_str(const Regex& re, const RegexMatch& m, const char* name) {
  int g = re.group(name);
  if (g < 0 || !m.matched(static_cast<size_t>(g))) return std::nullopt;
  std::string s = clean_name(m.str(static_cast<size_t>(g)));
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<int> group_int(const Regex& re, const RegexMatch& m, const char* name) {
  int g = re.group(name);
  if (g < 0 || !m.matched(static_cast<size_t>(g))) return std::nullopt;
  std::string s = m.str(static_cast<size_t>(g));
  if (s.empty() || s.size() > 4) return std::nullopt;
  return std::stoi(s);
}

bool starts_with_quote(const std::string& s) {
  return s.rfind("\xE2\x80\x9C", 0) == 0 || s.rfind("\"", 0) == 0 || s.rfind("\xE2\x80\x98", 0) == 0;
}

bool ends_quote(const std::string& s) {
  std::string t = trim(s);
  while (!t.empty() && (t.back() == '.' || t.back() == ';')) t.pop_back();
  auto ends = [&](const char* q) {
    std::string e(q);
    return t.size() >= e.size() && t.compare(t.size() - e.size(), e.size(), e) == 0;
  };
  return ends("\xE2\x80\x9D") || ends("\"") || ends("\xE2\x80\x99");
}

std::string unquote(std::string s) {
  s = trim(s);
  for (const char* q : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\"", "\xE2\x80\x98", "\xE2\x80\x99"}) {
    std::string e(q);
    if (s.rfind(e, 0) == 0) s = s.substr(e.size());
    if (s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0)
      s = s.substr(0, s.size() - e.size());
  }
  return trim(s);
}

// A part of a resolution that records a decision of its own: "the progress be noted",
// "Approve the plan", "Authorise the Director to ...". "To declare ...", "Notes the report"
// (its subject is in the label) and "the County Council" do not.
bool self_contained(const std::string& part) {
  static const Regex passive("\\b(?:be|is|are|was|were)\\s+(?:\\w+\\s+){0,2}?(?:noted|agreed|approved|endorsed|"
                             "recommended|confirmed|deferred|adopted|accepted|received|authorised|"
                             "authorized|delegated|refused|granted|supported|considered)\\b",
                             Regex::kIcase);
  static const Regex imperative("^(?-i:[A-Z][a-z]+)\\b(?<!\\bTo)(?<!\\bThat)(?<!\\bThe)(?<!\\bThis)(?<!\\bIt)",
                                Regex::kNone);
  if (passive.search(part)) return true;
  RegexMatch m;
  if (!imperative.match_prefix(part, &m)) return false;
  std::string w = m.str();
  // A verb in the third person ("Notes", "Agrees") leans on a subject printed elsewhere.
  return !(w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's');
}

// ---- one item read in order ----

struct Tally {
  std::optional<int> count;  // printed beside the label
  std::vector<std::pair<std::string, std::vector<size_t>>> names;  // name, lines
  bool none = false;  // "NAYS: None"
};

struct Motion {
  std::optional<std::string> mover, seconder, number;
  std::string statement;  // the sentence that states it, for the vote's `motion`
  std::string proposal;   // what it proposes: the resolution's text when it is carried
  std::string kind = "motion";
  std::string outcome;         // carried | lost | withdrawn | deferred | ""
  std::string result_text;     // "APPROVED [UNANIMOUS]"
  std::string decision_hint;   // the verb of "... and unanimously approved"
  bool prose = false;          // stated in a sentence: the minutes record a vote
  bool tallied = false;        // a tally, a RESULT or counts were printed
  bool block = false;          // a numbered block or "Moved by:" lines: text until its outcome
  bool labels = false;         // its mover came from a "MOTION BY:" line
  bool seconder_label = false;  // and its seconder from a "SECOND:" line
  bool result_seen = false;
  bool resolved = false;       // a resolution took it
  bool same_sentence = false;  // "proposed ... and agreed that X": the motion is X
  std::optional<int> n_for, n_against, n_abstain;
  std::map<std::string, Tally> tallies;  // for | against | abstain | absent
  std::vector<size_t> lines;
};

class ItemReader {
 public:
  ItemReader(const Walk& w, const VotesVocab& vv, Item& item, StageContext& ctx, bool formal)
      : w_(w), v_(w.v), vv_(vv), item_(item), ctx_(ctx), formal_(formal) {}

  void read(const std::vector<Paragraph>& paras);

 private:
  void add_resolution(std::string text, const std::vector<size_t>& lines,
                      const std::string& fallback, const Motion* from = nullptr);
  void finish();
  Motion& open(bool prose);
  bool read_label_lines(const std::string& t, const Paragraph& p);
  bool read_tally(const std::string& t, const Paragraph& p);
  bool read_names(const std::string& t, const Paragraph& p);
  bool read_outcome(const std::string& t, const Paragraph& p);
  bool read_resolved(size_t& i, const std::string& t);
  bool read_block_text(const std::string& t, const Paragraph& p);
  bool read_motion(size_t& i, const std::string& t);
  void read_motion_rest(const std::vector<std::string>& sents, size_t from, const Paragraph& p);
  bool read_annotation(const std::string& t, const Paragraph& p);
  bool read_agreed(const std::string& t, const Paragraph& p);
  bool read_decision_sentence(const std::string& t, const Paragraph& p);
  std::string paragraph_text(const Paragraph& p) const;
  bool is_subheading(size_t i) const;
  bool is_tally_line(const std::string& t) const {
    for (const auto& entry : vv_.tallies)
      if (entry.second.match(t)) return true;
    return false;
  }
  void make_vote(const Motion& m);

  const Walk& w_;
  const ItemsVocab& v_;
  const VotesVocab& vv_;
  Item& item_;
  StageContext& ctx_;
  const std::vector<Paragraph>* paras_ = nullptr;
  std::optional<Motion> cur_;
  std::string pending_tally_;   // a tally label whose names follow on the next paragraphs
  std::string subheading_;      // the last bold sub-heading ("Motion for Time Limited Debate 1")
  std::optional<size_t> last_plain_;  // the last paragraph nothing else took
  std::set<size_t> taken_;      // paragraphs some decision read
  bool formal_;                 // the document records decisions with RESOLVED
};

// A paragraph's text without its number or sub-label ("3.", "(27)", "vi)").
std::string ItemReader::paragraph_text(const Paragraph& p) const {
  RegexMatch m;
  std::string t = p.text;
  if (v_.paragraph_number.match_prefix(t, &m) || v_.sub_label.match_prefix(t, &m)) t = trim(m.suffix());
  return t;
}

// A short line on its own that names what follows ("Motion for Time Limited Debate 1 –
// Integrated Care Strategy"): bold, or right above the motion it names.
bool ItemReader::is_subheading(size_t i) const {
  const Paragraph& p = (*paras_)[i];
  if (p.lines.size() != 1 || p.text.size() > 140 || p.text.empty()) return false;
  char last = p.text.back();
  if (last == '.' || last == ':' || last == ',' || last == ';') return false;
  if (!std::isupper(static_cast<unsigned char>(p.text.front()))) return false;
  if (w_.lines[p.lines.front()].line->bold) return true;
  if (i + 1 >= paras_->size()) return false;
  const std::string next = paragraph_text((*paras_)[i + 1]);
  return std::any_of(vv_.movers.begin(), vv_.movers.end(),
                     [&](const Regex& re) { return re.search(next); });
}

Motion& ItemReader::open(bool prose) {
  finish();
  cur_.emplace();
  cur_->prose = prose;
  return *cur_;
}

void ItemReader::add_resolution(std::string text, const std::vector<size_t>& lines,
                                const std::string& fallback, const Motion* from) {
  text = trim(text);
  if (text.empty()) return;
  Resolution r;
  r.text = text;
  std::string hint = from ? from->decision_hint : "";
  r.decision = decision_of(text, v_, hint.empty() ? fallback : decision_of(hint, v_, fallback));
  if (from) {
    r.number = from->number;
    r.moved_by = from->mover;
    r.seconded_by = from->seconder;
    if (!from->outcome.empty()) r.outcome = from->outcome;
  }
  r.prov = item_lines::prov_of(w_, lines);
  item_.resolutions.push_back(std::move(r));
}

// The open motion is complete: it gives a resolution when it was carried and nothing else
// recorded it, and a vote when the minutes record one.
void ItemReader::finish() {
  if (!cur_) return;
  Motion m = std::move(*cur_);
  cur_.reset();
  pending_tally_.clear();
  if (m.outcome.empty() && m.resolved) m.outcome = "carried";
  bool lost = m.outcome == "lost" || m.outcome == "withdrawn";
  // A carried amendment changes the motion; the motion's own vote or RESOLVED is the decision.
  if (!m.resolved && !lost && m.kind != "amendment") {
    std::string text = !m.proposal.empty() ? m.proposal : m.result_text;
    bool decided = m.block || !m.outcome.empty();
    if (decided && !text.empty()) add_resolution(text, m.lines, m.block ? "agreed" : "agreed", &m);
  }
  if (m.prose || m.tallied || (m.block && lost)) make_vote(m);
}

void ItemReader::make_vote(const Motion& m) {
  Vote v;
  std::string motion = m.same_sentence && !m.proposal.empty() ? m.proposal : m.statement;
  if (motion.empty()) motion = m.proposal.empty() ? item_.title : m.proposal;
  if (!subheading_.empty() && !m.same_sentence) motion = subheading_ + ": " + motion;
  v.motion = motion;
  v.kind = m.kind;
  if (m.outcome == "carried" || m.outcome == "lost" || m.outcome == "withdrawn") v.outcome = m.outcome;
  auto count = [&](const char* label, std::optional<int> printed) -> std::optional<int> {
    auto it = m.tallies.find(label);
    if (it == m.tallies.end()) return printed;
    const Tally& t = it->second;
    if (t.none) return 0;
    if (!t.names.empty()) {
      int named = static_cast<int>(t.names.size());
      if (t.count && *t.count != named)
        ctx_.issue("VOTE_COUNT_MISMATCH", "warning",
                   std::string(label) + ": " + std::to_string(*t.count) + " printed, " +
                       std::to_string(named) + " names listed (item " + item_.number + ")",
                   w_.doc.pages[w_.lines[t.names.front().second.front()].ref.page_idx].number);
      return t.count ? t.count : std::optional<int>(named);
    }
    return t.count ? t.count : printed;
  };
  v.votes_for = count("for", m.n_for);
  v.against = count("against", m.n_against);
  v.abstain = count("abstain", m.n_abstain);
  for (const char* label : {"for", "against", "abstain"}) {
    auto it = m.tallies.find(label);
    if (it == m.tallies.end()) continue;
    for (const auto& [name, lines] : it->second.names)
      v.recorded.push_back({name, label, item_lines::prov_of(w_, lines)});
  }
  v.prov = item_lines::prov_of(w_, m.lines);
  item_.votes.push_back(std::move(v));
}

// "Moved by: X", "MOTION BY: Mashack", "SECOND: Brown", "RESULT: APPROVED [UNANIMOUS]".
bool ItemReader::read_label_lines(const std::string& t, const Paragraph& p) {
  RegexMatch m;
  for (const Regex& re : vv_.mover_labels)
    if (re.match(t, &m)) {
      // A RESULT block's "MOTION BY:" names the mover of the motion stated above it.
      bool same = cur_ && !cur_->labels && (cur_->prose || !cur_->mover) &&
                  !(cur_->block && !cur_->proposal.empty());
      if (!same) open(false).block = true;
      cur_->mover = group_str(re, m, "name");
      cur_->labels = true;
      cur_->lines.insert(cur_->lines.end(), p.lines.begin(), p.lines.end());
      return true;
    }
  for (const Regex& re : vv_.seconder_labels)
    if (re.match(t, &m)) {
      if (!cur_ || cur_->seconder_label) open(false).block = true;
      cur_->seconder = group_str(re, m, "name");
      cur_->seconder_label = true;
      cur_->lines.insert(cur_->lines.end(), p.lines.begin(), p.lines.end());
      return true;
    }
  if (vv_.result_label.match(t, &m)) {
    if (!cur_ || cur_->result_seen) open(false);
    Motion& mo = *cur_;
    mo.result_seen = mo.tallied = true;
    mo.result_text = trim(m.str(1));
    std::string o = vv_.outcome_of(mo.result_text.substr(0, mo.result_text.find('[')));
    if (!o.empty()) mo.outcome = o;
    for (const Regex& re : vv_.counts) {
      RegexMatch c;
      if (!re.search(mo.result_text, &c)) continue;
      mo.n_for = group_int(re, c, "for");
      mo.n_against = group_int(re, c, "against");
      mo.n_abstain = group_int(re, c, "abstain");
      break;
    }
    mo.lines.insert(mo.lines.end(), p.lines.begin(), p.lines.end());
    return true;
  }
  return false;
}

// "Mr A, Mr B and Mrs C"; names printed in columns without commas ("Mr Booth   Mr Brady")
// come as one line and part where a second honorific begins.
std::vector<std::string> split_names(const std::string& text, const ItemsVocab& v) {
  std::vector<std::string> out;
  static const Regex sep("\\s*(?:,|;|\\band\\b|&)\\s*");
  auto add = [&](std::string piece) {
    RegexMatch m;
    while (v.next_member.search(piece, &m) && !m.prefix().empty()) {
      std::string head = strip_end_punct(m.prefix());
      if (!head.empty()) out.push_back(head);
      piece = m.suffix();
    }
    piece = strip_end_punct(piece);
    if (!piece.empty()) out.push_back(piece);
  };
  std::string rest = text;
  RegexMatch m;
  while (sep.search(rest, &m)) {
    add(m.prefix());
    rest = m.suffix();
  }
  add(rest);
  return out;
}

// Names that could only be a list of members: each starts with a capital and is short.
bool looks_like_names(const std::vector<std::string>& names) {
  if (names.empty()) return false;
  for (const std::string& n : names) {
    if (n.size() > 40 || !std::isupper(static_cast<unsigned char>(n[0]))) return false;
    size_t words = static_cast<size_t>(std::count(n.begin(), n.end(), ' ')) + 1;
    if (words > 5) return false;
  }
  return true;
}

bool ItemReader::read_tally(const std::string& t, const Paragraph& p) {
  for (const auto& [vote, re] : vv_.tallies) {
    RegexMatch m;
    if (!re.match(t, &m)) continue;
    std::optional<int> count = group_int(re, m, "count");
    if (!count) count = group_int(re, m, "count2");
    int ng = re.group("names");
    std::string names = ng >= 0 ? trim(m.str(static_cast<size_t>(ng))) : "";
    bool colon = t.find(':') != std::string::npos;
    // "For (51)", "AYES: A, B", "NAYS: None"; not a sentence that starts with "For".
    std::vector<std::string> list = split_names(names, v_);
    bool none = std::find(vv_.none_names.begin(), vv_.none_names.end(),
                          item_lines::lower_ascii(strip_end_punct(names))) != vv_.none_names.end();
    if (!count && !(colon && (none || looks_like_names(list)))) continue;
    if (!names.empty() && !none && !looks_like_names(list)) continue;
    if (!cur_) open(false);
    Motion& mo = *cur_;
    mo.tallied = true;
    Tally& tally = mo.tallies[vote];
    if (count) tally.count = count;
    tally.none = tally.none || none;
    if (!none)
      for (const std::string& n : list) tally.names.emplace_back(n, p.lines);
    pending_tally_ = names.empty() ? vote : "";
    mo.lines.insert(mo.lines.end(), p.lines.begin(), p.lines.end());
    return true;
  }
  return false;
}

bool ItemReader::read_names(const std::string& t, const Paragraph& p) {
  if (pending_tally_.empty() || !cur_) return false;
  std::vector<std::string> list = split_names(t, v_);
  if (!looks_like_names(list)) {
    pending_tally_.clear();
    return false;
  }
  Tally& tally = cur_->tallies[pending_tally_];
  for (const std::string& n : list) tally.names.emplace_back(n, p.lines);
  cur_->lines.insert(cur_->lines.end(), p.lines.begin(), p.lines.end());
  return true;
}

// "Carried.", "Motion lost.", "Agreed unanimously.", "Deferred.", "carried on a show of hands
// (10 for, 2 against)".
bool ItemReader::read_outcome(const std::string& t, const Paragraph& p) {
  if (t.size() > 160 || !vv_.outcome_paragraph.match(t)) return false;
  std::string o = vv_.outcome_of(t.substr(0, t.find_first_of("[(")));
  if (o.empty()) return false;
  std::optional<int> nf, na, nb;
  for (const Regex& re : vv_.counts) {
    RegexMatch c;
    if (!re.search(t, &c)) continue;
    nf = group_int(re, c, "for");
    na = group_int(re, c, "against");
    nb = group_int(re, c, "abstain");
    break;
  }
  if (cur_ && !cur_->resolved) {
    Motion& m = *cur_;
    if (m.outcome.empty() || !m.result_seen) m.outcome = o;
    if (nf) {
      m.n_for = nf;
      m.n_against = na;
      m.n_abstain = nb;
      m.tallied = true;
    }
    m.lines.insert(m.lines.end(), p.lines.begin(), p.lines.end());
    if (m.block) finish();
    return true;
  }
  if (cur_ && cur_->resolved) return true;  // "Motion carried." after its RESOLVED
  // An outcome with no motion before it: the item's decision ("Item #10 ... / Deferred."), or
  // the paragraph above was the motion ("THAT Council approve ... / Carried.").
  if (o == "deferred" || o == "withdrawn") {
    Motion m;
    m.outcome = o;
    m.lines = p.lines;
    add_resolution(strip_end_punct(t), p.lines, o == "deferred" ? "deferred" : "other", &m);
    return true;
  }
  if (!last_plain_ && !nf) return false;
  // The paragraph above stated what was carried or lost; counts make it a recorded vote.
  Motion& m = open(false);
  m.outcome = o;
  if (last_plain_) {
    const Paragraph& q = (*paras_)[*last_plain_];
    m.statement = m.proposal = strip_end_punct(paragraph_text(q));
    m.lines = q.lines;
    taken_.insert(*last_plain_);
    last_plain_.reset();
  }
  m.lines.insert(m.lines.end(), p.lines.begin(), p.lines.end());
  if (nf) {
    m.n_for = nf;
    m.n_against = na;
    m.n_abstain = nb;
    m.tallied = true;
  }
  m.block = true;  // no text of its own follows
  finish();
  return true;
}

bool ItemReader::read_block_text(const std::string& t, const Paragraph& p) {
  if (!cur_ || !cur_->block || !cur_->outcome.empty()) return false;
  Motion& m = *cur_;
  std::string text = t;
  RegexMatch o;
  if (vv_.outcome_sentence.search(text, &o)) {
    std::string word = o.str(static_cast<size_t>(std::max(1, vv_.outcome_sentence.group("outcome"))));
    m.outcome = vv_.outcome_of(word);
    text = trim(o.prefix() + (o.str().size() && (o.str()[0] == '.' || o.str()[0] == ';') ? "." : ""));
  }
  m.proposal = m.proposal.empty() ? text : m.proposal + " " + text;
  m.lines.insert(m.lines.end(), p.lines.begin(), p.lines.end());
  if (!m.outcome.empty()) finish();
  return true;
}

// "RESOLVED that ...", "3. RESOLVED that the update be noted.", "(27) RESOLVED that:" with
// (1) ... (5) below. Returns with `i` on the last paragraph it read.
//
// Parts under a label are one resolution, joined, when the label names who decides
// ("RESOLVED that the County Council:" / a) Notes ... b) Comments ...) or when they do not
// stand alone ("1. To declare ..."). Parts that each record a decision of their own ("(a) the
// conclusions be endorsed; (b) the progress be noted", "1) Approve ..., 2) Authorise ...") are
// one resolution each.
bool ItemReader::read_resolved(size_t& i, const std::string& t) {
  const std::vector<Paragraph>& paras = *paras_;
  RegexMatch m;
  bool resolved = false;
  for (const Regex& re : v_.resolved)
    if (re.match_prefix(t, &m)) {
      resolved = true;
      break;
    }
  if (!resolved) return false;
  std::string rest = trim(m.suffix());
  // "APPROVED – 2018 Meetings Calendar": the label names the decision; "RESOLVED" does not.
  const std::string fallback = decision_of(m.str(), v_, "other");
  const Motion* motion = nullptr;
  if (cur_ && !cur_->resolved && cur_->outcome != "lost" && cur_->outcome != "withdrawn") {
    if (cur_->outcome.empty()) cur_->outcome = "carried";
    motion = &*cur_;
  }
  auto strip_trailing = [&](std::string text) {
    for (const Regex& re : v_.resolution_trailing) text = re.replace_all(text, "");
    return trim(text);
  };
  auto without_that = [&](const std::string& text) {
    RegexMatch tm;
    return v_.that_prefix.match_prefix(text, &tm) ? trim(tm.suffix()) : text;
  };
  // A part's text without its label ("(a)", "1)", "1."), or nullopt when it has none.
  auto part_of = [&](const Paragraph& q) -> std::optional<std::string> {
    RegexMatch s;
    if (v_.sub_label.match_prefix(q.text, &s)) return trim(s.suffix());
    if (v_.paragraph_number.match_prefix(q.text, &s)) return trim(s.suffix());
    if (q.list) return q.text;
    return std::nullopt;
  };
  // Parts are labelled alike ("a)", "b)" or "1.", "2."), and unlike the paragraph that holds
  // the label ("8) RESOLVED ..." is followed by its parts 1. to 6., then "9) The Chairman").
  auto style = [&](const Paragraph& q) {
    std::string label = q.text.substr(0, q.text.find(' '));
    std::string out;
    for (char c : label) {
      char k = std::isdigit(static_cast<unsigned char>(c)) ? '9' : std::isalpha(static_cast<unsigned char>(c)) ? 'a' : c;
      if (out.empty() || out.back() != k || (k != '9' && k != 'a')) out += k;
    }
    return out;
  };
  const Paragraph& p = paras[i];
  std::vector<std::string> parts;
  std::vector<std::vector<size_t>> part_lines;
  std::string lead = without_that(rest);
  RegexMatch first;
  bool rest_empty = false;
  for (const Regex& re : v_.resolved_rest_empty)
    if (re.match(rest)) rest_empty = true;
  if (v_.sub_label.match_prefix(rest, &first)) {
    // "RESOLVED that (a) ...": the first part shares the label's line.
    parts.push_back(trim(first.suffix()));
    part_lines.push_back(p.lines);
    lead.clear();
  }
  // "RESOLVED Cabinet APPROVED the recommendations with the following amendments:": a decision
  // of its own; what follows is its content, not its parts.
  bool own_decision = false;
  for (const Regex& re : v_.decision_sentence) own_decision = own_decision || re.match_prefix(lead);
  bool opens_list = rest_empty || !parts.empty() ||
                    (!own_decision && !rest.empty() && (rest.back() == ':' || rest.back() == '-'));
  size_t after = i + 1;
  if (opens_list) {
    std::string own = v_.paragraph_number.match_prefix(p.text) ? style(p) : "";
    std::string first_style;
    for (; after < paras.size(); ++after) {
      auto part = part_of(paras[after]);
      if (!part) break;
      std::string st = style(paras[after]);
      if (paras[after].label || v_.paragraph_number.match_prefix(paras[after].text)) {
        if (first_style.empty()) first_style = st;
        bool indented = w_.lines[paras[after].lines.front()].x0 > w_.lines[p.lines.front()].x0 + 2;
        if (st != first_style || (st == own && !indented)) break;
      }
      parts.push_back(*part);
      part_lines.push_back(paras[after].lines);
    }
  }
  size_t first_res = item_.resolutions.size();
  if (parts.empty() && rest_empty) {
    // "Decision:" or "RESOLVED" alone over its text: the paragraph below is read on its own.
    bool next_resolved = false;
    if (i + 1 < paras.size())
      for (const Regex& re : v_.resolved) next_resolved |= re.match_prefix(paragraph_text(paras[i + 1]));
    if (i + 1 < paras.size() && !next_resolved &&
        !item_lines::any_search(paras[i + 1].text, v_.paragraph_start)) {
      add_resolution(without_that(paragraph_text(paras[i + 1])), paras[i + 1].lines, fallback, motion);
      after = i + 2;
    }
  } else if (parts.empty()) {
    add_resolution(lead, p.lines, fallback, motion);
  } else {
    bool subject = !rest_empty && v_.multi_part_lead.match(lead);
    bool alone = !subject && std::all_of(parts.begin(), parts.end(), [&](const std::string& part) {
      return self_contained(part);
    });
    if (alone) {
      for (size_t k = 0; k < parts.size(); ++k)
        add_resolution(strip_trailing(parts[k]), part_lines[k], fallback, motion);
    } else {
      std::string text = subject ? lead : "";
      std::vector<size_t> lines = p.lines;
      std::set<std::string> decisions;
      bool every = true;
      for (size_t k = 0; k < parts.size(); ++k) {
        text += (text.empty() ? "" : " ") + parts[k];
        lines.insert(lines.end(), part_lines[k].begin(), part_lines[k].end());
        std::string d = decision_of(parts[k], v_, "");
        if (d.empty()) every = false;
        else decisions.insert(d);
      }
      add_resolution(text, lines, "agreed", motion);
      // Parts that all decide alike decide the whole; mixed parts agree.
      item_.resolutions.back().decision = every && decisions.size() == 1 ? *decisions.begin() : "agreed";
    }
  }
  for (size_t k = i; k < after; ++k) taken_.insert(k);
  i = after - 1;
  if (motion && item_.resolutions.size() > first_res) {
    cur_->resolved = true;
    cur_->lines.insert(cur_->lines.end(), p.lines.begin(), p.lines.end());
    finish();
  }
  return true;
}

// A motion stated in a sentence: "It was proposed by Cllr A, seconded by Cllr B and
// unanimously agreed that X", "Mr A proposed, and Mr B seconded the motion that “...”",
// "The Chairman proposed that X and it was agreed unanimously."
bool ItemReader::read_motion(size_t& i, const std::string& t) {
  const std::vector<Paragraph>& paras = *paras_;
  const Paragraph& p = paras[i];
  std::vector<std::string> sents = sentences(t, v_);
  for (size_t s = 0; s < sents.size(); ++s) {
    const std::string& sent = sents[s];
    RegexMatch m;
    const Regex* hit = nullptr;
    for (const Regex& re : vv_.movers)
      if (re.search(sent, &m)) {
        hit = &re;
        break;
      }
    if (!hit) continue;
    // A motion whose RESULT block follows keeps its movers from there ("MOTION BY:").
    Motion& mo = open(true);
    taken_.insert(i);
    mo.mover = group_str(*hit, m, "mover");
    mo.seconder = group_str(*hit, m, "seconder");
    // "Mr A suggested and Cabinet agreed to the following amendment": accepted, no vote taken.
    if (group_str(*hit, m, "agreed")) mo.outcome = "carried";
    mo.lines = p.lines;
    std::string after = m.suffix();
    // "Following the debate, the Leader proposed ...": the motion starts with its mover.
    static const Regex preamble("^(?:following|after)\\b[^,]{0,60},\\s*$", Regex::kIcase);
    std::string before = m.prefix();
    std::string head = trim((preamble.match(before) ? std::string() : before) + m.str());
    for (const auto& [kind, re] : vv_.motion_kinds)
      if (re.search(head + " " + after.substr(0, 40))) {
        mo.kind = kind;
        break;
      }
    RegexMatch a;
    if (vv_.motion_agreed.match_prefix(after, &a)) {
      // The sentence records the decision too.
      int vg = vv_.motion_agreed.group("verb");
      mo.decision_hint = vg >= 0 ? a.str(static_cast<size_t>(vg)) : "";
      mo.outcome = "carried";
      mo.same_sentence = true;
      std::string x = strip_end_punct(a.suffix());
      if (x.empty() || x[0] == ';' || x[0] == ')' || x[0] == ',') {
        // "... and unanimously approved." with no wording of its own: the whole paragraph.
        mo.proposal = strip_end_punct(t);
        mo.same_sentence = false;
        mo.statement = strip_end_punct(sent);
      } else {
        mo.proposal = x;
        mo.statement = strip_end_punct(sent);
      }
      finish();
      return true;
    }
    RegexMatch st;
    std::string proposal = after;
    if (vv_.motion_text_start.match_prefix(after, &st)) proposal = st.suffix();
    std::string statement = trim(head + " " + trim(st.length() ? st.str() : std::string()));
    proposal = trim(proposal);
    // "... and it was agreed unanimously", ", and set motion failed to gather a majority".
    for (const Regex& re : vv_.outcome_clauses) {
      RegexMatch oc;
      if (!re.search(proposal, &oc)) continue;
      int g = re.group("outcome");
      mo.outcome = vv_.outcome_of(g >= 0 ? oc.str(static_cast<size_t>(g)) : oc.str());
      proposal = trim(oc.prefix());
      break;
    }
    // The motion's words may follow in quotes, over the next paragraphs.
    if (proposal.empty() || (starts_with_quote(proposal) && !ends_quote(proposal))) {
      std::vector<std::string> quoted;
      if (!proposal.empty()) quoted.push_back(proposal);
      size_t k = i + 1;
      for (; k < paras.size() && k < i + 40; ++k) {
        std::string q = paragraph_text(paras[k]);
        bool numbered = v_.paragraph_number.match_prefix(paras[k].text) &&
                        w_.lines[paras[k].lines.front()].x0 <= w_.lines[p.lines.front()].x0 + 2;
        if (quoted.empty() && !starts_with_quote(q)) {
          if (numbered) break;
        } else if (numbered && !starts_with_quote(q)) {
          break;
        }
        bool stop = false;
        for (const Regex& re : v_.resolved) stop = stop || re.match_prefix(q);
        if (stop || (!quoted.empty() && is_tally_line(q))) break;
        quoted.push_back(q);
        mo.lines.insert(mo.lines.end(), paras[k].lines.begin(), paras[k].lines.end());
        taken_.insert(k);
        if (ends_quote(q)) {
          ++k;
          break;
        }
      }
      if (!quoted.empty()) {
        std::string joined;
        for (const std::string& q : quoted) joined += (joined.empty() ? "" : " ") + q;
        proposal = joined;
        i = k - 1;
      }
    }
    proposal = strip_end_punct(unquote(proposal));
    mo.proposal = proposal;
    constexpr size_t kShortMotion = 320;
    mo.statement = statement;
    if (!proposal.empty() && statement.size() + proposal.size() <= kShortMotion)
      mo.statement = strip_end_punct(statement + " " + (starts_with_quote(after) ? "" : "") + proposal);
    else
      mo.statement = strip_end_punct(statement);
    {
      // "... seconded the motion that": without its words the sentence ends on "that".
      static const Regex dangling("\\s+(?:that|to)\\s*$", Regex::kIcase);
      if (mo.statement.size() > proposal.size() && proposal.size() + statement.size() > kShortMotion)
        mo.statement = dangling.replace_all(mo.statement, "");
    }
    read_motion_rest(sents, s + 1, p);
    return true;
  }
  return false;
}

// The sentences after a motion's in the same paragraph: "Ayes: A, B. Nays: C. Absent: D.
// Motion carried 4-1.", "... to the next meeting. Motion approved."
void ItemReader::read_motion_rest(const std::vector<std::string>& sents, size_t from,
                                  const Paragraph& p) {
  for (size_t r = from; r < sents.size() && cur_; ++r) {
    const std::string& sent = sents[r];
    if (read_tally(sent, p)) continue;
    if (sent.size() > 80) continue;
    RegexMatch os;
    if (vv_.outcome_sentence.search(sent, &os)) {
      int g = vv_.outcome_sentence.group("outcome");
      if (cur_->outcome.empty()) cur_->outcome = vv_.outcome_of(os.str(static_cast<size_t>(std::max(1, g))));
      for (const Regex& re : vv_.counts) {
        RegexMatch c;
        if (!re.search(sent, &c)) continue;
        cur_->n_for = group_int(re, c, "for");
        cur_->n_against = group_int(re, c, "against");
        cur_->n_abstain = group_int(re, c, "abstain");
        cur_->tallied = true;
        break;
      }
    }
  }
  pending_tally_.clear();
}

// "Minutes from 11/30/17 meeting approved – Z. Maiorca (motion), T. Feinberg (second)":
// a decision with its movers noted beside it; no vote is recorded.
bool ItemReader::read_annotation(const std::string& t, const Paragraph& p) {
  for (const Regex& re : vv_.annotations) {
    RegexMatch m;
    if (!re.search(t, &m)) continue;
    Motion mo;
    mo.mover = group_str(re, m, "mover");
    mo.seconder = group_str(re, m, "seconder");
    mo.outcome = "carried";
    std::string text = strip_dashes(m.prefix());
    // "APPROVED – Revised 2018 budget": the label names the decision.
    RegexMatch r;
    std::string fallback = "agreed";
    for (const Regex& res : v_.resolved)
      if (res.match_prefix(text, &r)) {
        fallback = decision_of(r.str(), v_, "agreed");
        text = strip_dashes(r.suffix());
        break;
      }
    finish();
    add_resolution(text, p.lines, fallback, &mo);
    return true;
  }
  return false;
}

// "It was agreed that X", "It was decided to X", "Cytunwyd y X": a sentence anywhere in the
// paragraph; with nothing after the verb ("Cytunwyd yn unfrydol.") the paragraph is the text.
bool ItemReader::read_agreed(const std::string& t, const Paragraph& p) {
  if (formal_) return false;
  bool any = false;
  for (const std::string& sent : sentences(t, v_)) {
    RegexMatch m;
    std::optional<std::string> text;
    for (const Regex& re : v_.agreed_inline)
      if (!text && re.search(sent, &m)) text = strip_end_punct(m.suffix());
    for (const Regex& re : v_.agreed_statements)
      if (!text && re.match_prefix(sent)) text = strip_end_punct(sent);
    if (text) {
      finish();
      add_resolution(*text, p.lines, "agreed");
      any = true;
      continue;
    }
    for (const Regex& re : v_.agreed) {
      if (!re.match_prefix(sent, &m)) continue;
      std::string rest = strip_end_punct(m.suffix());
      std::string fallback = decision_of(m.str(), v_, "agreed");
      if (fallback == "other") fallback = "agreed";
      finish();
      add_resolution(rest.empty() ? strip_end_punct(t) : rest, p.lines, fallback);
      any = true;
      break;
    }
  }
  return any;
}

bool ItemReader::read_decision_sentence(const std::string& t, const Paragraph& p) {
  for (const Regex& re : v_.decision_sentence)
    if (re.match_prefix(t)) {
      Motion mo;
      if (cur_ && !cur_->resolved && cur_->outcome != "lost") {
        cur_->resolved = true;
        if (cur_->outcome.empty()) cur_->outcome = "carried";
        mo = *cur_;
        add_resolution(t, p.lines, "other", &mo);
        finish();
      } else {
        add_resolution(t, p.lines, "other");
      }
      return true;
    }
  return false;
}

void ItemReader::read(const std::vector<Paragraph>& paras) {
  paras_ = &paras;
  for (size_t i = 0; i < paras.size(); ++i) {
    const Paragraph& p = paras[i];
    std::string t = paragraph_text(p);
    if (t.empty()) continue;
    size_t before = i;
    RegexMatch bh;
    const Regex* header = nullptr;
    for (const Regex& re : vv_.block_headers)
      if (re.match(t, &bh)) {
        header = &re;
        break;
      }
    bool took = true;
    if (header) {
      Motion& m = open(false);
      m.block = true;
      m.number = trim(bh.str(static_cast<size_t>(header->group("number"))));
      m.mover = group_str(*header, bh, "mover");
      m.seconder = group_str(*header, bh, "seconder");
      m.lines = p.lines;
    } else if (read_label_lines(t, p) || read_tally(t, p) || read_outcome(t, p) ||
               read_annotation(t, p) || read_resolved(i, t) || read_names(t, p) ||
               read_block_text(t, p) || read_motion(i, t) || read_agreed(t, p) ||
               read_decision_sentence(t, p)) {
    } else {
      took = false;
      if (is_subheading(i)) {
        finish();
        subheading_ = p.text;
      } else {
        last_plain_ = i;
      }
    }
    if (took)
      for (size_t k = before; k <= i; ++k) taken_.insert(k);
  }
  finish();
  // Decision wording nothing took: the record is likely missing a decision.
  for (size_t i = 0; i < paras.size(); ++i) {
    if (taken_.count(i) || !vv_.decision_wording.search(paras[i].text)) continue;
    int page = w_.doc.pages[w_.lines[paras[i].lines.front()].ref.page_idx].number;
    std::string quote = paras[i].text.substr(0, 80);
    ctx_.issue("DECISION_UNATTACHED", "warning",
               "decision wording under item " + (item_.number.empty() ? item_.title : item_.number) +
                   " gave no resolution: \"" + quote + (paras[i].text.size() > 80 ? "...\"" : "\""),
               page);
  }
}

}  // namespace

Result<void> DecisionsStage::run(Document& doc, StageContext& ctx) {
  if (doc.items.empty()) return {};
  ItemsVocab vocab = ItemsVocab::from_json(ctx.vocab("items"), ctx.vocab("votes"));
  VotesVocab votes = VotesVocab::from_json(ctx.vocab("votes"));
  const auto planning = decision_planning::PlanningVocab::from_json(ctx.vocab("items"));
  Walk w{doc, vocab, {}};
  for (const LineRef& ref : reading_order(doc)) w.lines.push_back(item_lines::describe(doc, ref, vocab));
  item_lines::split_margin_notes(w);
  std::unordered_map<uint64_t, size_t> index;
  for (size_t i = 0; i < w.lines.size(); ++i)
    index[(uint64_t{w.lines[i].ref.page_idx} << 32) | w.lines[i].ref.line_idx] = i;
  item_lines::Margins margins = item_lines::right_margins(w);
  bool formal = std::any_of(w.lines.begin(), w.lines.end(), [&](const LineInfo& l) {
    return item_lines::any_search(l.text, vocab.formal_resolutions);
  });
  for (Item& item : doc.items) {
    item.resolutions.clear();
    item.votes.clear();
    item.declarations.clear();
    item.actions.clear();
    // A numbered resolution block's first line, and a bulleted item's, is also its first
    // decision ("R2024-070 S. Kirkey, T. Butler:"); other headings are not.
    bool heading_decides = item.heading_kind == "resolution" || item.heading_kind == "bullet";
    std::vector<size_t> idx;
    for (size_t k = heading_decides ? 0 : item.heading_lines; k < item.lines.size(); ++k) {
      auto it = index.find((uint64_t{item.lines[k].page_idx} << 32) | item.lines[k].line_idx);
      if (it != index.end() && !w.lines[it->second].table) idx.push_back(it->second);
    }
    std::vector<Paragraph> paras = item_lines::paragraphs(w, idx, margins);
    ItemReader reader(w, votes, item, ctx, formal);
    reader.read(paras);
    decision_planning::read_observations(w, paras, planning, item);
    decision_notes::read_declarations(w, paras, item);
    decision_notes::read_actions(w, idx, paras, item);
  }
  return {};
}

}  // namespace agendapack
