// The HTML report of a watch: one self-contained file (inline CSS and SVG, no script, no external reference)
// with the timeline drawn, the patterns found and every event kept. Renders the redacted JSON report of
// openclaw.watch (its fact `watch`); any other report gets the findings and no timeline.
#pragma once

#include "report.hpp"

#include <string>

namespace clawbook::cli {

std::string render_watch_html(const OrderedJson& report);

}  // namespace clawbook::cli
