#include "fermata/statement/pdf_chart.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "fermata/base/assert.h"

namespace fermata::statement_pdf {
namespace {

constexpr double kLabelHeight = 12;   // A row of small labels.
constexpr double kPlotHeight = 110;   // From the tallest bar's top to the lowest bar's bottom.
constexpr double kSlotWidthMax = 72;  // So one or two periods do not make slabs.
constexpr double kBarShare = 0.6;     // Of a slot; the rest is space between bars.

struct Bar {
  double x, top, width, height;
};

// The amount for geometry only: from_chars does not depend on the locale,
// and 0 stands in for an absent or unreadable amount.
double bar_value(const StatementRow& row) {
  double value = 0;
  const std::string& text = row.text;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return std::isfinite(value) ? value : 0;
}

// Bars of `values` in slots of `slot` points, above and below a baseline
// placed so the largest value and the most negative one both fit the plot.
std::vector<Bar> bars_of(const std::vector<double>& values, double slot, double& baseline) {
  const double high = std::max(0.0, *std::max_element(values.begin(), values.end()));
  const double low = std::min(0.0, *std::min_element(values.begin(), values.end()));
  const double range = high - low > 0 ? high - low : 1;
  baseline = kLabelHeight + kPlotHeight * high / range;
  std::vector<Bar> bars;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double height = kPlotHeight * std::fabs(values[i]) / range;
    const double top = values[i] >= 0 ? baseline - height : baseline;
    const double x = static_cast<double>(i) * slot + slot * (1 - kBarShare) / 2;
    bars.push_back(Bar{x, top, slot * kBarShare, height});
  }
  return bars;
}

// Fills the bars and draws the baseline, `top` being the band's top on the page.
void paint_bars(cairo_t* cr, const std::vector<Bar>& bars, double baseline, double top) {
  cairo_set_source_rgb(cr, 0.45, 0.55, 0.70);
  for (const Bar& bar : bars)
    cairo_rectangle(cr, kMargin + bar.x, top + bar.top, bar.width, bar.height);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, kMargin, top + baseline);
  cairo_line_to(cr, kMargin + kColumnWidth, top + baseline);
  cairo_stroke(cr);
}

// One currency's chart: the bars, each with its amount above it (below it
// when negative) and its period under the plot.
Band chart_band(const Typesetter& typesetter, const std::vector<const StatementRow*>& rows) {
  FERMATA_ASSERT(!rows.empty());
  std::vector<double> values;
  for (const StatementRow* row : rows) values.push_back(bar_value(*row));
  const double slot = std::min(kColumnWidth / static_cast<double>(rows.size()), kSlotWidthMax);
  double baseline = 0;
  std::vector<Bar> bars = bars_of(values, slot, baseline);
  Band band;
  band.height = 3 * kLabelHeight + kPlotHeight + 6;
  const Box label{slot, PANGO_ALIGN_CENTER, 1};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Bar& bar = bars[i];
    const double x = static_cast<double>(i) * slot;
    const double amount_y = values[i] >= 0 ? bar.top - kLabelHeight : bar.top + bar.height + 1;
    band.cells.push_back(Cell{typesetter.set(rows[i]->text, Style::kSmall, label), x, amount_y});
    band.cells.push_back(Cell{typesetter.set(rows[i]->item, Style::kSmallBold, label), x,
                              2 * kLabelHeight + kPlotHeight + 2});
  }
  band.paint = [bars = std::move(bars), baseline](cairo_t* cr, double top) {
    paint_bars(cr, bars, baseline, top);
  };
  return band;
}

}  // namespace

std::vector<std::vector<const StatementRow*>> by_currency(
    const std::vector<const StatementRow*>& rows) {
  std::vector<std::vector<const StatementRow*>> groups;
  for (const StatementRow* row : rows) {
    auto group = std::find_if(groups.begin(), groups.end(), [row](const auto& g) {
      return g.front()->currency == row->currency;
    });
    if (group == groups.end()) group = groups.emplace(groups.end());
    group->push_back(row);
  }
  return groups;
}

void add_earnings_charts(Document& document, const Typesetter& typesetter,
                         const std::vector<const StatementRow*>& history) {
  for (const std::vector<const StatementRow*>& rows : by_currency(history)) {
    document.flow.push_back(
        heading_band(typesetter, "Earnings by period, " + rows.front()->currency));
    document.flow.push_back(chart_band(typesetter, rows));
  }
}

}  // namespace fermata::statement_pdf
