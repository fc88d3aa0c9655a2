// libFuzzer target: recovery on arbitrary bytes. The input becomes either a
// metadata state log (after a valid header, so that records are explored)
// or a segment file with its index, and is opened as the server would at
// start-up. Opening may refuse the input, never crash or read out of
// bounds; what it accepts must be usable: every message read back passes
// its checksum, and one more append and a reopen work.
//
// Input: [selector:u8][index length:u16 (segments)][bytes...].

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <vector>

#include "base/log.h"
#include "bytes/endian.h"
#include "metadata/state_store.h"
#include "storage/message_batch.h"
#include "storage/partition_log.h"

namespace {
namespace fs = std::filesystem;
using namespace whippet;

const fs::path& work_dir() {
  static const fs::path dir = [] {
    char tmpl[] = "/tmp/whippet-recovery-fuzz-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    if (made == nullptr) std::abort();
    log::set_level(log::level::error);
    return fs::path(made);
  }();
  return dir;
}

void write_file(const fs::path& p, std::span<const uint8_t> bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void state_case(std::span<const uint8_t> bytes) {
  const fs::path dir = work_dir() / "state";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::vector<uint8_t> log = {'W', 'H', 'I', 'P', 'S', 'L', 'O', 'G', 0, 0, 0, 0, 0, 0, 0, 0};
  bytes::store_le<uint32_t>(log.data() + 8, metadata::state_format_version);
  log.insert(log.end(), bytes.begin(), bytes.end());
  write_file(dir / "log", log);
  metadata::catalog c;
  auto s = metadata::state_store::open(storage::posix_file_system(), dir, {false, 4}, c);
  if (!s) return;
  const metadata::operation op = metadata::create_stream_op{static_cast<uint32_t>(c.streams.size() + 100000), "fz", 1};
  if (metadata::apply(c, op) && !(*s)->append(op, c)) std::abort();
  s->reset();
  metadata::catalog again;
  if (!metadata::state_store::open(storage::posix_file_system(), dir, {false, 4}, again)) std::abort();
  if (again.streams.size() != c.streams.size()) std::abort();
}

void segment_case(std::span<const uint8_t> bytes) {
  if (bytes.size() < 2) return;
  const size_t index_len = std::min<size_t>(bytes::load_le<uint16_t>(bytes.data()), bytes.size() - 2);
  const auto index = bytes.subspan(2, index_len);
  const auto log = bytes.subspan(2 + index_len);
  const fs::path dir = work_dir() / "partition";
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_file(dir / "00000000000000000000.log", log);
  write_file(dir / "00000000000000000000.index", index);
  storage::partition_config config;
  config.index_interval_bytes = 256;
  config.segment_size = 1 << 20;
  auto p = storage::partition_log::open(storage::posix_file_system(), dir, config);
  if (!p) return;
  auto r = (*p)->read(0, 100000, 64u << 20);
  if (r) {
    auto data = storage::read_bytes(*r);
    if (!data) std::abort();
    size_t at = 0;
    for (uint32_t i = 0; i < r->count; ++i) {
      if (data->size() - at < model::message_header_size) std::abort();
      const storage::message_view m(data->data() + at);
      if (!m.checksum_ok() || data->size() - at < m.size()) std::abort();
      at += m.size();
    }
  }
  // One more message, then a reopen that finds it.
  std::vector<uint8_t> msg(model::message_header_size + 3, 0);
  bytes::store_le<uint32_t>(msg.data() + model::header_field::payload_length, 3);
  msg[model::message_header_size] = 'a';
  auto batch = storage::message_batch::validate(msg, 1);
  if (!batch) std::abort();
  auto appended = (*p)->append(*batch);
  if (!appended) std::abort();
  const uint64_t next = (*p)->next_offset();
  p->reset();
  auto again = storage::partition_log::open(storage::posix_file_system(), dir, config);
  if (!again || (*again)->next_offset() != next) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::span<const uint8_t> rest(data + 1, size - 1);
  if (data[0] & 1) {
    segment_case(rest);
  } else {
    state_case(rest);
  }
  return 0;
}
