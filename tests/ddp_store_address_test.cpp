// Rank 0's TCP store must listen on the loopback address when the rendezvous
// address is loopback (single-machine runs, the built-in launcher's default):
// a store on every interface lets anyone on the network join or poison it.
#include <gtest/gtest.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "ddp/launcher.h"
#include "ddp/rendezvous.h"
#include "temp_dir.h"

namespace {

using gradaudit::testing::TempDir;

// Local addresses (kernel hex, as /proc/net/tcp{,6} write them) of the
// sockets listening on `port`.
std::set<std::string> listening_addresses(int port) {
  std::set<std::string> found;
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      const auto colon = local.rfind(':');
      if (state == "0A" && local.substr(colon + 1) == port_hex) found.insert(local.substr(0, colon));
    }
  }
  return found;
}

// LibTorch's TCPStore binds its server to every interface whatever address
// it is given (seen with 1.13: '::' for MASTER_ADDR=127.0.0.1), so a
// one-machine launch meets through a file in the launcher's private folder
// and serves no port at all.
TEST(DdpStoreAddress, AOneMachineRendezvousServesNoPort) {
  TempDir dir;
  gradaudit::ddp::Rendezvous where;
  where.master_addr = "127.0.0.1";
  where.master_port = gradaudit::ddp::free_loopback_port();
  where.store_file = dir.path("store");
  const auto group =
      gradaudit::ddp::make_process_group(where, gradaudit::ddp::Backend::kGloo, std::chrono::milliseconds(5000));
  ASSERT_TRUE(group);
  EXPECT_TRUE(listening_addresses(where.master_port).empty()) << "a socket listens on port " << where.master_port;
}

// The ranks find the file in the environment our launcher gives them.
TEST(DdpStoreAddress, TheStoreFileComesFromTheEnvironment) {
  setenv("RANK", "0", 1);
  setenv("WORLD_SIZE", "1", 1);
  setenv("GRADAUDIT_STORE_FILE", "/tmp/x/store", 1);
  const auto where = gradaudit::ddp::rendezvous_from_environment();
  unsetenv("RANK");
  unsetenv("WORLD_SIZE");
  unsetenv("GRADAUDIT_STORE_FILE");
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->store_file, "/tmp/x/store");
}

// Without a store file (several machines, torchrun) rank 0 serves the port.
TEST(DdpStoreAddress, WithoutAFileRankZeroServesThePort) {
  gradaudit::ddp::Rendezvous where;
  where.master_port = gradaudit::ddp::free_loopback_port();
  const auto group =
      gradaudit::ddp::make_process_group(where, gradaudit::ddp::Backend::kGloo, std::chrono::milliseconds(5000));
  EXPECT_FALSE(listening_addresses(where.master_port).empty());
}

}  // namespace
