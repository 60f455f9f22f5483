#include "ui/widgets/card_pictures.h"

#include <imgui.h>
#include <stb_image.h>  // implementation from Debian's libstb (TOOLCHAIN.md)

#include <algorithm>

#include "content/media_refs.h"
#include "ui/item_rects.h"

namespace stride::ui {

const CardPictures::Picture& CardPictures::load(const std::filesystem::path& file) {
  const std::string key = file.string();
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  Picture p;
  int w = 0, h = 0, n = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> rgba(stbi_load(key.c_str(), &w, &h, &n, 4), stbi_image_free);
  if (!rgba) {
    std::error_code ec;  // a name too long for the file system, or no permission: never a throw mid-frame
    p.error = std::filesystem::exists(file, ec) ? "cannot read" : "missing";
  } else {
    p.texture = std::make_unique<gfx::Texture2D>(w, h, gfx::TextureFormat::RGBA8, gfx::Filter::Linear);
    p.texture->upload(rgba.get());
    p.width = w;
    p.height = h;
  }
  return cache_.emplace(key, std::move(p)).first->second;
}

void CardPictures::draw(const std::string& text, const std::filesystem::path& media_dir, float width, float max_height,
                        bool centred, const ScreenContext& ctx) {
  const float x0 = ImGui::GetCursorPosX();
  for (const content::MediaRef& ref : content::media_refs(text)) {
    if (ref.kind != content::MediaRef::Kind::image) continue;
    // A name with a path in it never leaves the media folder (the importer refuses such names too).
    const bool plain_name = ref.name.find('/') == std::string::npos && ref.name.find('\\') == std::string::npos &&
                            ref.name != ".." && !ref.name.empty();
    static const Picture not_a_name{nullptr, 0, 0, "not a file name"};
    const Picture& p = plain_name ? load(media_dir / ref.name) : not_a_name;
    ImGui::Dummy(ImVec2(0, ctx.fonts.px(6)));
    if (p.texture) {
      const float scale = std::min({1.0f * ctx.fonts.scale(), width / p.width, max_height / p.height});
      const ImVec2 size(p.width * scale, p.height * scale);
      ImGui::SetCursorPosX(x0 + (centred ? (width - size.x) / 2 : 0));
      ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(p.texture->name())), size);
      note_item("card_image:" + ref.name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%d\xC3\x97%d)", ref.name.c_str(), p.width, p.height);
      continue;
    }
    // Placeholder: a framed box with the picture's name and why it is not shown.
    const std::string label = "picture " + ref.name + ": " + p.error;
    const ImVec2 text_size = ImGui::CalcTextSize(label.c_str());
    const ImVec2 size(std::min(width, text_size.x + ctx.fonts.px(24)), text_size.y + ctx.fonts.px(16));
    ImGui::SetCursorPosX(x0 + (centred ? (width - size.x) / 2 : 0));
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    note_item("card_image_missing:" + ref.name);
    ImDrawList& dl = *ImGui::GetWindowDrawList();
    dl.AddRect(a, ImVec2(a.x + size.x, a.y + size.y), ctx.palette.separator, 4, 0, 1.5f);
    dl.AddText(ImVec2(a.x + ctx.fonts.px(12), a.y + ctx.fonts.px(8)), ctx.palette.dim_text, label.c_str());
  }
}

}  // namespace stride::ui
