// The exact decimal money is read and summed in (pipeline/decimal.h): parsing, value equality
// across scales, exact sums where doubles drift, rounding, overflow, and the JSON number the
// record carries.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "pipeline/decimal.h"
#include "pipeline/document.h"
#include "stages/emit.h"
#include "tests/unit/money_test_util.h"

namespace agendapack {
namespace {

using test::dec;

TEST(Decimal, ParsesAndPrintsExactly) {
  EXPECT_EQ(dec("2355.50").to_string(), "2355.5");
  EXPECT_EQ(dec("12.71").to_string(), "12.71");
  EXPECT_EQ(dec("-0.05").to_string(), "-0.05");
  EXPECT_EQ(dec("1175000").to_string(), "1175000");
  EXPECT_EQ(dec("0.000").to_string(), "0");
  EXPECT_EQ(dec("2355.50"), dec("2355.5"));  // equal by value, whatever the printed places
  EXPECT_EQ(dec("2355.50").scale(), 2);
  EXPECT_TRUE(dec("400.00").is_integer());
  EXPECT_EQ(dec("400.00").whole(), 400);
  EXPECT_EQ(dec("1.175").times(1000000).value(), Decimal(1175000));
  EXPECT_FALSE(Decimal::parse(""));
  EXPECT_FALSE(Decimal::parse("1,000"));
  EXPECT_FALSE(Decimal::parse("12.5.1"));
  EXPECT_FALSE(Decimal::parse("99999999999999999999"));  // beyond int64
  // More than six decimals round half away from zero.
  EXPECT_EQ(dec("0.1234565"), dec("0.123457"));
  EXPECT_EQ(dec("-0.1234565"), dec("-0.123457"));
}

TEST(Decimal, OrdersAndRescales) {
  EXPECT_LT(dec("45.49"), dec("45.5"));
  EXPECT_GT(dec("-1"), dec("-1.01"));
  EXPECT_EQ(dec("2.345").rescaled(2).value(), dec("2.35"));
  EXPECT_EQ(dec("-2.345").rescaled(2).value(), dec("-2.35"));
  EXPECT_FALSE(Decimal(INT64_MAX / 10).rescaled(2));  // overflow is reported, never wrapped
  EXPECT_FALSE(Decimal(INT64_MAX).plus(Decimal(1)));
  EXPECT_EQ(dec("10.01").minus(dec("0.02")).value(), dec("9.99"));
}

// A parish's accounts: many lines with pence sum exactly, where doubles drift.
TEST(Decimal, SumsOfManyLinesWithPenceAreExact) {
  Decimal sum;
  double drift = 0;
  for (int i = 0; i < 1000; ++i) {
    sum = sum.plus(dec("0.10")).value();
    drift += 0.10;
  }
  EXPECT_EQ(sum, Decimal(100));
  EXPECT_NE(drift, 100.0);  // why amounts are not doubles
  // 900.00 + 45.50 + 330.00 and a few thousand random priced lines, against integer pence.
  Decimal total = dec("900.00").plus(dec("45.50")).value().plus(dec("330.00")).value();
  EXPECT_EQ(total, dec("1275.5"));
  std::mt19937 rng(16);
  Decimal many;
  int64_t pence = 0;
  for (int i = 0; i < 5000; ++i) {
    int64_t p = static_cast<int64_t>(rng() % 10000000);
    pence += p;
    std::string text = std::to_string(p / 100) + "." + (p % 100 < 10 ? "0" : "") +
                       std::to_string(p % 100);
    many = many.plus(dec(text.c_str())).value();
  }
  EXPECT_EQ(many, Decimal::of(pence, 2).value());
}

// The record's JSON number is the decimal itself, never 45.499999 or 2355.4999999999995.
TEST(Decimal, RecordsWriteTheDecimalAsAJsonNumber) {
  const char* texts[] = {"2355.5", "12.71", "45.5", "0.1", "279090.5", "10064.39", "0.07",
                         "99999999999.99", "-250.25", "1175000"};
  Document doc;
  FundingBreakdown fb;
  for (const char* text : texts) {
    Amount a;
    a.money.amount = dec(text);
    a.money.raw = text;
    doc.amounts.push_back(a);
    fb.lines.push_back({text, a.money, {}});
    fb.sum = fb.sum.plus(a.money.amount).value();
  }
  doc.funding.push_back(fb);
  nlohmann::ordered_json record = document_record(doc);
  for (size_t i = 0; i < std::size(texts); ++i) {
    EXPECT_EQ(record["amounts"][i]["amount"].dump(), texts[i]);
    EXPECT_EQ(record["funding"][0]["lines"][i]["amount"].dump(), texts[i]);
  }
  EXPECT_EQ(record["funding"][0]["sum"].dump(), fb.sum.to_string());
  EXPECT_TRUE(record["amounts"].back()["amount"].is_number_integer());
}

}  // namespace
}  // namespace agendapack
