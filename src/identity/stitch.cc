// StitchIdentities: email normalisation and union-find over the ids of each row.
//
// An id is the pair (IdKind, StringId). Because StringIds are dense, the index from
// an id to its union-find element is a flat array over the dictionary plus a
// per-element chain for the rare string used as ids of several kinds, so a lookup is
// one array read instead of a hash probe.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "mroi/identity.h"

#include "identity/email_internal.h"
#include "identity/union_find_internal.h"

namespace mroi {

namespace {

// Map from ids to union-find elements; creates elements on first sight.
class IdIndex {
 public:
  explicit IdIndex(int32_t dictionary_size)
      : head_(static_cast<size_t>(dictionary_size)) {
    // Most strings are not ids, so this is an upper bound in the common case; capacity
    // that is never touched costs no memory.
    const auto expected = static_cast<size_t>(dictionary_size);
    sets_.Reserve(expected);
    element_kind_.reserve(expected);
    next_.reserve(expected);
  }

  // Hint that (any kind, id) will be looked up soon; a no-op for empty or unknown ids.
  void Prefetch(StringId id) const {
    if (id > 0 && static_cast<size_t>(id) < head_.size()) {
      __builtin_prefetch(&head_[static_cast<size_t>(id)]);
    }
  }
  // Hint that the union-find parent of (kind, id)'s newest element will be read soon.
  void PrefetchParent(StringId id) const {
    if (id > 0 && static_cast<size_t>(id) < head_.size()) {
      const int32_t element = head_[static_cast<size_t>(id)].element;
      if (element >= 0) sets_.Prefetch(element);
    }
  }

  // Return the element of (kind, id), adding it if new. REQUIRES: id is a valid,
  // non-empty StringId (possibly interned after construction).
  int32_t Get(IdKind kind, StringId id) {
    if (static_cast<size_t>(id) >= head_.size()) head_.resize(static_cast<size_t>(id) + 1);
    Head& head = head_[static_cast<size_t>(id)];
    if (head.element >= 0 && head.kind == kind) return head.element;  // the common case
    for (int32_t element = head.element; element >= 0; element = next_[element]) {
      if (element_kind_[element] == kind) return element;
    }
    const int32_t element = sets_.Add();
    element_kind_.push_back(kind);
    next_.push_back(head.element);
    head = Head{element, kind};
    ++ids_by_kind_[static_cast<size_t>(kind)];
    return element;
  }

  internal::UnionFind& sets() { return sets_; }
  const internal::UnionFind& sets() const { return sets_; }
  const std::array<int64_t, kNumIdKinds>& ids_by_kind() const { return ids_by_kind_; }

 private:
  // Per StringId: its newest element and that element's kind (one cache line read).
  struct Head {
    int32_t element = -1;
    IdKind kind = IdKind::kAnonymousId;
  };
  std::vector<Head> head_;
  std::vector<IdKind> element_kind_;  // per element
  std::vector<int32_t> next_;         // per element: older element of the same text
  std::array<int64_t, kNumIdKinds> ids_by_kind_{};
  internal::UnionFind sets_;
};

// Rewrites email fields to their normalised (and optionally hashed) form, computing
// each distinct input string once.
class EmailNormaliser {
 public:
  EmailNormaliser(bool hash, Dictionary* strings)
      : hash_(hash),
        strings_(strings),
        cache_(static_cast<size_t>(strings->size()), -1) {}

  // Hint that Normalise(email) will be called soon.
  void Prefetch(StringId email) const {
    if (email > 0 && static_cast<size_t>(email) < cache_.size()) {
      __builtin_prefetch(&cache_[static_cast<size_t>(email)]);
    }
  }
  // Return the normalised id of `email` if already known, else kEmptyString.
  StringId Peek(StringId email) const {
    if (email <= 0 || static_cast<size_t>(email) >= cache_.size()) return kEmptyString;
    return std::max(cache_[static_cast<size_t>(email)], kEmptyString);
  }

  Status Normalise(StringId* email) {
    if (*email == kEmptyString) return Status::OK();
    if (*email < 0 || static_cast<size_t>(*email) >= cache_.size()) {
      return InvalidArgument(
          fmt::format("email string id {} is not in the dictionary", *email));
    }
    StringId& cached = cache_[static_cast<size_t>(*email)];
    if (cached < 0) {
      MROI_ASSIGN_OR_RETURN(cached, Compute(strings_->Get(*email)));
    }
    *email = cached;
    return Status::OK();
  }

 private:
  Result<StringId> Compute(std::string_view raw) {
    // A value that is already a SHA-256 digest (as ad platforms exchange hashed
    // emails) is kept, so that it can match hashed addresses and re-stitching a
    // hashed dataset changes nothing.
    std::string normalised = internal::TrimAndLowerCase(raw);
    if (internal::IsSha256Hex(normalised)) return strings_->Intern(normalised);
    if (normalised.find('@') == std::string::npos) return kEmptyString;
    if (hash_) {
      MROI_ASSIGN_OR_RETURN(normalised, internal::Sha256Hex(normalised));
    }
    return strings_->Intern(normalised);
  }

  bool hash_;
  Dictionary* strings_;
  std::vector<StringId> cache_;  // per input StringId: its normalised id, or -1
};

// Links the ids of one row and records its first element in `*first` (-1 = no id).
class RowLinker {
 public:
  RowLinker(IdIndex* index, const Dictionary* strings) : index_(index), strings_(strings) {}

  // Link the ids of one row: pairs of (kind, id), kEmptyString entries skipped.
  template <size_t N>
  Status Link(const std::array<std::pair<IdKind, StringId>, N>& ids, int32_t* first) {
    *first = -1;
    for (const auto& [kind, id] : ids) {
      if (id == kEmptyString) continue;
      if (id < 0 || id >= strings_->size()) {
        return InvalidArgument(
            fmt::format("id string id {} is not in the dictionary", id));
      }
      const int32_t element = index_->Get(kind, id);
      if (*first < 0) {
        *first = element;
      } else {
        index_->sets().Union(*first, element);
      }
    }
    return Status::OK();
  }

 private:
  IdIndex* index_;
  const Dictionary* strings_;
};

// Replace each row's element by its person, numbering persons by first appearance.
void AssignPersons(internal::UnionFind* sets, std::vector<int32_t>* person_of_root,
                   int64_t* persons, std::vector<int32_t>* rows) {
  constexpr size_t kAhead = 16;
  const size_t n = rows->size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n && (*rows)[i + kAhead] >= 0) sets->Prefetch((*rows)[i + kAhead]);
    int32_t& row = (*rows)[i];
    if (row < 0) continue;
    int32_t& person = (*person_of_root)[static_cast<size_t>(sets->Find(row))];
    if (person < 0) person = static_cast<int32_t>((*persons)++);
    row = person;
  }
}

}  // namespace

Result<IdentityResult> StitchIdentities(const IdentityOptions& options,
                                        Dataset* dataset) {
  if (dataset == nullptr) return InvalidArgument("StitchIdentities: dataset is null");
  // Emails are normalised as their rows are linked (one pass over the rows); new
  // normalised strings extend the dictionary and the index as they appear.
  EmailNormaliser emails(options.hash_emails, &dataset->strings);
  IdIndex index(dataset->strings.size());
  RowLinker linker(&index, &dataset->strings);
  IdentityResult result;
  result.touchpoint_person.resize(dataset->touchpoints.size());
  result.conversion_person.resize(dataset->conversions.size());
  result.lead_person.resize(dataset->leads.size());
  result.deal_person.resize(dataset->deals.size());

  using Ids3 = std::array<std::pair<IdKind, StringId>, 3>;
  using Ids4 = std::array<std::pair<IdKind, StringId>, 4>;
  // Touchpoints are the bulk: their index slots and union-find parents are prefetched
  // in two steps ahead of use, since both are random reads into large arrays.
  constexpr size_t kAhead = 16;
  std::vector<Touchpoint>& touchpoints = dataset->touchpoints;
  for (size_t row_idx = 0; row_idx < touchpoints.size(); ++row_idx) {
    if (row_idx + kAhead < touchpoints.size()) {
      const Touchpoint& ahead = touchpoints[row_idx + kAhead];
      index.Prefetch(ahead.anonymous_id);
      index.Prefetch(ahead.user_id);
      emails.Prefetch(ahead.email);
      const Touchpoint& near = touchpoints[row_idx + kAhead / 2];
      index.PrefetchParent(near.anonymous_id);
      index.PrefetchParent(near.user_id);
      index.Prefetch(emails.Peek(near.email));
    }
    Touchpoint& row = touchpoints[row_idx];
    MROI_RETURN_IF_ERROR(emails.Normalise(&row.email));
    MROI_RETURN_IF_ERROR(linker.Link(Ids3{{{IdKind::kAnonymousId, row.anonymous_id},
                                           {IdKind::kUserId, row.user_id},
                                           {IdKind::kEmail, row.email}}},
                                     &result.touchpoint_person[row_idx]));
  }
  for (size_t row_idx = 0; row_idx < dataset->conversions.size(); ++row_idx) {
    Conversion& row = dataset->conversions[row_idx];
    MROI_RETURN_IF_ERROR(emails.Normalise(&row.email));
    MROI_RETURN_IF_ERROR(linker.Link(Ids3{{{IdKind::kUserId, row.user_id},
                                           {IdKind::kAnonymousId, row.anonymous_id},
                                           {IdKind::kEmail, row.email}}},
                                     &result.conversion_person[row_idx]));
  }
  for (size_t row_idx = 0; row_idx < dataset->leads.size(); ++row_idx) {
    Lead& row = dataset->leads[row_idx];
    MROI_RETURN_IF_ERROR(emails.Normalise(&row.email));
    MROI_RETURN_IF_ERROR(linker.Link(Ids4{{{IdKind::kLeadId, row.lead_id},
                                           {IdKind::kEmail, row.email},
                                           {IdKind::kAnonymousId, row.anonymous_id},
                                           {IdKind::kUserId, row.user_id}}},
                                     &result.lead_person[row_idx]));
  }
  for (size_t row_idx = 0; row_idx < dataset->deals.size(); ++row_idx) {
    Deal& row = dataset->deals[row_idx];
    MROI_RETURN_IF_ERROR(emails.Normalise(&row.email));
    MROI_RETURN_IF_ERROR(linker.Link(Ids4{{{IdKind::kDealId, row.deal_id},
                                           {IdKind::kLeadId, row.lead_id},
                                           {IdKind::kEmail, row.email},
                                           {IdKind::kUserId, row.user_id}}},
                                     &result.deal_person[row_idx]));
  }

  internal::UnionFind& sets = index.sets();
  std::vector<int32_t> person_of_root(static_cast<size_t>(sets.size()), -1);
  AssignPersons(&sets, &person_of_root, &result.persons, &result.touchpoint_person);
  AssignPersons(&sets, &person_of_root, &result.persons, &result.conversion_person);
  AssignPersons(&sets, &person_of_root, &result.persons, &result.lead_person);
  AssignPersons(&sets, &person_of_root, &result.persons, &result.deal_person);
  result.ids = sets.size();
  result.ids_by_kind = index.ids_by_kind();
  return result;
}

}  // namespace mroi
