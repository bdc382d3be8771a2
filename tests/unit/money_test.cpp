// The amount parser over every printed form and its look-alikes, a randomized invariant test
// (always run; the libFuzzer target in tests/fuzz/ explores further), and the money stage on
// generated PDFs whose breakdowns are known: a table, a tab-aligned list, a dot-leader list and
// bullets, with and without totals, matching and not. The forms of real minutes (payments
// lists, unit headers, currencies, chart axes, inline splits) are in money_documents_test.cpp.
#include <gtest/gtest.h>

#include <random>

#include "stages/money.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/money_test_util.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using test::count_issues;
using test::dec;
using test::expect_lines;

const MoneyVocab& vocab() { return test::money_vocab(); }

struct Form {
  const char* text;
  Decimal amount;
  const char* currency;
};

TEST(MoneyParser, ReadsEveryPrintedForm) {
  const Form forms[] = {
      {"£1.175m", 1175000, "GBP"},      {"£2,460,000", 2460000, "GBP"},
      {"£0.9 million", 900000, "GBP"},  {"£4.1million", 4100000, "GBP"},
      {"£45,500", 45500, "GBP"},        {"£9m", 9000000, "GBP"},
      {"£7.5 million", 7500000, "GBP"}, {"€3,000", 3000, "EUR"},
      {"$1.2bn", 1200000000, "USD"},    {"-£250k", -250000, "GBP"},
      {"£12.50", dec("12.5"), "GBP"},            {"A$34.766m", 34766000, "AUD"},
      {"EUR 492,000", 492000, "EUR"},   {"€11.1 million", 11100000, "EUR"},
      {"£2.460m.", 2460000, "GBP"},     {"5 million pounds", 5000000, "GBP"},
      {"US$16,500", 16500, "USD"},      {"£-250k", -250000, "GBP"},
  };
  for (const Form& f : forms) {
    auto m = parse_amount(f.text, vocab());
    ASSERT_TRUE(m.has_value()) << f.text;
    EXPECT_EQ(m->amount, f.amount) << f.text;
    EXPECT_EQ(m->currency, f.currency) << f.text;
  }
}

TEST(MoneyParser, BareFiguresAreMoneyOnlyInAColumn) {
  EXPECT_FALSE(parse_amount("800k", vocab()));
  EXPECT_FALSE(parse_amount("2.033m", vocab()));  // a multiplier alone: no money word here
  EXPECT_FALSE(parse_amount("250", vocab()));
  auto k = parse_amount("800k", vocab(), MoneyContext::column);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->amount, 800000);
  auto m = parse_amount("2.033m", vocab(), MoneyContext::column, "EUR");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->amount, 2033000);
  EXPECT_EQ(m->currency, "EUR");
  auto thousands = parse_amount("1,250", vocab(), MoneyContext::column, "GBP", 1000);
  ASSERT_TRUE(thousands);
  EXPECT_EQ(thousands->amount, 1250000);  // a column headed £000
}

TEST(MoneyParser, BracketsAreNegativeInColumnsAndAsidesInProse) {
  auto col = parse_amount("(250)", vocab(), MoneyContext::column);
  ASSERT_TRUE(col);
  EXPECT_EQ(col->amount, -250);
  auto found = find_amounts("the saving (£250k) was welcome", vocab());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].money.amount, 250000);
  EXPECT_EQ(found[0].money.raw, "£250k");
}

TEST(MoneyParser, RangesRecordBothEnds) {
  auto found = find_amounts("a cost of £2-3m is expected", vocab());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].money.amount, 2000000);
  EXPECT_EQ(found[1].money.amount, 3000000);
  EXPECT_TRUE(found[0].range && found[1].range);
  auto to = find_amounts("between £1.5m to £2m", vocab());
  ASSERT_EQ(to.size(), 2u);
  EXPECT_EQ(to[0].money.amount, 1500000);
  EXPECT_EQ(to[1].money.amount, 2000000);
  auto between = find_amounts("expected to spend between $250 and $290 billion on roads", vocab());
  ASSERT_EQ(between.size(), 2u);
  EXPECT_EQ(between[0].money.amount, 250000000000);
  EXPECT_EQ(between[1].money.amount, 290000000000);
  EXPECT_EQ(between[0].money.raw, "$250 and $290 billion");
  auto pair = find_amounts("grants of £5,000 and £7,500 were paid", vocab());
  ASSERT_EQ(pair.size(), 2u);
  EXPECT_EQ(pair[0].money.raw, "£5,000");
  EXPECT_FALSE(pair[0].range);
}

TEST(MoneyParser, IgnoresLookAlikes) {
  const char* not_money[] = {
      "Estimated figures nationally for victims of Modern Slavery were 10-13k, although",
      "the 2019/20 budget year",     "on 23.04.2018 at 10.30",        "an increase of 5%",
      "call 01452 425000 today",     "Item 1801 was noted",           "a rise of 12 per cent",
      "Phase 2 started in 2017",     "A4 paper and 3 copies",          "at 10:30 am",
      "Constant 2010–11 dollars",    "see page 4 of 10",              "Item 12 was deferred",
      "the 2024-25 budget year",     "on 12/03/2024",
  };
  for (const char* t : not_money) EXPECT_TRUE(find_amounts(t, vocab()).empty()) << t;
  EXPECT_FALSE(parse_amount("2019/20", vocab(), MoneyContext::column));
  EXPECT_FALSE(parse_amount("5%", vocab(), MoneyContext::column));
  EXPECT_FALSE(parse_amount("01452 425000", vocab(), MoneyContext::column));
}

TEST(MoneyParser, BareMultipliedFiguresNeedAMoneyWordInProse) {
  auto found = find_amounts("the forecast was for an overall financial pressure of 625k.", vocab());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].money.amount, 625000);
  EXPECT_EQ(found[0].money.currency, "GBP");
  EXPECT_TRUE(find_amounts("a crowd of 20k attended", vocab()).empty());
}

TEST(MoneyParser, FindsSeveralAmountsInASentence) {
  auto found = find_amounts(
      "The overall cost avoidance on the total £4.7million investment was £1.8million which",
      vocab());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].money.amount, 4700000);
  EXPECT_EQ(found[0].money.raw, "£4.7million");
  EXPECT_EQ(found[1].money.amount, 1800000);
  auto bullet = find_amounts("Bridge strengthening - £3,720,000", vocab());
  ASSERT_EQ(bullet.size(), 1u);
  EXPECT_EQ(bullet[0].money.amount, 3720000);  // a separating dash is not a minus
}

TEST(MoneyParser, ReportsUnreadableMoney) {
  std::string text = "a sum of £TBC and £1,23 and a header (£) and £000";
  auto found = find_amounts(text, vocab());
  auto bad = find_unparsed(text, vocab(), found);
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(text.substr(bad[0].first, bad[0].second - bad[0].first), "£TBC");
  EXPECT_EQ(text.substr(bad[1].first, bad[1].second - bad[1].first), "£1,23");
}

TEST(MoneyParser, SplitsSentencesButNotAtAbbreviations) {
  std::string text = "Cllr. Boyles spoke. Mr S. Lambert agreed £1.5m was due. Done";
  auto s = split_sentences(text, vocab());
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(text.substr(s[0].first, s[0].second - s[0].first), "Cllr. Boyles spoke.");
  EXPECT_EQ(text.substr(s[1].first, s[1].second - s[1].first),
            "Mr S. Lambert agreed £1.5m was due.");
}

// Random strings built from the parser's alphabet: nothing crashes, every match lies inside the
// text with raw equal to its bytes, matches are ordered, and re-parsing a raw gives the amount.
TEST(MoneyParser, RandomTextKeepsInvariants) {
  const std::vector<std::string> atoms = {"£", "€", "$", "A$", "EUR", "0", "1", "2", "5", "9",
                                          ",", ".", " ", "-", "–", "(", ")", "k", "m", "bn",
                                          " million", "%", "/", "to ", "x", "of", "funding "};
  std::mt19937 rng(20171218);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += atoms[rng() % atoms.size()];
    for (MoneyContext ctx : {MoneyContext::prose, MoneyContext::column}) {
      auto found = find_amounts(text, vocab(), ctx);
      size_t prev_begin = 0;
      for (const AmountMatch& m : found) {
        ASSERT_LE(m.begin, m.end) << text;
        ASSERT_LE(m.end, text.size()) << text;
        ASSERT_GE(m.begin, prev_begin) << text;
        prev_begin = m.begin;
        ASSERT_EQ(m.money.raw, text.substr(m.begin, m.end - m.begin)) << text;
        if (!m.range && ctx == MoneyContext::column) {
          auto again = parse_amount(m.money.raw, vocab(), ctx);
          ASSERT_TRUE(again) << text << " raw " << m.money.raw;
          ASSERT_EQ(again->amount, m.money.amount) << text;
        }
      }
      auto bad = find_unparsed(text, vocab(), found);
      for (const auto& [b, e] : bad) ASSERT_LE(b, e);
      split_sentences(text, vocab());
    }
  }
}

// ---- the stage on generated PDFs ----

using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;

struct Row {
  std::string label, amount;
};

// Draws an introduction sentence, then rows in the given style, then a closing sentence.
std::filesystem::path draw_list(const test::TempDir& dir, const std::string& name,
                                const std::string& intro, const std::vector<Row>& rows,
                                const std::string& style) {
  auto path = dir.path() / (name + ".pdf");
  PdfBuilder pdf(path);
  FlowWriter flow(pdf);
  flow.start();
  flow.paragraph("1. Capital Programme", TextStyle{12, true});
  flow.paragraph(intro);
  TextStyle body;
  for (const Row& r : rows) {
    double y = flow.y() + 11;
    if (style == "tab") {
      pdf.text(90, y, r.label, body);
      pdf.text(480 - pdf.text_width(r.amount, body), y, r.amount, body);
    } else if (style == "dots") {
      std::string leader;
      double lw = pdf.text_width(r.label, body);
      while (lw + pdf.text_width(leader + " .", body) < 400) leader += " .";
      pdf.text(90, y, r.label + leader, body);
      pdf.text(490 - pdf.text_width(r.amount, body), y, r.amount, body);
    } else if (style == "bullets") {
      pdf.text(90, y, "\u2022", body);
      pdf.text(108, y, r.label + " \u2013 " + r.amount, body);
    }
    flow.set_y(flow.y() + 15);
  }
  flow.gap(8);
  flow.paragraph("Having considered the report, the Cabinet noted it.");
  pdf.finish();
  return path;
}

const std::vector<std::string>& kStages = test::kMoneyStages;

TEST(MoneyStage, TabAlignedListWithMismatchedTotal) {
  test::TempDir dir;
  auto pdf = draw_list(dir, "tab",
                       "An additional £3m of funding had been allocated. The Leader gave a "
                       "breakdown, as follows:",
                       {{"Adoption Team", "£1.175m"}, {"Social Workers", "800k"},
                        {"Children in Care", "2.033m"}},
                       "tab");
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 3u);
  EXPECT_EQ(f.lines[0].label, "Adoption Team");
  EXPECT_EQ(f.lines[0].money.amount, 1175000);
  EXPECT_EQ(f.lines[1].label, "Social Workers");
  EXPECT_EQ(f.lines[1].money.amount, 800000);
  EXPECT_EQ(f.lines[1].money.raw, "800k");
  EXPECT_EQ(f.lines[2].money.amount, 2033000);
  EXPECT_EQ(f.sum, 4008000);
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, 3000000);
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_FALSE(*f.consistent);
  EXPECT_EQ(f.context,
            "An additional £3m of funding had been allocated. The Leader gave a breakdown, as "
            "follows:");
  ASSERT_FALSE(f.prov.empty());
  EXPECT_EQ(f.prov[0].page, 1);
  int mismatches = 0;
  for (const Issue& i : doc.issues)
    if (i.code == "FUNDING_TOTAL_MISMATCH") {
      ++mismatches;
      EXPECT_NE(i.message.find("£3m"), std::string::npos) << i.message;
      EXPECT_NE(i.message.find("4008000"), std::string::npos) << i.message;
      EXPECT_EQ(i.page, 1);
    }
  EXPECT_EQ(mismatches, 1);
  // Every mention: the stated total and the three lines.
  ASSERT_EQ(doc.amounts.size(), 4u);
  EXPECT_EQ(doc.amounts[0].money.amount, 3000000);
  EXPECT_EQ(doc.amounts[2].sentence, "Social Workers 800k");
  for (const Amount& a : doc.amounts) ASSERT_FALSE(a.prov.empty());
}

// The leader is drawn as a full-width fill under the right-aligned amount, so dots follow it.
TEST(MoneyStage, DotLeaderListWithoutTotal) {
  test::TempDir dir;
  auto pdf = draw_list(dir, "dots", "The allocations were as follows:",
                       {{"Traffic signal upgrades", "£1,870,000"}, {"Pothole repairs", "£652,000"}},
                       "dots");
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0].label, "Traffic signal upgrades");
  EXPECT_EQ(f.lines[1].label, "Pothole repairs");
  EXPECT_EQ(f.sum, 2522000);
  EXPECT_FALSE(f.stated_total);
  EXPECT_FALSE(f.consistent.has_value());
  EXPECT_EQ(f.context, "The allocations were as follows:");
  EXPECT_EQ(doc.amounts.size(), 2u);
  for (const Issue& i : doc.issues) EXPECT_NE(i.code, "FUNDING_TOTAL_MISMATCH");
}

TEST(MoneyStage, BulletedListWithMatchingTotal) {
  test::TempDir dir;
  auto pdf = draw_list(dir, "bullets",
                       "In total £5.5m had been allocated. The breakdown was as follows:",
                       {{"Early Help locality teams", "£4.5million"}, {"Reducing Exclusions", "1m"}},
                       "bullets");
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0].label, "Early Help locality teams");
  EXPECT_EQ(f.lines[0].money.amount, 4500000);
  EXPECT_EQ(f.lines[1].money.amount, 1000000);
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, 5500000);
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_TRUE(*f.consistent);
  for (const Issue& i : doc.issues) EXPECT_NE(i.code, "FUNDING_TOTAL_MISMATCH");
}

// ---- breakdowns printed as tables ----

enum class TableRules { grid, horizontal, none };

struct MoneyTable {
  std::vector<std::string> header;          // one line per column
  std::vector<std::vector<std::string>> rows;  // label column(s) first, amount column last
  std::vector<double> edges;                // column edges, points
  TableRules rules = TableRules::grid;
};

// Draws an introduction, a table whose last column is right-aligned (figures, as councils print
// them) and a closing resolution. Header bold; rows 18 pt apart.
std::filesystem::path draw_money_table(const test::TempDir& dir, const std::string& name,
                                       const std::string& intro, const MoneyTable& t) {
  auto path = dir.path() / (name + ".pdf");
  PdfBuilder pdf(path);
  FlowWriter flow(pdf);
  flow.start();
  flow.paragraph("4. Revenue Budget", TextStyle{12, true});
  flow.paragraph(intro);
  const double row_h = 18, pad = 4;
  double y = flow.y() + 6;
  const double top = y;
  size_t n_cols = t.edges.size() - 1;
  auto hline = [&](double at) {
    if (t.rules != TableRules::none) pdf.line(t.edges.front(), at, t.edges.back(), at, 0.6);
  };
  auto draw_row = [&](const std::vector<std::string>& cells, bool bold) {
    TextStyle st{10, bold};
    for (size_t c = 0; c < n_cols && c < cells.size(); ++c) {
      double x = c + 1 == n_cols ? t.edges[c + 1] - pad - pdf.text_width(cells[c], st)
                                 : t.edges[c] + pad;
      pdf.text(x, y + row_h - 6, cells[c], st);
    }
    y += row_h;
    hline(y);
  };
  hline(y);
  draw_row(t.header, true);
  for (const auto& r : t.rows) draw_row(r, false);
  if (t.rules == TableRules::grid)
    for (double x : t.edges) pdf.line(x, top, x, y, 0.6);
  flow.set_y(y + 14);
  flow.paragraph("RESOLVED that the budget be approved as set out in the table.");
  pdf.finish();
  return path;
}

const std::vector<std::string>& kTableStages = test::kMoneyTableStages;

TEST(MoneyStage, RuledTableWithMatchingTotalRow) {
  test::TempDir dir;
  MoneyTable t;
  t.header = {"Project", "Amount"};
  t.rows = {{"Bridge strengthening", "£3,720,000"},
            {"Street lighting", "£367,580"},
            {"Road safety schemes", "£3,086,000"},
            {"Total", "£7,173,580"}};
  t.edges = {72, 330, 460};
  auto pdf = draw_money_table(dir, "ruled", "The capital allocations were as follows:", t);
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.tables.size(), 1u);
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 3u);
  expect_lines(f, {{"Bridge strengthening", 3720000},
                   {"Street lighting", 367580},
                   {"Road safety schemes", 3086000}});
  EXPECT_EQ(f.lines[0].money.raw, "£3,720,000");
  for (const FundingLine& l : f.lines) {
    EXPECT_EQ(l.money.currency, "GBP");
    ASSERT_FALSE(l.prov.empty());
    EXPECT_EQ(l.prov[0].page, 1);
  }
  EXPECT_EQ(f.sum, 7173580);
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, 7173580);
  EXPECT_EQ(f.stated_total->raw, "£7,173,580");
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_TRUE(*f.consistent);
  EXPECT_EQ(f.context, "The capital allocations were as follows:");
  EXPECT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 0);
  // Every figure in the table is a mention, the total row too.
  ASSERT_EQ(doc.amounts.size(), 4u);
  EXPECT_EQ(doc.amounts[0].money.amount, 3720000);
  EXPECT_EQ(doc.amounts[0].sentence, "Bridge strengthening £3,720,000");
  EXPECT_EQ(doc.amounts[3].money.amount, 7173580);
}

// Unruled, or ruled across only: two columns are not always a table to the tables stage (it
// wants three unruled columns); money reads a list under a "£000" header line the same way.
TEST(MoneyStage, TwoColumnThousandsTableWithMismatchedTotalRow) {
  for (TableRules rules : {TableRules::none, TableRules::horizontal}) {
    SCOPED_TRACE(rules == TableRules::none ? "unruled" : "horizontal rules");
    test::TempDir dir;
    MoneyTable t;
    t.header = {"Scheme", "£000"};
    t.rows = {{"Adult social care", "1,250"},
              {"Children's services", "980"},
              {"Highways maintenance", "615"},
              {"Total", "2,900"}};
    t.edges = {72, 330, 460};
    t.rules = rules;
    auto pdf = draw_money_table(dir, rules == TableRules::none ? "unruled" : "hruled",
                                "The growth bids agreed by Cabinet are set out below.", t);
    Conversion c = test::run_stages(pdf, kTableStages);
    ASSERT_FALSE(c.failed());
    const Document& doc = *c.doc;
    ASSERT_EQ(doc.funding.size(), 1u);
    const FundingBreakdown& f = doc.funding[0];
    ASSERT_EQ(f.lines.size(), 3u);
    // A column headed £000 is in thousands: the contract's amounts are whole pounds.
    expect_lines(f, {{"Adult social care", 1250000},
                     {"Children's services", 980000},
                     {"Highways maintenance", 615000}});
    EXPECT_EQ(f.lines[0].money.raw, "1,250");
    EXPECT_EQ(f.lines[0].money.currency, "GBP");
    EXPECT_EQ(f.sum, 2845000);
    ASSERT_TRUE(f.stated_total);
    EXPECT_EQ(f.stated_total->amount, 2900000);
    EXPECT_EQ(f.stated_total->raw, "2,900");
    ASSERT_TRUE(f.consistent.has_value());
    EXPECT_FALSE(*f.consistent);
    EXPECT_EQ(f.context, "The growth bids agreed by Cabinet are set out below.");
    ASSERT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 1);
    for (const Issue& i : doc.issues)
      if (i.code == "FUNDING_TOTAL_MISMATCH") {
        EXPECT_NE(i.message.find("2900000"), std::string::npos) << i.message;
        EXPECT_NE(i.message.find("2845000"), std::string::npos) << i.message;
        EXPECT_EQ(i.page, 1);
      }
    ASSERT_EQ(doc.amounts.size(), 4u);
    EXPECT_EQ(doc.amounts[1].money.amount, 980000);
    EXPECT_EQ(doc.amounts[3].money.amount, 2900000);
  }
}

TEST(MoneyStage, BracketedNegativesInAThousandsColumn) {
  test::TempDir dir;
  MoneyTable t;
  t.header = {"Service", "Lead", "£000"};
  t.rows = {{"Adult social care", "People", "1,250"},
            {"Savings target", "Finance", "(250)"},
            {"Public health", "People", "400"},
            {"Net total", "", "1,400"}};
  t.edges = {72, 250, 380, 500};
  t.rules = TableRules::horizontal;
  auto pdf = draw_money_table(dir, "negatives", "Members considered the net budget, as follows:",
                              t);
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.tables.size(), 1u);
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 3u);
  expect_lines(f, {{"Adult social care", 1250000},
                   {"Savings target", -250000},  // the accountants' bracket: negative
                   {"Public health", 400000}});
  EXPECT_EQ(f.lines[1].money.raw, "(250)");
  EXPECT_EQ(f.sum, 1400000);
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, 1400000);
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_TRUE(*f.consistent);
  EXPECT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 0);
  ASSERT_EQ(doc.amounts.size(), 4u);
  EXPECT_EQ(doc.amounts[1].money.amount, -250000);
  EXPECT_EQ(doc.amounts[1].sentence, "Savings target (250)");
}

// One group of a breakdown closed by a total line: its labels, sum, total and verdict.
void expect_group(const FundingBreakdown& f, const std::vector<std::string>& labels, Decimal sum,
                  Decimal total, bool consistent) {
  ASSERT_EQ(f.lines.size(), labels.size());
  for (size_t k = 0; k < labels.size(); ++k) EXPECT_EQ(f.lines[k].label, labels[k]);
  EXPECT_EQ(f.sum, sum);
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, total);
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_EQ(*f.consistent, consistent);
}

// A statement of groups, each closed by its own total row, priced to the cent: one breakdown
// per group, amounts and sums exact to the cent.
TEST(MoneyStage, TableOfGroupsWithTotalsInCents) {
  test::TempDir dir;
  MoneyTable t;
  t.header = {"Payment", "Amount ($)"};
  t.rows = {{"Catering", "$78.80"}, {"Venue hire", "$392.45"}, {"Total", "$471.25"},
            {"Printing", "$2.27"},  {"Postage", "$100.76"},    {"Total", "$103.03"}};
  t.edges = {72, 330, 460};
  auto pdf = draw_money_table(dir, "groups", "Payments made in the quarter were reported.", t);
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.tables.size(), 1u);
  ASSERT_EQ(doc.funding.size(), 2u);
  const FundingBreakdown& a = doc.funding[0];
  ASSERT_EQ(a.lines.size(), 2u);
  EXPECT_EQ(a.lines[0].label, "Catering");
  EXPECT_EQ(a.lines[0].money.amount, dec("78.8"));
  EXPECT_EQ(a.lines[0].money.currency, "USD");
  EXPECT_EQ(a.lines[1].money.amount, dec("392.45"));
  EXPECT_EQ(a.sum, dec("471.25"));  // 78.80 + 392.45, to the cent
  ASSERT_TRUE(a.stated_total);
  EXPECT_EQ(a.stated_total->raw, "$471.25");
  ASSERT_TRUE(a.consistent.has_value());
  EXPECT_TRUE(*a.consistent);
  expect_group(doc.funding[1], {"Printing", "Postage"}, dec("103.03"), dec("103.03"), true);
  EXPECT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 0);
  EXPECT_EQ(doc.amounts.size(), 6u);
}

// A year in a money header is no unit: "2000/01" holds "000" but the column is in pounds.
TEST(MoneyStage, YearInAMoneyHeaderIsNoUnit) {
  test::TempDir dir;
  MoneyTable t;
  t.header = {"Project", "Budget 2000/01"};
  t.rows = {{"Library refit", "12,500"}, {"Play areas", "8,250"}};
  t.edges = {72, 330, 460};
  auto pdf = draw_money_table(dir, "year", "The archive budget was restated.", t);
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  ASSERT_EQ(doc.funding[0].lines.size(), 2u);
  EXPECT_EQ(doc.funding[0].lines[0].money.amount, 12500);
  EXPECT_EQ(doc.funding[0].lines[1].money.amount, 8250);
  EXPECT_EQ(doc.funding[0].sum, 20750);
}

// A list of groups, each closed by a total line: one breakdown per group, each checked.
TEST(MoneyStage, TabListOfGroupsWithTotals) {
  test::TempDir dir;
  auto pdf = draw_list(dir, "tabgroups", "The savings offered by each directorate were as follows:",
                       {{"Library review", "£1.2m"}, {"Back office", "£450k"}, {"Total", "£1.65m"},
                        {"Fleet", "£300k"}, {"Parks", "£200k"}, {"Total", "£600k"}},
                       "tab");
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 2u);
  expect_group(doc.funding[0], {"Library review", "Back office"}, 1650000, 1650000, true);
  expect_group(doc.funding[1], {"Fleet", "Parks"}, 500000, 600000, false);
  EXPECT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 1);
  EXPECT_EQ(doc.amounts.size(), 6u);
}

// Leaders glued to the label and to the amount, and bare figures with a multiplier under a
// sentence that names money: still a breakdown, with the dots out of the labels.
TEST(MoneyStage, GluedDotLeadersWithMultipliedFigures) {
  test::TempDir dir;
  auto path = dir.path() / "glued.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("The savings proposals for next year were as follows:");
    TextStyle body;
    const std::vector<Row> rows = {{"Library review", "1.2m"}, {"Back office", "450k"},
                                   {"Fleet", "0.3m"}};
    for (const Row& r : rows) {
      double y = flow.y() + 11;
      std::string leader;
      while (pdf.text_width(r.label + leader + ".", body) < 300) leader += ".";
      pdf.text(90, y, r.label + leader, body);
      std::string right = "......" + r.amount;
      pdf.text(460 - pdf.text_width(right, body), y, right, body);
      flow.set_y(flow.y() + 15);
    }
    pdf.finish();
  }
  Conversion c = test::run_stages(path, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 3u);
  expect_lines(f, {{"Library review", 1200000}, {"Back office", 450000}, {"Fleet", 300000}});
  EXPECT_EQ(f.lines[0].money.raw, "1.2m");
  EXPECT_EQ(f.sum, 1950000);
  EXPECT_FALSE(f.stated_total);
  EXPECT_FALSE(f.consistent.has_value());
  EXPECT_EQ(doc.amounts.size(), 3u);
}

// A contents list is dot-led too, but its page numbers are no money.
TEST(MoneyStage, ContentsListWithLeadersIsNotABreakdown) {
  test::TempDir dir;
  auto pdf = draw_list(dir, "contents", "Contents",
                       {{"Minutes of the previous meeting", "5"}, {"Budget monitoring", "12"},
                        {"Capital programme", "19"}},
                       "dots");
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  EXPECT_TRUE(c.doc->funding.empty());
  EXPECT_TRUE(c.doc->amounts.empty());
}

TEST(MoneyStage, ReportsMoneyItCannotRead) {
  test::TempDir dir;
  auto path = dir.path() / "unparsed.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("The scheme would cost £1.2.3m in all, with a fee of £TBC. The grant was £45,500.");
    pdf.finish();
  }
  Conversion c = test::run_stages(path, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.amounts.size(), 1u);
  EXPECT_EQ(doc.amounts[0].money.amount, 45500);
  std::vector<std::string> messages;
  for (const Issue& i : doc.issues)
    if (i.code == "AMOUNT_UNPARSED") {
      messages.push_back(i.message);
      EXPECT_EQ(i.page, 1);
      EXPECT_EQ(i.severity, "warning");
    }
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].find("\"£1.2.3m\""), std::string::npos) << messages[0];
  EXPECT_NE(messages[1].find("\"£TBC.\""), std::string::npos) << messages[1];
}

TEST(MoneyStage, ProseAmountsAreNotABreakdown) {
  test::TempDir dir;
  auto path = dir.path() / "prose.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph(
        "The forecast was for an overall financial pressure of £7.5 million. Some mitigating "
        "features were £0.9 million from Treasury and £1 million of savings. Estimated figures "
        "for victims were 10-13k, although this changed in 2019/20.");
    pdf.finish();
  }
  Conversion c = test::run_stages(path, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  EXPECT_TRUE(doc.funding.empty());
  ASSERT_EQ(doc.amounts.size(), 3u);
  EXPECT_EQ(doc.amounts[0].money.amount, 7500000);
  EXPECT_EQ(doc.amounts[0].sentence,
            "The forecast was for an overall financial pressure of £7.5 million.");
  EXPECT_EQ(doc.amounts[1].money.amount, 900000);
  EXPECT_EQ(doc.amounts[2].money.amount, 1000000);
  EXPECT_FALSE(doc.amounts[0].item.has_value());  // no items stage ran
}

}  // namespace
}  // namespace agendapack
