// libFuzzer target for the amount parser: any bytes, both contexts. Checks the invariants the
// randomized unit test checks (MoneyParser.RandomTextKeepsInvariants), on inputs it finds, and
// that every amount is an exact decimal: its text reads back as the same value, a column unit
// scales it exactly, and sums of the matches neither wrap nor lose a digit.
// Built only with clang (tests/CMakeLists.txt); run: build/tests/amount_fuzz -max_total_time=60
#include <cstdint>
#include <cstdlib>
#include <string>

#include "stages/money.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace agendapack;
  std::string text(reinterpret_cast<const char*>(data), size);
  const MoneyVocab& vocab = MoneyVocab::builtin();
  for (MoneyContext ctx : {MoneyContext::prose, MoneyContext::column}) {
    auto found = find_amounts(text, vocab, ctx);
    size_t prev = 0;
    Decimal sum;
    for (const AmountMatch& m : found) {
      if (m.begin > m.end || m.end > text.size() || m.begin < prev) std::abort();
      if (m.money.raw != text.substr(m.begin, m.end - m.begin)) std::abort();
      auto again = Decimal::parse(m.money.amount.to_string());
      if (!again || !(*again == m.money.amount)) std::abort();
      auto next = sum.plus(m.money.amount);  // amounts stay far from the edge of the range
      if (!next) std::abort();
      sum = *next;
      prev = m.begin;
    }
    for (const auto& [b, e] : find_unparsed(text, vocab, found))
      if (b > e || e > text.size()) std::abort();
    parse_amount(text, vocab, ctx);
    // A bare figure under "£000" is a thousand times the same figure under "£".
    auto thousands = parse_amount(text, vocab, MoneyContext::column, "GBP", 1000);
    auto units = parse_amount(text, vocab, MoneyContext::column, "GBP", 1);
    if (thousands && units &&
        units->raw.find_first_not_of("0123456789,.()- ") == std::string::npos &&
        !(units->amount.times(1000).value_or(Decimal(-1)) == thousands->amount))
      std::abort();
  }
  for (const auto& [b, e] : split_sentences(text, vocab))
    if (b > e || e > text.size()) std::abort();
  printed_currencies(text, vocab);
  header_unit(text, vocab);
  return 0;
}
