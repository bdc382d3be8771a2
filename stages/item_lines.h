/// \file The document's body lines as the items and votes stages read them: each line with
/// its geometry and list marker, and the paragraphs a run of lines forms. Shared by
/// `items` (headings, resolutions, declarations, actions) and `votes` (motions and tallies),
/// which must cut an item's text into the same paragraphs.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/document.h"
#include "stages/items.h"

namespace agendapack::item_lines {

std::string trim(const std::string& s);
std::string lower_ascii(std::string s);
/// Letters of a text are (almost) all capitals: "APOLOGIES FOR ABSENCE".
bool mostly_caps(const std::string& s);
/// The words of a text, letters only, in their printed case.
std::vector<std::string> letter_words(const std::string& s);
/// Dot leaders ("Pothole repairs . . . . . £652,000") become one space.
std::string collapse_leaders(const std::string& s);
bool any_search(const std::string& s, const std::vector<Regex>& res);

struct LineInfo {
  LineRef ref;
  const Line* line = nullptr;
  std::string text;          // for the item text: bullet glyph removed, leaders collapsed
  bool starts_list = false;  // begins with a bullet glyph or a list label
  bool label = false;        // the list marker is a label kept in the text ("(a)", "1)")
  bool table = false;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0, size = 10;
  double first_word_width = 0;
  // A note in the right margin beside the text ("Clerk", "Cllr. J. Davies", "Noted"), set
  // apart from `text`; a line that is only a note has an empty `text`.
  std::string margin;
};

LineInfo describe(const Document& doc, LineRef ref, const ItemsVocab& v);

/// The body lines of the document in reading order, described.
struct Walk {
  const Document& doc;
  const ItemsVocab& v;
  std::vector<LineInfo> lines;
};

/// Minutes with a column of notes down the right margin (who acts, "Noted"): a short run of
/// words without digits, far right, after a wide gap. Where at least three lines carry one,
/// each is moved from `text` to `margin`, and so are short lines alone in that column.
void split_margin_notes(Walk& w);

struct Paragraph {
  std::string text;
  std::vector<size_t> lines;  // indices into Walk::lines
  bool list = false;          // opened by a bullet or a label
  bool label = false;         // opened by a label kept in the text ("(a)", "1)")
};

/// The right edge of the text on each page and column: a line that stops well short of it
/// ends its paragraph.
using Margins = std::map<std::pair<uint32_t, int>, double>;
Margins right_margins(const Walk& w);

/// Cuts the lines `idx` (indices into w.lines, in reading order) into paragraphs: a new one
/// at a list marker, a paragraph label ("RESOLVED", "Action:"), a vertical gap, a line that
/// stopped short, or a change of indent.
std::vector<Paragraph> paragraphs(const Walk& w, const std::vector<size_t>& idx,
                                  const Margins& margins);

ProvenanceList prov_of(const Walk& w, const std::vector<size_t>& idx);

}  // namespace agendapack::item_lines
