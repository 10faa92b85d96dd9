#include "mini_torch.h"

struct Broken : torch::nn::Module {
  int forward(int x) { return x + ; }
};
