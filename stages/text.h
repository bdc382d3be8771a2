/// \file text: the words of each page's text layer, with positions and font information,
/// through Poppler's C++ API. OCR words (stages/ocr) enter the same Page::words later.
#pragma once

#include "pipeline/stage.h"

namespace agendapack {

class TextStage final : public PageStage {
 public:
  std::string_view name() const override { return "text"; }
  Result<void> run_page(Document& doc, Page& page, StageContext& ctx) override;
};

/// "ABCDEF+Arial-BoldMT" -> "Arial-BoldMT".
std::string strip_subset_prefix(std::string_view font);
/// NFC-normalised UTF-8 with control characters removed.
std::string normalize_text(std::string_view utf8);
/// Joins a raised, smaller ordinal suffix to the number before it ("13" "th" -> "13th").
void join_superscript_ordinals(std::vector<Word>& words);

}  // namespace agendapack
