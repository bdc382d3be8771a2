/// \file documents: an agenda pack's parts (the contract's PackDocument). A pack is one PDF
/// holding a front sheet (the agenda: date, body, venue, numbered items), then the minutes of
/// the previous meeting, reports and their appendices. Boundaries come from what packs print:
/// the front sheet's item list (and the page numbers it gives), headings at a page's top
/// ("MINUTES of a meeting of", "Report of ... to Cabinet", "Subject:", "Appendix A"), a run of
/// landscape pages (a spreadsheet). A document that is no pack (plain minutes, one report, an
/// agenda alone) is one part, without a title. Runs after `layout` and before `items` and
/// `meeting`, which read only the pack's own pages (own_reading_order): the enclosed minutes'
/// items and date are not the pack's. Words live in config/vocab/documents.json.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/regex.h"
#include "pipeline/stage.h"

namespace agendapack {

struct DocumentsVocab {
  std::vector<Regex> agenda, minutes, report, subject, appendix, title_strip;
  std::vector<Regex> other, letter;  // other parts' headings; a letter's "Re:" line (group 1)
  std::vector<Regex> minutes_cues;  // what minutes print that never say "minutes"
  std::vector<Regex> item_marker;  // "Agenda Item 6" at a report's top: group 1 the number
  std::vector<std::string> minutes_item_words;  // an item whose title names minutes
  std::vector<std::string> link_stop_words;  // say nothing about which item a part is for
  std::vector<std::string> correspondence_item_words;  // an item whose title names letters
  Regex item_line;  // a front sheet's numbered item: group 1 the number, 2 the rest
  size_t top_lines = 8;  // lines at a page's top where a part's heading is looked for
  static DocumentsVocab from_json(const nlohmann::json& j);
};

class DocumentsStage final : public Stage {
 public:
  std::string_view name() const override { return "documents"; }
  Result<void> run(Document& doc, StageContext& ctx) override;
};

/// True when the document is an agenda pack: an agenda front sheet followed by other parts.
bool is_pack(const Document& doc);
/// The pages (1-based, inclusive) whose lines are the document's own: the front sheet of a
/// pack, else every page.
std::pair<int, int> own_pages(const Document& doc);
/// reading_order() restricted to own_pages().
std::vector<LineRef> own_reading_order(const Document& doc);
/// The part holding 1-based `page`, or nullptr.
const PackDocument* document_at(const Document& doc, int page);

}  // namespace agendapack
