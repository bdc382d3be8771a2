// Money as real minutes print it, on generated PDFs whose truth the test knows: payments lists
// with pence, a stray space after a thousands comma and a TOTAL (or Welsh CYFANSWM) line;
// "Total=" rows under each ward of a grants table; an inline split; unit headers over one line
// or two; the currency of a bare "$" from the document's country; chart axis labels, per-unit
// figures and rounding in thousands that are not money, not a breakdown, not a mismatch.
#include <gtest/gtest.h>

#include "stages/money.h"
#include "stages/money_currency.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/money_test_util.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;

using test::count_issues;
using test::dec;
using test::expect_lines;

const MoneyVocab& vocab() { return test::money_vocab(); }
const std::vector<std::string>& kStages = test::kMoneyStages;
const std::vector<std::string>& kTableStages = test::kMoneyTableStages;

std::vector<Decimal> amounts_of(const Document& doc) {
  std::vector<Decimal> out;
  for (const Amount& a : doc.amounts) out.push_back(a.money.amount);
  return out;
}

// One printed line: text at the left margin and an amount right-aligned at `right`.
struct Printed {
  std::string left, amount;
  double left_x = 72;
};

// Draws a heading, an introduction, lines with right-aligned amounts (a blank line where
// `left` and `amount` are both empty), then a closing paragraph.
std::filesystem::path draw_lines(const test::TempDir& dir, const std::string& name,
                                 const std::string& heading, const std::string& intro,
                                 const std::vector<Printed>& lines, double size = 10,
                                 double right = 523) {
  auto path = dir.path() / (name + ".pdf");
  PdfBuilder pdf(path);
  FlowWriter flow(pdf);
  flow.start();
  if (!heading.empty()) flow.paragraph(heading, TextStyle{11, true});
  if (!intro.empty()) flow.paragraph(intro);
  TextStyle body{size};
  for (const Printed& l : lines) {
    double y = flow.y() + size;
    if (!l.left.empty()) pdf.text(l.left_x, y, l.left, body);
    if (!l.amount.empty()) pdf.text(right - pdf.text_width(l.amount, body), y, l.amount, body);
    flow.set_y(flow.y() + size * 1.4);
  }
  flow.gap(10);
  flow.paragraph("10. ANY OTHER BUSINESS", TextStyle{11, true});
  flow.paragraph("There was no other business and the meeting closed at 8.20pm.");
  pdf.finish();
  return path;
}

// ---- payments lists ----

// A community council's accounts for payment: the first line carries "£", the others only
// pence; a label wraps under its marker; a TOTAL line set apart; a payment after the total.
TEST(MoneyDocuments, PaymentsListWithPenceAndATotalLine) {
  test::TempDir dir;
  auto pdf = draw_lines(
      dir, "payments", "9. ACCOUNTS FOR PAYMENT", "The following payments were agreed:",
      {{"i) Mrs W Phillips, Internal Audit (proposed by Cllr. A. Jones and unanimously", ""},
       {"approved), Chq No 1176", "£150.00"},
       {"ii) Llangadog YFC, Donation, Chq No 1177", "50.00"},
       {"iii) Mrs J. Davies, Clerk's Salary May 2016, Chq No 1178", "375.00"},
       {"iv) Zurich Municipal, Insurance for 2016-17, Chq No 1179", "251.85"},
       {"", ""},
       {"TOTAL", "£826.85", 400},
       {"v) H.L. and A.W. Gwynne, 6 month rental of the play area, Chq No 1180", "£50.00"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  expect_lines(f, {{"Mrs W Phillips, Internal Audit (proposed by Cllr. A. Jones and unanimously "
                    "approved), Chq No 1176",
                    dec("150")},
                   {"Llangadog YFC, Donation, Chq No 1177", dec("50")},
                   {"Mrs J. Davies, Clerk's Salary May 2016, Chq No 1178", dec("375")},
                   {"Zurich Municipal, Insurance for 2016-17, Chq No 1179", dec("251.85")}});
  EXPECT_EQ(f.lines[1].money.raw, "50.00");
  EXPECT_EQ(f.lines[1].money.currency, "GBP");
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, dec("826.85"));
  EXPECT_EQ(f.sum, dec("826.85"));
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_TRUE(*f.consistent);
  EXPECT_EQ(f.context, "The following payments were agreed:");
  EXPECT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 0);
  // Every figure is a mention, the bare ones too, in reading order.
  EXPECT_EQ(amounts_of(doc), (std::vector<Decimal>{dec("150"), dec("50"), dec("375"),
                                                   dec("251.85"), dec("826.85"), dec("50")}));
}

// The same list in Welsh: the total line is CYFANSWM, one space from its figure.
TEST(MoneyDocuments, WelshPaymentsListWithCyfanswm) {
  test::TempDir dir;
  auto pdf = draw_lines(dir, "cyfrifon", "11. CYFRIFON I'W TALU", "Cytunwyd talu'r canlynol:",
                        {{"i) Urdd Gobaith Cymru, nawdd i Eisteddfod Genedlaethol", "£300.00"},
                         {"ii) Mrs Jane Davies, Cyflog y Clerc ar gyfer Mai.", "430.00"},
                         {"iii) Ystafell Ddarllen, Llogi'r Neuadd", "45.50"},
                         {"", ""},
                         {"", "CYFANSWM £775.50"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  ASSERT_EQ(f.lines.size(), 3u);
  EXPECT_EQ(f.lines[0].label, "Urdd Gobaith Cymru, nawdd i Eisteddfod Genedlaethol");
  EXPECT_EQ(f.lines[2].money.amount, dec("45.5"));
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, dec("775.5"));
  EXPECT_EQ(f.stated_total->raw, "£775.50");
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_TRUE(*f.consistent);
}

// A grants list whose printed total is a penny out: a real difference, flagged to the penny.
TEST(MoneyDocuments, PennyDifferenceIsARealMismatch) {
  test::TempDir dir;
  auto pdf = draw_lines(dir, "penny", "", "The following grants were paid:",
                        {{"Village hall committee", "£120.10"},
                         {"Playing field association", "£79.95"},
                         {"Total", "£200.04"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  ASSERT_EQ(c.doc->funding.size(), 1u);
  const FundingBreakdown& f = c.doc->funding[0];
  EXPECT_EQ(f.sum, dec("200.05"));
  ASSERT_TRUE(f.consistent.has_value());
  EXPECT_FALSE(*f.consistent);
  ASSERT_EQ(count_issues(*c.doc, "FUNDING_TOTAL_MISMATCH"), 1);
  for (const Issue& i : c.doc->issues)
    if (i.code == "FUNDING_TOTAL_MISMATCH") {
      EXPECT_NE(i.message.find("200.05"), std::string::npos) << i.message;
      EXPECT_NE(i.message.find("difference 0.01"), std::string::npos) << i.message;
    }
}

// A typist's space after the thousands comma and after the "$", in a list of awards.
TEST(MoneyDocuments, TypistsSpacingInAnAwardsList) {
  test::TempDir dir;
  auto pdf = draw_lines(dir, "typist", "", "The Board approved the following contracts:",
                        {{"AIDS Healthcare Foundation", "$ 25,742.00"},
                         {"Promesa Consulting Group", "$ 77, 096.00"},
                         {"Tech Logic Systems", "$284, 789.20"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  expect_lines(doc.funding[0], {{"AIDS Healthcare Foundation", dec("25742")},
                                {"Promesa Consulting Group", dec("77096")},
                                {"Tech Logic Systems", dec("284789.2")}});
  EXPECT_EQ(doc.funding[0].lines[2].money.raw, "$284, 789.20");
  EXPECT_EQ(doc.funding[0].sum, dec("387627.2"));
  EXPECT_EQ(doc.funding[0].lines[0].money.currency, "USD");
}

// ---- tables of grants ----

struct GrantRow {
  std::string label, amount;
};

// A ruled two-column table, amounts right-aligned.
std::filesystem::path draw_table(const test::TempDir& dir, const std::string& name,
                                 const std::string& intro, const std::vector<GrantRow>& header,
                                 const std::vector<GrantRow>& rows) {
  auto path = dir.path() / (name + ".pdf");
  PdfBuilder pdf(path);
  FlowWriter flow(pdf);
  flow.start();
  flow.paragraph("6. Community Grants", TextStyle{12, true});
  flow.paragraph(intro);
  const double x0 = 72, xm = 330, x1 = 470, row_h = 18;
  double y = flow.y() + 6;
  const double top = y;
  pdf.line(x0, y, x1, y, 0.6);
  auto draw = [&](const GrantRow& r, bool bold) {
    TextStyle st{10, bold};
    pdf.text(x0 + 4, y + row_h - 6, r.label, st);
    if (!r.amount.empty()) pdf.text(x1 - 4 - pdf.text_width(r.amount, st), y + row_h - 6, r.amount, st);
    y += row_h;
    pdf.line(x0, y, x1, y, 0.6);
  };
  for (const GrantRow& h : header) draw(h, true);
  for (const GrantRow& r : rows) draw(r, false);
  for (double x : {x0, xm, x1}) pdf.line(x, top, x, y, 0.6);
  flow.set_y(y + 14);
  flow.paragraph("RESOLVED that the grants be paid as set out in the table.");
  pdf.finish();
  return path;
}

// "Total=" under each ward: one breakdown per ward, each closed by its own total, to the penny.
TEST(MoneyDocuments, WardGrantsTableWithTotalRows) {
  test::TempDir dir;
  auto pdf = draw_table(dir, "wards", "The grants recommended for each ward are as follows:",
                        {{"Organisation", "Grant £"}},
                        {{"Abbey Ward", ""},
                         {"Scouts", "250.50"},
                         {"Friends of the Library", "1,000.25"},
                         {"Total=", "1,250.75"},
                         {"Bridge Ward", ""},
                         {"Youth club", "300.00"},
                         {"Allotment society", "99.99"},
                         {"Total=", "400.00"}});
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.tables.size(), 1u);
  ASSERT_EQ(doc.funding.size(), 2u);
  expect_lines(doc.funding[0], {{"Scouts", dec("250.5")}, {"Friends of the Library", dec("1000.25")}});
  ASSERT_TRUE(doc.funding[0].stated_total);
  EXPECT_EQ(doc.funding[0].stated_total->amount, dec("1250.75"));
  EXPECT_EQ(doc.funding[0].stated_total->raw, "1,250.75");
  EXPECT_TRUE(doc.funding[0].consistent.value_or(false));
  expect_lines(doc.funding[1], {{"Youth club", dec("300")}, {"Allotment society", dec("99.99")}});
  EXPECT_EQ(doc.funding[1].sum, dec("399.99"));
  EXPECT_FALSE(doc.funding[1].consistent.value_or(true));  // 399.99 against 400.00
  EXPECT_EQ(count_issues(doc, "FUNDING_TOTAL_MISMATCH"), 1);
  EXPECT_EQ(doc.funding[0].lines[0].money.currency, "GBP");
}

// A column of averages is no breakdown, though its figures are mentions.
TEST(MoneyDocuments, PerUnitColumnIsNoBreakdown) {
  test::TempDir dir;
  auto pdf = draw_table(dir, "perunit", "Members compared the cost of each school place.",
                        {{"School", "Average cost per pupil"}},
                        {{"Ysgol Gynradd", "£4,512.00"},
                         {"St Mary's Primary", "£5,106.50"},
                         {"Church Street Infants", "£4,890.25"}});
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  EXPECT_TRUE(c.doc->funding.empty());
  EXPECT_EQ(amounts_of(*c.doc),
            (std::vector<Decimal>{dec("4512"), dec("5106.5"), dec("4890.25")}));
}

// Per-unit and average lines in a list are left out of its breakdown.
TEST(MoneyDocuments, PerUnitLinesAreNotBreakdownLines) {
  test::TempDir dir;
  auto pdf = draw_lines(dir, "perunit-list", "", "The cost of the new service was reported:",
                        {{"Staffing", "£120,000"},
                         {"Transport", "£30,000"},
                         {"Average cost per pupil", "£1,500"},
                         {"Total", "£150,000"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  ASSERT_EQ(c.doc->funding.size(), 1u);
  expect_lines(c.doc->funding[0], {{"Staffing", dec("120000")}, {"Transport", dec("30000")}});
  EXPECT_TRUE(c.doc->funding[0].consistent.value_or(false));
  EXPECT_EQ(count_issues(*c.doc, "FUNDING_TOTAL_MISMATCH"), 0);
  EXPECT_EQ(c.doc->amounts.size(), 4u);
}

// ---- unit headers ----

// "£'000" over "2024/25": a header over two lines scales the column below it; raw is the cell.
TEST(MoneyDocuments, ThousandsHeaderOverTwoLines) {
  test::TempDir dir;
  auto pdf = draw_lines(dir, "thousands", "", "The revised capital budget is summarised below.",
                        {{"", "£'000"},
                         {"Scheme", "2024/25"},
                         {"Adult social care", "1,234.5"},
                         {"Highways", "765.5"},
                         {"Total", "2,000.0"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 1u);
  const FundingBreakdown& f = doc.funding[0];
  expect_lines(f, {{"Adult social care", dec("1234500")}, {"Highways", dec("765500")}});
  EXPECT_EQ(f.lines[0].money.raw, "1,234.5");
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, dec("2000000"));
  EXPECT_TRUE(f.consistent.value_or(false));
  EXPECT_EQ(amounts_of(doc), (std::vector<Decimal>{dec("1234500"), dec("765500"), dec("2000000")}));
}

TEST(MoneyDocuments, HeaderUnits) {
  EXPECT_EQ(header_unit("£'000", vocab()), 1000);
  EXPECT_EQ(header_unit("£000s", vocab()), 1000);
  EXPECT_EQ(header_unit("£k", vocab()), 1000);
  EXPECT_EQ(header_unit("$ thousands", vocab()), 1000);
  EXPECT_EQ(header_unit("£m", vocab()), 1000000);
  EXPECT_EQ(header_unit("Budget (£ million)", vocab()), 1000000);
  EXPECT_EQ(header_unit("Budget 2000/01", vocab()), 1);
  EXPECT_EQ(header_unit("Cost per m2", vocab()), 1);
  EXPECT_EQ(header_unit("Amount £", vocab()), 1);
  auto m = parse_amount("1,234.5", vocab(), MoneyContext::column, "GBP", 1000);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->amount, dec("1234500"));
  EXPECT_EQ(m->raw, "1,234.5");
}

// A two-column table headed "$ thousands", ruled: its figures are in thousands of dollars.
TEST(MoneyDocuments, DollarThousandsTable) {
  test::TempDir dir;
  auto pdf = draw_table(dir, "dollars", "The levy was allocated as follows.",
                        {{"Program", "$ thousands"}},
                        {{"Street cleaning", "125.5"}, {"Security", "74.5"}, {"Total", "200"}});
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  ASSERT_EQ(c.doc->funding.size(), 1u);
  expect_lines(c.doc->funding[0], {{"Street cleaning", dec("125500")}, {"Security", dec("74500")}});
  EXPECT_EQ(c.doc->funding[0].lines[0].money.currency, "USD");
  EXPECT_TRUE(c.doc->funding[0].consistent.value_or(false));
}

// A last row with no label whose figure is the sum of the rows above is their total.
TEST(MoneyDocuments, UnlabeledSumRowIsTheTotal) {
  test::TempDir dir;
  auto pdf = draw_table(dir, "unlabeled", "The precept is made up as follows.",
                        {{"Service", "Amount"}},
                        {{"Street lighting", "£3,913.64"}, {"Clerk's salary", "£4,800.00"},
                         {"Grants", "£1,250.50"}, {"", "£9,964.14"}});
  Conversion c = test::run_stages(pdf, kTableStages);
  ASSERT_FALSE(c.failed());
  ASSERT_EQ(c.doc->funding.size(), 1u);
  const FundingBreakdown& f = c.doc->funding[0];
  ASSERT_EQ(f.lines.size(), 3u);
  ASSERT_TRUE(f.stated_total);
  EXPECT_EQ(f.stated_total->amount, dec("9964.14"));
  EXPECT_TRUE(f.consistent.value_or(false));
}

// Figures in thousands are rounded: a total one unit off the sum of its rounded lines is
// rounding, not a mismatch; more is a real difference.
TEST(MoneyDocuments, RoundingInThousandsIsNoMismatch) {
  for (const char* total : {"2,901", "2,950"}) {
    SCOPED_TRACE(total);
    test::TempDir dir;
    auto pdf = draw_lines(dir, "rounding", "", "The growth bids are set out below.",
                          {{"Scheme", "£000"},
                           {"Adult social care", "1,250"},
                           {"Children's services", "1,035"},
                           {"Highways maintenance", "615"},
                           {"Total", total}});
    Conversion c = test::run_stages(pdf, kStages);
    ASSERT_FALSE(c.failed());
    ASSERT_EQ(c.doc->funding.size(), 1u);
    EXPECT_EQ(c.doc->funding[0].sum, dec("2900000"));
    bool rounding = std::string(total) == "2,901";
    EXPECT_EQ(c.doc->funding[0].consistent.value_or(!rounding), rounding);
    EXPECT_EQ(count_issues(*c.doc, "FUNDING_TOTAL_MISMATCH"), rounding ? 0 : 1);
  }
}

// ---- prose ----

std::filesystem::path draw_prose(const test::TempDir& dir, const std::string& name,
                                 const std::vector<std::string>& lines) {
  auto path = dir.path() / (name + ".pdf");
  PdfBuilder pdf(path);
  double y = 90;
  for (const std::string& l : lines) {
    pdf.text(72, y, l, TextStyle{11});
    y += 14;
  }
  pdf.finish();
  return path;
}

TEST(MoneyDocuments, InlineSplitIsABreakdown) {
  test::TempDir dir;
  auto pdf = draw_prose(dir, "split",
                        {"The scheme will cost £356.0k (£42.7k + £313.3k) over two years.",
                         "Of the grant, £42.7k revenue + £313.3k capital = £356.0k was claimed."});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  const Document& doc = *c.doc;
  ASSERT_EQ(doc.funding.size(), 2u);
  expect_lines(doc.funding[0], {{"", dec("42700")}, {"", dec("313300")}});
  ASSERT_TRUE(doc.funding[0].stated_total);
  EXPECT_EQ(doc.funding[0].stated_total->amount, dec("356000"));
  EXPECT_TRUE(doc.funding[0].consistent.value_or(false));
  EXPECT_EQ(doc.funding[0].context,
            "The scheme will cost £356.0k (£42.7k + £313.3k) over two years.");
  expect_lines(doc.funding[1], {{"revenue", dec("42700")}, {"capital", dec("313300")}});
  EXPECT_EQ(doc.funding[1].stated_total->amount, dec("356000"));
  EXPECT_EQ(doc.amounts.size(), 6u);  // each figure is a mention as well
}

// An amount and its unit word broken over a line; years, dates, percentages, phone, item and
// page numbers beside it are no money.
TEST(MoneyDocuments, AmountSplitOverALineBreakAndLookAlikes) {
  test::TempDir dir;
  auto pdf = draw_prose(dir, "linebreak",
                        {"Item 12. The Council noted that the 2024/25 programme would cost £5.5",
                         "million, 4% more than on 12.03.2024; call 01558 822000 or see page 4."});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  ASSERT_EQ(c.doc->amounts.size(), 1u);
  EXPECT_EQ(c.doc->amounts[0].money.amount, dec("5500000"));
  EXPECT_EQ(c.doc->amounts[0].money.raw, "£5.5 million");
}

// A bar chart drawn in the minutes: its axis labels are evenly spaced round figures, no money.
TEST(MoneyDocuments, ChartAxisLabelsAreNotMoney) {
  test::TempDir dir;
  auto path = dir.path() / "chart.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("The forecast outturn is an overspend of £1.2m, shown below by service.");
    TextStyle small{8};
    const double axis_x = 150, top = 160, step = 30;
    const char* ticks[] = {"£1,500,000", "£1,000,000", "£500,000", "£0", "-£500,000",
                           "-£1,000,000"};
    for (int k = 0; k < 6; ++k) {
      double y = top + k * step;
      pdf.text(axis_x - 6 - pdf.text_width(ticks[k], small), y + 3, ticks[k], small);
      pdf.line(axis_x, y, axis_x + 300, y, 0.3);
    }
    pdf.line(axis_x, top, axis_x, top + 5 * step, 0.8);
    pdf.rect({180, top + 20, 210, top + 3 * step}, 1);
    pdf.rect({260, top + 3 * step, 290, top + 4 * step + 10}, 1);
    const char* years[] = {"2021/22", "2022/23", "2023/24"};
    for (int k = 0; k < 3; ++k) pdf.text(180 + 80 * k, top + 5 * step + 14, years[k], small);
    flow.set_y(top + 5 * step + 40);
    flow.paragraph("Members noted the forecast.");
    pdf.finish();
  }
  Conversion c = test::run_stages(path, kStages);
  ASSERT_FALSE(c.failed());
  EXPECT_EQ(amounts_of(*c.doc), (std::vector<Decimal>{dec("1200000")}));
  EXPECT_TRUE(c.doc->funding.empty());
}

// The same figures as a list of payments, each with its label: money, not an axis.
TEST(MoneyDocuments, EvenlySpacedPaymentsWithLabelsStayMoney) {
  test::TempDir dir;
  auto pdf = draw_lines(dir, "even", "", "The instalments were agreed as follows:",
                        {{"First instalment", "£1,000"},
                         {"Second instalment", "£2,000"},
                         {"Third instalment", "£3,000"}});
  Conversion c = test::run_stages(pdf, kStages);
  ASSERT_FALSE(c.failed());
  EXPECT_EQ(c.doc->amounts.size(), 3u);
  ASSERT_EQ(c.doc->funding.size(), 1u);
  EXPECT_EQ(c.doc->funding[0].sum, dec("6000"));
}

// ---- currency ----

Document document_with(const std::vector<std::string>& lines,
                       std::optional<std::string> authority = std::nullopt) {
  Document doc;
  Page page;
  for (const std::string& t : lines) {
    Line l;
    l.text = t;
    page.lines.push_back(l);
  }
  doc.pages.push_back(page);
  doc.meeting.authority = std::move(authority);
  return doc;
}

TEST(MoneyCurrency, DollarTakesTheDocumentsCountry) {
  auto ontario = document_currency(
      document_with({"TOWNSHIP OF NIPISSING", "representative to the Ontario Provincial Police",
                     "THAT we donate $100 to the Fall Fair."}),
      vocab());
  EXPECT_EQ(ontario.dollar, "CAD");
  EXPECT_EQ(ontario.bare, "CAD");
  auto postal = document_currency(document_with({"2381 Highway 654, Nipissing ON P0H 1W0",
                                                 "a cheque for $250"}),
                                  vocab());
  EXPECT_EQ(postal.dollar, "CAD");
  auto region = document_currency(
      document_with({"Budget of $2.5m"}, "Regional Municipality of Durham"), vocab());
  EXPECT_EQ(region.dollar, "CAD");
  // A passing mention of Canada does not outweigh a US address.
  auto us = document_currency(
      document_with({"Canada geese at the lake", "2415 University Ave, East Palo Alto, CA 94303",
                     "California Environmental Quality Act", "a grant of $5,000"}),
      vocab());
  EXPECT_EQ(us.dollar, "USD");
  auto nothing = document_currency(document_with({"a grant of $5,000"}), vocab());
  EXPECT_EQ(nothing.dollar, "USD");
  EXPECT_EQ(nothing.bare, "USD");
  auto printed = document_currency(document_with({"a grant of CA$5,000", "and $200"}), vocab());
  EXPECT_EQ(printed.dollar, "CAD");
  auto uk = document_currency(document_with({"Credit Balance £621.49", "50.00"}), vocab());
  EXPECT_EQ(uk.bare, "GBP");
  auto australia =
      document_currency(document_with({"Mayor", "$1.2m"}, "Shire of Esperance"), vocab());
  EXPECT_EQ(australia.dollar, "AUD");
}

TEST(MoneyCurrency, PrintedCountryDollarsKeepTheirCurrency) {
  MoneyVocab canadian = vocab().for_document("CAD", "CAD");
  auto found = find_amounts("donations of $100, US$250 and CA$ 75.50 were paid", canadian);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].money.currency, "CAD");
  EXPECT_EQ(found[1].money.currency, "USD");
  EXPECT_EQ(found[2].money.currency, "CAD");
  EXPECT_EQ(found[2].money.amount, dec("75.5"));
  auto bare = parse_amount("1,000.00", canadian, MoneyContext::column);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->currency, "CAD");
}

// An Ontario township's minutes through the stage: every "$" is CAD, cents kept.
TEST(MoneyCurrency, OntarioMinutesAreInCanadianDollars) {
  test::TempDir dir;
  auto path = dir.path() / "township.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("TOWNSHIP OF NIPISSING", TextStyle{12, true});
    flow.paragraph("Councillor Kirkey was appointed to the Ontario Provincial Police board.");
    flow.paragraph("THAT the statement of accounts totaling $279,090.50 be approved. Carried.");
    flow.paragraph("THAT we donate $100 to the Fall Fair. Carried.");
    pdf.finish();
  }
  Conversion c = test::run_stages(path, kStages);
  ASSERT_FALSE(c.failed());
  ASSERT_EQ(c.doc->amounts.size(), 2u);
  EXPECT_EQ(c.doc->amounts[0].money.amount, dec("279090.5"));
  for (const Amount& a : c.doc->amounts) EXPECT_EQ(a.money.currency, "CAD") << a.money.raw;
}

}  // namespace
}  // namespace agendapack
