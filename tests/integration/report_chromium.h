/// \file Opens a report in headless Chromium (Debian's `chromium`; as root it needs
/// --no-sandbox): a screenshot, the DOM after load, and the browser's log, so tests can check
/// the page renders, shows the figures and logs no errors. A missing browser fails the test.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/unit/test_util.h"

namespace agendapack::test {

struct BrowserResult {
  bool ran = false;
  std::string dom, log;
};

inline std::string chromium_binary() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (std::filesystem::exists(p)) return p;
  return "";
}

inline BrowserResult open_in_chromium(const std::filesystem::path& html,
                                      const std::filesystem::path& screenshot,
                                      const std::filesystem::path& work) {
  BrowserResult r;
  std::string bin = chromium_binary();
  if (bin.empty()) return r;
  std::filesystem::create_directories(work / "profile-a");
  std::filesystem::create_directories(work / "profile-b");
  std::string common =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --disable-dev-shm-usage --hide-scrollbars --enable-logging=stderr --v=0";
  std::string url = "file://" + std::filesystem::absolute(html).string();
  std::string shot = bin + common + " --user-data-dir=" + (work / "profile-a").string() +
                     " --screenshot=" + screenshot.string() + " --window-size=1200,2000 '" + url +
                     "' >" + (work / "shot.out").string() + " 2>" + (work / "shot.err").string();
  std::string dom = bin + common + " --user-data-dir=" + (work / "profile-b").string() +
                    " --dump-dom '" + url + "' >" + (work / "dom.html").string() + " 2>" +
                    (work / "dom.err").string();
  int a = std::system(shot.c_str());
  int b = std::system(dom.c_str());
  r.ran = a == 0 && b == 0;
  r.dom = read_file(work / "dom.html");
  r.log = read_file(work / "shot.err") + read_file(work / "dom.err");
  return r;
}

/// Lines of the browser log that report a page error.
inline std::string page_errors(const std::string& log) {
  std::string out;
  size_t pos = 0;
  while (pos < log.size()) {
    size_t eol = log.find('\n', pos);
    if (eol == std::string::npos) eol = log.size();
    std::string line = log.substr(pos, eol - pos);
    if (line.find("Uncaught") != std::string::npos ||
        line.find("ERROR:CONSOLE") != std::string::npos ||
        line.find("Failed to load resource") != std::string::npos ||
        line.find("Refused to") != std::string::npos)
      out += line + "\n";
    pos = eol + 1;
  }
  return out;
}

}  // namespace agendapack::test
