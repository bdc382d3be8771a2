/// \file Modules: shared libraries the program loads only when a document or a command needs
/// them, so that converting a born-digital file never pays their start-up. Tesseract (OCR)
/// brings some thirty libraries and libcurl with libpq (crawl, PostgreSQL catalog) some twenty
/// five: linked in, they made every process start three times slower than pdftotext's whole
/// start-up. A module's code calls back into the program's own symbols (the executables export
/// them), so a module is only ever loaded by an agendapack program.
#pragma once

#include <string>
#include <vector>

#include "pipeline/result.h"

namespace agendapack {

struct ModuleSpec {
  const char* file;        // "libagendapack_ocr.so"
  const char* env;         // "AGENDAPACK_OCR_MODULE": when set, the only place looked
  const char* build_path;  // the build tree's copy, or nullptr
  const char* symbol;      // the entry point looked up in it
  const char* what;        // "the OCR module", for messages
};

/// Where `spec`'s file is looked for, first found wins: $env when set (and nothing else), next
/// to the program, ../lib/agendapack/ beside it, the build tree, then the loader's own path.
std::vector<std::string> module_candidates(const ModuleSpec& spec);

/// The entry point of the module, loaded on first use and never unloaded (what it made lives
/// until exit). Thread-safe. The error says where it looked and why each place failed.
Result<void*> module_symbol(const ModuleSpec& spec);

}  // namespace agendapack
