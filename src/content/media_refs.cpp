#include "content/media_refs.h"

namespace stride::content {

namespace {

struct Found {
  MediaRef ref;
  std::size_t begin, end;  // [begin, end) of "[image:…]" in the text
};

std::vector<Found> find_refs(std::string_view text) {
  std::vector<Found> out;
  for (std::size_t p = 0; (p = text.find('[', p)) != std::string_view::npos; ++p) {
    MediaRef::Kind kind;
    if (text.substr(p, 7) == "[image:")
      kind = MediaRef::Kind::image;
    else if (text.substr(p, 7) == "[sound:")
      kind = MediaRef::Kind::sound;
    else
      continue;
    const std::size_t end = text.find(']', p + 7);
    if (end == std::string_view::npos) break;
    std::string name;
    for (std::size_t i = p + 7; i < end; ++i) {
      if (text[i] == '\\' && i + 1 < end) ++i;
      name += text[i];
    }
    out.push_back({{kind, std::move(name)}, p, end + 1});
    p = end;
  }
  return out;
}

}  // namespace

std::vector<MediaRef> media_refs(std::string_view text) {
  std::vector<MediaRef> out;
  for (Found& f : find_refs(text)) out.push_back(std::move(f.ref));
  return out;
}

std::string without_images(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  for (const Found& f : find_refs(text)) {
    if (f.ref.kind != MediaRef::Kind::image) continue;
    out.append(text.substr(at, f.begin - at));
    at = f.end;
    // "see [image:a.png] here" → "see here", not "see  here"
    if (!out.empty() && out.back() == ' ' && at < text.size() && text[at] == ' ') ++at;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace stride::content
