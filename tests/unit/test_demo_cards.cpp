// Collection::cards_with_demo: the cards a Lab demo lists.
#include <doctest/doctest.h>

#include <set>

#include "store/collection.h"
#include "support/notes.h"
#include "support/temp_dir.h"

using namespace stride;

TEST_CASE("cards_with_demo: by name with or without parameters, one card per note, suspended ones left out") {
  test::TempDir dir;
  auto collection = store::Collection::open(dir / "c.sqlite");
  auto with_demo = [](const std::string& id, const std::string& demo, bool reverse = false) {
    content::NoteSpec n = test::note(id, "Demos", reverse);
    n.demo = demo;
    return n;
  };
  collection.upsert_builtin({with_demo("a", "conv2d"), with_demo("b", "conv2d stride=2", true),
                             with_demo("c", "conv2dx"), with_demo("d", "output_size"), with_demo("e", "pooling"),
                             with_demo("f", "")},
                            0);
  auto ids = [&](const std::vector<std::string>& names) {
    std::set<std::string> out;
    for (const store::Card& card : collection.cards_with_demo(names)) out.insert(card.uid);
    return out;
  };
  CHECK(ids({"conv2d"}) == std::set<std::string>{"a", "b"});  // not b's reverse card, not "conv2dx"
  CHECK(ids({"conv2d", "output_size"}) == std::set<std::string>{"a", "b", "d"});
  CHECK(ids({"pooling"}) == std::set<std::string>{"e"});
  CHECK(ids({"batchnorm"}).empty());
  // A note removed from the built-in content is suspended, and no longer listed.
  collection.upsert_builtin({with_demo("b", "conv2d stride=2", true)}, 1);
  CHECK(ids({"conv2d"}) == std::set<std::string>{"b"});
}
