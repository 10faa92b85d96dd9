#include "train/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace gradaudit::train {

ProgressStyle progress_style_for(std::FILE* stream, bool quiet) {
  if (quiet) return ProgressStyle::kQuiet;
  return ::isatty(::fileno(stream)) ? ProgressStyle::kBar : ProgressStyle::kLines;
}

Progress::Progress(ProgressStyle style, int64_t first_step, int64_t max_steps, std::FILE* out)
    : style_(style),
      first_step_(first_step),
      max_steps_(max_steps),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

std::string Progress::rate_and_eta(int64_t step) const {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(step - first_step_) / seconds : 0.0;
  if (rate <= 0) return "";
  const auto eta = static_cast<int64_t>(static_cast<double>(max_steps_ - step) / rate);
  return fmt::format("{:.1f} steps/s, ETA {}m{:02d}s", rate, eta / 60, eta % 60);
}

void Progress::draw(int64_t step, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const int width = 24;
  const int done = static_cast<int>(width * step / std::max<int64_t>(max_steps_, 1));
  const std::string bar = std::string(done, '#') + std::string(width - done, '.');
  const std::string valid = valid_loss_ >= 0 ? fmt::format(" valid {:.4g}", valid_loss_) : "";
  // \r and "erase line" redraw in place.
  fmt::print(out_, "\r\x1b[2K[{}] {}/{} train {:.4g}{} {}", bar, step, max_steps_, train_loss_, valid,
             rate_and_eta(step));
  std::fflush(out_);
  drawn_ = true;
}

void Progress::step(int64_t step, double train_loss) {
  train_loss_ = train_loss;
  if (style_ == ProgressStyle::kBar) draw(step, false);
}

void Progress::check(int64_t step, double train_loss, double valid_loss, double lr) {
  train_loss_ = train_loss;
  if (valid_loss >= 0) valid_loss_ = valid_loss;
  if (style_ == ProgressStyle::kBar) return draw(step, true);
  if (style_ != ProgressStyle::kLines) return;
  fmt::print(out_, "step {}/{}: train_loss={:.6g}{} lr={:.3g} {}\n", step, max_steps_, train_loss,
             valid_loss >= 0 ? fmt::format(" valid_loss={:.6g}", valid_loss) : "", lr, rate_and_eta(step));
  std::fflush(out_);
}

void Progress::finish(const std::string& message) {
  if (style_ == ProgressStyle::kQuiet) return;
  if (drawn_) fmt::print(out_, "\n");
  fmt::print(out_, "{}\n", message);
  std::fflush(out_);
}

}  // namespace gradaudit::train
