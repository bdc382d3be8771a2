#include "pipeline/stage.h"

namespace agendapack {

Result<void> PageStage::run(Document& doc, StageContext& ctx) {
  if (auto r = begin(doc, ctx); !r) return r;
  for (Page& page : doc.pages) {
    if (auto r = run_page(doc, page, ctx); !r) {
      Error e = r.error();
      if (e.page == 0) e.page = page.number;
      return e;
    }
  }
  return end(doc, ctx);
}

}  // namespace agendapack
