#pragma once
// Cheaper software frames. ImGui draws every shape as triangles textured with its font atlas
// (a solid shape samples the atlas's one white pixel), and SDL's software renderer blends
// every pixel of those, even an opaque one: most of a frame's work. Most of a kiosk page's
// pixels are opaque and one colour (the background, cards, buttons, bands), and an opaque
// colour needs no blending. Such triangles are drawn here instead, by a draw callback: the
// rectangles as plain rectangle fills, the rest as untextured triangles, all unblended. The
// picture is the same (white times the colour at alpha 255, blended or not, is the colour).

#include <SDL_rect.h>
#include <imgui.h>

#include <optional>
#include <vector>

struct SDL_Renderer;
struct SDL_Texture;

namespace coi::platform {

// Splits each atlas-textured draw command of `draw_data` into runs, in the same order: the
// runs of opaque one-colour triangles on the atlas's white pixel become draw callbacks that
// fill them on `renderer`, the rest keep the atlas. Commands on other textures (pictures,
// rings) become callbacks that draw them as the backend would, handing SDL only their own
// vertices. Returns how many triangles on the atlas it took over.
// Call after ImGui::Render(), before ImGui's SDL backend renders the draw data.
int take_solid_fills(ImDrawData* draw_data, ImTextureID atlas, ImVec2 white_uv, SDL_Renderer* renderer);

// For a draw callback standing in for `cmd`: sets the clip rectangle ImGui's SDL backend would
// have set for it, and returns it; nothing when the command is clipped away entirely.
std::optional<SDL_Rect> clip_as_backend(const ImDrawCmd* cmd, SDL_Renderer* renderer);

// Whether the frame's first shape is an opaque one-colour rectangle over the whole screen, as
// every page begins with its background: then clearing the screen before drawing it would
// only write every pixel twice (8 MB at 1920x1080, in each frame shown).
bool begins_with_whole_screen(const ImDrawData& data, ImTextureID atlas, ImVec2 white_uv);

// Queues `triangles` (indices into `vtx`) on `renderer`, textured with `texture` when there is
// one, and empties the list. Only the vertices the triangles use are handed over: SDL looks at
// every vertex it is given on every call, and a draw list holds the whole page's.
void render_triangles(SDL_Renderer* renderer, SDL_Texture* texture, const ImDrawVert* vtx, std::vector<int>& triangles);

} // namespace coi::platform
