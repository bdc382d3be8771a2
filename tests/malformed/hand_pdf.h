/// \file PDFs written by hand for the malformed-input tests: exactly the objects given.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace agendapack::test {

// A hand-written PDF with a correct cross-reference table (offsets counted here), so Poppler
// reads exactly the objects given. `xref_shift` moves every offset: a damaged table that
// Poppler must rebuild by scanning the file.
inline std::string hand_pdf(const std::vector<std::string>& objects, int xref_shift = 0) {
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t idx = 0; idx < objects.size(); ++idx) {
    offsets.push_back(out.size());
    out += std::to_string(idx + 1) + " 0 obj\n" + objects[idx] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char entry[32];
  for (size_t off : offsets) {
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", off + xref_shift);
    out += entry;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref + xref_shift) + "\n%%EOF\n";
  return out;
}

}  // namespace agendapack::test
