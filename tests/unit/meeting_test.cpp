// The meeting stage against generated minutes whose meeting the test knows: the "Minutes of a
// meeting of ..." sentence, Date:/Venue:/Time: label blocks, attendance as comma lists and one
// name per line, chair markers, a two-line logo authority and a running header.
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

Meeting meeting_of(const std::filesystem::path& pdf) {
  auto conv = test::run_stages(pdf, {"load", "text", "layout", "meeting"});
  EXPECT_FALSE(conv.failed()) << conv.error->message;
  return conv.doc->meeting;
}

const MeetingVocab& vocab() {
  static const MeetingVocab v = MeetingVocab::from_json(test::test_config().vocab("meeting"));
  return v;
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
  Meeting m = meeting_of(path);
  EXPECT_EQ(m.body, Opt("Planning Committee"));
  EXPECT_EQ(m.date, Opt("2019-06-04"));
  EXPECT_EQ(m.authority, std::nullopt);
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

TEST(MeetingNames, HonorificsSuffixesRolesAndChair) {
  auto names = parse_name_list(
      "Cllr Yvonne Wainwright (Chairman), Mr R Eastham OBE, Dr N Okonjo, Stephen Hepworth "
      "(Principal Planning Officer) and Mrs F Jessop (Director of Finance and Resources).",
      vocab());
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(names[0].name, "Cllr Yvonne Wainwright");
  EXPECT_TRUE(names[0].chair);
  EXPECT_EQ(names[1].name, "Mr R Eastham OBE");
  EXPECT_FALSE(names[1].chair);
  EXPECT_EQ(names[2].name, "Dr N Okonjo");
  EXPECT_EQ(names[3].name, "Stephen Hepworth");
  EXPECT_EQ(names[4].name, "Mrs F Jessop");
}

TEST(MeetingNames, RolesAndProseAreNotNames) {
  EXPECT_TRUE(parse_name_list("None", vocab()).empty());
  EXPECT_TRUE(parse_name_list("Cabinet Member: Adult Social Care", vocab()).empty());
  EXPECT_TRUE(parse_name_list("the Chief Executive", vocab()).empty());
  EXPECT_TRUE(parse_name_list("Chief Executive", vocab()).empty());
  auto v = parse_name_list("Cllr A Smith, Chairman, Cllr B Jones (Vice-Chairman)", vocab());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].chair);
  EXPECT_FALSE(v[1].chair);
  auto w = parse_name_list("Councillor C Brown (Vice-Chairman, in the Chair)", vocab());
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].name, "Councillor C Brown");
  EXPECT_TRUE(w[0].chair);
}

// "Councillors" before a list vouches for every surname in it, until something that is no
// surname (a role, capitals, a place word) ends the list.
TEST(MeetingNames, APluralHonorificCoversTheList) {
  auto v = parse_name_list("Councillors Adams (Chair), Baker (Vice-Chair), Clarke, Davies and "
                           "Evans",
                           vocab());
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[0].name, "Adams");
  EXPECT_TRUE(v[0].chair);
  EXPECT_EQ(v[1].name, "Baker");
  EXPECT_FALSE(v[1].chair);
  EXPECT_EQ(v[4].name, "Evans");
  auto w = parse_name_list("Councilmembers Honig, Halpern, City Council, ADOPTION BY REFERENCE, "
                           "Fees",
                           vocab());
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[1].name, "Halpern");
  // Without a plural honorific a lone surname is not a name.
  EXPECT_TRUE(parse_name_list("Adams, Baker and Clarke", vocab()).empty());
}

TEST(MeetingNames, OneNamePerLineRunTogether) {
  auto v = parse_name_list("Cllr Richard Boyles Cllr Tim Harman Mrs J O'Brien-Smith", vocab());
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1].name, "Cllr Tim Harman");
  EXPECT_EQ(v[2].name, "Mrs J O'Brien-Smith");
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
}

}  // namespace
}  // namespace agendapack
