/// \file The document model every stage shares. Words come from the text layer or from OCR
/// and look the same afterwards; lines, blocks and table cells refer to words by index, and
/// every record carries provenance computed from its words (provenance_of), never typed.
/// Coordinates: PDF points, origin at the page's top-left, the record contract's space.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "pipeline/decimal.h"

namespace agendapack {

struct BBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  /// The smallest box holding both; an empty box is the identity.
  BBox united(const BBox& o) const;
  bool operator==(const BBox&) const = default;
};

struct Provenance {
  int page = 0;  // 1-based
  BBox bbox;
  bool operator==(const Provenance&) const = default;
};

enum class WordSource { text, ocr };

struct Word {
  std::string text;  // UTF-8, NFC
  BBox bbox;
  double baseline = 0;  // points from page top
  float font_size = 0;  // points; 0 when unknown (OCR)
  std::string font;     // font name as embedded, without subset prefix; "" for OCR
  bool bold = false, italic = false, space_after = false;
  WordSource source = WordSource::text;
  float confidence = 1.0f;  // 0..1; below 1 only for OCR words
};

/// Where a line sits in the page's structure, decided by `layout`.
enum class LineRole { body, header, footer, page_number };

struct Line {
  std::vector<uint32_t> words;  // indices into Page::words, in reading order
  BBox bbox;
  double baseline = 0;
  float font_size = 0;  // the dominant size of its words
  bool bold = false;    // most of its characters are bold
  LineRole role = LineRole::body;
  std::string text;  // words joined with single spaces, for the document stages
  std::string bullet;  // the bullet or list marker it starts with ("•", "o", "(a)", "1)"), or ""
  bool heading = false;  // set apart by size, weight, capitals or numbering
  int column = 0;        // 0: full width or left column; 1: right column of a two-column page
  int table = -1;        // index into Document::tables when the line lies inside a table
};

struct Block {
  std::vector<uint32_t> lines;  // indices into Page::lines, in reading order
  BBox bbox;
  int column = 0;
};

/// A long straight ink line (a table rule), found by `rulings` on a low-resolution render.
/// Horizontal: y = `pos`, from x `from` to `to`; vertical: x = `pos`, from y `from` to `to`.
struct Ruling {
  bool horizontal = true;
  double pos = 0, from = 0, to = 0;  // points, page space
  bool typed = false;  // a line of typed dashes ("-----"), not drawn: it underlines, no grid
};

/// A line anywhere in the document: what document stages walk in reading order.
struct LineRef {
  uint32_t page_idx = 0;  // 0-based index into Document::pages
  uint32_t line_idx = 0;  // index into Page::lines
};

/// How a page's words were obtained (the contract's `pages[].method`).
enum class PageMethod { text, ocr, text_ocr };

struct Page {
  int number = 0;  // 1-based
  double width = 0, height = 0;  // points, as displayed before /Rotate
  // Degrees clockwise from the page's own space to the space its words (and every bbox) are
  // in: /Rotate, and the turn `text` gives a page whose text runs sideways so that it reads.
  int rotation = 0;
  // Degrees clockwise (Leptonica's sense, about the page's centre) that `ocr` turned a skewed
  // scan to level its rows. Its words are in the levelled page, and `rulings` levels its image
  // the same way, so rows and rules stay horizontal; 0 on text pages.
  double skew = 0;
  PageMethod method = PageMethod::text;
  std::string route_reason;  // why `route` chose the method, for people
  std::optional<double> ocr_confidence;
  std::vector<Word> words;
  std::vector<Line> lines;    // every line, headers and footers included
  std::vector<uint32_t> order;  // body line indices in reading order (layout)
  std::vector<Block> blocks;
  std::vector<Ruling> rulings;  // only on pages `rulings` rendered (table candidates)
  size_t chars() const;
  /// The page as its words are placed: turned by `rotation`.
  double view_width() const { return rotation % 180 ? height : width; }
  double view_height() const { return rotation % 180 ? width : height; }
};

struct WordRef {
  uint32_t page_idx = 0;  // 0-based index into Document::pages
  uint32_t word_idx = 0;
};

/// One box per page, in page order: the first is the contract's `provenance`, all of them
/// are `provenance_all`.
using ProvenanceList = std::vector<Provenance>;

// ---- tables ----

struct Cell {
  std::string text;  // lines joined with a space; bullets keep their own line ("\n")
  std::vector<WordRef> words;
  int row_span = 1, col_span = 1;
};

enum class TableMethod { ruled, stream, ocr };

struct Table {
  std::string id;  // "t1", "t2", ... in document order
  std::vector<int> pages;
  int header_rows = 0;
  std::vector<std::vector<Cell>> rows;  // rectangular: every row has n_cols cells
  TableMethod method = TableMethod::stream;
  ProvenanceList prov;
  int n_rows() const { return static_cast<int>(rows.size()); }
  int n_cols() const { return rows.empty() ? 0 : static_cast<int>(rows.front().size()); }
};

// ---- records ----

struct Attendee {
  std::string name;
  std::string group;  // present | apologies | in_attendance | officers
};

struct Meeting {
  std::optional<std::string> authority, body, date, start_time, end_time, venue, chair,
      next_meeting;
  std::vector<Attendee> attendance;
  ProvenanceList prov;
};

struct Resolution {
  std::string text;
  std::string decision = "other";  // the contract's decision vocabulary
  // Where printed: the resolution's own number ("R2024-228"), its mover and seconder as
  // printed, and the outcome (carried | lost | withdrawn | deferred).
  std::optional<std::string> number, moved_by, seconded_by, outcome;
  ProvenanceList prov;
};

/// One member's recorded vote.
struct RecordedVote {
  std::string name;  // as printed
  std::string vote;  // for | against | abstain
  ProvenanceList prov;
};

/// A vote the minutes record under an item, lost motions and amendments included.
struct Vote {
  std::string motion;               // what was put, as printed (shortened when long)
  std::string kind = "motion";      // motion | amendment | substantive motion | other
  std::optional<std::string> outcome;  // carried | lost | withdrawn
  std::optional<int> votes_for, against, abstain;  // null when not printed
  std::vector<RecordedVote> recorded;
  ProvenanceList prov;
};

struct Declaration {
  std::optional<std::string> member;
  std::string text;
  ProvenanceList prov;
};

struct Action {
  std::optional<std::string> number;
  std::optional<std::string> owner;
  std::string text;
  ProvenanceList prov;
};

struct Item {
  std::string number;  // as printed, without trailing dot; "" when unnumbered (null)
  std::string title;   // "" when it has none (a numbered resolution block)
  std::vector<int> pages;
  std::string text;
  std::vector<Resolution> resolutions;
  std::vector<Vote> votes;
  std::vector<Declaration> declarations;
  std::vector<Action> actions;
  ProvenanceList prov;
  std::vector<LineRef> lines;  // the body lines it spans, heading included; not emitted
  size_t heading_lines = 0;    // how many of `lines` are its heading; not emitted
  // How its heading was found (num, slash, item, code, resolution, named, bullet): a
  // resolution block's or a bullet's heading line is also its first decision.
  std::string heading_kind;
};

struct Recommendation {
  int number = 0;  // true position in the set, 1-based
  std::optional<std::string> printed_number;
  std::string text;
  std::vector<std::string> bullets;
  std::optional<std::string> agreed;  // yes | partially | no
  std::optional<std::string> status;  // complete | complete_ongoing | on_track | ongoing | not_started
  std::optional<std::string> response, cabinet_member, officer, action_by, action_by_raw;
  ProvenanceList prov;
};

struct RecommendationSet {
  std::optional<std::string> title;
  std::optional<std::string> item;
  std::vector<Recommendation> recommendations;
  ProvenanceList prov;
};

/// One part of an agenda pack (the contract's PackDocument), found by `documents`: the front
/// sheet, enclosed minutes, reports, appendices. A document that is no pack is one part.
struct PackDocument {
  std::string kind = "other";  // agenda | minutes | report | appendix | other
  std::string title;
  std::optional<std::string> item;  // the agenda item it belongs to
  int first_page = 0, last_page = 0;  // 1-based, inclusive
  std::optional<std::string> date;    // its own date, when printed
  ProvenanceList prov;                // the lines that opened it
};

struct Money {
  Decimal amount;  // currency units, exact to the minor unit and beyond: £2,355.50 is 2355.5
  std::string currency = "GBP";
  std::string raw;
};

struct Amount {
  Money money;
  std::optional<std::string> item;
  std::string sentence;
  ProvenanceList prov;
};

struct FundingLine {
  std::string label;
  Money money;
  ProvenanceList prov;
};

struct FundingBreakdown {
  std::optional<std::string> item;
  std::string context;
  std::optional<Money> stated_total;
  std::vector<FundingLine> lines;
  Decimal sum;  // of the lines, exact
  std::optional<bool> consistent;
  ProvenanceList prov;
};

struct Issue {
  std::string code;  // UPPER_SNAKE, listed in the README
  std::string severity = "warning";  // info | warning | error
  std::string message;
  int page = 0;  // 1-based; 0 when not about one page
  std::string stage;
};

struct Source {
  std::string file;  // the name as given, without folders
  std::string path;  // as given on the command line; not emitted
  std::string sha256;
  uint64_t bytes = 0;
  std::optional<int> pages;
  std::optional<std::string> url, producer, title, creator;
};

struct StageTime {
  std::string stage;
  double ms = 0;
};

class PdfFile;  // stages/load.h: the open Poppler document, owned by the Document

struct Document {
  Source source;
  std::shared_ptr<PdfFile> pdf;
  std::vector<Page> pages;
  std::vector<Table> tables;
  Meeting meeting;
  // The parts of an agenda pack in page order (`documents`); one part for a document that is
  // no pack, none when the stage did not run. Later stages read the pack's own pages from it.
  std::vector<PackDocument> documents;
  std::vector<Item> items;
  std::vector<RecommendationSet> recommendation_sets;
  std::vector<FundingBreakdown> funding;
  std::vector<Amount> amounts;
  std::vector<Issue> issues;
  std::vector<StageTime> stage_times;
  /// The record as `emit` wrote it; `validate` checks it and nothing changes it afterwards.
  std::shared_ptr<nlohmann::ordered_json> record;

  const Word& word(WordRef ref) const { return pages[ref.page_idx].words[ref.word_idx]; }
};

/// One box per page covering the given words, in page order.
ProvenanceList provenance_of(const Document& doc, const std::vector<WordRef>& words);
/// One box per page covering the given lines of one page each (page_idx, line_idx).
ProvenanceList provenance_of_lines(const Document& doc,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& lines);
/// Joins two provenance lists, uniting boxes on the same page.
ProvenanceList merge_provenance(const ProvenanceList& a, const ProvenanceList& b);

std::string_view to_string(PageMethod m);
std::string_view to_string(TableMethod m);
std::string_view to_string(LineRole r);

}  // namespace agendapack
