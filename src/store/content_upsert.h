#pragma once
// Writing notes from content/ or an import into the collection, keyed by stable
// ids so edited text keeps its review history.
#include <string>
#include <vector>

#include "store/collection.h"
#include "store/database.h"

namespace stride::store {

// Id of the deck `name`, creating it and its "::" ancestors when missing.
int64_t ensure_deck(Database& db, const std::string& name, int64_t now_ms);

// One transaction: every note and its cards are inserted or updated by id.
// With `suspend_missing`, cards of `source` notes absent from `notes` are
// suspended (marked as removed, so they revive if the content returns).
UpsertReport upsert_notes(Database& db, const std::vector<content::NoteSpec>& notes, const std::string& source,
                          bool suspend_missing, int64_t now_ms);

}  // namespace stride::store
