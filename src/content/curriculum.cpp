#include "content/curriculum.h"

#include <algorithm>

namespace stride::content {

const std::vector<std::string>& curriculum_decks() {
  static const std::vector<std::string> decks = {
      "CNN::Convolution",
      "CNN::Pooling",
      "CNN::Fully connected and GAP",
      "CNN::Batch normalisation",
      "CNN::Kernels and 1x1 convolutions",
      "CNN::Training deep networks",
      "CNN::Architectures",
      "CNN::Transfer learning",
      "CNN::Pruning",
      "CNN::Semi-supervised and multi-task",
      "CNN::Hyperparameter tuning",
  };
  return decks;
}

std::size_t curriculum_rank(std::string_view deck) {
  const auto& decks = curriculum_decks();
  const auto it = std::find(decks.begin(), decks.end(), deck);
  return static_cast<std::size_t>(it - decks.begin());  // decks.size() when absent: last
}

void sort_by_curriculum(std::vector<NoteSpec>& notes) {
  std::stable_sort(notes.begin(), notes.end(), [](const NoteSpec& a, const NoteSpec& b) {
    return curriculum_rank(a.deck) < curriculum_rank(b.deck);
  });
}

}  // namespace stride::content
