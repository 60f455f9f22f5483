// Builds a large collection and measures the collection's hot paths:
//   stride_store_bench DB [CARDS]   (default 100000 cards)
// Prints: time to generate, time to open + first queue query, answer() latency
// (median, p95, max over 300 reviews, each a committed FULL-sync transaction).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "content/note_spec.h"
#include "content/rich_text.h"
#include "store/collection.h"

using namespace stride;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::vector<content::NoteSpec> synthetic_notes(int n) {
  std::vector<content::NoteSpec> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    content::NoteSpec s;
    s.id = "bench-" + std::to_string(i);
    s.deck = "Bench::Deck " + std::to_string(i % 20);
    s.front = "Question number " + std::to_string(i) + ": what is $W_2 = \\frac{W_1 - F + 2P}{S} + 1$?";
    s.back = "Answer number " + std::to_string(i);
    s.tags = {"bench"};
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [CARDS]\n", argv[0]);
    return 2;
  }
  const int n = argc > 2 ? std::stoi(argv[2]) : 100000;
  const int64_t t0_ms = 1'767'225'600'000;  // 2026-01-01
  auto t = Clock::now();
  {
    auto col = store::Collection::open(argv[1]);
    col.import_notes(synthetic_notes(n), t0_ms);
    // Give a tenth of the cards a review history (spread over 30 days) so the
    // review and learning queries have work; default daily limits stay.
    for (int i = 1; i <= n / 10; ++i) {
      if (i % 1000 == 0) std::fprintf(stderr, "\rreviews %d/%d", i, n / 10);
      col.answer(i, srs::Rating::Good, t0_ms + (i % 30) * 86'400'000LL, 1000);
    }
    std::fprintf(stderr, "\n");
  }
  std::printf("generate %d cards: %.0f ms\n", n, ms_since(t));

  const int64_t t_study = t0_ms + 40 * 86'400'000LL;  // ten days after the last generated review
  t = Clock::now();
  auto col = store::Collection::open(argv[1]);
  auto decks = col.decks(t_study);
  auto first = col.next_card(std::nullopt, t_study);
  std::printf("open + deck counts + first card: %.1f ms (%zu decks)\n", ms_since(t), decks.size());

  std::vector<double> lat;
  int64_t now = t_study;
  for (int i = 0; i < 300; ++i, now += 1000) {
    auto c = col.next_card(std::nullopt, now);
    if (!c) break;
    auto a = Clock::now();
    col.answer(c->id, srs::Rating::Good, now, 1000);
    lat.push_back(ms_since(a));
  }
  std::sort(lat.begin(), lat.end());
  if (!lat.empty())
    std::printf("answer() commit latency over %zu reviews: median %.2f ms, p95 %.2f ms, max %.2f ms\n", lat.size(),
                lat[lat.size() / 2], lat[lat.size() * 95 / 100], lat.back());
  t = Clock::now();
  for (int i = 0; i < 100; ++i) (void)col.next_card(std::nullopt, now);
  std::printf("next_card() on %d cards: %.2f ms each\n", n, ms_since(t) / 100);
  // What the Review screen reads after each answer: every deck's counts, today's figures, the card.
  t = Clock::now();
  for (int i = 0; i < 20; ++i) (void)col.decks(now);
  std::printf("decks() (every deck's counts): %.1f ms each\n", ms_since(t) / 20);
  t = Clock::now();
  for (int i = 0; i < 20; ++i) (void)col.today(std::nullopt, now);
  std::printf("today(): %.1f ms each\n", ms_since(t) / 20);

  // Browse: what one search costs: the query, then the plain text of each front the table shows
  // (ui/widgets/card_table's make_card_rows does that per row).
  for (const char* query : {"", "number 99", "is:due", "deck:Bench::Deck*3"}) {
    t = Clock::now();
    const auto rows = col.search_cards(store::parse_card_query(query), now);
    const double query_ms = ms_since(t);
    t = Clock::now();
    std::size_t chars = 0;
    for (const auto& r : rows) chars += content::to_plain_text(r.card.front).size();
    std::printf("browse search \"%s\": %zu cards, query %.0f ms, plain text %.0f ms (%zu chars)\n", query, rows.size(),
                query_ms, ms_since(t), chars);
  }
  (void)first;
  return 0;
}
