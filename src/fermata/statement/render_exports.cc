// The module's entry point (render_module.h): the table of its renderers.
#include "fermata/statement/render_module.h"

extern "C" __attribute__((visibility("default"))) const fermata::RenderModule*
fermata_render_module() {
  static const fermata::RenderModule kModule{
      fermata::kRenderModuleAbi, fermata::render_statement_pdf, fermata::render_statement_xlsx,
      fermata::render_goods_held_pdf};
  return &kModule;
}
