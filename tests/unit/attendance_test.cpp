// Who attended: name lists as councils print them (honorifics, plural honorifics, honours,
// roles, job titles before names, Welsh conjunctions), attendance headings, and attendance
// read from generated minutes whose attendance the test knows, with names in the discussion
// (movers, seconders, speakers, roads, firms) that must stay out.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pipeline/runner.h"
#include "stages/attendance.h"
#include "stages/meeting.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;
using P = std::pair<std::string, std::string>;

const TextStyle kBold{11, true};
const TextStyle kTitle{14, true};

const MeetingVocab& vocab() {
  static const MeetingVocab v = MeetingVocab::from_json(test::test_config().vocab("meeting"),
                                                        test::test_config().vocab("dates"));
  return v;
}

std::vector<std::string> names(std::string_view text) {
  std::vector<std::string> out;
  for (const ListedName& n : parse_name_list(text, vocab())) out.push_back(n.name);
  return out;
}

using Names = std::vector<std::string>;

std::vector<P> attendance_of(const std::filesystem::path& pdf) {
  auto conv = test::run_stages(pdf, {"load", "text", "layout", "meeting"});
  EXPECT_FALSE(conv.failed()) << conv.error->message;
  std::vector<P> out;
  for (const Attendee& a : conv.doc->meeting.attendance) out.emplace_back(a.group, a.name);
  return out;
}

// Prints lines one under the other, as a list broken where the test says (small enough that
// none wraps).
void lines(FlowWriter& f, std::initializer_list<const char*> ls, double after = 8) {
  for (const char* l : ls) f.paragraph(l, TextStyle{9}, 0, 0);
  f.gap(after);
}

// ---- name lists ----

TEST(MeetingNames, HonorificsSuffixesRolesAndChair) {
  auto v = parse_name_list(
      "Cllr Yvonne Wainwright (Chairman), Mr R Eastham OBE, Dr N Okonjo, Stephen Hepworth "
      "(Principal Planning Officer) and Mrs F Jessop (Director of Finance and Resources).",
      vocab());
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[0].name, "Cllr Yvonne Wainwright");
  EXPECT_TRUE(v[0].chair);
  EXPECT_EQ(v[1].name, "Mr R Eastham OBE");
  EXPECT_FALSE(v[1].chair);
  EXPECT_EQ(v[2].name, "Dr N Okonjo");
  EXPECT_EQ(v[3].name, "Stephen Hepworth");
  EXPECT_EQ(v[3].role, "Principal Planning Officer");
  EXPECT_EQ(v[4].name, "Mrs F Jessop");
}

TEST(MeetingNames, RolesAndProseAreNotNames) {
  EXPECT_TRUE(names("None").empty());
  EXPECT_TRUE(names("Cabinet Member: Adult Social Care").empty());
  EXPECT_TRUE(names("the Chief Executive").empty());
  EXPECT_TRUE(names("Chief Executive").empty());
  EXPECT_EQ(names("Oscar Poloni, KPMG."), Names{"Oscar Poloni"});
  auto v = parse_name_list("Cllr A Smith, Chairman, Cllr B Jones (Vice-Chairman)", vocab());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].chair);
  EXPECT_FALSE(v[1].chair);
  auto w = parse_name_list("Councillor C Brown (Vice-Chairman, in the Chair)", vocab());
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].name, "Councillor C Brown");
  EXPECT_TRUE(w[0].chair);
}

// A plural honorific covers each name after it, in its singular as printed, until something
// that is no surname (a role, capitals, a place word) ends the list.
TEST(MeetingNames, APluralHonorificCoversTheListInTheSingular) {
  EXPECT_EQ(names("Councillors Adams (Chair), Baker (Vice-Chair), Clarke, Davies and Evans"),
            (Names{"Councillor Adams", "Councillor Baker", "Councillor Clarke", "Councillor Davies",
                   "Councillor Evans"}));
  EXPECT_EQ(names("Councilmembers Honig, Halpern, City Council, ADOPTION BY REFERENCE, Fees"),
            (Names{"Councilmember Honig", "Councilmember Halpern"}));
  EXPECT_EQ(names("Mayor Tom Piper and Councillors Tom Butler, Stephen Kirkey and Dave Yemm."),
            (Names{"Mayor Tom Piper", "Councillor Tom Butler", "Councillor Stephen Kirkey",
                   "Councillor Dave Yemm"}));
  EXPECT_EQ(names("Cllrs. Jill Davies, Hubert Gwynne and William Loynton."),
            (Names{"Cllr. Jill Davies", "Cllr. Hubert Gwynne", "Cllr. William Loynton"}));
  // Its own honorific ends the carry for that name.
  EXPECT_EQ(names("Councillors Alun Davies, Andrew Thomas and County Councillor Joseph Davies."),
            (Names{"Councillor Alun Davies", "Councillor Andrew Thomas",
                   "County Councillor Joseph Davies"}));
  // Without a plural honorific a lone surname is not a name.
  EXPECT_TRUE(names("Adams, Baker and Clarke").empty());
}

TEST(MeetingNames, WelshListsAndHonorifics) {
  // "a", "ac" and "a'r" are "and"; "Cynghorwyr" is the plural of "Cynghorydd", and
  // "Cynghorydd Sir" (county councillor) is one honorific.
  EXPECT_EQ(names("Cynghorwyr Alun Davies, Kim Davies, Peter Harries a\u2019r Cynghorydd Sir "
                  "Joseph Davies."),
            (Names{"Cynghorydd Alun Davies", "Cynghorydd Kim Davies", "Cynghorydd Peter Harries",
                   "Cynghorydd Sir Joseph Davies"}));
  EXPECT_EQ(names("Cynghorwyr Doris Jones, Dorian Jenkins ac Owen Williams."),
            (Names{"Cynghorydd Doris Jones", "Cynghorydd Dorian Jenkins",
                   "Cynghorydd Owen Williams"}));
  // An initial "A" is no Welsh "a".
  EXPECT_EQ(names("Cllr A Jones and Cllr B Evans"), (Names{"Cllr A Jones", "Cllr B Evans"}));
}

TEST(MeetingNames, HonoursAfterACommaStayWithTheirName) {
  EXPECT_EQ(names("Mr D Jeffrey, Mr R C Love, OBE, Mr D Murphy and Mrs T Dean, MBE"),
            (Names{"Mr D Jeffrey", "Mr R C Love, OBE", "Mr D Murphy", "Mrs T Dean, MBE"}));
}

TEST(MeetingNames, JobTitlesBeforeNames) {
  auto v = parse_name_list(
      "Office Assistant-Intern Kim Turnbull; Fire Chief-MLEO-CEMC Will Bateman; Operations "
      "Superintendent Dan MacInnis and Municipal Administrator-Clerk-Treasurer Kris "
      "Croskery-Hodgins.",
      vocab());
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].name, "Kim Turnbull");
  EXPECT_EQ(v[0].role, "Office Assistant-Intern");
  EXPECT_EQ(v[1].name, "Will Bateman");
  EXPECT_EQ(v[2].name, "Dan MacInnis");
  EXPECT_EQ(v[3].name, "Kris Croskery-Hodgins");
  // A title alone is no name.
  EXPECT_TRUE(names("Office Assistant-Intern and Land Planning").empty());
}

TEST(MeetingNames, SentencesEndTheName) {
  EXPECT_EQ(names("Dylan Jeffrey, Rory Love and Nancy Sayer who was substituted by Roxanne Hills"),
            (Names{"Dylan Jeffrey", "Rory Love", "Nancy Sayer"}));
  EXPECT_EQ(names("Sarah Hamilton and Dan Bride were in attendance virtually"),
            (Names{"Sarah Hamilton", "Dan Bride"}));
}

TEST(MeetingNames, OneNamePerLineRunTogether) {
  EXPECT_EQ(names("Cllr Richard Boyles Cllr Tim Harman Mrs J O'Brien-Smith"),
            (Names{"Cllr Richard Boyles", "Cllr Tim Harman", "Mrs J O'Brien-Smith"}));
}

TEST(MeetingNames, ListLinesJoinDoubleBarrelledNames) {
  using meeting_text::join_list_lines;
  EXPECT_EQ(join_list_lines({"Mr N Baker, Mr P V Barrington-", "King, Mr P Bartlett"}),
            "Mr N Baker, Mr P V Barrington-King, Mr P Bartlett");
  EXPECT_EQ(join_list_lines({"a recom-", "mendation"}), "a recommendation");
}

TEST(MeetingHeadings, VocabularyAndStatusHeadings) {
  auto h = match_heading("PRESENT: Mr R W Gough (Chairman)", vocab());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->group, "present");
  EXPECT_EQ(h->rest, "Mr R W Gough (Chairman)");
  EXPECT_EQ(match_heading("PRESENNOL", vocab())->group, "present");
  EXPECT_EQ(match_heading("IN ATTENDANCE: Dr A Ghosh", vocab())->group, "in_attendance");
  EXPECT_EQ(match_heading("Staff: Operations Superintendent Dan MacInnis", vocab())->group, "officers");
  // A list's own punctuation after the heading stays: the list goes on.
  EXPECT_EQ(match_heading("PRESENT: A Smith, B Jones,", vocab())->rest, "A Smith, B Jones,");
  // "<whose> Present/Absent:": members, staff or anyone else.
  EXPECT_EQ(match_heading("Commissioners Present: A B", vocab())->group, "present");
  EXPECT_EQ(match_heading("Commissioners Absent: Shelley Young", vocab())->group, "apologies");
  EXPECT_EQ(match_heading("Others Present: Ryan Warsing (LSRCC)", vocab())->group, "in_attendance");
  EXPECT_EQ(match_heading("Certified Council Candidates present:", vocab())->group, "in_attendance");
  EXPECT_EQ(match_heading("Certified Candidates absent:", vocab())->group, "");
  EXPECT_EQ(match_heading("Members of the public present: 4", vocab())->group, "in_attendance");
  // Prose is no heading.
  EXPECT_FALSE(match_heading("Present at the site visit were the applicant and", vocab()));
  EXPECT_FALSE(match_heading("The Members present agreed: to defer", vocab()));
}

// ---- attendance blocks in generated minutes ----

// ModernGov county minutes: honours after commas, a double-barrelled name broken at a line
// end, officers known by the job titles in brackets, apologies reported in the first item,
// movers and seconders in the discussion.
TEST(MeetingAttendance, CountyMinutesBlocksAndApologiesItem) {
  test::TempDir dir;
  auto path = dir.path() / "county.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("NORTHSHIRE COUNTY COUNCIL", kTitle, 0, 10);
    f.paragraph("MINUTES of a meeting of the County Council held in the Council Chamber, County "
                "Hall, Ashby on Thursday, 19 December 2024.",
                {}, 0, 10);
    lines(f, {"PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman),",
              "Mr N Baker, Mr P V Barrington-",
              "King, Mrs T Dean, MBE, Mr R C Love, OBE and Rich Lehmann"});
    lines(f, {"IN ATTENDANCE: Mr J Cook (Democratic Services Manager), Mr B Watts (General",
              "Counsel) and Mr P Fenwick"},
          16);
    f.paragraph("270. Apologies for Absence", kBold);
    lines(f, {"The Democratic Services Manager reported apologies from Mr Baldock, Mrs",
              "Bruneau, Sir Paul Carter and Mr Crow-", "Brown."});
    f.paragraph("The Chairman reported apologies from Mr Cooke.");
    f.paragraph("271. Minutes of the meeting held on 7 November 2024", kBold);
    f.paragraph("Mr Oakford proposed, and Mr Love seconded, that the minutes be approved. "
                "Mrs Cole spoke about Station Road and the Ashby Trust.");
    f.paragraph("272. Questions", kBold);
    f.paragraph("Councillors Hood and Stepto asked about the budget.");
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path),
            (std::vector<P>{{"present", "Mr B J Sweetland"},
                            {"present", "Mr A M Ridgers"},
                            {"present", "Mr N Baker"},
                            {"present", "Mr P V Barrington-King"},
                            {"present", "Mrs T Dean, MBE"},
                            {"present", "Mr R C Love, OBE"},
                            {"present", "Rich Lehmann"},
                            {"officers", "Mr J Cook"},
                            {"officers", "Mr B Watts"},
                            {"in_attendance", "Mr P Fenwick"},
                            {"apologies", "Mr Baldock"},
                            {"apologies", "Mrs Bruneau"},
                            {"apologies", "Sir Paul Carter"},
                            {"apologies", "Mr Crow-Brown"},
                            {"apologies", "Mr Cooke"}}));
}

// A panel's minutes: names without honorifics, "Also present" with a role after a comma,
// apologies with a substitute, members attending virtually (already present, or not).
TEST(MeetingAttendance, PanelMinutesVirtualAttendanceAndSubstitutes) {
  test::TempDir dir;
  auto path = dir.path() / "panel.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("CORPORATE PARENTING PANEL \u2013 10th December 2024", kTitle, 0, 4);
    f.paragraph("MINUTES of the meeting held in the Darent Room, Sessions House, Ashby.", {}, 0, 14);
    lines(f, {"PRESENT: Shellina Prendergast (Chair), Paul Bartlett (Vice-Chair), David Brazier,",
              "Lesley Game, Sarah Hamilton and Dan Bride"},
          0);
    lines(f, {"ALSO PRESENT: Sue Chandler, Cabinet Member for Integrated Children\u2019s",
              "Services."},
          0);
    lines(f, {"IN ATTENDANCE: Kevin Kasaven (Director of Children's Services), Roxanne Hills",
              "(Designated Nurse for Looked after Children)"},
          16);
    f.paragraph("Apologies and Substitutes", kBold, 0, 0);
    f.paragraph("(Item 1)", {}, 0, 2);
    lines(f, {"Apologies were received from Dylan Jeffrey and Nancy",
              "Sayer who was substituted by Roxanne Hills."},
          2);
    f.paragraph("Sarah Hamilton, Dan Bride and Tom Reid were in attendance virtually.", {}, 0, 12);
    f.paragraph("Participation Team Update", kBold, 0, 0);
    f.paragraph("(Item 2)", {}, 0, 2);
    f.paragraph("Jo Carpenter, Participation and Engagement Manager, presented the report. "
                "Leemya McKeown thanked the team.");
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path),
            (std::vector<P>{{"present", "Shellina Prendergast"},
                            {"present", "Paul Bartlett"},
                            {"present", "David Brazier"},
                            {"present", "Lesley Game"},
                            {"present", "Sarah Hamilton"},
                            {"present", "Dan Bride"},
                            {"in_attendance", "Sue Chandler"},
                            {"officers", "Kevin Kasaven"},
                            {"officers", "Roxanne Hills"},
                            {"apologies", "Dylan Jeffrey"},
                            {"apologies", "Nancy Sayer"},
                            {"present", "Tom Reid"}}));
}

// A Welsh community council in Welsh: "PRESENNOL", "Cynghorwyr ... a'r Cynghorydd Sir ...",
// apologies "gan y Cynghorwyr", a constable who joined ("Ymunodd PC ..."), and a councillor
// of the same name who proposes a motion.
TEST(MeetingAttendance, WelshMinutes) {
  test::TempDir dir;
  auto path = dir.path() / "cy.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("CYNGOR CYMUNED LLANFAIR A BRYN", kBold, 0, 0);
    f.paragraph("CYFARFOD 7fed RHAGFYR 2016", kBold, 0, 10);
    f.paragraph("PRESENNOL", kBold, 0, 0);
    lines(f, {"Cynghorwyr Alun Davies, Arwel Davies, Kim Davies, Gwenfil Evans",
              "a\u2019r Cynghorydd Sir Joseph Davies."},
          14);
    f.paragraph("1. CROESO AC YMDDIHEURIADAU", kBold, 0, 2);
    lines(f, {"Cymerwyd y gadair gan y Cyng. G. Evans a chroesawodd bawb i\u2019r cyfarfod. Derbyniwyd",
              "ymddiheuriadau gan y Cynghorwyr Doris Jones ac Owen Williams."},
          12);
    f.paragraph("2. MATERION YN CODI", kBold, 0, 2);
    f.paragraph("Ymunodd PC Arwel Davies y cyfarfod a dywedodd bod beic wedi\u2019i ddwyn.");
    f.paragraph("Cynigiwyd gan y Cyng. Arwel Davies, eiliwyd gan y Cyng. Kim Davies.");
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path),
            (std::vector<P>{{"present", "Cynghorydd Alun Davies"},
                            {"present", "Cynghorydd Arwel Davies"},
                            {"present", "Cynghorydd Kim Davies"},
                            {"present", "Cynghorydd Gwenfil Evans"},
                            {"present", "Cynghorydd Sir Joseph Davies"},
                            {"apologies", "Cynghorydd Doris Jones"},
                            {"apologies", "Cynghorydd Owen Williams"},
                            {"in_attendance", "PC Arwel Davies"}}));
}

// Township minutes: members after a mayor, staff with their job titles first and a name broken
// at a line end, guests with their firm, a candidates' block (present: guests; absent: no
// one), and numbered resolutions whose movers are no attendance.
TEST(MeetingAttendance, TownshipBlocksWithTitlesFirst) {
  test::TempDir dir;
  auto path = dir.path() / "township.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("MINUTES", kTitle, 0, 0);
    f.paragraph("TOWNSHIP OF MAPLEVALE", kTitle, 0, 0);
    f.paragraph("Thursday, May 9, 2024", kTitle, 0, 10);
    f.paragraph("A special meeting of the Township of Maplevale Council was held on Thursday, May 9, "
                "2024 starting at 6:30 p.m.",
                {}, 0, 10);
    lines(f, {"Present: Mayor Ann Reid and Councillors Tom Bell, Sue Kirk and Dave",
              "Yates."},
          0);
    lines(f, {"Staff: Office Assistant-Intern Kim Lowe; Fire Chief-MLEO Will Baird and",
              "Municipal Administrator-Clerk-Treasurer Kris Croft-", "Hodge."},
          0);
    f.paragraph("Guests: Oscar Pole, KPMG.", {}, 0, 12);
    f.paragraph("Disclosure of pecuniary interest: None.", kBold, 0, 12);
    f.paragraph("Certified Council Candidates present:", kBold, 0, 0);
    lines(f, {"Joshua Dills", "James M. Scott"}, 12);
    f.paragraph("Certified Candidates absent:", kBold, 0, 0);
    lines(f, {"Shawn Mills"}, 12);
    f.paragraph("Mayor Reid welcomed everyone.", {}, 0, 12);
    f.paragraph("R2024-070 S. Kirk, T. Bell:", kBold, 0, 0);
    f.paragraph("That the minutes of the Council Meeting held March 19, 2024 be adopted. Carried.");
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path),
            (std::vector<P>{{"present", "Mayor Ann Reid"},
                            {"present", "Councillor Tom Bell"},
                            {"present", "Councillor Sue Kirk"},
                            {"present", "Councillor Dave Yates"},
                            {"officers", "Kim Lowe"},
                            {"officers", "Will Baird"},
                            {"officers", "Kris Croft-Hodge"},
                            {"in_attendance", "Oscar Pole"},
                            {"in_attendance", "Joshua Dills"},
                            {"in_attendance", "James M. Scott"}}));
}

// A roll call printed as a table (name, title, status), with late and absent members, and a
// public speaker and movers named only in the discussion.
TEST(MeetingAttendance, RollCallTable) {
  test::TempDir dir;
  auto path = dir.path() / "rollcall.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("PLANNING COMMISSION", kTitle, 0, 0);
    f.paragraph("REGULAR MEETING MINUTES", kTitle, 0, 0);
    f.paragraph("January 27, 2020, 7:00 p.m.", kTitle, 0, 14);
    f.paragraph("1. CALL TO ORDER AND ROLL CALL", kBold, 0, 6);
    f.paragraph("The meeting was called to order by Commissioner Ann Blake at 7:07 p.m.", {}, 0, 8);
    const char* rows[][3] = {{"Attendee Name", "Title", "Status"},
                             {"Andrei Garcia", "Commissioner", "Late"},
                             {"Ann Blake", "Commissioner", "Present"},
                             {"Uriel Hernandez", "Commissioner", "Absent"},
                             {"Juan Mendez", "Alternate", "Present"}};
    for (auto& r : rows) {
      pdf.text(90, f.y() + 11, r[0]);
      pdf.text(260, f.y() + 11, r[1]);
      pdf.text(400, f.y() + 11, r[2]);
      f.gap(15);
    }
    f.gap(10);
    f.paragraph("2. PUBLIC COMMENT", kBold, 0, 6);
    f.paragraph("Court Skinner provided public comment. MOTION BY: Mashack. SECOND: Brown.");
    f.paragraph("3. ADJOURNMENT", kBold, 0, 6);
    f.paragraph("The meeting was adjourned at 7:48 p.m.");
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path), (std::vector<P>{{"present", "Andrei Garcia"},
                                                 {"present", "Ann Blake"},
                                                 {"apologies", "Uriel Hernandez"},
                                                 {"present", "Juan Mendez"}}));
}

// Bulleted headings ("o Commissioners Present: ...") whose lists run onto a second line, and
// sub-bullets after them that are not part of the list.
TEST(MeetingAttendance, BulletedStatusHeadings) {
  test::TempDir dir;
  auto path = dir.path() / "bullets.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("Commission Meeting Minutes", TextStyle{18, true}, 0, 12);
    f.paragraph("Minutes from Monday, January 29, 2018 \u2013 9:00am at Carbon Arc Bar & Board", {}, 0, 4);
    f.paragraph("\u2022 Perfunctory Business", kBold, 18, 2);
    lines(f, {"o Commissioners Present: Anthony Qaiyum, Zach Maiorca, Chris Dallas,"}, 0);
    f.paragraph("Ben Munro, Todd Feinberg", {}, 18, 2);
    lines(f, {"o Others Present: Ryan Warsing (LSRCC), Kimberly Bares (PLACE"}, 0);
    f.paragraph("Consulting), Simone Martin-Newberry", {}, 18, 2);
    lines(f, {"o Commissioners Absent: Shelley Young, Pat Bader"}, 2);
    f.paragraph("\u2022 Meeting called to order at 9:08am \u2013 M. Prest (motion), C. Dallas (second)",
                {}, 18, 2);
    f.paragraph("\u2022 Todd Feinberg welcomed to SSA Commission", {}, 18, 2);
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path), (std::vector<P>{{"present", "Anthony Qaiyum"},
                                                 {"present", "Zach Maiorca"},
                                                 {"present", "Chris Dallas"},
                                                 {"present", "Ben Munro"},
                                                 {"present", "Todd Feinberg"},
                                                 {"in_attendance", "Ryan Warsing"},
                                                 {"in_attendance", "Kimberly Bares"},
                                                 {"in_attendance", "Simone Martin-Newberry"},
                                                 {"apologies", "Shelley Young"},
                                                 {"apologies", "Pat Bader"}}));
}

// US and Canadian one-line forms: a count before the names, surnames alone under a heading,
// "Absent:" inside the present list, "Regrets:"; and a vote's "ABSENT:" that is no attendance.
TEST(MeetingAttendance, InlineListsCountsSurnamesAndVotes) {
  test::TempDir dir;
  auto path = dir.path() / "inline.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("CITY OF SPRINGVALE", kTitle, 0, 0);
    f.paragraph("City Council Regular Meeting Minutes", kTitle, 0, 0);
    f.paragraph("March 3, 2021", kTitle, 0, 12);
    f.paragraph("Present: 3 - Garcia, Fisk and Sherrard. Absent: Councilmember Ann Lowe.", {}, 0, 2);
    f.paragraph("Regrets: Councillor Tom Bell", {}, 0, 12);
    f.paragraph("1. CONSENT CALENDAR", kBold, 0, 4);
    f.paragraph("RESULT: APPROVED", {}, 0, 0);
    f.paragraph("AYES: Garcia, Fisk", {}, 0, 0);
    f.paragraph("ABSENT: Councilmember Ann Lowe, Councilmember Jo Park", {}, 0, 12);
    f.paragraph("2. ADJOURNMENT", kBold, 0, 4);
    f.paragraph("The meeting was adjourned at 8:05 p.m.");
    pdf.finish();
  }
  EXPECT_EQ(attendance_of(path), (std::vector<P>{{"present", "Garcia"},
                                                 {"present", "Fisk"},
                                                 {"present", "Sherrard"},
                                                 {"apologies", "Councilmember Ann Lowe"},
                                                 {"apologies", "Councillor Tom Bell"}}));
}

// An agenda names who is expected, not who came: its roll call is no attendance.
TEST(MeetingAttendance, AnAgendaRecordsNoAttendance) {
  test::TempDir dir;
  auto path = dir.path() / "agenda.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("AGENDA", kTitle, 0, 0);
    f.paragraph("BALDWIN VALE CITY COUNCIL", kTitle, 0, 0);
    f.paragraph("November 2, 2022", kTitle, 0, 12);
    f.paragraph("ROLL CALL:", kBold, 0, 2);
    f.paragraph("Council Members: Alejandra Avila, Monica Garcia and Mayor Emmanuel J. Estrada", {}, 0, 12);
    f.paragraph("1. PUBLIC COMMENTS", kBold);
    f.paragraph("The public is encouraged to address the City Council.");
    pdf.finish();
  }
  EXPECT_TRUE(attendance_of(path).empty());
}

}  // namespace
}  // namespace agendapack
