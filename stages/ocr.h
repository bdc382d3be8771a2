/// \file ocr: renders the pages `route` sent to OCR, cleans them with Leptonica (orientation,
/// deskew, binarisation, despeckle) and adds Tesseract's words to Page::words in PDF points,
/// like text-layer words. This is the one place where image pixels become points.
/// Pages are OCRed in parallel (ocr.jobs, else runner.jobs threads), one Tesseract instance per
/// thread, initialised once and kept in a pool across documents.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/stage.h"

namespace agendapack {

class PdfFile;

struct OcrOptions {
  std::string mode = "auto";  // never | auto | always (route decides; see RouteOptions)
  double dpi = 300;
  std::string lang = "eng";   // Tesseract languages, "eng+cym"
  std::string tessdata;       // folder of *.traineddata; "" = $TESSDATA_PREFIX or built-in
  int jobs = 1;               // threads; from runner.jobs unless ocr.jobs is set
  /// A page whose mean word confidence is below this raises OCR_LOW_CONFIDENCE.
  double min_page_confidence = 0.6;
  /// Words below this confidence are dropped unless they read as words (reads_as_word): specks
  /// read as marks go, while the words Tesseract scores near zero yet reads right stay.
  double min_word_confidence = 0.2;
  bool orientation = true;  // detect pages scanned sideways or upside down
  bool deskew = true;
  double min_deskew_degrees = 0.2;  // smaller skew is left to Tesseract
  /// A word whose share of ink in its box is this many times the page's median is bold
  /// (Tesseract's LSTM does not say); 0: no OCR word is bold.
  double bold_ink_ratio = 1.3;
  /// none: Tesseract reads the grey page (more accurate; orientation and skew are measured on
  /// a binary copy); otsu | sauvola: it reads our binary image (faster, despeckled).
  std::string binarize = "none";
  int despeckle = 2;  // ink specks up to this many pixels wide and high are removed; 0: off
  int psm = 3;        // Tesseract page segmentation mode (3: automatic)
  /// A scanned page is rendered at the resolution of its scan (stages/ocr_scan.h), at least
  /// native_min_dpi and at most `dpi`, rather than always at `dpi`. Off by default: on the
  /// 200 dpi scan twins it saves a third of the CPU time but loses 3.8 points (Tesseract
  /// misreads digits in the coarser image: "3" as "5"); see README "OCR".
  bool native_dpi = false;
  double native_min_dpi = 150;
  /// A separator sheet (route: a few large words, "APPENDIX A") is read at this resolution:
  /// letters a third of an inch high need no more, and the page costs a tenth of the time.
  double separator_dpi = 100;
  static OcrOptions from_json(const nlohmann::json& ocr, const nlohmann::json& runner);
};

/// OCR's usual slips, fixed on one line's words in reading order, from config/vocab/ocr.json:
/// whole-word corrections ("Clir" -> "Cllr"), an honorific run into the initial after it
/// ("ClirE" -> "Cllr" "E", each with its share of the box), and a capital cut from the rest of
/// its word ("C ommittee" -> "Committee", when the gap is far narrower than a space); and a
/// list number read with a comma ("4, That ...") where the page's other lines open "3." or "5.".
void fix_ocr_words(std::vector<Word>& words, const nlohmann::json& vocab);

/// Whether OCR text reads as a word: two characters or more, three in four letters or digits
/// ("Cllr", "1720.", "Jessop,"), not marks ("—_", "|", "';").
bool reads_as_word(const std::string& text);

/// A capital OCR set apart from the rest of its word ("C ontrol", "J essop,", "A dviser"),
/// joined where the document prints the whole word elsewhere ("Control", "Jessop"): the gap
/// alone cannot tell it from "B sets" or "A new", which are a space apart just the same.
void join_split_capitals(Document& doc);

/// Marks `words` bold whose `ink` (share of dark pixels in the box) is `ratio` times the
/// page's median over words of four or more characters; a one-character word follows the
/// word before it on its line. Pages of fewer than 20 such words are left as they are.
void mark_bold(std::vector<Word>& words, const std::vector<double>& ink, double ratio);

class OcrStage final : public PageStage {
 public:
  explicit OcrStage(OcrOptions options = {});
  ~OcrStage() override;
  std::string_view name() const override { return "ocr"; }
  /// The runner may skip the stage: it does nothing unless `route` sent a page to OCR.
  bool required() const override { return false; }
  /// OCRs the routed pages on up to options.jobs threads.
  Result<void> run(Document& doc, StageContext& ctx) override;
  /// One page on the calling thread (the first engine of the pool).
  Result<void> run_page(Document& doc, Page& page, StageContext& ctx) override;

  class Engine;  // one initialised Tesseract instance

 private:
  Result<Engine*> engine(size_t idx);
  /// `dpi`: what to render the page at (ocr.dpi, or the scan's own resolution).
  Result<void> ocr_page(const PdfFile& pdf, Engine& engine, Page& page, double dpi,
                        StageContext& ctx);
  /// The render resolution of each page of `todo` (0-based indices).
  std::vector<double> render_dpis(const Document& doc, const std::vector<size_t>& todo) const;

  OcrOptions options_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Engine>> pool_;  // grows to `jobs`; reused across documents
};

/// Where Tesseract's language data will be looked for, and whether every language of `lang`
/// is there; "" when the languages are all present, else a sentence naming what is missing.
std::string missing_tessdata(const std::string& tessdata, const std::string& lang);

}  // namespace agendapack
