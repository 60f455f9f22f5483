#pragma once
// A small grey canvas the learner draws on with the mouse (left button paints, right button
// erases, with a soft round brush), shown enlarged through a tensor view: the explorer's "draw
// your own input", which FashionNet classifies as it is drawn.
#include <vector>

#include "demos/picture.h"
#include "ui/screen.h"
#include "ui/widgets/tensor_view.h"

namespace stride::ui {

class DrawCanvas {
 public:
  explicit DrawCanvas(int size = 28);

  // Draws it `pixels` wide; returns true when a stroke changed it this frame.
  bool draw(const char* id, float pixels, const ScreenContext& ctx);
  void clear();
  // Paints (or, with erase, clears) a brush dab centred at (x, y) in canvas cells.
  void dab(float x, float y, bool erase);
  demos::Picture picture() const;  // one grey plane, values in [0, 1]
  bool empty() const;

 private:
  int size_;
  std::vector<float> values_;
  TensorView view_;
  bool dirty_ = true;
};

}  // namespace stride::ui
