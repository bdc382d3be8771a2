// The items stage against generated minutes whose items, resolutions, declarations and actions
// are known: each numbering style, titles on the same line or the next, page breaks with running
// footers, the RESOLVED forms, declarations, actions, signatures and table lines.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "pipeline/log.h"
#include "stages/decisions.h"
#include "stages/items.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;

const TextStyle kBody{10.5};
const TextStyle kBold{10.5, true};
const TextStyle kHead{11.5, true};
const TextStyle kBig{16, true};
const TextStyle kSmall{8};

std::vector<std::string> numbers(const Document& doc) {
  std::vector<std::string> out;
  for (const Item& item : doc.items) out.push_back(item.number);
  return out;
}

std::vector<std::string> titles(const Document& doc) {
  std::vector<std::string> out;
  for (const Item& item : doc.items) out.push_back(item.title);
  return out;
}

std::shared_ptr<Document> convert(const std::filesystem::path& path) {
  auto conv = test::run_stages(path, {"load", "text", "layout", "items", "decisions"});
  EXPECT_FALSE(conv.failed()) << (conv.error ? conv.error->message : "");
  return conv.doc;
}

// A meeting header every document opens with: none of it is an item.
void header(FlowWriter& flow) {
  flow.paragraph("Harrowby District Council", kBig, 0, 8);
  flow.paragraph("MINUTES of a meeting of the Cabinet held on MONDAY 18 SEPTEMBER 2017", kBody, 0, 4);
  flow.paragraph("18 September 2017", kBody, 0, 4);
  flow.paragraph("Present: Cllr Mary Alder (Chairman), Cllr Tom Birch and Cllr Jane Cedar.",
                 kBody, 0, 10);
}

// "1." in a gutter, the title in bold beside it, the text indented under the title.
void gutter_item(FlowWriter& flow, const std::string& number, const std::string& title,
                 double indent = 36) {
  flow.gap(6);
  flow.label(number, 0, kHead);
  flow.paragraph(title, kHead, indent, 4);
}

TEST(ItemsStage, GutterNumbersTitleOnSameLineAndText) {
  test::TempDir dir;
  auto path = dir.path() / "gutter.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "1.", "Apologies for Absence");
    flow.paragraph("Minutes:", kBold, 36, 2);
    flow.paragraph("None.", kBody, 36);
    gutter_item(flow, "2.", "Hot Topics");
    flow.paragraph("Cabinet's attention was brought to the following:", kBody, 36, 2);
    flow.paragraph("\xE2\x80\xA2 There continued to be public interest in the Early Help Review and "
                   "work was ongoing to plan how to conduct a six month review of it",
                   kBody, 42, 2, 54);
    flow.paragraph("\xE2\x80\xA2 A new library had opened", kBody, 42, 6, 54);
    flow.paragraph("The Chairman thanked officers.", kBody, 36);
    gutter_item(flow, "3.", "Date of the Next Meeting");
    flow.paragraph("05 March 2018", kBody, 36);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Apologies for Absence", "Hot Topics",
                                                     "Date of the Next Meeting"}));
  EXPECT_EQ(doc->items[0].text, "Minutes:\nNone.");
  EXPECT_EQ(doc->items[1].text,
            "Cabinet's attention was brought to the following:\n"
            "There continued to be public interest in the Early Help Review and work was ongoing "
            "to plan how to conduct a six month review of it\n"
            "A new library had opened\n"
            "The Chairman thanked officers.");
  EXPECT_EQ(doc->items[2].text, "05 March 2018");
  EXPECT_EQ(doc->items[0].pages, (std::vector<int>{1}));
  EXPECT_EQ(doc->items[1].prov.size(), 1u);
  EXPECT_FALSE(doc->items[1].lines.empty());
}

TEST(ItemsStage, NumberAloneAboveItsTitle) {
  test::TempDir dir;
  auto path = dir.path() / "above.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    for (auto [n, t] : {std::pair{"828.", "Apologies for Absence"}, {"829.", "Minutes"}}) {
      flow.gap(6);
      flow.paragraph(n, kBold, 0, 0);
      flow.paragraph(t, kBold, 0, 2);
      flow.paragraph("The minutes of the meeting held on 11 October 2019 were agreed.", kBody, 0);
    }
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"828", "829"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Apologies for Absence", "Minutes"}));
  EXPECT_EQ(doc->items[1].text, "The minutes of the meeting held on 11 October 2019 were agreed.");
}

TEST(ItemsStage, ItemPrefixWithDashAndCapitalTitlesWithoutDot) {
  test::TempDir dir;
  auto item_path = dir.path() / "item.pdf";
  auto caps_path = dir.path() / "caps.pdf";
  {
    PdfBuilder pdf(item_path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    flow.paragraph("Item 1 Apologies", kHead, 0, 2);
    flow.paragraph("Apologies were received as recorded above.", kBody, 0, 8);
    flow.paragraph("Item 2 \xE2\x80\x93 Declarations of Interest", kHead, 0, 2);
    flow.paragraph("There were no declarations of interest.", kBody, 0, 8);
    pdf.finish();
  }
  {
    PdfBuilder pdf(caps_path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    flow.paragraph("8 LOCAL TRANSPORT PLAN", kBody, 0, 2);
    flow.paragraph("The Committee considered the plan.", kBody, 0, 8);
    flow.paragraph("9 MODERN SLAVERY INQUIRY", kBody, 0, 2);
    flow.paragraph("The Chairman of the inquiry presented the report.", kBody, 0, 8);
    pdf.finish();
  }
  auto doc = convert(item_path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Apologies", "Declarations of Interest"}));
  EXPECT_TRUE(doc->items[1].declarations.empty());
  doc = convert(caps_path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"8", "9"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"LOCAL TRANSPORT PLAN", "MODERN SLAVERY INQUIRY"}));
  EXPECT_EQ(doc->items[1].text, "The Chairman of the inquiry presented the report.");
}

TEST(ItemsStage, SlashNumbersFourDigitNumbersAndTitleArtefacts) {
  test::TempDir dir;
  auto slash_path = dir.path() / "slash.pdf";
  auto minute_path = dir.path() / "minute.pdf";
  {
    PdfBuilder pdf(slash_path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "12/19", "Apologies", 48);
    flow.paragraph("None.", kBody, 48);
    gutter_item(flow, "13/19", "Budget Monitoring", 48);
    flow.paragraph("The report was noted.", kBody, 48);
    pdf.finish();
  }
  {
    PdfBuilder pdf(minute_path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "1800.", "Confirmation of the Minutes (Agenda Item 3)", 48);
    flow.paragraph("The minutes were confirmed.", kBody, 48);
    gutter_item(flow, "1801.", "Children's Social Care Update pdf icon PDF 222 KB", 48);
    flow.paragraph("The Cabinet considered the update.", kBody, 48);
    // A bold title wrapped over two lines.
    gutter_item(flow, "1802.", "Select Committee Work Programme and", 48);
    flow.paragraph("Inquiry Work Programme", kHead, 48, 4);
    flow.paragraph("The Cabinet noted the programme.", kBody, 48);
    pdf.finish();
  }
  auto doc = convert(slash_path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"12/19", "13/19"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Apologies", "Budget Monitoring"}));
  doc = convert(minute_path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"1800", "1801", "1802"}));
  EXPECT_EQ(titles(*doc),
            (std::vector<std::string>{"Confirmation of the Minutes (Agenda Item 3)",
                                      "Children's Social Care Update",
                                      "Select Committee Work Programme and Inquiry Work Programme"}));
  EXPECT_EQ(doc->items[2].text, "The Cabinet noted the programme.");
}

// Minute codes ("EX45"): letters naming the series, then the number. A "Decision:" label
// opens the resolution, alone or over a RESOLVED paragraph. A code from another series, or a
// road name in the text ("A38 junction"), is not an item.
TEST(ItemsStage, MinuteCodesAndDecisionLabels) {
  test::TempDir dir;
  auto path = dir.path() / "codes.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    flow.paragraph("EX45 Declarations of Interest", kHead, 0, 4);
    flow.paragraph("There were no declarations of interest.", kBody);
    flow.paragraph("EX46 Budget Monitoring Quarter 3", kHead, 0, 4);
    flow.paragraph("Members considered the report of the Director of Finance.", kBody);
    flow.paragraph("Decision:", kBold, 0, 2);
    flow.paragraph("That the forecast outturn be noted.", kBody);
    flow.paragraph("EX47 Housing Strategy", kHead, 0, 4);
    flow.paragraph("PL12 Planning Enforcement", kBody);
    flow.paragraph("A38 junction works will start in May.", kBody);
    flow.paragraph("Decision:", kBold, 0, 2);
    flow.paragraph("RESOLVED that the Housing Strategy be endorsed.", kBody);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"EX45", "EX46", "EX47"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Declarations of Interest",
                                                    "Budget Monitoring Quarter 3",
                                                    "Housing Strategy"}));
  ASSERT_EQ(doc->items[1].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[1].resolutions[0].text, "the forecast outturn be noted.");
  EXPECT_EQ(doc->items[1].resolutions[0].decision, "noted");
  ASSERT_EQ(doc->items[2].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[2].resolutions[0].text, "the Housing Strategy be endorsed.");
  EXPECT_EQ(doc->items[2].resolutions[0].decision, "endorsed");
}

TEST(ItemsStage, AgendaPageReferenceLeavesTheTitle) {
  test::TempDir dir;
  auto path = dir.path() / "agenda.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    for (auto [n, t, p] : {std::tuple{"4", "Annual complaints report", "9"},
                           {"5", "Work programme 2019/20", "169"}}) {
      flow.label(n, 0, kBody);
      pdf.text(flow.right() - pdf.text_width(p, kBody), flow.y() + kBody.size, p, kBody);
      flow.paragraph(t, kBody, 36, 4);
    }
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Annual complaints report", "Work programme 2019/20"}));
}

TEST(ItemsStage, ItemRunsOverPageBreakWithoutRunningFooter) {
  test::TempDir dir;
  auto path = dir.path() / "break.pdf";
  std::string sentence =
      "Members discussed the proposals at length and asked how progress would be monitored. ";
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += sentence;
  {
    PdfBuilder pdf(path, 595.3, 500);
    FlowWriter flow(pdf, 72, 523, 60, 420);
    flow.on_page = [](PdfBuilder& p, int page) {
      p.text(150, 470, "Minutes subject to their acceptance as a correct record", kSmall);
      p.text(280, 485, "Page " + std::to_string(page), kSmall);
    };
    flow.start();
    flow.paragraph("Harrowby District Council", kBig, 0, 8);
    gutter_item(flow, "1.", "Apologies");
    flow.paragraph("None.", kBody, 36);
    gutter_item(flow, "2.", "Ofsted Inspection");
    flow.paragraph(long_text, kBody, 36);
    gutter_item(flow, "3.", "Date of Next Meeting");
    flow.paragraph("Monday 5 March 2018", kBody, 36);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2", "3"}));
  const Item& item = doc->items[1];
  EXPECT_EQ(item.pages, (std::vector<int>{1, 2}));
  EXPECT_EQ(item.text, long_text.substr(0, long_text.size() - 1));
  EXPECT_EQ(item.prov.size(), 2u);
  EXPECT_EQ(doc->items[2].text, "Monday 5 March 2018");
}

TEST(ItemsStage, ResolutionForms) {
  test::TempDir dir;
  auto path = dir.path() / "resolved.pdf";
  {
    PdfBuilder pdf(path, 595.3, 1100);
    FlowWriter flow(pdf, 72, 523, 60, 1050);
    flow.start();
    header(flow);
    gutter_item(flow, "1.", "Minutes");
    flow.paragraph("RESOLVED that the Minutes of the meeting held on 20 July 2017 be confirmed "
                   "as a correct record and signed by the Chairman.",
                   kBody, 36);
    gutter_item(flow, "2.", "Modern Slavery Inquiry");
    flow.paragraph("RESOLVED", kBold, 36, 2);
    flow.paragraph("Cabinet AGREED to DEFER their response to the recommendations, subject to "
                   "further clarification on;",
                   kBody, 36, 2);
    flow.paragraph("\xE2\x80\xA2 Financial pressures", kBody, 42, 6, 54);
    gutter_item(flow, "3.", "Resources Report");
    flow.paragraph("RESOLVED: that", kBody, 36, 2);
    flow.paragraph("(a) the conclusions of the Cabinet Member concerning revenue budget "
                   "monitoring be endorsed; and",
                   kBody, 54, 2);
    flow.paragraph("(b) the current progress regarding the service reforms programme be noted.",
                   kBody, 54);
    gutter_item(flow, "4.", "Improvement Plan");
    flow.paragraph("Having considered all of the information, Cabinet noted the report and", kBody, 36, 0);
    flow.paragraph("RESOLVED to: -", kBody, 36, 2);
    flow.paragraph("1) Approve the Improvement Plan for submission to Ofsted, and", kBody, 54, 2);
    flow.paragraph("2) Authorise the Director to make any further minor changes.", kBody, 54);
    gutter_item(flow, "5.", "Work Programme");
    flow.paragraph("Cabinet NOTED the report.", kBody, 36);
    gutter_item(flow, "6.", "Forward Plan");
    flow.paragraph("Cabinet noted the report.", kBody, 36);
    gutter_item(flow, "7.", "Annual Report");
    flow.paragraph("The Cabinet RESOLVED that the annual report be noted.", kBody, 36);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 7u);
  auto res = [&](size_t i) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Resolution& r : doc->items[i].resolutions) out.emplace_back(r.text, r.decision);
    return out;
  };
  using R = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(res(0), (R{{"the Minutes of the meeting held on 20 July 2017 be confirmed as a "
                        "correct record and signed by the Chairman.",
                        "confirmed"}}));
  EXPECT_EQ(res(1), (R{{"Cabinet AGREED to DEFER their response to the recommendations, subject "
                        "to further clarification on;",
                        "deferred"}}));
  EXPECT_EQ(res(2), (R{{"the conclusions of the Cabinet Member concerning revenue budget "
                        "monitoring be endorsed",
                        "endorsed"},
                       {"the current progress regarding the service reforms programme be noted.",
                        "noted"}}));
  EXPECT_EQ(res(3), (R{{"Approve the Improvement Plan for submission to Ofsted, and", "approved"},
                       {"Authorise the Director to make any further minor changes.", "other"}}));
  EXPECT_EQ(res(4), (R{{"Cabinet NOTED the report.", "noted"}}));
  EXPECT_TRUE(res(5).empty());
  EXPECT_EQ(res(6), (R{{"the annual report be noted.", "noted"}}));
  // Labels stay in the text, and the RESOLVED line is its own paragraph.
  EXPECT_EQ(doc->items[3].text,
            "Having considered all of the information, Cabinet noted the report and\n"
            "RESOLVED to: -\n"
            "1) Approve the Improvement Plan for submission to Ofsted, and\n"
            "2) Authorise the Director to make any further minor changes.");
  EXPECT_EQ(doc->items[1].text,
            "RESOLVED\nCabinet AGREED to DEFER their response to the recommendations, subject to "
            "further clarification on;\nFinancial pressures");
  EXPECT_EQ(doc->items[0].resolutions[0].prov.size(), 1u);
}

TEST(ItemsStage, DeclarationsAndActions) {
  test::TempDir dir;
  auto path = dir.path() / "decl.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "1.", "Apologies");
    flow.paragraph("None.", kBody, 36);
    gutter_item(flow, "2.", "Declarations of Interest");
    flow.paragraph("Mr B Chapple, Cabinet Member for Planning declared an interest relating to "
                   "item 9, stating that his son worked within the Department.",
                   kBody, 36);
    gutter_item(flow, "3.", "Declarations of Interest at the Committee");
    flow.paragraph("None.", kBody, 36);
    gutter_item(flow, "4.", "Recommendation Monitoring");
    flow.paragraph("Action 2: Mrs Edwards, to develop a one page flyer with key information.",
                   kBody, 36, 2);
    flow.paragraph("ACTION 3: Mr Maddox \xE2\x80\x93 to circulate the figures to all Members.",
                   kBody, 36, 2);
    flow.paragraph("ACTION 4: Ms Penhaligon to arrange a site visit.", kBody, 36, 2);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 4u);
  ASSERT_EQ(doc->items[1].declarations.size(), 1u);
  const Declaration& d = doc->items[1].declarations[0];
  EXPECT_EQ(d.member, "Mr B Chapple");
  EXPECT_EQ(d.text, "Mr B Chapple, Cabinet Member for Planning declared an interest relating to "
                    "item 9, stating that his son worked within the Department.");
  EXPECT_TRUE(doc->items[0].declarations.empty());
  EXPECT_TRUE(doc->items[2].declarations.empty());
  const auto& actions = doc->items[3].actions;
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].number, "2");
  EXPECT_EQ(actions[0].owner, "Mrs Edwards");
  EXPECT_EQ(actions[0].text, "to develop a one page flyer with key information.");
  EXPECT_EQ(actions[1].number, "3");
  EXPECT_EQ(actions[1].owner, "Mr Maddox");
  EXPECT_EQ(actions[1].text, "to circulate the figures to all Members.");
  EXPECT_EQ(actions[2].owner, "Ms Penhaligon");
  EXPECT_EQ(actions[2].text, "to arrange a site visit.");
}

TEST(ItemsStage, SignatureAndClosingLineEndTheLastItem) {
  test::TempDir dir;
  auto path = dir.path() / "end.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "1.", "Apologies");
    flow.paragraph("None.", kBody, 36);
    gutter_item(flow, "2.", "Date of Next Meeting");
    flow.paragraph("Tuesday 29 March 2022, The Guildhall", kBody, 36);
    flow.paragraph("Meeting concluded at 11.10 am", kBody, 0);
    flow.paragraph("CAROL INGLEBY", kBody, 0, 0);
    flow.paragraph("CHAIRMAN", kBody, 0);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 2u);
  EXPECT_EQ(doc->items[1].text, "Tuesday 29 March 2022, The Guildhall");
  auto sig_path = dir.path() / "sig.pdf";
  {
    PdfBuilder pdf(sig_path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "1.", "Date of Next Meeting");
    flow.paragraph("The next meeting will be held on 26 October 2020.", kBody, 36, 20);
    flow.paragraph("JAMES HARTIGAN", kBody, 0, 0);
    flow.paragraph("CHAIRMAN", kBody, 0);
    pdf.finish();
  }
  doc = convert(sig_path);
  ASSERT_EQ(doc->items.size(), 1u);
  EXPECT_EQ(doc->items[0].text, "The next meeting will be held on 26 October 2020.");
}

TEST(ItemsStage, TableLinesStayOutOfTheText) {
  test::TempDir dir;
  auto path = dir.path() / "table.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    gutter_item(flow, "1.", "Inquiry");
    flow.paragraph("Cabinet AGREED the recommendations as follows:", kBody, 36, 4);
    flow.paragraph("1 That the Council develops a strategy. Yes", kBody, 36, 2);
    flow.paragraph("2 That officers map existing provision. No", kBody, 36, 4);
    flow.paragraph("The responses are appended.", kBody, 36);
    pdf.finish();
  }
  auto conv = test::run_stages(path, {"load", "text", "layout"});
  ASSERT_FALSE(conv.failed());
  Document& doc = *conv.doc;
  // Mark the two rows as a table, as the tables stage would.
  doc.tables.push_back({});
  for (Line& line : doc.pages[0].lines)
    if (line.text.rfind("1 That", 0) == 0 || line.text.rfind("2 That", 0) == 0) line.table = 0;
  Logger log(LogLevel::error);
  StageContext ctx(test::test_config(), log, doc);
  ItemsStage stage;
  ASSERT_TRUE(stage.run(doc, ctx));
  DecisionsStage decisions;
  ASSERT_TRUE(decisions.run(doc, ctx));
  ASSERT_EQ(numbers(doc), (std::vector<std::string>{"1"}));
  EXPECT_EQ(doc.items[0].text,
            "Cabinet AGREED the recommendations as follows:\nThe responses are appended.");
  ASSERT_EQ(doc.items[0].resolutions.size(), 1u);
  EXPECT_EQ(doc.items[0].resolutions[0].decision, "agreed");
}

TEST(ItemsDecision, FromTheVerb) {
  ItemsVocab v = ItemsVocab::from_json(test::test_config().vocab("items"));
  EXPECT_EQ(decision_of("Cabinet AGREED to DEFER their response", v), "deferred");
  EXPECT_EQ(decision_of("Endorse the Capital Programme Allocations for submission, and", v),
            "endorsed");
  EXPECT_EQ(decision_of("that the application be REFUSED for the reasons set out", v), "other");
  EXPECT_EQ(decision_of("the addition of £4.1million be recommended to Council for approval", v),
            "recommended");
  EXPECT_EQ(decision_of("The minutes of the meeting were agreed as an accurate record", v),
            "agreed");
  EXPECT_EQ(decision_of("Authorise the Director, in consultation with the Cabinet Member, to "
                        "make any further minor changes as required.",
                        v),
            "other");
  EXPECT_EQ(decision_of("The Committee CONSIDERED the report.", v), "considered");
  EXPECT_EQ(decision_of("Cabinet APPROVED the recommendations with the following amendments:", v),
            "approved");
  EXPECT_EQ(member_in("Cllr Angela Kirkbride declared a personal interest", v),
            "Cllr Angela Kirkbride");
  EXPECT_EQ(member_in("No interests were declared.", v), std::nullopt);
  EXPECT_EQ(member_in("Mr W Whyte Cabinet Member for Children declared", v), "Mr W Whyte");
  EXPECT_EQ(member_in("Cllr Ruth Winstanley MBE, Cabinet Member", v), "Cllr Ruth Winstanley MBE");
}

}  // namespace
}  // namespace agendapack
