// The lead rule: duplicate_lead (same normalised email and form inside a window).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "clean/clean_internal.h"

namespace mroi::internal {

namespace {

// Trim and lower-case an email, as identity does.
std::string NormaliseEmail(std::string_view email) {
  size_t begin = email.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = email.find_last_not_of(" \t\r\n");
  std::string out(email.substr(begin, end - begin + 1));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

void RemoveDuplicateLeads(const CleanOptions& options, Dataset* data, Removals* removals) {
  const std::vector<Lead>& leads = data->leads;
  IdMapper emails(data, NormaliseEmail);
  IdMapper forms(data, NormaliseEmail);  // trim + lower-case suits form names too
  std::vector<StringId> email(leads.size(), kEmptyString);
  std::vector<StringId> form(leads.size(), kEmptyString);
  std::vector<uint32_t> order;
  for (size_t row = 0; row < leads.size(); ++row) {
    if (removals->leads[row]) continue;
    email[row] = emails.Map(leads[row].email);
    form[row] = forms.Map(leads[row].form);
    if (email[row] != kEmptyString) order.push_back(static_cast<uint32_t>(row));
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (email[a] != email[b]) return email[a] < email[b];
    if (form[a] != form[b]) return form[a] < form[b];
    if (leads[a].timestamp != leads[b].timestamp) return leads[a].timestamp < leads[b].timestamp;
    return a < b;
  });
  std::vector<std::pair<uint32_t, std::string>> found;
  UnixSeconds last_kept = 0;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    uint32_t row = order[pos];
    bool same_key = pos > 0 && email[order[pos - 1]] == email[row] &&
                    form[order[pos - 1]] == form[row];
    if (!same_key) {
      last_kept = leads[row].timestamp;
      continue;
    }
    int64_t gap = leads[row].timestamp - last_kept;
    if (gap < options.duplicate_lead_window_s) {
      found.emplace_back(row, fmt::format("lead '{}' on form '{}' {} s after the previous "
                                          "(window {} s)",
                                          data->str(email[row]), data->str(form[row]),
                                          gap, options.duplicate_lead_window_s));
    } else {
      last_kept = leads[row].timestamp;
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [row, message] : found) {
    removals->leads[row] = 1;
    AddIssue(data, leads[row].origin, Rule::kDuplicateLead, std::move(message));
  }
}

}  // namespace mroi::internal
