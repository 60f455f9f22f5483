#pragma once
// The transfer experiment's five strategies as a picture: one row per strategy, FashionNet's
// layers left to right, each drawn as what it does in the chosen epoch (frozen, training at the
// lower backbone rate, training at the full rate from random weights, the new head). Gradual
// unfreezing's row changes as the epoch slider moves. Read off lab::transfer_plans, i.e. off a
// model configure_strategy set up: the picture is what the run does.
#include "lab/transfer.h"
#include "ui/screen.h"

namespace stride::ui {

// `epoch` (from 1) is the slider's state, kept by the caller.
void draw_transfer_plan(const lab::TransferPlans& plans, int& epoch, const ScreenContext& ctx);

}  // namespace stride::ui
