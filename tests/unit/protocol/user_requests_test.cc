// Byte-exact tests of the system, client, user, login and personal access
// token requests (reference §1, "Request and response payloads").

#include <gtest/gtest.h>

#include <cstdint>

#include "codec_test_util.h"
#include "protocol/binary/requests/change_password.h"
#include "protocol/binary/requests/create_personal_access_token.h"
#include "protocol/binary/requests/create_user.h"
#include "protocol/binary/requests/delete_personal_access_token.h"
#include "protocol/binary/requests/delete_user.h"
#include "protocol/binary/requests/get_client.h"
#include "protocol/binary/requests/get_clients.h"
#include "protocol/binary/requests/get_cluster_metadata.h"
#include "protocol/binary/requests/get_me.h"
#include "protocol/binary/requests/get_personal_access_tokens.h"
#include "protocol/binary/requests/get_snapshot.h"
#include "protocol/binary/requests/get_stats.h"
#include "protocol/binary/requests/get_user.h"
#include "protocol/binary/requests/get_users.h"
#include "protocol/binary/requests/login_user.h"
#include "protocol/binary/requests/login_with_personal_access_token.h"
#include "protocol/binary/requests/logout_user.h"
#include "protocol/binary/requests/ping.h"
#include "protocol/binary/requests/update_permissions.h"
#include "protocol/binary/requests/update_user.h"

namespace {

using namespace codec_test;
using bin::identifier;

const bytes id_1{0x01, 0x04, 0x01, 0x00, 0x00, 0x00};

template <typename Request, typename Decode>
void expect_empty_request(uint32_t code, Decode decode) {
  EXPECT_EQ(static_cast<uint32_t>(Request::code), code);
  EXPECT_TRUE(bin::encode(Request{}).empty());
  auto empty = decode(bytes{});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->trailing_bytes, 0u);
  // Iggy 0.8 never looks at the payload of these: any bytes are trailing.
  auto padded = decode(bytes{0x00, 0x01, 0x02});
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->trailing_bytes, 3u);
}

TEST(empty_requests, encode_nothing_and_ignore_any_byte) {
  expect_empty_request<bin::ping_request>(1, bin::decode_ping_request);
  expect_empty_request<bin::get_stats_request>(10, bin::decode_get_stats_request);
  expect_empty_request<bin::get_cluster_metadata_request>(12, bin::decode_get_cluster_metadata_request);
  expect_empty_request<bin::get_me_request>(20, bin::decode_get_me_request);
  expect_empty_request<bin::get_clients_request>(22, bin::decode_get_clients_request);
  expect_empty_request<bin::get_users_request>(32, bin::decode_get_users_request);
  expect_empty_request<bin::logout_user_request>(39, bin::decode_logout_user_request);
  expect_empty_request<bin::get_personal_access_tokens_request>(41, bin::decode_get_personal_access_tokens_request);
}

TEST(get_client, is_u32_client_id) {
  EXPECT_EQ(static_cast<uint32_t>(bin::get_client_request::code), 21u);
  expect_request_codec(bin::get_client_request{42}, {0x2a, 0x00, 0x00, 0x00}, bin::decode_get_client_request);
}

TEST(get_snapshot, is_compression_count_types) {
  EXPECT_EQ(static_cast<uint32_t>(bin::get_snapshot_request::code), 11u);
  bin::get_snapshot_request req{bin::snapshot_compression::deflated,
                                {bin::snapshot_type::filesystem_overview, bin::snapshot_type::all}};
  expect_request_codec(req, {0x02, 0x02, 0x01, 0x64}, bin::decode_get_snapshot_request);
  expect_request_codec(bin::get_snapshot_request{bin::snapshot_compression::xz, {}}, {0x06, 0x00},
                       bin::decode_get_snapshot_request);
  expect_decode_fails({0x07, 0x00}, bin::decode_get_snapshot_request, bin::status::invalid_format);
  expect_decode_fails({0x00, 0x00}, bin::decode_get_snapshot_request, bin::status::invalid_format);
  expect_decode_fails({0x01, 0x01, 0x07}, bin::decode_get_snapshot_request, bin::status::invalid_format);
}

TEST(user_requests, codes) {
  EXPECT_EQ(static_cast<uint32_t>(bin::get_user_request::code), 31u);
  EXPECT_EQ(static_cast<uint32_t>(bin::create_user_request::code), 33u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_user_request::code), 34u);
  EXPECT_EQ(static_cast<uint32_t>(bin::update_user_request::code), 35u);
  EXPECT_EQ(static_cast<uint32_t>(bin::update_permissions_request::code), 36u);
  EXPECT_EQ(static_cast<uint32_t>(bin::change_password_request::code), 37u);
  EXPECT_EQ(static_cast<uint32_t>(bin::login_user_request::code), 38u);
  EXPECT_EQ(static_cast<uint32_t>(bin::create_personal_access_token_request::code), 42u);
  EXPECT_EQ(static_cast<uint32_t>(bin::delete_personal_access_token_request::code), 43u);
  EXPECT_EQ(static_cast<uint32_t>(bin::login_with_personal_access_token_request::code), 44u);
}

TEST(get_user, is_one_identifier) {
  expect_request_codec(bin::get_user_request{identifier::numeric(0)}, {0x01, 0x04, 0x00, 0x00, 0x00, 0x00},
                       bin::decode_get_user_request);
}

TEST(create_user, without_permissions_ends_with_a_zero_flag) {
  bin::create_user_request req{"bob", "secret", bin::user_status::active, std::nullopt};
  const bytes expected{
      0x03, 'b', 'o', 'b',                      // username
      0x06, 's', 'e', 'c', 'r', 'e', 't',       // password
      0x01,                                     // status: active
      0x00,                                     // no permissions
  };
  expect_request_codec(req, expected, bin::decode_create_user_request);
}

TEST(create_user, with_permissions_has_flag_length_tree) {
  bin::permissions perms;
  perms.global.manage_servers = true;
  bin::create_user_request req{"bob", "secret", bin::user_status::inactive, perms};
  const bytes expected{
      0x03, 'b', 'o', 'b',                                          // username
      0x06, 's', 'e', 'c', 'r', 'e', 't',                           // password
      0x02,                                                         // status: inactive
      0x01,                                                         // has permissions
      0x0b, 0x00, 0x00, 0x00,                                       // permissions length
      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // global flags
      0x00,                                                         // no streams
  };
  expect_request_codec(req, expected, bin::decode_create_user_request);
}

TEST(create_user, rejects_bad_status_and_flags) {
  expect_decode_fails({0x01, 'b', 0x01, 'p', 0x03, 0x00}, bin::decode_create_user_request,
                      bin::status::invalid_format);
  expect_decode_fails({0x01, 'b', 0x01, 'p', 0x01, 0x02}, bin::decode_create_user_request,
                      bin::status::invalid_format);
}

TEST(delete_user, is_one_identifier) {
  expect_request_codec(bin::delete_user_request{identifier::named("bob")}, {0x02, 0x03, 'b', 'o', 'b'},
                       bin::decode_delete_user_request);
}

TEST(update_user, both_fields) {
  bin::update_user_request req{identifier::numeric(1), "alice", bin::user_status::inactive};
  expect_request_codec(req, cat({id_1, {0x01, 0x05, 'a', 'l', 'i', 'c', 'e'}, {0x01, 0x02}}),
                       bin::decode_update_user_request);
}

TEST(update_user, neither_field) {
  expect_request_codec(bin::update_user_request{identifier::numeric(1), std::nullopt, std::nullopt},
                       cat({id_1, {0x00, 0x00}}), bin::decode_update_user_request);
}

TEST(update_user, status_only) {
  expect_request_codec(bin::update_user_request{identifier::numeric(1), std::nullopt, bin::user_status::active},
                       cat({id_1, {0x00, 0x01, 0x01}}), bin::decode_update_user_request);
}

TEST(update_user, rejects_bad_flags_and_status) {
  expect_decode_fails(cat({id_1, {0x02, 0x00}}), bin::decode_update_user_request, bin::status::invalid_format);
  expect_decode_fails(cat({id_1, {0x00, 0x01, 0x03}}), bin::decode_update_user_request, bin::status::invalid_format);
  expect_decode_fails(cat({id_1, {0x01, 0x00, 0x00}}), bin::decode_update_user_request, bin::status::invalid_format);
}

TEST(update_permissions, none_and_some) {
  expect_request_codec(bin::update_permissions_request{identifier::numeric(1), std::nullopt}, cat({id_1, {0x00}}),
                       bin::decode_update_permissions_request);
  bin::permissions perms;
  perms.global.read_streams = true;
  const bytes tree{0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
  expect_request_codec(bin::update_permissions_request{identifier::numeric(1), perms},
                       cat({id_1, {0x01}, le32(11), tree}), bin::decode_update_permissions_request);
  // The declared length must cover exactly the tree.
  expect_decode_fails(cat({id_1, {0x01}, le32(12), tree, {0x00}}), bin::decode_update_permissions_request,
                      bin::status::invalid_format);
}

TEST(change_password, is_identifier_then_two_u8_strings) {
  expect_request_codec(bin::change_password_request{identifier::numeric(1), "old", "new!"},
                       cat({id_1, {0x03, 'o', 'l', 'd', 0x04, 'n', 'e', 'w', '!'}}),
                       bin::decode_change_password_request);
}

TEST(login_user, has_both_u32_lengths_even_when_absent) {
  bin::login_user_request req{"iggy", "iggy", "0.8.0", ""};
  const bytes expected{
      0x04, 'i', 'g', 'g', 'y',                        // username
      0x04, 'i', 'g', 'g', 'y',                        // password
      0x05, 0x00, 0x00, 0x00, '0', '.', '8', '.', '0',  // version
      0x00, 0x00, 0x00, 0x00,                          // context: absent
  };
  expect_request_codec(req, expected, bin::decode_login_user_request);
  expect_request_codec(bin::login_user_request{"u", "p", "", ""},
                       {0x01, 'u', 0x01, 'p', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
                       bin::decode_login_user_request);
}

TEST(login_user, rejects_empty_username_and_bad_utf8) {
  expect_decode_fails({0x00, 0x01, 'p', 0, 0, 0, 0, 0, 0, 0, 0}, bin::decode_login_user_request,
                      bin::status::invalid_format);
  expect_decode_fails({0x01, 'u', 0x01, 0xff, 0, 0, 0, 0, 0, 0, 0, 0}, bin::decode_login_user_request,
                      bin::status::invalid_format);
}

TEST(create_personal_access_token, is_name_then_expiry) {
  expect_request_codec(bin::create_personal_access_token_request{"ci", 0}, cat({{0x02, 'c', 'i'}, le64(0)}),
                       bin::decode_create_personal_access_token_request);
  expect_request_codec(bin::create_personal_access_token_request{"ci", UINT64_MAX},
                       {0x02, 'c', 'i', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                       bin::decode_create_personal_access_token_request);
}

TEST(delete_personal_access_token, is_name) {
  expect_request_codec(bin::delete_personal_access_token_request{"ci"}, {0x02, 'c', 'i'},
                       bin::decode_delete_personal_access_token_request);
}

TEST(login_with_personal_access_token, is_token) {
  expect_request_codec(bin::login_with_personal_access_token_request{"t0k3n"}, {0x05, 't', '0', 'k', '3', 'n'},
                       bin::decode_login_with_personal_access_token_request);
  expect_decode_fails({0x00}, bin::decode_login_with_personal_access_token_request, bin::status::invalid_format);
}

}  // namespace
