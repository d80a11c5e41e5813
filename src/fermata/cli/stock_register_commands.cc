// fermata stock movements|orders: what the stock register holds, read back.
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "fermata/cli/cli.h"
#include "fermata/cli/table.h"

namespace fermata::cli {
namespace {

struct RegisterArgs {
  std::string party, as_of, sku;
};

nlohmann::json movement_json(const StockMovementRecord& m) {
  nlohmann::json j = {{"id", m.id},
                      {"import", m.import_id},
                      {"line", m.line},
                      {"txn", m.txn_seq},
                      {"movement", m.kind},
                      {"date", m.date},
                      {"document", m.document},
                      {"order", m.order},
                      {"sku", m.sku},
                      {"units", m.units.to_string()},
                      {"owner", m.owner},
                      {"from", m.from},
                      {"to", m.to},
                      {"store", m.store},
                      {"buyer", m.buyer},
                      {"terms", m.terms},
                      {"condition", m.condition},
                      {"reason", m.reason},
                      {"currency", m.currency}};
  j["price"] = m.price ? nlohmann::json(m.price->to_string()) : nlohmann::json(nullptr);
  if (m.kind == "sell_through") {
    j["firm"] = m.firm.to_string();
    j["consigned"] = m.consigned.to_string();
    j["unexplained"] = m.unexplained.to_string();
  }
  return j;
}

int run_movements(Context& ctx, const RegisterArgs& args) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::vector<StockMovementRecord>> rows =
      books->database->stock_register().movements(args.party, args.as_of);
  if (!rows) return fail(rows.error());
  nlohmann::json all = nlohmann::json::array();
  Table out{{"date", "movement", "sku", "units", "owner", "from", "to", "store", "document", "txn"},
            {false, false, false, true, false, false, false, false, false, true},
            {}};
  for (const StockMovementRecord& m : *rows) {
    if (!args.sku.empty() && m.sku != args.sku) continue;
    if (ctx.json) {
      all.push_back(movement_json(m));
      continue;
    }
    out.rows.push_back({m.date, m.kind, m.sku, m.units.to_string(), m.owner, m.from, m.to, m.store,
                        m.document, m.txn_seq == 0 ? "-" : std::to_string(m.txn_seq)});
  }
  if (ctx.json) {
    std::cout << all.dump(2) << "\n";
  } else if (out.rows.empty()) {
    std::cout << "no stock movements on file\n";
  } else {
    print_table(out, std::cout);
  }
  return 0;
}

// One purchase order line with what arrived against it.
struct OrderStatus {
  PurchaseOrderLine line;
  Decimal received;
  std::string cancelled_on;
};

std::string status_of(const std::vector<OrderStatus>& lines) {
  if (!lines.front().cancelled_on.empty()) return "cancelled " + lines.front().cancelled_on;
  bool all = true, any = false;
  for (const OrderStatus& s : lines) {
    all = all && s.received >= s.line.units;
    any = any || !s.received.is_zero();
  }
  return all ? "received" : any ? "partly received" : "open";
}

Result<std::map<std::string, std::vector<OrderStatus>>> order_statuses(Database& database) {
  StockRegister& reg = database.stock_register();
  FERMATA_ASSIGN_OR_RETURN(std::vector<PurchaseOrderLine> lines, reg.purchase_order_lines());
  FERMATA_ASSIGN_OR_RETURN(std::vector<PurchaseOrderCancel> cancels, reg.purchase_order_cancels());
  FERMATA_ASSIGN_OR_RETURN(std::vector<StockMovementRecord> moves, reg.movements("", ""));
  std::map<std::string, std::vector<OrderStatus>> orders;
  for (const PurchaseOrderLine& line : lines) orders[line.number].push_back({line, {}, ""});
  for (const StockMovementRecord& m : moves) {
    if (m.order.empty() || (m.kind != "purchase" && m.kind != "receipt")) continue;
    auto found = orders.find(m.order);
    if (found == orders.end()) continue;
    for (OrderStatus& s : found->second) {
      if (s.line.sku == m.sku) s.received = s.received + m.units;
    }
  }
  for (const PurchaseOrderCancel& c : cancels) {
    auto found = orders.find(c.number);
    if (found == orders.end()) continue;
    for (OrderStatus& s : found->second) s.cancelled_on = c.date;
  }
  return orders;
}

int run_orders(Context& ctx) {
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::map<std::string, std::vector<OrderStatus>>> orders = order_statuses(*books->database);
  if (!orders) return fail(orders.error());
  nlohmann::json all = nlohmann::json::array();
  Table out{{"order", "date", "buyer", "label", "sku", "ordered", "received", "status"},
            {false, false, false, false, false, true, true, false},
            {}};
  for (const auto& [number, lines] : *orders) {
    const std::string status = status_of(lines);
    for (const OrderStatus& s : lines) {
      const PurchaseOrderLine& l = s.line;
      if (ctx.json) {
        all.push_back({{"order", number},
                       {"date", l.date},
                       {"buyer", l.buyer},
                       {"label", l.label},
                       {"sku", l.sku},
                       {"ordered", l.units.to_string()},
                       {"received", s.received.to_string()},
                       {"status", status}});
      } else {
        out.rows.push_back({number, l.date, l.buyer, l.label, l.sku, l.units.to_string(),
                            s.received.to_string(), status});
      }
    }
  }
  if (ctx.json) {
    std::cout << all.dump(2) << "\n";
  } else if (out.rows.empty()) {
    std::cout << "no purchase orders on file\n";
  } else {
    print_table(out, std::cout);
  }
  return 0;
}

}  // namespace

void add_stock_register_commands(CLI::App& stock, Context& ctx) {
  auto args = std::make_shared<RegisterArgs>();
  CLI::App* movements =
      stock.add_subcommand("movements", "Every movement on file, with its documents");
  movements->add_option("--party", args->party, "Only this owner's movements");
  movements->add_option("--as-of", args->as_of, "Only movements dated on or before (YYYY-MM-DD)");
  movements->add_option("--sku", args->sku, "Only this SKU");
  movements->add_flag("--json", ctx.json, "JSON instead of a table");
  movements->callback([&ctx, args] { ctx.exit_code = run_movements(ctx, *args); });
  CLI::App* orders = stock.add_subcommand(
      "orders", "Purchase orders: units ordered, received against them, and their status");
  orders->add_flag("--json", ctx.json, "JSON instead of a table");
  orders->callback([&ctx] { ctx.exit_code = run_orders(ctx); });
}

}  // namespace fermata::cli
