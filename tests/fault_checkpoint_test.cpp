// A checkpoint write cut short (the process killed, the disk full) leaves the
// previous checkpoint loadable, and a truncated or corrupted checkpoint is
// refused with one clear line before anything is loaded from it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/input_error.h"
#include "temp_dir.h"
#include "train/checkpoint.h"

namespace {

namespace fs = std::filesystem;
namespace train = gradaudit::train;
using gradaudit::InputError;
using gradaudit::testing::TempDir;

// 8 MB of weights: writing them takes long enough that a kill lands inside
// the write.
struct Weights : torch::nn::Module {
  Weights() { w = register_parameter("w", torch::zeros({2048, 1024})); }
  torch::Tensor w;
};

class CheckpointFaults : public ::testing::Test {
 protected:
  // No OpenMP threads in this process: the forked writers below must not
  // inherit a thread pool they cannot use.
  void SetUp() override { torch::set_num_threads(1); }

  // Every weight saved at step `s` is `s`, so a load shows which save the
  // weights came from and that they match the record.
  void save_step(int64_t step) {
    {
      torch::NoGradGuard no_grad;
      model_.w.fill_(static_cast<double>(step));
    }
    train::Checkpoint c;
    c.spec.config = {{"h", 12}, {"input_size", 24}};
    c.state.step = step;
    train::save_checkpoint(run_, c, model_, nullptr, optimizer_);
  }

  // The checkpoint is whole: its record and weights of the step it records.
  int64_t loadable_step() {
    const train::Checkpoint c = train::read_checkpoint(run_);
    Weights loaded;
    train::load_weights(run_, loaded);
    torch::optim::SGD optimizer(loaded.parameters(), 0.1);
    train::load_optimizer(run_, optimizer);
    EXPECT_TRUE(torch::all(loaded.w == static_cast<double>(c.state.step)).item<bool>())
        << "the weights are not those of step " << c.state.step;
    return c.state.step;
  }

  struct ChildEnd {
    int status = 0;       // as waitpid gives it
    std::string message;  // what the child put in its `message`
  };

  // Runs `write(message)` in a child process, SIGKILLed after `kill_after_us`
  // unless that is negative. The message comes back through a pipe: a file
  // could not be written under the child's file-size limit.
  template <typename Write>
  ChildEnd in_child(Write write, int kill_after_us = -1) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      std::string message;
      int code = 3;
      try {
        code = write(message);
      } catch (...) {
      }
      if (::write(fds[1], message.data(), message.size()) < 0) code = 4;
      _exit(code);
    }
    close(fds[1]);
    if (kill_after_us >= 0) {
      usleep(kill_after_us);
      kill(pid, SIGKILL);
    }
    ChildEnd end;
    char buffer[4096];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) end.message.append(buffer, n);
    close(fds[0]);
    waitpid(pid, &end.status, 0);
    return end;
  }

  TempDir dir_;
  const std::string run_ = dir_.path("run");
  Weights model_;
  torch::optim::SGD optimizer_{model_.parameters(), 0.1};
};

TEST_F(CheckpointFaults, AWriterKilledAtAnyMomentLeavesALoadableCheckpoint) {
  save_step(1);
  int inside_a_write = 0;
  for (int delay_us : {0, 300, 1000, 3000, 7000, 15000, 30000, 60000, 120000}) {
    const int status = in_child(
                               [&](std::string&) {
                                 for (int64_t step = 2;; ++step) save_step(step);
                                 return 0;
                               },
                               delay_us)
                           .status;
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer was not killed";
    inside_a_write += fs::exists(fs::path(run_) / ".checkpoint.tmp");
    EXPECT_GE(loadable_step(), 1) << "killed after " << delay_us << " us";
  }
  EXPECT_GT(inside_a_write, 0) << "no kill landed inside a write: the test proved nothing";
  save_step(100);  // the next save clears what a killed one left
  EXPECT_EQ(loadable_step(), 100);
  EXPECT_FALSE(fs::exists(fs::path(run_) / ".checkpoint.tmp"));
}

// `ulimit -f` in the child: each file may hold only `limit` bytes. With
// SIGXFSZ ignored the write fails (EFBIG, as on a full disk) and the save must
// throw our input error; with SIGXFSZ's default the writer dies mid-write.
TEST_F(CheckpointFaults, AFullDiskFailsTheSaveCleanlyAndKeepsThePreviousCheckpoint) {
  save_step(1);
  const auto weights_size = fs::file_size(fs::path(train::checkpoint_dir(run_)) / "weights.pt");
  for (const rlim_t limit : {rlim_t{0}, rlim_t{4096}, rlim_t{weights_size / 2}, rlim_t{weights_size - 1}}) {
    for (const bool signal_kills : {false, true}) {
      const ChildEnd end = in_child([&](std::string& message) {
        signal(SIGXFSZ, signal_kills ? SIG_DFL : SIG_IGN);
        const rlimit fsize{limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &fsize) != 0) return 10;
        try {
          save_step(2);
          return 1;
        } catch (const InputError& e) {
          message = e.what();
          return 0;
        } catch (...) {
          return 2;
        }
      });
      const std::string where = "limit " + std::to_string(limit) + (signal_kills ? ", SIGXFSZ kills" : ", EFBIG");
      if (signal_kills) {
        EXPECT_TRUE(WIFSIGNALED(end.status) && WTERMSIG(end.status) == SIGXFSZ) << where;
      } else {
        ASSERT_TRUE(WIFEXITED(end.status)) << where << ": killed by signal " << WTERMSIG(end.status);
        EXPECT_EQ(WEXITSTATUS(end.status), 0) << where << ": 1 = the save succeeded, 2 = not our input error";
        EXPECT_NE(end.message.find(run_), std::string::npos) << where << ": " << end.message;
        EXPECT_EQ(end.message.find('\n'), std::string::npos) << where << ": " << end.message;
        EXPECT_FALSE(fs::exists(fs::path(run_) / ".checkpoint.tmp")) << where << ": the partial copy stays on disk";
      }
      EXPECT_EQ(loadable_step(), 1) << where;
    }
  }
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Loading a damaged checkpoint must throw InputError (one line naming the
// damaged file) and, when the record or the weights are damaged, leave the
// model as it was: never half loaded.
void expect_refused(const std::string& run_dir, const fs::path& damaged, const std::string& what) {
  Weights model;
  {
    torch::NoGradGuard no_grad;
    model.w.fill_(-1.0);
  }
  try {
    train::read_checkpoint(run_dir);
    train::load_weights(run_dir, model);
    torch::optim::SGD optimizer(model.parameters(), 0.1);
    train::load_optimizer(run_dir, optimizer);
    ADD_FAILURE() << what << ": loaded without an error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(damaged.filename().string()), std::string::npos) << what << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << what << ": " << message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": not our input error: " << e.what();
  }
  if (damaged.filename() != "optimizer.pt") {  // the weights load before the optimizer is read
    EXPECT_TRUE(torch::all(model.w == -1.0).item<bool>()) << what << ": the model was partly loaded";
  }
}

TEST_F(CheckpointFaults, ATruncatedOrCorruptedCheckpointIsRefusedWhole) {
  save_step(3);
  const fs::path folder = train::checkpoint_dir(run_);
  for (const char* name : {"run.json", "weights.pt", "optimizer.pt"}) {
    const fs::path file = folder / name;
    const std::string good = read_bytes(file);
    for (int percent = 0; percent < 100; percent += 10) {
      write_bytes(file, good.substr(0, good.size() * percent / 100));
      expect_refused(run_, file, std::string(name) + " truncated to " + std::to_string(percent) + " %");
    }
    if (std::string(name) != "run.json") {
      for (int percent = 10; percent < 100; percent += 20) {
        std::string flipped = good;
        flipped[flipped.size() * percent / 100] ^= 0x5a;
        write_bytes(file, flipped);
        expect_refused(run_, file, std::string(name) + " with a byte flipped at " + std::to_string(percent) + " %");
      }
    }
    write_bytes(file, good);
  }
  EXPECT_EQ(loadable_step(), 3);
}

}  // namespace
