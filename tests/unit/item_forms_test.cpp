// Where items begin, in the forms real minutes use beyond "N. Title": the agenda's number under
// its title ("(Item 4)"), minute numbers in a margin ("14/038"), a sub-item ("6A"), a number
// printed twice, numbered resolution blocks with named headings between them, and bulleted
// minutes with no numbers at all; with the negative controls that must not become items
// (numbered paragraphs of a minute, a list introduced by a colon, RESOLVED sentences).
#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  auto conv = test::run_stages(path, {"load", "text", "layout", "tables", "items", "decisions"});
  EXPECT_FALSE(conv.failed()) << (conv.error ? conv.error->message : "");
  return conv.doc;
}

void header(FlowWriter& flow, const std::string& body = "CABINET") {
  flow.paragraph("HARROWBY DISTRICT COUNCIL", kBig, 120, 8);
  flow.paragraph(body, kHead, 180, 8);
  flow.paragraph("MINUTES of a meeting of the Cabinet held on Thursday, 9 January 2025.", kBody, 0, 8);
  flow.paragraph("PRESENT: Mr R Alder (Chairman), Mr N Birch and Mrs C Cedar", kBody, 0, 14);
}

// A bold title, then "(Item N)" under it: the agenda's number after the title; numbered
// paragraphs under it are the minute's, not items.
TEST(ItemForms, NumberUnderTheTitleAndNumberedParagraphs) {
  test::TempDir dir;
  auto path = dir.path() / "trailing.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    const char* items[][2] = {{"Apologies and Substitutes", "No apologies were received."},
                              {"Chairman's Announcements", ""},
                              {"Participation Team Update", ""},
                              {"Challenge Cards Update", ""}};
    int n = 1;
    for (const auto& it : items) {
      flow.gap(10);
      flow.paragraph(it[0], kBold, 0, 4);
      flow.paragraph("(Item " + std::to_string(n) + ")", kBody, 0, 6);
      if (*it[1]) {
        flow.paragraph(it[1], kBody, 0, 6);
      } else {
        flow.label("1.", 18, kBody);
        flow.paragraph("The Chair reminded the Panel of the Christmas campaign and asked that those "
                       "who could contribute did so.", kBody, 36, 6);
        flow.label("2.", 18, kBody);
        flow.paragraph("Members asked about the training offer.", kBody, 36, 6);
        flow.label("3.", 18, kBody);
        flow.paragraph("RESOLVED that the update be noted.", kBody, 36, 6);
      }
      ++n;
    }
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2", "3", "4"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Apologies and Substitutes",
                                                    "Chairman's Announcements",
                                                    "Participation Team Update",
                                                    "Challenge Cards Update"}));
  ASSERT_EQ(doc->items.size(), 4u);
  // "3. RESOLVED that ...": a numbered paragraph's decision, without the number or "that".
  ASSERT_EQ(doc->items[2].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[2].resolutions[0].text, "the update be noted.");
  EXPECT_EQ(doc->items[2].resolutions[0].decision, "noted");
  EXPECT_EQ(doc->items[2].text.find("(Item"), std::string::npos);
}

// "76. Apologies" over "(Item 1)": the minute number wins; "(Item 1)" is not in the title.
TEST(ItemForms, MinuteNumberOverTheAgendaNumber) {
  test::TempDir dir;
  auto path = dir.path() / "minute.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    int minute = 76;
    for (const char* title : {"Apologies", "Declarations of Interest", "Corporate Risk Register"}) {
      flow.gap(8);
      flow.label(std::to_string(minute) + ".", 0, kBold);
      flow.paragraph(title, kBold, 40, 2);
      flow.paragraph("(Item " + std::to_string(minute - 75) + ")", kBody, 0, 6);
      flow.paragraph("The Panel discussed the matter at length.", kBody, 0, 6);
      ++minute;
    }
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(numbers(*doc), (std::vector<std::string>{"76", "77", "78"}));
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Apologies", "Declarations of Interest",
                                                    "Corporate Risk Register"}));
  ASSERT_EQ(doc->items.size(), 3u);
  EXPECT_EQ(doc->items[0].text, "The Panel discussed the matter at length.");
}

// Welsh community council style: capital titles, a sub-item "6A", a number printed twice by
// mistake, a title starting "TO", and earlier minutes' references ("4.13ii)") in the text.
TEST(ItemForms, SubItemsRepeatedNumbersAndReferences) {
  test::TempDir dir;
  auto path = dir.path() / "parish.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow, "MEETING 8th MARCH 2017");
    auto item = [&](const std::string& heading, const std::string& text) {
      flow.paragraph(heading, kBody, 0, 2);
      flow.paragraph(text, kBody, 0, 8);
    };
    item("1. WELCOME AND APOLOGIES", "Cllr. Joseph Davies welcomed everyone to the meeting.");
    item("2. TO CONFIRM THE MINUTES OF THE LAST MEETING", "The minutes were signed.");
    item("3. DECLARATIONS OF INTEREST", "There were no declarations of interest.");
    flow.paragraph("5. MATTERS ARISING", kBody, 0, 2);
    flow.paragraph("4.13ii) With regard to the safety concerns, a reply had been received.", kBody, 0, 2);
    flow.paragraph("5v) Information had been posted on the website.", kBody, 0, 8);
    item("5. CORRESPONDENCE", "i) Lloyds Bank Statement dated 01/02/2017.");
    item("6. BUDGET REVIEW", "The balance was noted.");
    item("6A. ANNUAL RETURN YEAR ENDING 31 MARCH 2017", "The documentation had been received.");
    item("7. LIGHTING", "No issues.");
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2", "3", "5", "5", "6", "6A", "7"}));
  ASSERT_EQ(doc->items.size(), 8u);
  EXPECT_EQ(doc->items[1].title, "TO CONFIRM THE MINUTES OF THE LAST MEETING");
  EXPECT_EQ(doc->items[6].title, "ANNUAL RETURN YEAR ENDING 31 MARCH 2017");
}

// Minutes whose only numbering is their resolutions': each numbered block is an item named by
// its number, with the unnumbered headings the vocabulary knows and "Item #10" between them.
// A numbered list introduced by a colon and bold labels like "Declared winner:" are not items.
TEST(ItemForms, NumberedResolutionBlocksAsItems) {
  test::TempDir dir;
  auto path = dir.path() / "township.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("MINUTES", kHead, 220, 4);
    flow.paragraph("TOWNSHIP OF ELMWOOD", kBody, 200, 4);
    flow.paragraph("Tuesday, April 2, 2024", kBody, 205, 10);
    auto lead = [&](const std::string& bold, const std::string& rest) {
      double y = flow.y();
      pdf.text(72, y + kBold.size, bold, kBold);
      if (!rest.empty()) pdf.text(72 + pdf.text_width(bold + "  ", kBold), y + kBody.size, rest, kBody);
      flow.gap(kBody.size * 1.3 + 6);
    };
    lead("Present:", "Mayor Tom Piper and Councillors Tom Butler and Shelly Foote.");
    lead("Disclosure of pecuniary interest:", "None.");
    lead("Certified Candidates present:", "");
    flow.paragraph("Candidates spoke in the following order:", kBody, 0, 2);
    flow.paragraph("1. Shawn Hughes", kBody, 18, 2);
    flow.paragraph("2. Joshua Dills", kBody, 18, 2);
    flow.paragraph("3. James Scott", kBody, 18, 8);
    lead("Declared winner:", "James Scott");
    lead("R2024-070 S. Kirkey, T. Butler:", "");
    flow.paragraph("That the minutes of the Council Meeting held March 19, 2024 be adopted as "
                   "published. Carried.", kBody, 0, 8);
    // Plain type: the colon sets the label apart.
    flow.paragraph("Committee Reports:", kBody, 0, 2);
    flow.paragraph("Councillor Stephen Kirkey: Library Board.", kBody, 0, 8);
    lead("R2024-071 D. Yemm, S. Foote:", "");
    flow.paragraph("THAT we donate $100 to the Maple Syrup Festival 2024. Carried.", kBody, 0, 8);
    lead("Item #10", "Consideration of a donation request from the Community Centre.");
    flow.paragraph("Deferred.", kBody, 0, 8);
    lead("R2024-072 T. Butler, S. Kirkey:", "");
    flow.paragraph("That the meeting be adjourned. Time: 8:06 p.m. Carried.", kBody, 0, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(numbers(*doc), (std::vector<std::string>{"", "R2024-070", "", "R2024-071", "10",
                                                     "R2024-072"}));
  ASSERT_EQ(doc->items.size(), 6u);
  EXPECT_EQ(doc->items[0].title, "Disclosure of pecuniary interest");
  EXPECT_EQ(doc->items[2].title, "Committee Reports");
  EXPECT_EQ(doc->items[4].title, "Consideration of a donation request from the Community Centre");
  const Resolution& r = doc->items[1].resolutions.at(0);
  EXPECT_EQ(r.text, "That the minutes of the Council Meeting held March 19, 2024 be adopted as published.");
  EXPECT_EQ(r.number, "R2024-070");
  EXPECT_EQ(r.moved_by, "S. Kirkey");
  EXPECT_EQ(r.seconded_by, "T. Butler");
  EXPECT_EQ(r.outcome, "carried");
  EXPECT_EQ(r.decision, "approved");
  EXPECT_EQ(doc->items[3].resolutions.at(0).decision, "agreed");
  const Resolution& deferred = doc->items[4].resolutions.at(0);
  EXPECT_EQ(deferred.text, "Deferred");
  EXPECT_EQ(deferred.decision, "deferred");
  EXPECT_EQ(deferred.outcome, "deferred");
  EXPECT_EQ(doc->items[5].resolutions.at(0).decision, "other");
  // "Carried" blocks record no vote.
  for (const Item& item : doc->items) EXPECT_TRUE(item.votes.empty()) << item.number;
}

// Minutes written as a bulleted list: each top-level bullet led by bold text is an item
// (number null), its movers noted beside it; sub-bullets belong to it.
TEST(ItemForms, BulletedMinutesWithoutNumbers) {
  test::TempDir dir;
  auto path = dir.path() / "bullets.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("Commission Meeting Minutes", kBig, 200, 10);
    flow.paragraph("Minutes from Monday, January 29, 2018 - 9:00am at the Library", kBody, 0, 8);
    auto bullet = [&](double x, const std::string& glyph, const std::string& bold,
                      const std::string& rest, const TextStyle& rest_style = kBody) {
      double y = flow.y() + kBody.size;
      pdf.text(x, y, glyph, kBody);
      double tx = x + 18;
      pdf.text(tx, y, bold, kBold);
      if (!rest.empty()) pdf.text(tx + pdf.text_width(bold + " ", kBold), y, rest, rest_style);
      flow.gap(kBody.size * 1.3 + 4);
    };
    const std::string dot = "\xE2\x80\xA2";
    bullet(90, dot, "Perfunctory Business", "");
    bullet(126, "o", "Commissioners Present:", "Anthony Qaiyum, Zach Maiorca");
    bullet(90, dot, "Meeting called to order at 9:08am", "- M. Prest (motion), C. Dallas (second)");
    bullet(90, dot, "Todd Feinberg welcomed to the Commission", "");
    bullet(90, dot, "Minutes from 11/30/17 meeting approved", "- Z. Maiorca (motion), T. Feinberg (second)");
    bullet(90, dot, "New Business", "");
    bullet(126, "o", "APPROVED", "- 2018 Meetings Calendar");
    bullet(126, "o", "APPROVED", "- Revised 2018 budget - B. Munro (motion), Z. Maiorca (second)");
    bullet(90, dot, "Meeting adjourned at 11:25am", "");
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(titles(*doc), (std::vector<std::string>{"Perfunctory Business",
                                                    "Meeting called to order at 9:08am",
                                                    "Todd Feinberg welcomed to the Commission",
                                                    "Minutes from 11/30/17 meeting approved",
                                                    "New Business", "Meeting adjourned at 11:25am"}));
  EXPECT_EQ(numbers(*doc), std::vector<std::string>(6, ""));
  ASSERT_EQ(doc->items.size(), 6u);
  const Resolution& call = doc->items[1].resolutions.at(0);
  EXPECT_EQ(call.text, "Meeting called to order at 9:08am");
  EXPECT_EQ(call.decision, "other");
  EXPECT_EQ(call.moved_by, "M. Prest");
  EXPECT_EQ(call.seconded_by, "C. Dallas");
  EXPECT_EQ(call.outcome, "carried");
  EXPECT_TRUE(doc->items[2].resolutions.empty());
  EXPECT_EQ(doc->items[3].resolutions.at(0).decision, "approved");
  ASSERT_EQ(doc->items[4].resolutions.size(), 2u);
  EXPECT_EQ(doc->items[4].resolutions[0].text, "2018 Meetings Calendar");
  EXPECT_EQ(doc->items[4].resolutions[0].decision, "approved");
  EXPECT_EQ(doc->items[4].resolutions[0].moved_by, std::nullopt);
  EXPECT_EQ(doc->items[4].resolutions[1].text, "Revised 2018 budget");
  EXPECT_EQ(doc->items[4].resolutions[1].moved_by, "B. Munro");
  for (const Item& item : doc->items) EXPECT_TRUE(item.votes.empty());
}

// Minutes whose items cannot be found say so (NO_ITEMS_FOUND); a report with no numbered
// items (not minutes or an agenda) does not.
TEST(ItemForms, MinutesWithoutItemsAreFlagged) {
  test::TempDir dir;
  for (const char* kind : {"MINUTES of the Parish Council", "Report of the Director of Finance"}) {
    auto path = dir.path() / "noitems.pdf";
    {
      PdfBuilder pdf(path);
      FlowWriter flow(pdf);
      flow.start();
      flow.paragraph(kind, kHead, 0, 8);
      flow.paragraph("The meeting discussed the state of the village green and the benches at "
                     "some length without reaching a view.", kBody, 0, 8);
      pdf.finish();
    }
    auto doc = convert(path);
    EXPECT_TRUE(doc->items.empty());
    bool flagged = false;
    for (const Issue& is : doc->issues) flagged = flagged || is.code == "NO_ITEMS_FOUND";
    EXPECT_EQ(flagged, std::string(kind).rfind("MINUTES", 0) == 0) << kind;
  }
}

// An agenda whose items run their summary on after the title, some long enough to read like
// sentences: the chain of plain numbered headings misses them, and the run that fills each
// gap exactly (1-2 before 3, 7-9 between 6 and 10) puts them back. A bold title followed by
// its summary in plain type is titled by the bold words. Negative control: a gap the
// numbered lines do not fill exactly (12 and 14 missing from 11..15) stays a gap.
TEST(ItemForms, AgendaItemsWithRunOnSummaries) {
  test::TempDir dir;
  auto path = dir.path() / "agenda.pdf";
  auto agenda_item = [](PdfBuilder& pdf, FlowWriter& flow, int n, const std::string& title,
                        const std::string& summary) {
    flow.gap(6);
    flow.label(std::to_string(n) + ".", 0, kBody);
    flow.paragraph(title + "  " + summary, kBody, 30, 6);
    (void)pdf;
  };
  const std::string long_summary =
      "The Board will receive an annual report on the operations for the year and may ask questions "
      "of the officers who attend.";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    flow.paragraph("PARKS AND RECREATION BOARD", kBig, 100, 8);
    flow.paragraph("AGENDA", kHead, 200, 8);
    flow.paragraph("Regular meeting, Thursday, November 10, 2022, 6:00 P.M.", kBody, 0, 14);
    agenda_item(pdf, flow, 1, "Golf Course Annual Report", long_summary);
    agenda_item(pdf, flow, 2, "Tennis Center Annual Report", long_summary);
    agenda_item(pdf, flow, 3, "Ballfield Assessment", "Report.");
    agenda_item(pdf, flow, 4, "Approval of Minutes", "Minutes.");
    agenda_item(pdf, flow, 5, "Aquatic Program Report", "Report.");
    agenda_item(pdf, flow, 6, "Capital Improvement Program", "Report.");
    agenda_item(pdf, flow, 7, "City Council Items Update", long_summary);
    agenda_item(pdf, flow, 8, "Contract Compliance", long_summary);
    agenda_item(pdf, flow, 9, "Park Patrol Report", long_summary);
    agenda_item(pdf, flow, 10, "Departmental Operations Update", "Update.");
    agenda_item(pdf, flow, 11, "Tree Planting", "Report.");
    agenda_item(pdf, flow, 13, "Volunteer Awards", long_summary);
    agenda_item(pdf, flow, 15, "Adjournment", "Close.");
    flow.gap(6);
    flow.label("16.", 0, kBody);
    double y = flow.y() + 10;
    double x = 102;
    x = pdf.text(x, y, "Library Hours Review", kBold).x1 + 6;
    pdf.text(x, y, "The Board will review the hours.", kBody);
    flow.set_y(y + 8);
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                                                     "11", "15", "16"}));
  ASSERT_EQ(doc->items.size(), 13u);
  EXPECT_EQ(doc->items.back().title, "Library Hours Review");
}

// A front sheet whose titles are set in plain type in a column left of their page numbers,
// with a note across the whole page under the list: a title that runs to the column's edge
// and carries on at its indent is one title over its lines. Negative controls: a short title
// with a line under it at its indent keeps to its line, and a title with its summary run on
// (a sentence wrapping the same way) keeps its first line, as before.
TEST(ItemForms, WrappedAgendaTitlesCarryOnAtTheirIndent) {
  test::TempDir dir;
  auto path = dir.path() / "front.pdf";
  const std::string wrapped =
      "Minutes of the meeting held on 24 September 2024 and notes of the joint session with the "
      "General Purposes Committee held on the same day";
  const std::string run_on =
      "Library Service Review The Board will receive a report on the library service and the "
      "views of residents who answered the survey in the spring.";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf, 72, 440);
    flow.start();
    flow.paragraph("AUDIT COMMITTEE", kBig, 0, 8);
    flow.paragraph("AGENDA", kHead, 0, 8);
    flow.paragraph("Thursday, 22 October 2024", kHead, 0, 14);
    auto item = [&](int n, const std::string& title, int page, const std::string& under = "") {
      flow.gap(8);
      flow.label(std::to_string(n) + ".", 0, kBody);
      if (page) pdf.text(500, flow.y() + kBody.size, std::to_string(page), kBody);
      flow.paragraph(title, kBody, 36, 2);
      if (!under.empty()) flow.paragraph(under, kBody, 36, 2);
    };
    item(1, "Declarations of interest", 0);
    item(2, "Apologies for absence", 0);
    item(3, wrapped, 3);
    item(4, "Work programme", 9, "To follow");
    item(5, run_on, 12);
    item(6, "Any other business", 0);
    FlowWriter note(pdf, 72, 523);
    note.set_y(flow.y() + 20);
    note.paragraph("Members are advised to declare any personal or prejudicial interest they may have "
                   "in any item on this agenda, either under item 1 or when it becomes apparent.",
                   kBody, 0, 6);
    pdf.finish();
  }
  auto doc = convert(path);
  EXPECT_EQ(numbers(*doc), (std::vector<std::string>{"1", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(titles(*doc),
            (std::vector<std::string>{"Declarations of interest", "Apologies for absence", wrapped,
                                      "Work programme",
                                      "Library Service Review The Board will receive a report on "
                                      "the",
                                      "Any other business"}));
}

}  // namespace
}  // namespace agendapack
