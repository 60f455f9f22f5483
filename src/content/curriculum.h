#pragma once
// The order in which a new learner meets the built-in deck's topics: what a convolution is before
// the architectures built from it. New cards are introduced in this order (a card's queue position
// follows the order notes are first added), each topic's notes in the order written (definitions
// before consequences).
#include <string>
#include <string_view>
#include <vector>

#include "content/note_spec.h"

namespace stride::content {

// The built-in sub-decks, in curriculum order.
const std::vector<std::string>& curriculum_decks();

// A deck's place in the curriculum; decks outside it come after every one in it.
std::size_t curriculum_rank(std::string_view deck);

// Orders notes by their deck's curriculum rank, keeping the written order within a deck.
void sort_by_curriculum(std::vector<NoteSpec>& notes);

}  // namespace stride::content
