#include "content/anki_package.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "content/anki_collection.h"
#include "content/anki_schedule.h"
#include "content/demo_line.h"
#include "content/formula.h"
#include "content/html_to_text.h"
#include "content/import_file.h"
#include "content/protobuf_reader.h"
#include "content/zip_archive.h"
#include "content/zstd_codec.h"

namespace stride::content {

namespace {

// PackageMetadata.Version in Anki's import_export.proto.
enum class Layout { Legacy1 = 1, Legacy2 = 2, Latest = 3 };

const char* collection_member(Layout l) {
  return l == Layout::Latest ? "collection.anki21b" : l == Layout::Legacy2 ? "collection.anki21" : "collection.anki2";
}

Layout detect_layout(const ZipReader& zip) {
  if (zip.has("meta")) {
    // PackageMetadata { Version version = 1; }
    uint64_t version = 0;
    try {
      const std::string meta = zip.read("meta", 4096);
      ProtoReader r(meta);
      for (ProtoField f; r.next(f);)
        if (f.number == 1 && f.wire == 0) version = f.value;
    } catch (const std::runtime_error& e) {
      throw ContentError(zip.file(), 0, std::string("the 'meta' member is malformed: ") + e.what());
    }
    if (version < 1 || version > 3)
      throw ContentError(zip.file(), 0, "unknown package version " + std::to_string(version) +
                                            " (made by a newer Anki? Stride reads versions 1 to 3)");
    return static_cast<Layout>(version);
  }
  if (zip.has("collection.anki21")) return Layout::Legacy2;
  if (zip.has("collection.anki2")) return Layout::Legacy1;
  throw ContentError(zip.file(), 0, "not an Anki package (no collection.anki2, collection.anki21 or meta member)");
}

std::string read_collection(const ZipReader& zip, Layout layout, const AnkiLimits& limits) {
  const char* member = collection_member(layout);
  if (!zip.has(member)) throw ContentError(zip.file(), 0, std::string("the package has no ") + member);
  std::string bytes = zip.read(member, limits.collection_bytes);
  if (layout != Layout::Latest) return bytes;
  try {
    return zstd_decompress(bytes, limits.collection_bytes);
  } catch (const std::runtime_error& e) {
    throw ContentError(zip.file(), 0, std::string(member) + ": " + e.what());
  }
}

struct MediaEntry {
  std::string member, name;
};

// Legacy: JSON {"0": "name.jpg", ...}. Latest: zstd-compressed protobuf
// MediaEntries { repeated MediaEntry entries = 1; } with MediaEntry { string name = 1;
// uint32 size = 2; bytes sha1 = 3; optional uint32 legacy_zip_filename = 255; }, where the
// member of entry i is named "i" unless legacy_zip_filename says otherwise.
std::vector<MediaEntry> read_media_list(const ZipReader& zip, Layout layout) {
  std::vector<MediaEntry> out;
  if (!zip.has("media")) return out;
  const std::string raw = zip.read("media", 64u << 20);
  try {
    if (layout != Layout::Latest) {
      if (raw.empty()) return out;
      const auto map = nlohmann::json::parse(raw);
      for (auto it = map.begin(); it != map.end(); ++it) out.push_back({it.key(), it.value().get<std::string>()});
      return out;
    }
    const std::string list = zstd_decompress(raw, 64u << 20);
    ProtoReader r(list);
    for (ProtoField f; r.next(f);) {
      if (f.number != 1 || f.wire != 2) continue;
      MediaEntry e{std::to_string(out.size()), ""};
      ProtoReader er(f.bytes);
      for (ProtoField g; er.next(g);) {
        if (g.number == 1 && g.wire == 2) e.name = std::string(g.bytes);
        if (g.number == 255 && g.wire == 0) e.member = std::to_string(g.value);
      }
      out.push_back(std::move(e));
    }
  } catch (const std::exception& e) {
    throw ContentError(zip.file(), 0, std::string("the media list is malformed: ") + e.what());
  }
  return out;
}

std::vector<PackageMedia> check_media(const std::shared_ptr<ZipReader>& zip, Layout layout, const AnkiLimits& limits) {
  std::vector<PackageMedia> out;
  std::set<std::string> names;
  const std::vector<MediaEntry> entries = read_media_list(*zip, layout);
  if (entries.size() > limits.media_files)
    throw ContentError(zip->file(), 0, "the package lists " + std::to_string(entries.size()) + " media files (the limit is " +
                                           std::to_string(limits.media_files) + ")");
  for (const MediaEntry& e : entries) {
    if (!safe_media_name(e.name))
      throw ContentError(zip->file(), 0, "unsafe media file name '" + e.name.substr(0, 80) +
                                             "' (a path or a name that could escape the media folder)");
    if (!names.insert(e.name).second) throw ContentError(zip->file(), 0, "media file '" + e.name + "' is listed twice");
    auto size = zip->size_of(e.member);
    if (!size) throw ContentError(zip->file(), 0, "media file '" + e.name + "' is listed but missing from the archive");
    if (*size > limits.media_bytes)
      throw ContentError(zip->file(), 0, "media file '" + e.name + "' is too large (" + std::to_string(*size) + " bytes)");
    const bool zstd = layout == Layout::Latest;
    const uint64_t cap = limits.media_bytes;
    out.push_back({e.name, *size, [zip, member = e.member, name = e.name, zstd, cap] {
                     std::string bytes = zip->read(member, cap);
                     if (!zstd) return bytes;
                     try {
                       return zstd_decompress(bytes, cap);
                     } catch (const std::runtime_error& err) {
                       throw ContentError(zip->file(), 0, "media file '" + name + "': " + err.what());
                     }
                   }});
  }
  return out;
}

// Moves a "stride_demo::NAME[::key=value…]" tag (how an exported demo link travels) into
// note.demo; a tag that is not a valid demo line stays an ordinary tag.
void take_demo_tag(PackageNote& note) {
  const std::string_view prefix = kDemoTagPrefix;
  for (auto it = note.tags.begin(); it != note.tags.end(); ++it) {
    if (!std::string_view(*it).starts_with(prefix)) continue;
    const std::optional<std::string> demo = demo_from_tag_suffix(std::string_view(*it).substr(prefix.size()));
    if (!demo) continue;
    note.demo = *demo;
    note.tags.erase(it);
    return;
  }
}

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; in >> t;)
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

// "A :: B" -> "A::B", empty parts dropped, as the deck parser normalises names.
std::string normalise_deck(const std::string& name) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t sep = name.find("::", start);
    std::string part = name.substr(start, sep == std::string::npos ? sep : sep - start);
    const auto b = part.find_first_not_of(" \t"), e = part.find_last_not_of(" \t");
    if (b != std::string::npos) out += (out.empty() ? "" : "::") + part.substr(b, e - b + 1);
    if (sep == std::string::npos) break;
    start = sep + 2;
  }
  return out.empty() ? "Default" : out;
}

class PackageBuilder {
 public:
  PackageBuilder(const AnkiCollection& c, const std::optional<std::string>& deck) : col_(c), deck_(deck) {}

  void build(Package& p) {
    std::map<int64_t, std::size_t> note_index;
    for (const AnkiNote& n : col_.notes) note_index[n.id] = note_index.size();
    std::vector<std::vector<const AnkiCard*>> cards_of(col_.notes.size());
    for (const AnkiCard& k : col_.cards)
      if (auto it = note_index.find(k.note_id); it != note_index.end()) cards_of[it->second].push_back(&k);
    std::set<std::string> guids;
    for (std::size_t i = 0; i < col_.notes.size(); ++i) {
      const AnkiNote& n = col_.notes[i];
      if (!guids.insert(n.guid).second)
        throw ContentError(p.file, 0, "two notes share the guid '" + n.guid + "'");
      if (cards_of[i].empty()) continue;  // a note without cards shows nothing
      p.notes.push_back(note(n, cards_of[i], p));
    }
  }

 private:
  const AnkiCollection& col_;
  const std::optional<std::string>& deck_;

  std::span<const AnkiReview> log_of(int64_t card_id) const {
    auto lo = std::lower_bound(col_.reviews.begin(), col_.reviews.end(), card_id,
                               [](const AnkiReview& r, int64_t id) { return r.card_id < id; });
    auto hi = lo;
    while (hi != col_.reviews.end() && hi->card_id == card_id) ++hi;
    return {lo, hi};
  }

  PackageNote note(const AnkiNote& n, const std::vector<const AnkiCard*>& cards, Package& p) const {
    auto type = col_.note_types.find(n.type_id);
    if (type == col_.note_types.end())
      throw ContentError(p.file, 0, "note " + std::to_string(n.id) + " uses a note type the package does not define");
    PackageNote out;
    out.guid = n.guid;
    out.modified_ms = n.modified_s * 1000;
    out.tags = split_tags(n.tags);
    take_demo_tag(out);
    for (const AnkiCard* k : cards) {
      auto d = col_.decks.find(k->deck_id);
      const std::string deck = normalise_deck(deck_ ? *deck_ : d == col_.decks.end() ? "Default" : d->second);
      RenderedCard html = render_card(type->second, n.fields, k->ord, RenderContext{deck});
      PackageCard c;
      c.uid = anki_card_uid(n.guid, k->ord, type->second.cloze);
      c.ord = k->ord;
      c.deck = deck;
      c.front = html_to_rich_text(html.question);
      c.back = html_to_rich_text(html.answer);
      if (c.front.empty()) c.front = "(empty)";
      CardSchedule s = anki_schedule(*k, log_of(k->id), col_.created_s);
      c.mem = s.mem;
      c.suspended = s.suspended;
      c.reviews = std::move(s.reviews);
      p.skipped_reviews += s.skipped;
      out.cards.push_back(std::move(c));
    }
    return out;
  }
};

}  // namespace

std::string anki_card_uid(const std::string& guid, int ord, bool cloze) {
  if (ord == 0) return guid;
  if (cloze) return guid + "/c" + std::to_string(ord + 1);
  if (ord == 1) return guid + "/reverse";
  return guid + "/card" + std::to_string(ord + 1);
}

bool safe_media_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == ".." || name.front() == '.') return false;
  for (char c : name)
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return is_valid_utf8(name);
}

Package read_anki_package(const std::filesystem::path& path, const std::optional<std::string>& deck,
                          const AnkiLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw ContentError(path.string(), 0, "no such file");
  auto zip = std::make_shared<ZipReader>(path);
  const Layout layout = detect_layout(*zip);
  Package p;
  p.file = path.string();
  const AnkiCollection col = read_anki_collection(read_collection(*zip, layout, limits), p.file, limits.field_bytes);
  p.media = check_media(zip, layout, limits);
  PackageBuilder(col, deck).build(p);
  return p;
}

}  // namespace stride::content
