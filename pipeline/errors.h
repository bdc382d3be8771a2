/// \file The stable error codes of error records (README, "Error codes"). Tests assert them
/// verbatim; never rename one.
#pragma once

namespace agendapack::codes {

inline constexpr const char* kNotAFile = "NOT_A_FILE";            // a directory, fifo, device
inline constexpr const char* kFileUnreadable = "FILE_UNREADABLE";  // missing, no permission
inline constexpr const char* kNotAPdf = "NOT_A_PDF";               // no %PDF- header, empty
inline constexpr const char* kPdfUnreadable = "PDF_UNREADABLE";    // Poppler could not parse it
inline constexpr const char* kPdfEncrypted = "PDF_ENCRYPTED";      // locked, no or wrong password
inline constexpr const char* kPdfNoPages = "PDF_NO_PAGES";
inline constexpr const char* kTooManyPages = "PDF_TOO_MANY_PAGES";
inline constexpr const char* kFileTooLarge = "FILE_TOO_LARGE";
inline constexpr const char* kPageTooLarge = "PAGE_TOO_LARGE";
inline constexpr const char* kTimeout = "TIMEOUT";
inline constexpr const char* kMemoryLimit = "MEMORY_LIMIT";
inline constexpr const char* kWorkerCrashed = "WORKER_CRASHED";
inline constexpr const char* kSchemaViolation = "SCHEMA_VIOLATION";
inline constexpr const char* kStageFailed = "STAGE_FAILED";        // an exception escaped a stage
inline constexpr const char* kOcrUnavailable = "OCR_UNAVAILABLE";  // tessdata missing

}  // namespace agendapack::codes
