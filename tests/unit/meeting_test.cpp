// The meeting stage against generated minutes whose meeting the test knows: the "Minutes of a
// meeting of ..." sentence, Date:/Venue:/Time: label blocks, chair markers and statements, a
// two-line logo authority and a running header, Welsh and community council minutes, US and
// Ontario forms; and negative controls: a covering letter's date, a date of issue, enclosed
// minutes of an earlier meeting, another council named in the text. Name lists and attendance
// blocks: attendance_test.cpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pipeline/runner.h"
#include "stages/meeting.h"
#include "tests/fixtures/pdf_builder.h"
#include "tests/unit/test_util.h"

namespace agendapack {
namespace {

using fixtures::FlowWriter;
using fixtures::PdfBuilder;
using fixtures::TextStyle;
using Opt = std::optional<std::string>;

const TextStyle kBold{11, true};
const TextStyle kTitle{16, true};

std::vector<std::pair<std::string, std::string>> attendance(const Meeting& m) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Attendee& a : m.attendance) out.emplace_back(a.group, a.name);
  return out;
}

Meeting meeting_of(const std::filesystem::path& pdf, std::vector<Issue>* issues = nullptr) {
  auto conv = test::run_stages(pdf, {"load", "text", "layout", "meeting"});
  EXPECT_FALSE(conv.failed()) << conv.error->message;
  if (issues) *issues = conv.doc->issues;
  return conv.doc->meeting;
}

std::vector<std::string> codes(const std::vector<Issue>& issues) {
  std::vector<std::string> out;
  for (const Issue& i : issues) out.push_back(i.code);
  return out;
}

const MeetingVocab& vocab() {
  static const MeetingVocab v = MeetingVocab::from_json(test::test_config().vocab("meeting"),
                                                        test::test_config().vocab("dates"));
  return v;
}

// Prints lines one under the other, as a paragraph broken where the test says (small enough
// that none wraps).
void lines(FlowWriter& f, std::initializer_list<const char*> ls, double after = 8) {
  for (const char* l : ls) f.paragraph(l, TextStyle{9}, 0, 0);
  f.gap(after);
}

// Prints a line centred on the page.
void centred(PdfBuilder& pdf, FlowWriter& f, const std::string& text, const TextStyle& style,
             double after = 2) {
  double w = pdf.text_width(text, style);
  pdf.text((pdf.width() - w) / 2, f.y() + style.size, text, style);
  f.gap(style.size * 1.3 + after);
}

TEST(MeetingStage, SentenceFormWithCommaListsAndClosingLine) {
  test::TempDir dir;
  auto path = dir.path() / "sentence.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("SELBURY COUNCIL", kTitle);
    f.paragraph("MINUTES of a meeting of the Executive held at Committee Room 2, Civic Centre, "
                "Aldermoor on Friday, 20th December 2019 at 09:15",
                {}, 0, 12);
    f.paragraph("Members Present: Cllr I Woolcott (in the Chair), Cllr N Bannister, Dr P Fenwick OBE "
                "and Cllr M Sandiford.",
                {}, 0, 2);
    f.paragraph("Also in attendance: Cllr B Merriman and Cllr B Pargeter.", {}, 0, 20);
    f.paragraph("1. APOLOGIES FOR ABSENCE", kBold);
    f.paragraph("Apologies for absence were received from Cllr L Hepworth, Cabinet Member: Adult "
                "Social Care.");
    f.paragraph("2. MINUTES", kBold);
    f.paragraph("RESOLVED that the Minutes of the meeting held on 13 November 2019 be confirmed.");
    f.paragraph("3. DATE OF THE NEXT MEETING", kBold);
    f.paragraph("Friday, 31st January 2020, Committee Room 2, Civic Centre, Aldermoor");
    f.paragraph("Meeting concluded at 11.10 am");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("Selbury Council"));
  EXPECT_EQ(m.body, Opt("Executive"));
  EXPECT_EQ(m.date, Opt("2019-12-20"));
  EXPECT_EQ(m.start_time, Opt("09:15"));
  EXPECT_EQ(m.end_time, Opt("11:10"));
  EXPECT_EQ(m.venue, Opt("Committee Room 2, Civic Centre, Aldermoor"));
  EXPECT_EQ(m.chair, Opt("Cllr I Woolcott"));
  EXPECT_EQ(m.next_meeting, Opt("2020-01-31"));
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(attendance(m), (std::vector<P>{{"present", "Cllr I Woolcott"},
                                           {"present", "Cllr N Bannister"},
                                           {"present", "Dr P Fenwick OBE"},
                                           {"present", "Cllr M Sandiford"},
                                           {"in_attendance", "Cllr B Merriman"},
                                           {"in_attendance", "Cllr B Pargeter"},
                                           {"apologies", "Cllr L Hepworth"}}));
  EXPECT_FALSE(m.prov.empty());
}

TEST(MeetingStage, LabelBlockWithHeadingsOnTheirOwnLines) {
  test::TempDir dir;
  auto path = dir.path() / "labels.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("Eastmere County Council", kTitle);
    f.paragraph("Minutes", kTitle);
    f.paragraph("Scrutiny Committee", kTitle, 0, 10);
    f.paragraph("Date: Tuesday 6 September 2022", {}, 40, 2);
    f.paragraph("Venue: The Guildhall, High Street, Market", {}, 40, 2);
    f.paragraph("Time: 2.30 pm - 4.15 pm", {}, 40, 12);
    f.paragraph("MEMBERS PRESENT", kBold, 0, 2);
    f.paragraph("Cllr A Barraclough (Chairman), Cllr L Cromarty, Councillor Anne Langford MBE", {}, 40, 2);
    f.paragraph("APOLOGIES", kBold, 0, 2);
    f.paragraph("Cllr A Quarmby and Mrs M Woolcott", {}, 40, 2);
    f.paragraph("OFFICERS PRESENT", kBold, 0, 2);
    f.paragraph("Mrs J Dewhurst (Democratic Services Officer), Graham Venables (Head of Legal "
                "Services) and Angela Halliwell.",
                {}, 40, 20);
    f.paragraph("2497. Declarations of Interest", kBold);
    f.paragraph("None.");
    f.paragraph("2498. Date of the Next Meeting", kBold);
    f.paragraph("The next meeting will be held on 1 November 2022 at 2.30 pm.");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("Eastmere County Council"));
  EXPECT_EQ(m.body, Opt("Scrutiny Committee"));
  EXPECT_EQ(m.date, Opt("2022-09-06"));
  EXPECT_EQ(m.start_time, Opt("14:30"));
  EXPECT_EQ(m.end_time, Opt("16:15"));
  EXPECT_EQ(m.venue, Opt("The Guildhall, High Street, Market"));
  EXPECT_EQ(m.chair, Opt("Cllr A Barraclough"));
  EXPECT_EQ(m.next_meeting, Opt("2022-11-01"));
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(attendance(m), (std::vector<P>{{"present", "Cllr A Barraclough"},
                                           {"present", "Cllr L Cromarty"},
                                           {"present", "Councillor Anne Langford MBE"},
                                           {"apologies", "Cllr A Quarmby"},
                                           {"apologies", "Mrs M Woolcott"},
                                           {"officers", "Mrs J Dewhurst"},
                                           {"officers", "Graham Venables"},
                                           {"officers", "Angela Halliwell"}}));
}

TEST(MeetingStage, TwoLineLogoOneNamePerLineAndRunningHeader) {
  test::TempDir dir;
  auto path = dir.path() / "logo.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.on_page = [](PdfBuilder& p, int page) {
      if (page < 2) return;
      p.text(72, 40, "Cabinet Meeting", TextStyle{9});
      p.text(380, 40, "Northshire County Council", TextStyle{9});
      p.text(72, 52, "18 September 2017", TextStyle{9});
    };
    f.start();
    f.paragraph("Northshire", TextStyle{20, true}, 0, 0);
    f.paragraph("COUNTY COUNCIL", TextStyle{9, true}, 0, 24);
    f.paragraph("MINUTES of meeting of the Cabinet", kBold, 0, 1);
    f.paragraph("Held on MONDAY 18 SEPTEMBER 2017", kBold, 0, 18);
    // The chief executive's name beside the title, just under the sentence's line: another
    // column, not the venue.
    double y = f.y() - 14;
    pdf.text(400, y, "PETER BUNGARD", TextStyle{9, true});
    pdf.text(400, y + 11, "CHIEF EXECUTIVE", TextStyle{9, true});
    f.paragraph("Present", kBold, 0, 4);
    for (const char* n : {"Cllr Richard Boyles", "Cllr Mark Hawthorne MBE", "Cllr Nigel Moor"})
      f.paragraph(n, {}, 12, 2);
    f.gap(20);
    f.paragraph("1. Apologies", kBold);
    f.paragraph("Apologies were received from Cllr Kathy Williams, Cabinet Member: Adult Social Care.");
    for (int k = 2; k <= 12; ++k) {
      f.paragraph(std::to_string(k) + ". Report " + std::to_string(k), kBold);
      for (int p = 0; p < 4; ++p)
        f.paragraph("Cabinet considered the report and the options it set out for the coming year, "
                    "with the risks and the budget each would carry.");
    }
    f.paragraph("Meeting concluded at 10.25 am");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("Northshire County Council"));
  EXPECT_EQ(m.body, Opt("Cabinet"));
  EXPECT_EQ(m.date, Opt("2017-09-18"));
  EXPECT_EQ(m.start_time, std::nullopt);
  EXPECT_EQ(m.end_time, Opt("10:25"));
  EXPECT_EQ(m.venue, std::nullopt);
  EXPECT_EQ(m.chair, std::nullopt);
  EXPECT_EQ(m.next_meeting, std::nullopt);
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(attendance(m), (std::vector<P>{{"present", "Cllr Richard Boyles"},
                                           {"present", "Cllr Mark Hawthorne MBE"},
                                           {"present", "Cllr Nigel Moor"},
                                           {"apologies", "Cllr Kathy Williams"}}));
}

TEST(MeetingStage, BodyAndDateFromTheRunningHeaderAlone) {
  test::TempDir dir;
  auto path = dir.path() / "header.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.on_page = [](PdfBuilder& p, int) {
      p.text(72, 40, "Planning Committee", TextStyle{9});
      p.text(400, 40, "4 June 2019", TextStyle{9});
    };
    f.start();
    for (int k = 1; k <= 14; ++k) {
      f.paragraph(std::to_string(k) + ". Application " + std::to_string(k), kBold);
      for (int p = 0; p < 4; ++p)
        f.paragraph("The Committee considered the application and the officer's report on it, "
                    "with the representations received.");
    }
    pdf.finish();
  }
  std::vector<Issue> issues;
  Meeting m = meeting_of(path, &issues);
  EXPECT_EQ(m.body, Opt("Planning Committee"));
  EXPECT_EQ(m.date, Opt("2019-06-04"));
  EXPECT_EQ(m.authority, std::nullopt);
  // Kept, but flagged: no date in the title area.
  EXPECT_EQ(codes(issues), std::vector<std::string>{"MEETING_DATE_OUTSIDE_TITLE"});
}

// A US notice's form: "Date/Time:" without a year gives no date (unsure: null and a warning
// elsewhere), and "Location/Address:" is the venue.
TEST(MeetingStage, NoticeFormLocationAddressIsTheVenueAndAYearlessDateIsNull) {
  test::TempDir dir;
  auto path = dir.path() / "notice.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("City of Harlow Springs", kTitle);
    f.paragraph("NOTICE AND AGENDA OF DISTRICT COUNCIL MEETING", kBold, 0, 8);
    f.paragraph("Date/Time:        June 6, 5:30pm", {}, 40, 2);
    f.paragraph("Location/Address: Riverside Fieldhouse, 337 E Randolph St", {}, 40, 12);
    f.paragraph("MEETING AGENDA", kBold);
    f.paragraph("1. Roll Call & Quorum Determination");
    f.paragraph("2. Public comment");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.venue, Opt("Riverside Fieldhouse, 337 E Randolph St"));
  EXPECT_EQ(m.date, std::nullopt);
}

TEST(MeetingStage, ChairLabelAndHeldOnInForm) {
  test::TempDir dir;
  auto path = dir.path() / "chair.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("London Borough of Farnleigh", kTitle);
    f.paragraph("Minutes of the Development Control Committee held on Monday, 4th July 2016 at "
                "9.00am in Committee Room 2, Civic Centre, Westhaven",
                {}, 0, 12);
    f.paragraph("Chairman: Cllr H Jessop", {}, 0, 2);
    f.paragraph("Members present:", kBold, 0, 2);
    f.paragraph("Cllr H Jessop, Cllr C Hepworth, Cllr I Lamberton OBE", {}, 30, 2);
    f.paragraph("Officers in attendance:", kBold, 0, 2);
    f.paragraph("Mr J Fairbrother (Principal Planning Officer), Olusegun Bannister and Fiona "
                "Radcliffe",
                {}, 30, 20);
    f.paragraph("1718. Apologies for Absence", kBold);
    f.paragraph("Apologies were received as recorded above.");
    f.paragraph("1719. Date of Next Meeting", kBold);
    f.paragraph("Monday 25 July 2016, Committee Room 2, Civic Centre, Westhaven");
    f.paragraph("The meeting closed at 11:25am.");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("London Borough of Farnleigh"));
  EXPECT_EQ(m.body, Opt("Development Control Committee"));
  EXPECT_EQ(m.date, Opt("2016-07-04"));
  EXPECT_EQ(m.start_time, Opt("09:00"));
  EXPECT_EQ(m.end_time, Opt("11:25"));
  EXPECT_EQ(m.venue, Opt("Committee Room 2, Civic Centre, Westhaven"));
  EXPECT_EQ(m.chair, Opt("Cllr H Jessop"));
  EXPECT_EQ(m.next_meeting, Opt("2016-07-25"));
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(attendance(m), (std::vector<P>{{"present", "Cllr H Jessop"},
                                           {"present", "Cllr C Hepworth"},
                                           {"present", "Cllr I Lamberton OBE"},
                                           {"officers", "Mr J Fairbrother"},
                                           {"officers", "Olusegun Bannister"},
                                           {"officers", "Fiona Radcliffe"}}));
}

TEST(MeetingStage, CityCouncilMinutesWithCallToOrderAndAdjournment) {
  test::TempDir dir;
  auto path = dir.path() / "us.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("CITY OF SPRINGVALE", kTitle);
    f.paragraph("MINUTES OF THE REGULAR MEETING OF THE CITY COUNCIL", kBold, 0, 2);
    f.paragraph("September 18, 2017", kBold, 0, 14);
    f.paragraph("The meeting was called to order at 6:30 p.m. by Mayor Jane Doe.");
    f.paragraph("1. ROLL CALL", kBold);
    f.paragraph("All members were present.");
    f.paragraph("2. ADJOURNMENT", kBold);
    f.paragraph("There being no further business, the meeting adjourned at 8:05 p.m.");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("City of Springvale"));
  EXPECT_EQ(m.body, Opt("City Council"));
  EXPECT_EQ(m.date, Opt("2017-09-18"));
  EXPECT_EQ(m.start_time, Opt("18:30"));
  EXPECT_EQ(m.end_time, Opt("20:05"));
}

// A Welsh community council's minutes in Welsh: the authority from the title (Welsh "a" in
// lower case), the full council as body, "CYFARFOD 7fed RHAGFYR 2016", the meeting sentence
// "Cynhaliwyd cyfarfod o Gyngor ... am 7.30yh ar y 7fed Rhagfyr 2016 yn yr ...", the chair
// "Cymerwyd y gadair gan y Cyng. ...", the end "daeth y cyfarfod i ben am ...", and the next
// meeting ("Cynhelir y cyfarfod nesaf ar ...") rather than the date by the signature.
TEST(MeetingStage, WelshCommunityCouncilMinutes) {
  test::TempDir dir;
  auto path = dir.path() / "cy.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    centred(pdf, f, "CYNGOR CYMUNED LLANFAIR A BRYN", kBold);
    centred(pdf, f, "CYFARFOD 7fed RHAGFYR 2016", kBold, 10);
    lines(f, {"Cynhaliwyd cyfarfod o Gyngor Cymuned Llanfair a Bryn am 7.30yh ar y 7fed Rhagfyr 2016",
              "yn yr Ystafell Ddarllen, Llanfair."});
    f.paragraph("PRESENNOL", kBold, 0, 0);
    f.paragraph("Cynghorwyr Alun Davies, Kim Davies a\u2019r Cynghorydd Sir Joseph Davies.", {}, 0, 12);
    f.paragraph("1. CROESO AC YMDDIHEURIADAU", kBold, 0, 2);
    f.paragraph("Cymerwyd y gadair gan y Cyng. G. Evans a chroesawodd bawb i\u2019r cyfarfod.");
    f.paragraph("2. CADARNHAU COFNODION Y CYFARFOD DIWETHAF", kBold, 0, 2);
    f.paragraph("Cynigiwyd gan y Cyng. J. Davies bod cofnodion y cyfarfod diwethaf a gynhaliwyd ar y "
                "9fed Tachwedd 2016 yn gywir.");
    f.paragraph("Cynhelir y cyfarfod nesaf ar 11eg Ionawr 2017.");
    f.paragraph("Gan nad oedd unrhyw fusnes arall, daeth y cyfarfod i ben am 9.05yh.", {}, 0, 20);
    f.paragraph("Arwyddwyd gan y Cadeirydd ........................ 8fed Chwefror 2017");
    pdf.finish();
  }
  std::vector<Issue> issues;
  Meeting m = meeting_of(path, &issues);
  EXPECT_EQ(m.authority, Opt("Cyngor Cymuned Llanfair a Bryn"));
  EXPECT_EQ(m.body, Opt("Cyngor Cymuned"));
  EXPECT_EQ(m.date, Opt("2016-12-07"));
  EXPECT_EQ(m.start_time, Opt("19:30"));
  EXPECT_EQ(m.end_time, Opt("21:05"));
  EXPECT_EQ(m.venue, Opt("Ystafell Ddarllen, Llanfair"));
  EXPECT_EQ(m.chair, Opt("Cyng. G. Evans"));
  EXPECT_EQ(m.next_meeting, Opt("2017-01-11"));
  EXPECT_TRUE(codes(issues).empty());
}

// The same council's minutes in English: the name as printed in the text rather than the
// capitals of its title ("&"), a raised ordinal ("11" "th"), the meeting sentence with the
// time before the date, "Cllr. X took the Chair", and the closing line.
TEST(MeetingStage, CommunityCouncilMinutesInEnglish) {
  test::TempDir dir;
  auto path = dir.path() / "cc.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    centred(pdf, f, "LLANFAIR & BRYN COMMUNITY COUNCIL", kBold);
    // "MEETING 11th JULY 2018" with the "th" raised and smaller, as printed.
    double x = 200, base = f.y() + 11;
    pdf.text(x, base, "MEETING 11", kBold);
    x += pdf.text_width("MEETING 11", kBold) + 0.5;
    pdf.text(x, base - 4, "th", TextStyle{7, true});
    x += pdf.text_width("th", TextStyle{7, true}) + 3;
    pdf.text(x, base, "JULY 2018", kBold);
    f.gap(24);
    lines(f, {"Llanfair and Bryn Community Council held their meeting at 7.30pm on the 11th July 2018",
              "at the Village Hall, Llanfair."});
    f.paragraph("PRESENT", kBold, 0, 0);
    f.paragraph("Councillors Alun Davies, Arwel Davies and County Councillor Joseph Davies.", {}, 0, 12);
    f.paragraph("1. WELCOME AND APOLOGIES", kBold, 0, 2);
    f.paragraph("Cllr. P. Harries took the Chair and welcomed everyone to the meeting.");
    f.paragraph("2. CORRESPONDENCE", kBold, 0, 2);
    f.paragraph("A letter from Carmarthenshire County Council about the road at Glan Road was noted.");
    f.paragraph("As there was no further business, the Chairperson thanked everyone for attending and "
                "closed the meeting at 8.50pm.",
                {}, 0, 20);
    f.paragraph("Signed by the Chair ........................ 8th August 2018");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("Llanfair and Bryn Community Council"));
  EXPECT_EQ(m.body, Opt("Community Council"));
  EXPECT_EQ(m.date, Opt("2018-07-11"));
  EXPECT_EQ(m.start_time, Opt("19:30"));
  EXPECT_EQ(m.end_time, Opt("20:50"));
  EXPECT_EQ(m.venue, Opt("Village Hall, Llanfair"));
  EXPECT_EQ(m.chair, Opt("Cllr. P. Harries"));
  EXPECT_EQ(m.next_meeting, std::nullopt);
}

// A covering letter with its own date and a date of issue, then the meeting it summons: the
// meeting's date, time and venue come from the summons, and an agenda item that names the
// minutes of an earlier meeting does not move them.
TEST(MeetingStage, CoveringLetterAndDateOfIssueAreNotTheMeeting) {
  test::TempDir dir;
  auto path = dir.path() / "letter.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("Northshire County Council", kTitle, 0, 4);
    f.paragraph("Democratic Services, County Hall, Ashby", {}, 0, 2);
    f.paragraph("3 January 2025", {}, 0, 2);
    f.paragraph("Date of issue: 2 January 2025", {}, 0, 12);
    f.paragraph("Dear Councillor,", {}, 0, 6);
    f.paragraph("You are summoned to attend a meeting of the Cabinet to be held on Thursday, 9 January "
                "2025 at 10.00 am in the Council Chamber, County Hall, Ashby.",
                {}, 0, 12);
    f.paragraph("AGENDA", kTitle, 0, 6);
    f.paragraph("1. Apologies", kBold);
    f.paragraph("2. Minutes of the meeting held on 28 November 2024", kBold);
    f.paragraph("3. Revenue Budget 2025-26", kBold);
    pdf.finish();
  }
  std::vector<Issue> issues;
  Meeting m = meeting_of(path, &issues);
  EXPECT_EQ(m.authority, Opt("Northshire County Council"));
  EXPECT_EQ(m.body, Opt("Cabinet"));
  EXPECT_EQ(m.date, Opt("2025-01-09"));
  EXPECT_EQ(m.start_time, Opt("10:00"));
  EXPECT_EQ(m.venue, Opt("Council Chamber, County Hall, Ashby"));
  EXPECT_TRUE(m.attendance.empty());
  EXPECT_TRUE(codes(issues).empty());
}

// A report's front sheet: "To: Cabinet" names the body, without the label.
TEST(MeetingStage, ReportFrontSheetLabels) {
  test::TempDir dir;
  auto path = dir.path() / "report.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("From: Cabinet Member for Finance", {}, 0, 2);
    f.paragraph("To: Cabinet", {}, 0, 2);
    f.paragraph("Date: 9 January 2025", {}, 0, 2);
    f.paragraph("Subject: Revenue Budget 2025-26", {}, 0, 12);
    f.paragraph("1. Introduction", kBold);
    f.paragraph("The Council must set a balanced budget.");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.body, Opt("Cabinet"));
  EXPECT_EQ(m.date, Opt("2025-01-09"));
  EXPECT_EQ(m.authority, std::nullopt);
}

// An agenda pack whose front sheet the items stage may not take: the enclosed minutes of an
// earlier meeting, pages on, give neither the date nor the attendance.
TEST(MeetingStage, EnclosedMinutesOfAnEarlierMeeting) {
  test::TempDir dir;
  auto path = dir.path() / "pack.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("AGENDA", kTitle, 0, 0);
    f.paragraph("HOUSING AUTHORITY", kTitle, 0, 0);
    f.paragraph("NOVEMBER 15, 2022", kTitle, 0, 12);
    f.paragraph("The public may attend the meeting in person or by video.", {}, 0, 12);
    f.new_page();
    f.paragraph("CONSENT CALENDAR", kBold);
    f.paragraph("1. MEETING MINUTES \u2013 approve the minutes of the regular meeting of October 18, 2022.");
    f.paragraph("2. WARRANTS \u2013 approve the warrant runs.");
    f.new_page();
    f.new_page();
    f.paragraph("MINUTES", kTitle, 0, 0);
    f.paragraph("A regular meeting of the Housing Authority was held on October 18, 2022 at 5:45 p.m.",
                {}, 0, 6);
    f.paragraph("Present: Commissioners Ramirez, Valencia and Perez.");
    pdf.finish();
  }
  std::vector<Issue> issues;
  Meeting m = meeting_of(path, &issues);
  EXPECT_EQ(m.body, Opt("Housing Authority"));
  EXPECT_EQ(m.date, Opt("2022-11-15"));
  EXPECT_EQ(m.start_time, std::nullopt);
  EXPECT_TRUE(m.attendance.empty());
  EXPECT_TRUE(codes(issues).empty());
}

// Another council named in the text is not the authority, and a document that never says
// when it met says so.
TEST(MeetingStage, ProseCouncilAndNoDate) {
  test::TempDir dir;
  auto path = dir.path() / "nodate.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("Planning Committee", kTitle, 0, 10);
    f.paragraph("1. Application 24/0031", kBold);
    f.paragraph("Marsham District Council and Greyford Borough Council had been consulted on the "
                "application and raised no objection.");
    f.paragraph("2. Any Other Business", kBold);
    f.paragraph("None.");
    pdf.finish();
  }
  std::vector<Issue> issues;
  Meeting m = meeting_of(path, &issues);
  EXPECT_EQ(m.authority, std::nullopt);
  EXPECT_EQ(m.body, Opt("Planning Committee"));
  EXPECT_EQ(m.date, std::nullopt);
  EXPECT_EQ(codes(issues), std::vector<std::string>{"MEETING_DATE_NOT_FOUND"});
}

// US commission minutes: the title names only the place, which the text names as a city; the
// venue is printed under the date; the call to order gives the start and the chair; a next
// meeting without its year takes the year after the meeting.
TEST(MeetingStage, UsCommissionMinutes) {
  test::TempDir dir;
  auto path = dir.path() / "us.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    centred(pdf, f, "EAST RIVERTON", kTitle);
    centred(pdf, f, "PLANNING COMMISSION", kTitle);
    centred(pdf, f, "REGULAR MEETING MINUTES", kTitle);
    centred(pdf, f, "December 9, 2021, 7:00 p.m.", kBold);
    centred(pdf, f, "Civic Center", kBold);
    centred(pdf, f, "City Council Chamber", kBold);
    centred(pdf, f, "East Riverton, CA 94000", kBold, 16);
    f.paragraph("1. CALL TO ORDER AND ROLL CALL", kBold, 0, 4);
    f.paragraph("The meeting was called to order by Commissioner Ann Blake at 7:04 p.m.");
    f.paragraph("2. PUBLIC HEARING", kBold, 0, 4);
    f.paragraph("The hearing was held consistent with the City of East Riverton's Rules of Procedure.");
    f.paragraph("3. ANNOUNCEMENTS", kBold, 0, 4);
    f.paragraph("Next meeting \u2013 7:00pm Thursday, January 13th at City Hall.");
    f.paragraph("4. ADJOURNMENT", kBold, 0, 4);
    f.paragraph("The meeting was adjourned at 8:15 p.m.");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("City of East Riverton"));
  EXPECT_EQ(m.body, Opt("Planning Commission"));
  EXPECT_EQ(m.date, Opt("2021-12-09"));
  EXPECT_EQ(m.start_time, Opt("19:04"));
  EXPECT_EQ(m.end_time, Opt("20:15"));
  EXPECT_EQ(m.venue, Opt("Civic Center, City Council Chamber, East Riverton, CA 94000"));
  EXPECT_EQ(m.chair, Opt("Commissioner Ann Blake"));
  EXPECT_EQ(m.next_meeting, Opt("2022-01-13"));
}

// Ontario township minutes: "A regular meeting of the Township of X Council was held ..."
// gives the body "Council"; the venue is in the next sentence, after a line ending "p.m.";
// the adjournment gives the end and the next meeting.
TEST(MeetingStage, TownshipMinutes) {
  test::TempDir dir;
  auto path = dir.path() / "township.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    centred(pdf, f, "MINUTES", kTitle);
    centred(pdf, f, "TOWNSHIP OF MAPLEVALE", kTitle);
    centred(pdf, f, "Tuesday, January 3, 2023", kTitle, 12);
    lines(f, {"A regular meeting of the Township of Maplevale Council was held on Tuesday, January 3,",
              "2023 starting at 6:30 p.m.",
              "The meeting was held in person at the Maplevale Community Centre, and livestreamed to",
              "the Township YouTube Channel."});
    f.paragraph("Present: Mayor Ann Reid and Councillors Tom Bell and Sue Kirk.", {}, 0, 12);
    f.paragraph("R2023-001 S. Kirk, T. Bell:", kBold, 0, 0);
    f.paragraph("That the meeting be adjourned. Time: 8:06 p.m. Next regular meeting to be held "
                "January 17, 2023.");
    pdf.finish();
  }
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.authority, Opt("Township of Maplevale"));
  EXPECT_EQ(m.body, Opt("Council"));
  EXPECT_EQ(m.date, Opt("2023-01-03"));
  EXPECT_EQ(m.start_time, Opt("18:30"));
  EXPECT_EQ(m.end_time, Opt("20:06"));
  EXPECT_EQ(m.venue, Opt("Maplevale Community Centre"));
  EXPECT_EQ(m.chair, std::nullopt);
  EXPECT_EQ(m.next_meeting, Opt("2023-01-17"));
}

// A panel of a council that calls itself only by its initials and place: inferred, and said
// to be; a council spelled out in the text is another one and is not taken.
TEST(MeetingStage, AuthorityFromItsInitialsOnly) {
  test::TempDir dir;
  auto write = [&](const std::filesystem::path& path, const char* mention) {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("FOSTERING PANEL \u2013 10 December 2024", kTitle, 0, 4);
    f.paragraph("MINUTES of the meeting held in the Darent Room, County Hall, Ashby.", {}, 0, 12);
    f.paragraph("1. Update", kBold);
    f.paragraph(std::string("NCC had the opportunity to review the service. ") + mention +
                " Children placed outside Northshire were visited; placements in Northshire rose, "
                "and Northshire carers were thanked.");
    pdf.finish();
  };
  auto own = dir.path() / "own.pdf";
  write(own, "");
  std::vector<Issue> issues;
  EXPECT_EQ(meeting_of(own, &issues).authority, Opt("Northshire County Council"));
  EXPECT_EQ(codes(issues), (std::vector<std::string>{"MEETING_AUTHORITY_INFERRED", "ATTENDANCE_NOT_FOUND"}));
  auto other = dir.path() / "other.pdf";
  write(other, "Northshire County Council (NCC) wrote to the panel.");
  EXPECT_EQ(meeting_of(other).authority, std::nullopt);
}

// A title line and the meeting sentence that disagree: the sentence is kept and the record
// says so.
TEST(MeetingStage, DatesThatDisagreeAreFlagged) {
  test::TempDir dir;
  auto path = dir.path() / "disagree.pdf";
  {
    PdfBuilder pdf(path);
    FlowWriter f(pdf);
    f.paragraph("LICENSING COMMITTEE \u2013 4 March 2021", kTitle, 0, 8);
    f.paragraph("MINUTES of a meeting of the Licensing Committee held on 5 March 2021.", {}, 0, 12);
    f.paragraph("1. Apologies", kBold);
    f.paragraph("None.");
    pdf.finish();
  }
  std::vector<Issue> issues;
  Meeting m = meeting_of(path, &issues);
  EXPECT_EQ(m.date, Opt("2021-03-05"));
  ASSERT_EQ(codes(issues), (std::vector<std::string>{"MEETING_DATES_DISAGREE", "ATTENDANCE_NOT_FOUND"}));
  EXPECT_EQ(issues[0].severity, "warning");
  EXPECT_NE(issues[0].message.find("2021-03-04"), std::string::npos);
}

TEST(MeetingAuthority, Forms) {
  EXPECT_EQ(find_authority("Gloucestershire County Council", vocab()), Opt("Gloucestershire County Council"));
  EXPECT_EQ(find_authority("UPPERTON COUNCIL", vocab()), Opt("Upperton Council"));
  EXPECT_EQ(find_authority("London Borough of Marsham", vocab()), Opt("London Borough of Marsham"));
  EXPECT_EQ(find_authority("City of Greyford Council", vocab()), Opt("City of Greyford Council"));
  EXPECT_EQ(find_authority("Cabinet Meeting Selbury Borough Council 5 October 2020", vocab()),
            Opt("Selbury Borough Council"));
  EXPECT_EQ(find_authority("The Council had been shortlisted", vocab()), std::nullopt);
  EXPECT_EQ(find_authority("Full Council", vocab()), std::nullopt);
  EXPECT_EQ(find_authority("Leader of the Council", vocab()), std::nullopt);
  EXPECT_EQ(find_authority("CYNGOR CYMUNED MANORDEILO A SALEM", vocab()),
            Opt("Cyngor Cymuned Manordeilo a Salem"));
  EXPECT_EQ(find_authority("Lincoln Square Special Service Area #21", vocab()),
            Opt("Lincoln Square Special Service Area #21"));
  EXPECT_EQ(find_authority("consistent with the City of East Palo Alto’s Rules", vocab()),
            Opt("City of East Palo Alto"));
  auto a = match_authority("MANORDEILO & SALEM COMMUNITY COUNCIL", vocab());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "Manordeilo & Salem Community Council");
  EXPECT_EQ(a->kind, "Community Council");
  EXPECT_EQ(match_authority("Township of Nipissing Council", vocab())->kind, "Council");
  EXPECT_EQ(match_authority("Cyngor Cymuned Llanfair a Bryn", vocab())->kind, "Cyngor Cymuned");
  // Capitals beyond ASCII are title-cased too ("Ñ" -> "ñ").
  EXPECT_EQ(find_authority("LA CA\u00d1ADA FLINTRIDGE CITY COUNCIL", vocab()),
            Opt("La Ca\u00f1ada Flintridge City Council"));
}

}  // namespace
}  // namespace agendapack
