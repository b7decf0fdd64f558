#include "kiosk/platform/solid_fills.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace coi::platform {

namespace {

// One colour, fully opaque, on the white pixel: a triangle any blend mode draws the same.
bool solid(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c, ImVec2 white_uv)
{
    auto on_white = [&](const ImDrawVert& v) { return v.uv.x == white_uv.x && v.uv.y == white_uv.y; };
    return a.col == b.col && b.col == c.col && (a.col & IM_COL32_A_MASK) == IM_COL32_A_MASK && on_white(a) && on_white(b) && on_white(c);
}

// Two triangles that make an axis-aligned rectangle of one colour (ImGui's PrimRect:
// corners a, b, c and a, c, d).
bool as_rectangle(const ImDrawVert* vtx, const ImDrawIdx* idx, SDL_FRect& out)
{
    if (idx[3] != idx[0] || idx[4] != idx[2])
        return false;
    ImVec2 a = vtx[idx[0]].pos, b = vtx[idx[1]].pos, c = vtx[idx[2]].pos, d = vtx[idx[5]].pos;
    bool rectangle = (a.y == b.y && b.x == c.x && c.y == d.y && d.x == a.x) || (a.x == b.x && b.y == c.y && c.x == d.x && d.y == a.y);
    if (!rectangle || vtx[idx[0]].col != vtx[idx[5]].col)
        return false;
    out.x = std::min(a.x, c.x);
    out.y = std::min(a.y, c.y);
    out.w = std::max(a.x, c.x) - out.x;
    out.h = std::max(a.y, c.y) - out.y;
    return true;
}

// The draw callback: one run of solid triangles.
void fill_run(const ImDrawList* list, const ImDrawCmd* cmd)
{
    auto* renderer = static_cast<SDL_Renderer*>(cmd->UserCallbackData);
    if (!clip_as_backend(cmd, renderer))
        return;
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);

    const ImDrawVert* vtx = list->VtxBuffer.Data + cmd->VtxOffset;
    const ImDrawIdx* idx = list->IdxBuffer.Data + cmd->IdxOffset;
    static thread_local std::vector<int> triangles; // the run's other triangles, drawn together
    triangles.clear();
    auto draw_triangles = [&] { render_triangles(renderer, nullptr, vtx, triangles); };
    for (unsigned int i = 0; i + 2 < cmd->ElemCount;) {
        SDL_FRect rect;
        if (i + 5 < cmd->ElemCount && as_rectangle(vtx, idx + i, rect)) {
            draw_triangles(); // what came before stays under
            ImU32 c = vtx[idx[i]].col;
            SDL_SetRenderDrawColor(renderer, (c >> IM_COL32_R_SHIFT) & 0xFF, (c >> IM_COL32_G_SHIFT) & 0xFF, (c >> IM_COL32_B_SHIFT) & 0xFF, 255);
            // The pixels whose centres are inside, as SDL's triangles take them (SDL's own
            // rectangle fill truncates, which would leave a seam beside a rounded corner).
            int x0 = static_cast<int>(std::ceil(rect.x - 0.5f)), x1 = static_cast<int>(std::ceil(rect.x + rect.w - 0.5f));
            int y0 = static_cast<int>(std::ceil(rect.y - 0.5f)), y1 = static_cast<int>(std::ceil(rect.y + rect.h - 0.5f));
            if (x1 > x0 && y1 > y0) {
                SDL_Rect pixels{x0, y0, x1 - x0, y1 - y0};
                SDL_RenderFillRect(renderer, &pixels);
            }
            i += 6;
            continue;
        }
        triangles.insert(triangles.end(), {idx[i], idx[i + 1], idx[i + 2]});
        i += 3;
    }
    draw_triangles();
}

// The draw callback for a command on any other texture: what ImGui's SDL backend does with it,
// handing SDL only the command's own vertices.
void picture_run(const ImDrawList* list, const ImDrawCmd* cmd)
{
    auto* renderer = static_cast<SDL_Renderer*>(cmd->UserCallbackData);
    if (!clip_as_backend(cmd, renderer))
        return;
    const ImDrawIdx* idx = list->IdxBuffer.Data + cmd->IdxOffset;
    static thread_local std::vector<int> triangles;
    triangles.assign(idx, idx + cmd->ElemCount);
    render_triangles(renderer, static_cast<SDL_Texture*>(cmd->TextureId), list->VtxBuffer.Data + cmd->VtxOffset, triangles);
}

} // namespace

std::optional<SDL_Rect> clip_as_backend(const ImDrawCmd* cmd, SDL_Renderer* renderer)
{
    ImDrawData* data = ImGui::GetDrawData();
    float sx = 1, sy = 1;
    SDL_RenderGetScale(renderer, &sx, &sy);
    ImVec2 scale(sx == 1 ? data->FramebufferScale.x : 1, sy == 1 ? data->FramebufferScale.y : 1);
    ImVec2 fb(data->DisplaySize.x * scale.x, data->DisplaySize.y * scale.y);
    ImVec2 lo(std::max(0.0f, (cmd->ClipRect.x - data->DisplayPos.x) * scale.x), std::max(0.0f, (cmd->ClipRect.y - data->DisplayPos.y) * scale.y));
    ImVec2 hi(std::min(fb.x, (cmd->ClipRect.z - data->DisplayPos.x) * scale.x), std::min(fb.y, (cmd->ClipRect.w - data->DisplayPos.y) * scale.y));
    if (hi.x <= lo.x || hi.y <= lo.y)
        return std::nullopt;
    SDL_Rect clip{static_cast<int>(lo.x), static_cast<int>(lo.y), static_cast<int>(hi.x - lo.x), static_cast<int>(hi.y - lo.y)};
    SDL_RenderSetClipRect(renderer, &clip);
    return clip;
}

void render_triangles(SDL_Renderer* renderer, SDL_Texture* texture, const ImDrawVert* vtx, std::vector<int>& triangles)
{
    if (triangles.empty())
        return;
    auto [lo, hi] = std::minmax_element(triangles.begin(), triangles.end());
    const int first = *lo, count = *hi - *lo + 1;
    if (first != 0)
        for (int& index : triangles)
            index -= first;
    const ImDrawVert* used = vtx + first;
    SDL_RenderGeometryRaw(renderer, texture, &used->pos.x, sizeof(ImDrawVert), reinterpret_cast<const SDL_Color*>(&used->col), sizeof(ImDrawVert),
        texture ? &used->uv.x : nullptr, texture ? static_cast<int>(sizeof(ImDrawVert)) : 0, count, triangles.data(),
        static_cast<int>(triangles.size()), sizeof(int));
    triangles.clear();
}

bool begins_with_whole_screen(const ImDrawData& data, ImTextureID atlas, ImVec2 white_uv)
{
    const ImVec2 lo = data.DisplayPos, hi(data.DisplayPos.x + data.DisplaySize.x, data.DisplayPos.y + data.DisplaySize.y);
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.ElemCount == 0 && !cmd.UserCallback)
                continue;
            if (cmd.UserCallback || cmd.TextureId != atlas || cmd.ElemCount < 6)
                return false;
            if (cmd.ClipRect.x > lo.x || cmd.ClipRect.y > lo.y || cmd.ClipRect.z < hi.x || cmd.ClipRect.w < hi.y)
                return false;
            const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
            SDL_FRect rect;
            return as_rectangle(vtx, idx, rect) && solid(vtx[idx[0]], vtx[idx[1]], vtx[idx[2]], white_uv)
                && solid(vtx[idx[3]], vtx[idx[4]], vtx[idx[5]], white_uv) && rect.x <= lo.x && rect.y <= lo.y && rect.x + rect.w >= hi.x
                && rect.y + rect.h >= hi.y;
        }
    }
    return false;
}

int take_solid_fills(ImDrawData* draw_data, ImTextureID atlas, ImVec2 white_uv, SDL_Renderer* renderer)
{
    int taken = 0;
    std::vector<ImDrawCmd> split;
    for (int n = 0; n < draw_data->CmdListsCount; ++n) {
        ImDrawList* list = draw_data->CmdLists[n];
        split.clear();
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                split.push_back(cmd);
                continue;
            }
            if (cmd.TextureId != atlas) { // a picture or a ring: drawn by SDL as the backend would, from its own vertices
                ImDrawCmd picture = cmd;
                picture.UserCallback = picture_run;
                picture.UserCallbackData = renderer;
                split.push_back(picture);
                continue;
            }
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            // Consecutive triangles of the same kind make one command.
            unsigned int run_start = 0;
            bool run_solid = false;
            auto close_run = [&](unsigned int end) {
                if (end == run_start)
                    return;
                ImDrawCmd part = cmd;
                part.IdxOffset = cmd.IdxOffset + run_start;
                part.ElemCount = end - run_start;
                if (run_solid) {
                    part.UserCallback = fill_run;
                    part.UserCallbackData = renderer;
                }
                split.push_back(part);
            };
            for (unsigned int i = 0; i + 2 < cmd.ElemCount; i += 3) {
                bool is_solid = solid(vtx[idx[i]], vtx[idx[i + 1]], vtx[idx[i + 2]], white_uv);
                if (i == 0)
                    run_solid = is_solid;
                else if (is_solid != run_solid) {
                    close_run(i);
                    run_start = i;
                    run_solid = is_solid;
                }
                taken += is_solid ? 1 : 0;
            }
            close_run(cmd.ElemCount);
        }
        list->CmdBuffer.resize(static_cast<int>(split.size()));
        for (int i = 0; i < static_cast<int>(split.size()); ++i)
            list->CmdBuffer[i] = split[static_cast<std::size_t>(i)];
    }
    return taken;
}

} // namespace coi::platform
