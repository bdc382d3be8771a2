/// \file People in the facts database: names as printed ("Cllr M Tett", "Mr Martin Tett",
/// "Councillor Tett (Chairman)") normalised to one `people` row per person and authority.
/// Honorifics, post-nominals and surname particles are words from config/vocab/ (meeting.json's
/// lists, plus people.json), never code. Resolution is conservative: an initial joins the one
/// full name it can stand for, a bare surname the one person of that surname; where two could
/// match, the name keeps a row of its own rather than being given to the wrong person.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/export/sqlite_db.h"

namespace agendapack::facts {

struct NameVocab {
  std::vector<std::vector<std::string>> honorifics;  // lower case, split in words, longest first
  std::set<std::string> suffixes;                    // post-nominals: mbe, obe, jp ...
  std::set<std::string> particles;                   // van, de, le ...: part of the surname
  std::map<std::string, std::string> title_class;    // honorific -> "male" | "female"
  std::vector<std::string> cut_at;                   // ", ", " - ": a role follows
  static NameVocab from(const Config& config);
};

/// A printed name taken apart. `surname` is empty when nothing name-like is left.
struct ParsedName {
  std::string printed;
  std::vector<std::string> honorifics;  // lower case, as matched
  std::string forename;                 // the first given name when printed in full
  std::string initials;                 // upper-case letters of every given name
  std::string surname;                  // as printed (title case if printed in capitals)
  std::string title_class;              // "male", "female" or ""
  /// surname|forename, surname|initial or surname|, lower case.
  std::string key() const;
  std::string display() const;
};

ParsedName parse_name(const std::string& printed, const NameVocab& vocab);

/// Finds or creates the person a printed name stands for, per authority. Keeps the people of
/// the authorities it has seen in memory; writes new people, upgrades ("M Tett" -> "Martin
/// Tett" once the full name is printed) and merges to the database as it goes.
class People {
 public:
  People(Db& db, const NameVocab& vocab) : db_(db), vocab_(vocab) {}
  /// The person_id, or nullopt when the name holds no surname.
  Result<std::optional<int64_t>> resolve(const std::string& authority, const std::string& printed);
  /// Deletes those of `ids` no row refers to any more (their documents were replaced).
  Result<int> prune(const std::set<int64_t>& ids);
  int created() const { return created_; }
  int merged() const { return merged_; }

 private:
  struct Person {
    int64_t id = 0;
    std::string surname, forename, initials, title_class;
    std::set<std::string> printed;
  };
  struct Authority {
    std::map<int64_t, Person> people;
    std::multimap<std::string, int64_t> by_surname;  // lower-case surname -> ids
  };
  Result<Authority*> load(const std::string& authority);
  Result<void> save(const std::string& authority, Person& p, bool is_new);
  Result<void> merge(Authority& a, int64_t from, int64_t into);
  Db& db_;
  const NameVocab& vocab_;
  std::map<std::string, Authority> cache_;
  int created_ = 0, merged_ = 0;
};

/// Columns that refer to people: {table, column}. Used by merges and by prune.
const std::vector<std::pair<std::string, std::string>>& person_columns();

}  // namespace agendapack::facts
