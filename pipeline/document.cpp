#include "pipeline/document.h"

#include <algorithm>

namespace agendapack {

BBox BBox::united(const BBox& o) const {
  if (empty() && x0 == 0 && y0 == 0) return o;
  if (o.empty() && o.x0 == 0 && o.y0 == 0) return *this;
  return {std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
}

size_t Page::chars() const {
  size_t n = 0;
  for (const Word& w : words) n += w.text.size();
  return n;
}

namespace {

void add_box(ProvenanceList& list, int page, const BBox& box) {
  for (Provenance& p : list) {
    if (p.page == page) {
      p.bbox = p.bbox.united(box);
      return;
    }
  }
  list.push_back({page, box});
}

void sort_by_page(ProvenanceList& list) {
  std::stable_sort(list.begin(), list.end(),
                   [](const Provenance& a, const Provenance& b) { return a.page < b.page; });
}

}  // namespace

ProvenanceList provenance_of(const Document& doc, const std::vector<WordRef>& words) {
  ProvenanceList list;
  for (const WordRef& ref : words) {
    const Page& page = doc.pages.at(ref.page_idx);
    add_box(list, page.number, page.words.at(ref.word_idx).bbox);
  }
  sort_by_page(list);
  return list;
}

ProvenanceList provenance_of_lines(const Document& doc,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& lines) {
  ProvenanceList list;
  for (const auto& [page_idx, line_idx] : lines) {
    const Page& page = doc.pages.at(page_idx);
    add_box(list, page.number, page.lines.at(line_idx).bbox);
  }
  sort_by_page(list);
  return list;
}

ProvenanceList merge_provenance(const ProvenanceList& a, const ProvenanceList& b) {
  ProvenanceList list = a;
  for (const Provenance& p : b) add_box(list, p.page, p.bbox);
  sort_by_page(list);
  return list;
}

std::string_view to_string(PageMethod m) {
  switch (m) {
    case PageMethod::text: return "text";
    case PageMethod::ocr: return "ocr";
    case PageMethod::text_ocr: return "text+ocr";
  }
  return "text";
}

std::string_view to_string(TableMethod m) {
  switch (m) {
    case TableMethod::ruled: return "ruled";
    case TableMethod::stream: return "stream";
    case TableMethod::ocr: return "ocr";
  }
  return "stream";
}

std::string_view to_string(LineRole r) {
  switch (r) {
    case LineRole::body: return "body";
    case LineRole::header: return "header";
    case LineRole::footer: return "footer";
    case LineRole::page_number: return "page_number";
  }
  return "body";
}

}  // namespace agendapack
