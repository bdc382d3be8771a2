#include "pipeline/crawl/html.h"

#include <cctype>
#include <cstdlib>

namespace agendapack::crawl {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequal_at(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t idx = 0; idx < word.size(); ++idx)
    if (lower(s[pos + idx]) != lower(word[idx])) return false;
  return true;
}

size_t ifind(std::string_view s, std::string_view word, size_t from) {
  for (size_t pos = from; pos + word.size() <= s.size(); ++pos)
    if (iequal_at(s, pos, word)) return pos;
  return std::string_view::npos;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

/// The value of attribute `name` inside one tag's text ("a href='x' class=y"), or nullopt.
bool attribute(std::string_view tag, std::string_view name, std::string& value) {
  size_t pos = 0;
  while ((pos = ifind(tag, name, pos)) != std::string_view::npos) {
    bool starts = pos > 0 && (std::isspace(static_cast<unsigned char>(tag[pos - 1])));
    size_t p = pos + name.size();
    while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
    if (!starts || p >= tag.size() || tag[p] != '=') {
      pos += name.size();
      continue;
    }
    ++p;
    while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
    if (p < tag.size() && (tag[p] == '"' || tag[p] == '\'')) {
      char q = tag[p];
      size_t end = tag.find(q, p + 1);
      if (end == std::string_view::npos) end = tag.size();
      value = decode_entities(tag.substr(p + 1, end - p - 1));
    } else {
      size_t end = p;
      while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) &&
             tag[end] != '>')
        ++end;
      value = decode_entities(tag.substr(p, end - p));
    }
    return true;
  }
  return false;
}

}  // namespace

std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size(); ++pos) {
    if (s[pos] != '&') {
      out += s[pos];
      continue;
    }
    size_t semi = s.find(';', pos);
    if (semi == std::string_view::npos || semi - pos > 10) {
      out += '&';
      continue;
    }
    std::string name(s.substr(pos + 1, semi - pos - 1));
    if (!name.empty() && name[0] == '#') {
      unsigned long cp = (name.size() > 1 && (name[1] == 'x' || name[1] == 'X'))
                             ? std::strtoul(name.c_str() + 2, nullptr, 16)
                             : std::strtoul(name.c_str() + 1, nullptr, 10);
      append_utf8(out, cp);
    } else if (name == "amp") out += '&';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "quot") out += '"';
    else if (name == "apos") out += '\'';
    else if (name == "nbsp") out += ' ';
    else {
      out += '&';
      continue;
    }
    pos = semi;
  }
  return out;
}

std::string strip_tags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    else if (c == '>' && in_tag) {
      in_tag = false;
      out += ' ';
    } else if (!in_tag) out += c;
  }
  return collapse(decode_entities(out));
}

std::vector<Link> extract_links(std::string_view html) {
  std::vector<Link> out;
  size_t pos = 0;
  while ((pos = ifind(html, "<a", pos)) != std::string_view::npos) {
    size_t after = pos + 2;
    if (after >= html.size() || !std::isspace(static_cast<unsigned char>(html[after]))) {
      pos = after;
      continue;
    }
    size_t close = html.find('>', after);
    if (close == std::string_view::npos) break;
    std::string_view tag = html.substr(pos + 1, close - pos - 1);
    size_t end = ifind(html, "</a", close);
    // A missing </a> ends the text at the next tag that opens another link.
    size_t next_a = ifind(html, "<a ", close);
    if (end == std::string_view::npos || (next_a != std::string_view::npos && next_a < end))
      end = next_a == std::string_view::npos ? html.size() : next_a;
    Link link;
    if (attribute(tag, "href", link.href)) {
      link.text = strip_tags(html.substr(close + 1, end - close - 1));
      out.push_back(std::move(link));
    }
    pos = close + 1;
  }
  return out;
}

std::string html_title(std::string_view html) {
  size_t open = ifind(html, "<title", 0);
  if (open == std::string_view::npos) return "";
  size_t close = html.find('>', open);
  size_t end = ifind(html, "</title", close == std::string_view::npos ? open : close);
  if (close == std::string_view::npos || end == std::string_view::npos) return "";
  return strip_tags(html.substr(close + 1, end - close - 1));
}

std::vector<std::string> xml_elements(std::string_view xml, std::string_view tag) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = xml.find('<', pos)) != std::string_view::npos) {
    size_t name_begin = pos + 1;
    size_t name_end = name_begin;
    while (name_end < xml.size() && !std::isspace(static_cast<unsigned char>(xml[name_end])) &&
           xml[name_end] != '>' && xml[name_end] != '/')
      ++name_end;
    std::string_view name = xml.substr(name_begin, name_end - name_begin);
    size_t colon = name.find(':');
    std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
    size_t close = xml.find('>', name_end);
    if (close == std::string_view::npos) break;
    if (local.size() != tag.size() || !iequal_at(local, 0, tag) || xml[close - 1] == '/') {
      pos = close;
      continue;
    }
    // The matching close tag, counting nested ones of the same name.
    int depth = 1;
    size_t scan = close + 1, inner_end = xml.size();
    while (depth > 0) {
      size_t lt = xml.find('<', scan);
      if (lt == std::string_view::npos) break;
      bool closing = lt + 1 < xml.size() && xml[lt + 1] == '/';
      size_t nb = lt + (closing ? 2 : 1), ne = nb;
      while (ne < xml.size() && !std::isspace(static_cast<unsigned char>(xml[ne])) &&
             xml[ne] != '>' && xml[ne] != '/')
        ++ne;
      std::string_view n2 = xml.substr(nb, ne - nb);
      size_t c2 = n2.find(':');
      std::string_view l2 = c2 == std::string_view::npos ? n2 : n2.substr(c2 + 1);
      size_t gt = xml.find('>', ne);
      if (gt == std::string_view::npos) break;
      if (l2.size() == tag.size() && iequal_at(l2, 0, tag) && xml[gt - 1] != '/') {
        depth += closing ? -1 : 1;
        if (depth == 0) inner_end = lt;
      }
      scan = gt + 1;
    }
    std::string_view inner = xml.substr(close + 1, inner_end - close - 1);
    if (inner.rfind("<![CDATA[", 0) == 0 && inner.size() >= 12)
      out.emplace_back(inner.substr(9, inner.size() - 12));
    else
      out.push_back(std::string(inner));
    pos = close + 1;
  }
  return out;
}

std::string xml_first(std::string_view xml, std::string_view tag) {
  auto all = xml_elements(xml, tag);
  if (all.empty()) return "";
  return collapse(decode_entities(all.front()));
}

}  // namespace agendapack::crawl
