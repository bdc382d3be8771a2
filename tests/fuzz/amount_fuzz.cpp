// libFuzzer target for the amount parser: any bytes, both contexts. Checks the invariants the
// randomized unit test checks (MoneyParser.RandomTextKeepsInvariants), on inputs it finds.
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
    for (const AmountMatch& m : found) {
      if (m.begin > m.end || m.end > text.size() || m.begin < prev) std::abort();
      if (m.money.raw != text.substr(m.begin, m.end - m.begin)) std::abort();
      prev = m.begin;
    }
    for (const auto& [b, e] : find_unparsed(text, vocab, found))
      if (b > e || e > text.size()) std::abort();
    parse_amount(text, vocab, ctx);
  }
  for (const auto& [b, e] : split_sentences(text, vocab))
    if (b > e || e > text.size()) std::abort();
  return 0;
}
