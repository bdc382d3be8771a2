/// \file A small, tolerant reader of the HTML and XML the crawler meets: links with their text,
/// the page title, and the text of XML elements. Not a parser: it scans for tags, so broken
/// markup costs a link, never the page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/crawl/robots.h"  // Robots, which lived here first

namespace agendapack::crawl {

struct Link {
  std::string href;  // as written, entities decoded
  std::string text;  // the anchor's text, tags dropped, spaces collapsed
};

/// Every <a href> in `html`, in order.
std::vector<Link> extract_links(std::string_view html);
/// The <title>'s text, or "".
std::string html_title(std::string_view html);
/// &amp; &lt; &gt; &quot; &#39; &#NN; &#xNN; &nbsp; decoded (to UTF-8).
std::string decode_entities(std::string_view s);
/// Text with tags removed and whitespace collapsed.
std::string strip_tags(std::string_view s);

/// The inner text of each element named `tag` (case-insensitive, namespace prefix ignored),
/// entities decoded; nested markup kept as written.
std::vector<std::string> xml_elements(std::string_view xml, std::string_view tag);
/// The first of them, trimmed, or "".
std::string xml_first(std::string_view xml, std::string_view tag);

}  // namespace agendapack::crawl
