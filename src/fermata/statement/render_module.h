// Internal to statement/: the renderers as a module loaded on first use.
//
// PDFs (cairo + pango, and through them glib, harfbuzz, fontconfig,
// freetype, pixman, X11: about 40 shared libraries) and XLSX workbooks
// (libxlsxwriter) are written by libfermata_render.so, which the process
// opens the first time it writes one. A command that writes neither (most
// of them: `fermata inventory`, `balance`, `import`) then never loads those
// libraries, which took half of such a command's time (docs/BENCHMARKS.md
// §6). The public entry points stay write_statement_pdf,
// write_statement_xlsx (royalty_statement.h) and write_goods_held_pdf
// (goods_held_pdf.h); they call into the module.
//
// The module is found at $FERMATA_RENDER_MODULE if set, else where the
// build put it. It is built from the same sources and headers as the
// program, and refuses to load when its kRenderModuleAbi differs.
//
// Thread safety: render_module() may be called from any thread.
#pragma once

#include <string>
#include <vector>

#include "fermata/base/result.h"
#include "fermata/inventory/reclaim.h"
#include "fermata/statement/royalty_statement.h"

namespace fermata {

// Bumped whenever RenderModule or a type it passes changes shape.
inline constexpr int kRenderModuleAbi = 1;

struct RenderModule {
  int abi = kRenderModuleAbi;
  Status (*statement_pdf)(const std::vector<StatementRow>& rows, const std::string& path);
  Status (*statement_xlsx)(const std::vector<StatementRow>& rows, const std::string& path);
  Status (*goods_held_pdf)(const Reclaim& reclaim, const std::string& path);
};

// The renderers themselves, compiled into the module only.
Status render_statement_pdf(const std::vector<StatementRow>& rows, const std::string& path);
Status render_statement_xlsx(const std::vector<StatementRow>& rows, const std::string& path);
Status render_goods_held_pdf(const Reclaim& reclaim, const std::string& path);

// The module, opened once per process. Errors: io_error naming the file and
// why it could not be loaded.
Result<const RenderModule*> render_module();

}  // namespace fermata

// The module's one exported symbol.
extern "C" const fermata::RenderModule* fermata_render_module();
