#pragma once

// The touchpoint tags an experiment's variant can be read from.

#include <string>

#include "mroi/dataset.h"

namespace mroi::internal {

/// The touchpoint member named `field` (utm_content, utm_campaign, utm_term,
/// utm_source, utm_medium, landing_page), or nullptr.
inline StringId Touchpoint::*TouchpointField(const std::string& field) {
  if (field == "utm_content") return &Touchpoint::utm_content;
  if (field == "utm_campaign") return &Touchpoint::utm_campaign;
  if (field == "utm_term") return &Touchpoint::utm_term;
  if (field == "utm_source") return &Touchpoint::utm_source;
  if (field == "utm_medium") return &Touchpoint::utm_medium;
  if (field == "landing_page") return &Touchpoint::landing_page;
  return nullptr;
}

}  // namespace mroi::internal
