// fermata release show: a release with its effective-dated owners and
// distributors, and who held each role on a given day.
#include <iostream>
#include <nlohmann/json.hpp>

#include "fermata/base/date.h"
#include "fermata/cli/cli.h"

namespace fermata::cli {
namespace {

struct ReleaseArgs {
  std::string release_id;
  std::string as_of;
};

nlohmann::json relation_json(const Relation& r) {
  return {{"kind", relation_kind_name(r.kind)},
          {"party", r.party_id},
          {"valid_from", r.valid_from},
          {"valid_to", r.valid_to.value_or("")}};
}

int run_release_show(Context& ctx, const ReleaseArgs& args) {
  if (!args.as_of.empty() && !is_iso_date(args.as_of)) {
    return fail(make_error(ErrorCode::kDateInvalid, "--as-of must be YYYY-MM-DD",
                           {"", 0, "as-of", args.as_of}));
  }
  Result<Books> books = open_books(ctx);
  if (!books) return fail(books.error());
  Result<std::optional<Release>> release = books->database->find_release(args.release_id);
  if (!release) return fail(release.error());
  if (!*release) {
    return fail(make_error(ErrorCode::kReleaseUnknown,
                           "no release '" + args.release_id + "' in the catalog",
                           {"", 0, "release", args.release_id}));
  }
  Result<std::vector<Relation>> relations = books->database->relations_of(args.release_id);
  if (!relations) return fail(relations.error());
  const std::string day = args.as_of.empty() ? utc_now_micros().substr(0, 10) : args.as_of;
  const std::string owner =
      party_at(*relations, args.release_id, RelationKind::kOwner, day).value_or("");
  const std::string distributor =
      party_at(*relations, args.release_id, RelationKind::kDistributor, day).value_or("");
  if (ctx.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const Relation& r : *relations) all.push_back(relation_json(r));
    std::cout << nlohmann::json{{"id", (*release)->id},     {"title", (*release)->title},
                                {"icpn", (*release)->icpn}, {"as_of", day},
                                {"owner", owner},           {"distributor", distributor},
                                {"relations", all}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << (*release)->id << "  " << (*release)->title << "  ICPN " << (*release)->icpn
            << "\n  on " << day << ": owned by " << (owner.empty() ? "(nobody recorded)" : owner)
            << ", distributed by " << (distributor.empty() ? "(nobody recorded)" : distributor)
            << "\n";
  for (const Relation& r : *relations) {
    std::cout << "  " << relation_kind_name(r.kind) << " " << r.party_id << " from " << r.valid_from
              << (r.valid_to ? " until " + *r.valid_to : " (open-ended)") << "\n";
  }
  return 0;
}

}  // namespace

void add_catalog_commands(CLI::App& app, Context& ctx) {
  CLI::App* release = app.add_subcommand("release", "Inspect catalog releases");
  release->require_subcommand(1);
  auto args = std::make_shared<ReleaseArgs>();
  CLI::App* show = release->add_subcommand(
      "show", "A release, its owners and distributors over time, and who held each role on a day");
  show->add_option("release", args->release_id, "Release id")->required();
  show->add_option("--as-of", args->as_of, "Day to resolve owner and distributor (default today)");
  show->add_flag("--json", ctx.json, "Machine-readable output");
  show->callback([&ctx, args] { ctx.exit_code = run_release_show(ctx, *args); });
}

}  // namespace fermata::cli
