// Opens the renderers' module on first use and forwards the public entry
// points to it (render_module.h).
#include "fermata/statement/render_module.h"

#include <dlfcn.h>

#include <cstdlib>

#include "fermata/statement/goods_held_pdf.h"

namespace fermata {
namespace {

std::string module_path() {
  const char* path = std::getenv("FERMATA_RENDER_MODULE");
  return path != nullptr && *path != '\0' ? path : FERMATA_RENDER_MODULE_PATH;
}

Result<const RenderModule*> open_module() {
  const std::string path = module_path();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return make_error(ErrorCode::kIoError, "cannot load the PDF and XLSX renderers '" + path +
                                               "': " + (why ? why : "unknown error"));
  }
  using Entry = const RenderModule* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, "fermata_render_module"));
  const RenderModule* loaded = entry ? entry() : nullptr;
  if (loaded == nullptr || loaded->abi != kRenderModuleAbi) {
    return make_error(ErrorCode::kIoError,
                      "'" + path + "' is not this program's renderer module (rebuild it)");
  }
  return loaded;  // Never closed: its code may be on the stack of other threads.
}

}  // namespace

Result<const RenderModule*> render_module() {
  static const Result<const RenderModule*> kLoaded = open_module();  // Once, thread-safe.
  return kLoaded;
}

Status write_statement_pdf(const std::vector<StatementRow>& rows, const std::string& path) {
  FERMATA_ASSIGN_OR_RETURN(const RenderModule* module, render_module());
  return module->statement_pdf(rows, path);
}

Status write_statement_xlsx(const std::vector<StatementRow>& rows, const std::string& path) {
  FERMATA_ASSIGN_OR_RETURN(const RenderModule* module, render_module());
  return module->statement_xlsx(rows, path);
}

Status write_goods_held_pdf(const Reclaim& reclaim, const std::string& path) {
  FERMATA_ASSIGN_OR_RETURN(const RenderModule* module, render_module());
  return module->goods_held_pdf(reclaim, path);
}

}  // namespace fermata
