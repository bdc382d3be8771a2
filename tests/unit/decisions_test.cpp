// The decisions stage against generated minutes whose decisions and votes are known: RESOLVED
// in a numbered paragraph and over parts, "It was agreed", motions with movers in the UK,
// Welsh, Ontario and US forms, recorded votes with names over lines and a page break, counts
// that disagree with the names, lost amendments, roll calls, and the decision wording no
// resolution took (DECISION_UNATTACHED).
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

std::shared_ptr<Document> convert(const std::filesystem::path& path) {
  auto conv = test::run_stages(path, {"load", "text", "layout", "tables", "items", "decisions"});
  EXPECT_FALSE(conv.failed()) << (conv.error ? conv.error->message : "");
  return conv.doc;
}

void header(FlowWriter& flow) {
  flow.paragraph("HARROWBY COUNTY COUNCIL", kBig, 120, 8);
  flow.paragraph("MINUTES of a meeting of the County Council held on Thursday, 19 December 2024.",
                 kBody, 0, 8);
  flow.paragraph("PRESENT: Mr A Booth (Chairman), Mr B Brady, Mrs C Bell and Ms D Dean", kBody, 0, 14);
}

void item(FlowWriter& flow, const std::string& number, const std::string& title) {
  flow.gap(8);
  flow.label(number, 0, kHead);
  flow.paragraph(title, kHead, 40, 6);
}

std::vector<std::string> names_of(const Vote& v, const std::string& vote) {
  std::vector<std::string> out;
  for (const RecordedVote& r : v.recorded)
    if (r.vote == vote) out.push_back(r.name);
  return out;
}

// County council style: a motion, the recorded vote with names over several lines and over a
// page break, "Motion carried.", then the RESOLVED paragraph that records it; an amendment
// that was lost, whose printed count disagrees with its names.
TEST(Decisions, RecordedVotesUkCountyStyle) {
  test::TempDir dir;
  auto path = dir.path() / "county.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf, 72, 523, 72, 700);
    flow.start();
    header(flow);
    item(flow, "278.", "Local Transport Plan");
    flow.paragraph("1) Mr Baker proposed, and Mr Robey seconded the motion that \xE2\x80\x9C" "County "
                   "Council is asked to approve and adopt Local Transport Plan 5.\xE2\x80\x9D",
                   kBody, 40, 6);
    flow.paragraph("2) Following the debate, the Chairman put the motion to the vote and the voting "
                   "was as follows.", kBody, 40, 8);
    flow.paragraph("For (7)", kBody, 40, 6);
    flow.paragraph("Mr Baker, Mr Barrington-King, Mr Brady, Mr Bartlett, Mr Beaney, Mrs Bell, Mrs "
                   "Binks, Mr Booth", kBody, 40, 8);
    flow.set_y(640);
    flow.paragraph("Against (3)", kBody, 40, 6);
    flow.paragraph("Mrs Dean, Mr Hook,", kBody, 40, 0);
    flow.new_page();
    flow.paragraph("Mr Passmore", kBody, 40, 8);
    flow.paragraph("Abstain (0)", kBody, 40, 8);
    flow.paragraph("Motion carried.", kBody, 380, 8);
    flow.paragraph("3) RESOLVED that the County Council approves and adopts Local Transport Plan 5.",
                   kBody, 40, 8);
    item(flow, "279.", "Motions for Time Limited Debate");
    flow.paragraph("Motion 1 \xE2\x80\x93 Electoral Reform", kBold, 40, 6);
    flow.paragraph("4) Amendment proposed by Mr Hood, seconded by Ms Dean: that the Council writes to "
                   "the Secretary of State.", kBody, 40, 6);
    flow.paragraph("For (1): Mr Hood", kBody, 40, 4);
    flow.paragraph("Against (2): Mr Baker, Mrs Bell", kBody, 40, 4);
    flow.paragraph("Amendment lost.", kBody, 380, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 2u);
  const Item& plan = doc->items[0];
  ASSERT_EQ(plan.votes.size(), 1u);
  const Vote& v = plan.votes[0];
  EXPECT_EQ(v.outcome, "carried");
  EXPECT_EQ(v.kind, "motion");
  EXPECT_EQ(v.votes_for, 7);  // printed 7, eight names listed: the printed count, and an issue
  EXPECT_EQ(v.against, 3);
  EXPECT_EQ(v.abstain, 0);
  EXPECT_EQ(names_of(v, "for"), (std::vector<std::string>{"Mr Baker", "Mr Barrington-King", "Mr Brady",
                                                          "Mr Bartlett", "Mr Beaney", "Mrs Bell",
                                                          "Mrs Binks", "Mr Booth"}));
  EXPECT_EQ(names_of(v, "against"), (std::vector<std::string>{"Mrs Dean", "Mr Hook", "Mr Passmore"}));
  EXPECT_NE(v.motion.find("Mr Baker proposed, and Mr Robey seconded the motion that"), std::string::npos)
      << v.motion;
  ASSERT_EQ(plan.resolutions.size(), 1u);
  const Resolution& r = plan.resolutions[0];
  EXPECT_EQ(r.text, "the County Council approves and adopts Local Transport Plan 5.");
  EXPECT_EQ(r.decision, "approved");
  EXPECT_EQ(r.moved_by, "Mr Baker");
  EXPECT_EQ(r.seconded_by, "Mr Robey");
  EXPECT_EQ(r.outcome, "carried");
  bool mismatch = false;
  for (const Issue& is : doc->issues) mismatch = mismatch || is.code == "VOTE_COUNT_MISMATCH";
  EXPECT_TRUE(mismatch);

  const Item& debate = doc->items[1];
  EXPECT_TRUE(debate.resolutions.empty()) << "a lost amendment is a vote, not a resolution";
  ASSERT_EQ(debate.votes.size(), 1u);
  EXPECT_EQ(debate.votes[0].kind, "amendment");
  EXPECT_EQ(debate.votes[0].outcome, "lost");
  EXPECT_EQ(debate.votes[0].votes_for, 1);
  EXPECT_EQ(debate.votes[0].against, 2);
  EXPECT_EQ(debate.votes[0].abstain, std::nullopt);
  EXPECT_EQ(debate.votes[0].motion.rfind("Motion 1 \xE2\x80\x93 Electoral Reform: Amendment proposed by Mr Hood", 0), 0u)
      << debate.votes[0].motion;
}

// Town and parish style: the decision in the motion's own sentence; "It was agreed that"; a
// proposal "Agreed unanimously." with no RESOLVED; Welsh "Cynigiwyd gan ... eiliwyd gan".
TEST(Decisions, MotionsInTheDecisionSentence) {
  test::TempDir dir;
  auto path = dir.path() / "parish.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "2.", "TO CONFIRM THE MINUTES OF THE LAST MEETING");
    flow.paragraph("It was proposed by Cllr. P. Harries, seconded by Cllr. W. Loynton and unanimously "
                   "agreed, that the minutes of the last meeting, as typed and circulated, were correct.",
                   kBody, 40, 8);
    item(flow, "3.", "BENCHES");
    flow.paragraph("The bench was in poor repair. It was agreed that Cllr. J. Davies would get a quote. "
                   "The Clerk would write to the owner.", kBody, 40, 8);
    item(flow, "4.", "CHAIRMAN'S ANNOUNCEMENTS");
    flow.paragraph("3) Mr Sweetland proposed, and Mr Ridgers seconded, that the Council formally record "
                   "its sympathy to the family.", kBody, 40, 4);
    flow.paragraph("Agreed unanimously.", kBody, 380, 8);
    item(flow, "5.", "CADARNHAU COFNODION");
    flow.paragraph("Cynigiwyd gan y Cyng. O. Williams, eiliwyd gan y Cyng. W. Loynton ac roedd pawb yn "
                   "gyt\xC3\xBBn bod cofnodion y cyfarfod diwethaf yn gywir.", kBody, 40, 8);
    item(flow, "6.", "EXTENSION");
    flow.paragraph("The Chairman proposed that Council resolve to extend the meeting beyond 4.30pm and "
                   "it was agreed unanimously.", kBody, 40, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 5u);
  const Resolution& minutes = doc->items[0].resolutions.at(0);
  EXPECT_EQ(minutes.text, "the minutes of the last meeting, as typed and circulated, were correct");
  EXPECT_EQ(minutes.decision, "agreed");
  EXPECT_EQ(minutes.moved_by, "Cllr. P. Harries");
  EXPECT_EQ(minutes.seconded_by, "Cllr. W. Loynton");
  EXPECT_EQ(minutes.outcome, "carried");
  ASSERT_EQ(doc->items[0].votes.size(), 1u);
  EXPECT_EQ(doc->items[0].votes[0].motion, minutes.text);
  EXPECT_EQ(doc->items[0].votes[0].outcome, "carried");
  EXPECT_EQ(doc->items[0].votes[0].votes_for, std::nullopt);

  ASSERT_EQ(doc->items[1].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[1].resolutions[0].text, "Cllr. J. Davies would get a quote");
  EXPECT_EQ(doc->items[1].resolutions[0].decision, "agreed");
  EXPECT_TRUE(doc->items[1].votes.empty());

  const Resolution& sympathy = doc->items[2].resolutions.at(0);
  EXPECT_EQ(sympathy.text, "the Council formally record its sympathy to the family");
  EXPECT_EQ(sympathy.moved_by, "Mr Sweetland");
  EXPECT_EQ(sympathy.seconded_by, "Mr Ridgers");
  EXPECT_EQ(sympathy.outcome, "carried");
  ASSERT_EQ(doc->items[2].votes.size(), 1u);
  EXPECT_EQ(doc->items[2].votes[0].outcome, "carried");

  const Resolution& cy = doc->items[3].resolutions.at(0);
  EXPECT_EQ(cy.text, "cofnodion y cyfarfod diwethaf yn gywir");
  EXPECT_EQ(cy.moved_by, "Cyng. O. Williams");
  EXPECT_EQ(cy.seconded_by, "Cyng. W. Loynton");

  const Resolution& ext = doc->items[4].resolutions.at(0);
  EXPECT_EQ(ext.text, "Council resolve to extend the meeting beyond 4.30pm");
  EXPECT_EQ(ext.moved_by, "The Chairman");
  EXPECT_EQ(ext.seconded_by, std::nullopt);
  ASSERT_EQ(doc->items[4].votes.size(), 1u);
  EXPECT_EQ(doc->items[4].votes[0].motion,
            "The Chairman proposed that Council resolve to extend the meeting beyond 4.30pm");
}

// Parts under one label: joined when the label names who decides, one each when each part
// decides on its own.
TEST(Decisions, MultiPartResolutions) {
  test::TempDir dir;
  auto path = dir.path() / "parts.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "282.", "Remote meetings");
    flow.paragraph("3) RESOLVED that the County Council:", kBody, 40, 4);
    flow.paragraph("a) Notes the report;", kBody, 60, 2);
    flow.paragraph("b) Comments on the key points for a response;", kBody, 60, 2);
    flow.paragraph("c) Delegates the response to the Monitoring Officer.", kBody, 60, 8);
    item(flow, "283.", "Family Farm Tax");
    flow.paragraph("(27) RESOLVED that:", kBody, 40, 4);
    flow.paragraph("1. To declare our solidarity with the farmers of the county.", kBody, 60, 2);
    flow.paragraph("2. To request that the Leader writes to the Chancellor.", kBody, 60, 8);
    item(flow, "284.", "Resources Report");
    flow.paragraph("RESOLVED that:", kBody, 40, 4);
    flow.paragraph("(a) the conclusions concerning revenue budget monitoring be endorsed; and", kBody, 60, 2);
    flow.paragraph("(b) the current progress regarding the service reforms be noted.", kBody, 60, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 3u);
  ASSERT_EQ(doc->items[0].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[0].resolutions[0].text,
            "the County Council: Notes the report; Comments on the key points for a response; "
            "Delegates the response to the Monitoring Officer.");
  EXPECT_EQ(doc->items[0].resolutions[0].decision, "agreed");
  ASSERT_EQ(doc->items[1].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[1].resolutions[0].text,
            "To declare our solidarity with the farmers of the county. To request that the Leader "
            "writes to the Chancellor.");
  ASSERT_EQ(doc->items[2].resolutions.size(), 2u);
  EXPECT_EQ(doc->items[2].resolutions[0].decision, "endorsed");
  EXPECT_EQ(doc->items[2].resolutions[1].decision, "noted");
}

// Ontario and US forms: "Resolution No." blocks with "Moved by:"/"Seconded by:" inside
// numbered items (no vote recorded), a roll call in one paragraph, and a RESULT block after
// the motion it records.
TEST(Decisions, ResolutionBlocksAndRollCalls) {
  test::TempDir dir;
  auto path = dir.path() / "ontario.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "6.", "Reports");
    flow.paragraph("Resolution No. R2024-228", kBold, 40, 2);
    flow.paragraph("Moved by: Councillor Stephen Kirkey", kBody, 40, 2);
    flow.paragraph("Seconded by: Councillor Shelly Foote", kBody, 40, 2);
    flow.paragraph("THAT Council receive the report for information.", kBody, 40, 2);
    flow.paragraph("Carried.", kBody, 40, 8);
    flow.paragraph("Resolution No. R2024-229", kBold, 40, 2);
    flow.paragraph("Moved by: Councillor Dave Yemm", kBody, 40, 2);
    flow.paragraph("Seconded by: Councillor Tom Butler", kBody, 40, 2);
    flow.paragraph("THAT Council approve the purchase of a grader.", kBody, 40, 2);
    flow.paragraph("Defeated.", kBody, 40, 8);
    item(flow, "7.", "Zoning Variance");
    flow.paragraph("Motion by Garcia, second by Brown to approve the variance. Ayes: Garcia, Brown, "
                   "Bello, Mendez. Nays: Mashack. Absent: Hernandez. Motion carried 4-1.",
                   kBody, 40, 8);
    item(flow, "8.", "Election of Chair");
    flow.paragraph("Commissioner Allen Fisk made a motion, seconded by Commissioner Mendez, to "
                   "postpone the election to July 2020, and the motion failed.", kBody, 40, 6);
    flow.paragraph("RESULT: FAILED [2-1-1-1]", kBody, 60, 2);
    flow.paragraph("MOTION BY: Allen Fisk", kBody, 60, 2);
    flow.paragraph("SECOND: Mendez", kBody, 60, 2);
    flow.paragraph("AYES: Allen Fisk, Mendez", kBody, 60, 2);
    flow.paragraph("NAYS: Brown", kBody, 60, 2);
    flow.paragraph("ABSTAIN: Garcia", kBody, 60, 2);
    flow.paragraph("ABSENT: Hernandez", kBody, 60, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 3u);
  const Item& reports = doc->items[0];
  ASSERT_EQ(reports.resolutions.size(), 1u);
  EXPECT_EQ(reports.resolutions[0].text, "THAT Council receive the report for information.");
  EXPECT_EQ(reports.resolutions[0].number, "R2024-228");
  EXPECT_EQ(reports.resolutions[0].moved_by, "Councillor Stephen Kirkey");
  EXPECT_EQ(reports.resolutions[0].seconded_by, "Councillor Shelly Foote");
  EXPECT_EQ(reports.resolutions[0].outcome, "carried");
  EXPECT_EQ(reports.resolutions[0].decision, "noted");
  ASSERT_EQ(reports.votes.size(), 1u) << "the defeated resolution is a vote";
  EXPECT_EQ(reports.votes[0].outcome, "lost");

  const Item& zoning = doc->items[1];
  ASSERT_EQ(zoning.votes.size(), 1u);
  EXPECT_EQ(zoning.votes[0].outcome, "carried");
  EXPECT_EQ(zoning.votes[0].votes_for, 4);
  EXPECT_EQ(zoning.votes[0].against, 1);
  EXPECT_EQ(names_of(zoning.votes[0], "against"), (std::vector<std::string>{"Mashack"}));
  ASSERT_EQ(zoning.resolutions.size(), 1u);
  EXPECT_EQ(zoning.resolutions[0].text, "to approve the variance");
  EXPECT_EQ(zoning.resolutions[0].moved_by, "Garcia");
  EXPECT_EQ(zoning.resolutions[0].seconded_by, "Brown");

  const Item& chair = doc->items[2];
  EXPECT_TRUE(chair.resolutions.empty());
  ASSERT_EQ(chair.votes.size(), 1u);
  EXPECT_EQ(chair.votes[0].outcome, "lost");
  EXPECT_EQ(chair.votes[0].votes_for, 2);
  EXPECT_EQ(chair.votes[0].against, 1);
  EXPECT_EQ(chair.votes[0].abstain, 1);
  EXPECT_EQ(names_of(chair.votes[0], "abstain"), (std::vector<std::string>{"Garcia"}));
}

// Decision wording no resolution took is flagged with its page; a show of hands gives counts.
TEST(Decisions, UnattachedWordingAndShowOfHands) {
  test::TempDir dir;
  auto path = dir.path() / "flags.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "1.", "Budget");
    flow.paragraph("The Leader proposed the budget.", kBody, 40, 4);
    flow.paragraph("Carried on a show of hands (10 for, 2 against).", kBody, 40, 8);
    item(flow, "2.", "Highways");
    flow.paragraph("Members discussed potholes; the matter was AGREED in principle by those present "
                   "for a later report.", kBody, 40, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 2u);
  ASSERT_EQ(doc->items[0].votes.size(), 1u);
  EXPECT_EQ(doc->items[0].votes[0].votes_for, 10);
  EXPECT_EQ(doc->items[0].votes[0].against, 2);
  EXPECT_EQ(doc->items[0].votes[0].outcome, "carried");
  int unattached = 0;
  for (const Issue& is : doc->issues)
    if (is.code == "DECISION_UNATTACHED") {
      ++unattached;
      EXPECT_EQ(is.page, 1);
    }
  EXPECT_EQ(unattached, 1);
}

// Kent-style vote lists print names in three columns; the reading order must give them row by
// row as names, not as three-name lines. A voter the attendance does not list is flagged
// (VOTER_NOT_IN_ATTENDANCE) once per vote, naming them; a shortened name ("Mr Booth" for "Mr
// A Booth") is the same person, "Mrs Brady" is not "Mr B Brady".
TEST(Decisions, NamesInColumnsAndVotersOutsideTheAttendance) {
  test::TempDir dir;
  auto path = dir.path() / "columns.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf, 72, 523, 72, 770);
    flow.start();
    header(flow);
    item(flow, "5.", "Council Tax Support Scheme");
    flow.paragraph("The Chairman put the motion to the vote and the voting was as follows.", kBody, 40, 8);
    flow.paragraph("For (6)", kBody, 40, 6);
    const char* names[3][3] = {{"Mr Booth", "Mr Brady", "Mrs Bell"},
                               {"Ms Dean", "Mrs Brady", "Mr Zed"},
                               {nullptr, nullptr, nullptr}};
    for (int row = 0; row < 2; ++row) {
      double y = flow.y() + 10;
      for (int col = 0; col < 3; ++col)
        if (names[row][col]) pdf.text(112 + col * 140, y, names[row][col], kBody);
      flow.set_y(y + 4);
    }
    flow.gap(8);
    flow.paragraph("Against (0)", kBody, 40, 8);
    flow.paragraph("Motion carried.", kBody, 380, 8);
    pdf.finish();
  }
  auto conv = test::run_stages(path, {"load", "text", "layout", "tables", "items", "decisions", "meeting",
                                      "quality"});
  ASSERT_FALSE(conv.failed());
  const Document& doc = *conv.doc;
  ASSERT_EQ(doc.items.size(), 1u);
  ASSERT_EQ(doc.items[0].votes.size(), 1u);
  const Vote& v = doc.items[0].votes[0];
  EXPECT_EQ(v.votes_for, 6);
  EXPECT_EQ(names_of(v, "for"), (std::vector<std::string>{"Mr Booth", "Mr Brady", "Mrs Bell", "Ms Dean",
                                                          "Mrs Brady", "Mr Zed"}));
  int flagged = 0;
  for (const Issue& is : doc.issues)
    if (is.code == "VOTER_NOT_IN_ATTENDANCE") {
      ++flagged;
      EXPECT_NE(is.message.find("2 recorded voter(s) under item 5"), std::string::npos) << is.message;
      EXPECT_NE(is.message.find("Mrs Brady, Mr Zed"), std::string::npos) << is.message;
      EXPECT_EQ(is.page, 1);
    }
  EXPECT_EQ(flagged, 1);
}

// Cabinet style: an amendment suggested and accepted without a vote is a carried amendment
// (a vote, no resolution of its own); the substantive motion after it gives the resolution.
TEST(Decisions, AnAmendmentAcceptedWithoutAVote) {
  test::TempDir dir;
  auto path = dir.path() / "cabinet.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "82.", "Corporate Risk Register");
    flow.paragraph("1. RESOLVED that Cabinet note the report.", kBody, 40, 8);
    item(flow, "83.", "Devolution White Paper");
    flow.paragraph("1. Mr Love suggested and the Leader and Cabinet agreed to the following amendment "
                   "to the proposal set out by the Leader:", kBody, 40, 6);
    flow.paragraph("1. Agree to submit a request to Government to join the programme.", kBody, 60, 8);
    flow.paragraph("2. The Leader proposed and Mr Oakford seconded the substantive motion that Cabinet "
                   "agree to submit a request to Government to join the programme.", kBody, 40, 6);
    flow.paragraph("3. RESOLVED that Cabinet agree to submit a request to Government to join the "
                   "programme.", kBody, 40, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 2u);
  const Item& it = doc->items[1];
  ASSERT_EQ(it.votes.size(), 2u);
  EXPECT_EQ(it.votes[0].kind, "amendment");
  EXPECT_EQ(it.votes[0].outcome, "carried");
  EXPECT_EQ(it.votes[0].votes_for, std::nullopt);
  EXPECT_EQ(it.votes[0].motion.rfind("Mr Love suggested and the Leader and Cabinet agreed", 0), 0u)
      << it.votes[0].motion;
  EXPECT_EQ(it.votes[1].kind, "substantive motion");
  ASSERT_EQ(it.resolutions.size(), 1u);
  EXPECT_EQ(it.resolutions[0].text, "Cabinet agree to submit a request to Government to join the programme.");
  EXPECT_EQ(it.resolutions[0].moved_by, "The Leader");
  EXPECT_EQ(it.resolutions[0].seconded_by, "Mr Oakford");
}

// A typist's line break: "... proposed by Cllr. A, seconded" / "by Cllr. B and unanimously
// agreed that ..." is one sentence however short the first line or wide the spacing; a
// clause that instructs an officer ("Clerk to arrange payment") does not decide.
TEST(Decisions, ALineBrokenByHandCarriesOnTheSentence) {
  test::TempDir dir;
  auto path = dir.path() / "typed.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "5.", "CORRESPONDENCE");
    flow.paragraph("vii) Zurich Insurance, renewal documents. It was proposed by Cllr. W. Loynton, seconded",
                   kBody, 0, 9);
    flow.paragraph("by Cllr. J. Davies and unanimously agreed that the policy be renewed at a premium of "
                   "\xC2\xA3" "251.85; Clerk to arrange payment.", kBody, 0, 8);
    item(flow, "6.", "RISK ASSESSMENT");
    flow.paragraph("The Plan was discussed. It was proposed", kBody, 0, 9);
    flow.paragraph("by Cllr. J. Davies, seconded by Cllr. A. Davies and unanimously agreed to approve the "
                   "Document.", kBody, 0, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 2u);
  ASSERT_EQ(doc->items[0].resolutions.size(), 1u);
  const Resolution& r = doc->items[0].resolutions[0];
  EXPECT_EQ(r.moved_by, "Cllr. W. Loynton");
  EXPECT_EQ(r.seconded_by, "Cllr. J. Davies");
  EXPECT_EQ(r.decision, "agreed");
  EXPECT_EQ(r.text.rfind("the policy be renewed at a premium of", 0), 0u) << r.text;
  ASSERT_EQ(doc->items[1].resolutions.size(), 1u);
  EXPECT_EQ(doc->items[1].resolutions[0].text, "to approve the Document");
  EXPECT_EQ(doc->items[1].resolutions[0].decision, "approved");
  EXPECT_EQ(doc->items[1].resolutions[0].moved_by, "Cllr. J. Davies");
}

// A community council's planning item: each application a block (reference, then its
// description, address, applicant and observation in an indented column, then sub-labelled
// objections) is a resolution of its own; with a lead-in that agrees "the following
// observation" the blocks complete that resolution. Prose back at the margin ends a block;
// a reference inside a sentence, and a planning item without applications, give nothing.
TEST(Decisions, PlanningObservations) {
  test::TempDir dir;
  auto path = dir.path() / "planning.pdf";
  auto application = [](FlowWriter& flow, const char* ref, std::vector<const char*> rows) {
    flow.label(ref, 0, kBody);
    for (const char* r : rows) flow.paragraph(r, kBody, 90, 1);
    flow.gap(8);
  };
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf);
    flow.start();
    header(flow);
    item(flow, "8.", "PLANNING");
    flow.paragraph("Cllr. J. Davies declared an interest in Planning Application E/39533.", kBody, 0, 8);
    application(flow, "E/39482", {"Variation of Condition No 2", "Land Opposite Brodawel", "SA19 7TA",
                                  "Mr and Mrs James", "No observations"});
    application(flow, "E/39483", {"Rear Sun Room", "Land adjoining Derw", "E Morgan"});
    flow.paragraph("i) No observations regarding the sun room.", kBody, 0, 2);
    flow.paragraph("ii) Objections to the removal of Condition 7.", kBody, 0, 8);
    flow.paragraph("Notice of Approval had been received re Plot 1 Golwg Y Gaer.", kBody, 0, 8);
    item(flow, "9.", "PLANNING APPLICATIONS");
    flow.paragraph("It was agreed to submit the following observation to the Planning Department:", kBody, 0, 4);
    application(flow, "E/35137", {"Demolition of Existing Building", "Llwydcoed Isaf", "NO OBSERVATIONS"});
    item(flow, "10.", "CYNLLUNIO");
    flow.paragraph("Ni dderbyniwyd unrhyw geisiadau cynllunio. Caniatawyd apel (E/36077).", kBody, 0, 8);
    item(flow, "11.", "HIGHWAYS");
    application(flow, "E/11111", {"Not a planning item", "so no observation"});
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 4u);
  const Item& plans = doc->items[0];
  ASSERT_EQ(plans.resolutions.size(), 2u);
  EXPECT_EQ(plans.resolutions[0].text,
            "E/39482 Variation of Condition No 2 Land Opposite Brodawel SA19 7TA Mr and Mrs James No observations");
  EXPECT_EQ(plans.resolutions[0].decision, "other");
  EXPECT_EQ(plans.resolutions[1].text,
            "E/39483 Rear Sun Room Land adjoining Derw E Morgan No observations regarding the sun room. "
            "Objections to the removal of Condition 7.");
  EXPECT_EQ(plans.declarations.size(), 1u);
  const Item& agreed = doc->items[1];
  ASSERT_EQ(agreed.resolutions.size(), 1u);
  EXPECT_EQ(agreed.resolutions[0].text,
            "to submit the following observation to the Planning Department: E/35137 Demolition of "
            "Existing Building Llwydcoed Isaf NO OBSERVATIONS");
  EXPECT_EQ(agreed.resolutions[0].decision, "agreed");
  EXPECT_TRUE(doc->items[2].resolutions.empty());
  EXPECT_TRUE(doc->items[3].resolutions.empty());
}

// A note set flush right at the margin, beside the line just written.
void margin_note(PdfBuilder& pdf, FlowWriter& flow, const char* text) {
  pdf.text(560 - pdf.text_width(text, kBody), flow.y() - 4, text, kBody);
}

// Community council minutes name who acts in a column down the right margin, set flush right:
// each owner stands against its sub-item and leaves the text. A line that runs almost to the
// column keeps only a narrow gap before its note and is still read; a word the vocabulary
// does not know as an owner or a note stays in the text.
TEST(Decisions, OwnersInTheRightMargin) {
  test::TempDir dir;
  auto path = dir.path() / "owners.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf, 42, 480, 72, 770);
    flow.start();
    header(flow);
    auto note = [&](const char* text) { margin_note(pdf, flow, text); };
    item(flow, "4.", "MATTERS ARISING");
    flow.paragraph("i) The bench near the junction was in too poor a state to be repaired.", kBody, 0, 2);
    note("Clerk");
    flow.paragraph("ii) Cllr. Harries would inspect the stiles on the footpath near Salem.", kBody, 0, 2);
    note("Cllr. P. Harries");
    flow.paragraph("iii) The posters were displayed on the notice boards at both halls.", kBody, 0, 2);
    note("Noted");
    // Lines that run nearly to the column: the note follows after a narrow gap (about 1.5
    // ems), which only a known owner or note crosses.
    auto near_full = [&](std::string text, const char* tail) {
      const char* filler[] = {"at", "the", "next", "and", "at", "every", "later", "meeting", "of", "the",
                              "council", "this", "year"};
      for (const char* f : filler) {
        std::string more = text + " " + f;
        if (42 + pdf.text_width(more + ".", kBody) > 560 - pdf.text_width(tail, kBody) - 16) break;
        text = more;
      }
      text += ".";
      double y = flow.y() + 10;
      pdf.text(42, y, text, kBody);
      pdf.text(560 - pdf.text_width(tail, kBody), y, tail, kBody);
      flow.set_y(y + 6);
    };
    near_full("iv) It was agreed to add Budget Review as an agenda item to follow Correspondence", "Clerk");
    near_full("v) The Chair closed the item with the thanks of the members present", "Thanks");
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 1u);
  const auto& actions = doc->items[0].actions;
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].owner, "Clerk");
  EXPECT_EQ(actions[0].text, "The bench near the junction was in too poor a state to be repaired.");
  EXPECT_EQ(actions[1].owner, "Cllr. P. Harries");
  EXPECT_EQ(actions[2].owner, "Clerk");
  EXPECT_EQ(actions[2].text.rfind("It was agreed to add Budget Review", 0), 0u) << actions[2].text;
  EXPECT_EQ(actions[2].text.find("Clerk"), std::string::npos) << actions[2].text;
  EXPECT_NE(doc->items[0].text.find(". Thanks"), std::string::npos) << doc->items[0].text;
}

// A sub-item whose text runs right up to its note leaves only a word space before it ("...
// meeting agenda. Clerk"): the owner in capitals after a sentence's end, on the paragraph's
// last line, is still a note. Capitals that begin the next sentence of the paragraph ("...
// Church. Cllr. Alun" / "Davies would ...") are not, and the paragraph that closes the
// minutes after the last sub-item is no part of its action.
TEST(Decisions, AnOwnerAWordSpaceAfterTheTextIsANote) {
  test::TempDir dir;
  auto path = dir.path() / "tight.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter flow(pdf, 42, 480, 72, 770);
    flow.start();
    header(flow);
    auto note = [&](const char* text) { margin_note(pdf, flow, text); };
    // Three notes with a wide gap make the page one with a notes column.
    item(flow, "4.", "MATTERS ARISING");
    flow.paragraph("i) The bench near the junction was in too poor a state to be repaired.", kBody, 0, 2);
    note("Clerk");
    flow.paragraph("ii) The stiles near Salem were reported to the county council.", kBody, 0, 2);
    note("Cllr. P. Harries");
    flow.paragraph("iii) The posters were displayed on the notice boards at both halls.", kBody, 0, 2);
    note("Chair");
    item(flow, "5.", "ANY OTHER BUSINESS");
    // The sentence, then its owner one space after it, the line ending at the notes' edge.
    auto tight = [&](std::string text, const std::string& owner) {
      const char* filler[] = {"and", "the", "matter", "would", "be", "added", "to", "the", "June",
                              "meeting", "agenda", "for", "a", "decision", "then"};
      for (const char* f : filler) {
        std::string more = text + " " + f;
        if (42 + pdf.text_width(more + ". " + owner, kBody) > 560) break;
        text = more;
      }
      std::string line = text + ". " + owner;
      double y = flow.y() + 10;
      pdf.text(560 - pdf.text_width(line, kBody), y, line, kBody);
      flow.set_y(y + 6);
    };
    tight("i) It was noted that the lease on the play area had expired", "Clerk");
    flow.paragraph(".", kBody, 0, 8);
    flow.paragraph("As there was no further business, the Chair closed the meeting at 8.20pm.", kBody,
                   0, 8);
    pdf.finish();
  }
  auto doc = convert(path);
  ASSERT_EQ(doc->items.size(), 2u);
  const auto& actions = doc->items[1].actions;
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].owner, "Clerk");
  EXPECT_EQ(actions[0].text.rfind("It was noted that the lease on the play area had expired", 0), 0u)
      << actions[0].text;
  EXPECT_EQ(actions[0].text.find("Clerk"), std::string::npos) << actions[0].text;
  EXPECT_EQ(actions[0].text.find("no further business"), std::string::npos) << actions[0].text;
}

}  // namespace
}  // namespace agendapack
