#pragma once
// Answering the Quiz screen's current question as a learner would, for the GUI tests.
#include <doctest/doctest.h>

#include <string>

#include "gui/gui_support.h"
#include "ui/keys.h"
#include "ui/screens/quiz_screen.h"

namespace stride::test {

// Answers the current question: `right` picks the correct option, types the answer, or ticks every
// key point; otherwise the first wrong option, a wrong number, or no point.
inline void answer(ui::OffscreenApp& offscreen, ui::QuizScreen& screen, bool right) {
  const quiz::QuizItem& it = *screen.item();
  switch (it.format) {
    case quiz::AnswerFormat::choice: {
      std::size_t shown = 0;
      for (std::size_t i = 0; i < it.option_order.size(); ++i)
        if (it.bank->options[it.option_order[i]].correct == right) shown = i;
      offscreen.press(ui::keys::digit(static_cast<int>(shown) + 1));
      break;
    }
    case quiz::AnswerFormat::free:
      offscreen.press(ui::keys::space);  // reveal the model answer
      for (std::size_t i = 0; i < it.bank->key_points.size(); ++i) screen.tick(i, right);
      break;
    case quiz::AnswerFormat::numeric: {
      std::string typed;
      const auto& a = it.generated->answer;
      if (!right) {
        typed = "-1";
      } else if (a.is_array()) {
        for (const auto& row : a) {
          if (row.is_array()) {
            for (const auto& v : row) typed += v.dump() + " ";
            typed += ";";
          } else {
            typed += row.dump() + " ";
          }
        }
      } else {
        typed = a.dump();
      }
      // Typed into the answer field, which has the keyboard as soon as the question shows.
      offscreen.render(2);  // the focus request takes a frame to land
      ui::FrameInput keys;
      keys.text = typed;
      offscreen.render(1, &keys);
      CHECK(screen.typed() == typed);
      break;
    }
  }
  offscreen.render(1);
  offscreen.press(ui::keys::enter);
  offscreen.render(1);
}


}  // namespace stride::test
