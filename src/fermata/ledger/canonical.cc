#include "fermata/ledger/canonical.h"

#include <cstdint>

#include "fermata/base/assert.h"

namespace fermata::internal {
namespace {

void put_u32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>((value >> 24) & 0xff));
  out.push_back(static_cast<char>((value >> 16) & 0xff));
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

// A field is its byte length as a big-endian u32, then its bytes: no
// separator can be forged by a memo that contains one.
void put_field(std::string& out, const std::string& field) {
  FERMATA_ASSERT(field.size() <= UINT32_MAX);
  put_u32(out, static_cast<std::uint32_t>(field.size()));
  out += field;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void put_raw_hash(std::string& out, const std::string& hex) {
  FERMATA_ASSERT(hex.size() == 64);
  char raw[32];
  for (std::size_t i = 0; i < 32; ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    FERMATA_ASSERT(high >= 0);
    FERMATA_ASSERT(low >= 0);
    raw[i] = static_cast<char>(high * 16 + low);
  }
  out.append(raw, sizeof raw);
}

}  // namespace

std::string encode_content(const NewTransaction& txn) {
  std::string out = "FERMATA-TXN-CONTENT-1\n";
  put_field(out, txn.idempotency_key);
  put_field(out, txn.effective_date);
  put_field(out, txn.memo);
  put_field(out, txn.source.document_sha256);
  put_field(out, txn.source.line_ranges);
  put_field(out, std::to_string(txn.voids_seq));
  FERMATA_ASSERT(txn.postings.size() <= UINT32_MAX);
  put_u32(out, static_cast<std::uint32_t>(txn.postings.size()));
  for (const Posting& posting : txn.postings) {
    put_field(out, posting.account.party);
    put_field(out, std::string(account_kind_name(posting.account.kind)));
    put_field(out, posting.account.commodity);
    put_field(out, posting.account.location);
    put_field(out, posting.account.counterparty);
    put_field(out, posting.amount.to_string());
  }
  return out;
}

std::string encode_chain_link(const StoredTransaction& txn) {
  std::string out = "FERMATA-TXN-CHAIN-1\n";
  put_raw_hash(out, txn.prev_sha256);
  put_field(out, std::to_string(txn.seq));
  put_field(out, txn.recorded_at);
  put_field(out, txn.actor);
  put_raw_hash(out, txn.content_sha256);
  return out;
}

}  // namespace fermata::internal
