#include "server/connection_limits.h"

namespace whippet::server {

connection_slot::~connection_slot() {
  if (limits_ != nullptr) limits_->release(ip_);
}

std::optional<connection_slot> connection_limits::admit(const std::string& ip, admission_refusal& why) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total_) {
    why = admission_refusal::total;
    return std::nullopt;
  }
  uint32_t& from_ip = per_ip_[ip];
  if (from_ip >= max_per_ip_) {
    why = admission_refusal::per_ip;
    return std::nullopt;
  }
  ++from_ip;
  ++total_;
  return connection_slot(this, ip);
}

uint32_t connection_limits::open() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void connection_limits::release(const std::string& ip) {
  std::lock_guard lock(mutex_);
  --total_;
  if (auto it = per_ip_.find(ip); it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
}

}  // namespace whippet::server
