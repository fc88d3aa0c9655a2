#pragma once
// Records for the server's objects, shared by the commands that show them.

#include <string>
#include <vector>

#include "client/client.h"
#include "output.h"

namespace whippet::cli {

namespace bin = protocol::binary;

record stream_record(const bin::stream_response& s);
std::vector<std::string> stream_columns();
record topic_record(const bin::topic_header& t);
std::vector<std::string> topic_columns();
record partition_record(const bin::partition_response& p);
record topic_details_record(const bin::topic_details& t);
record user_record(const bin::user_response& u);
std::vector<std::string> user_columns();
record group_record(const bin::consumer_group_response& g);
std::vector<std::string> group_columns();
record client_record(const bin::client_response& c);
std::vector<std::string> client_columns();
record client_details_record(const bin::client_details& c);

std::string transport_name(bin::transport_kind t);
std::string status_name(bin::user_status s);

}  // namespace whippet::cli
