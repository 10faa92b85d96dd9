// The LibTorch headers every torch-using target needs, precompiled once.
// Narrow headers, not <torch/torch.h>: the full umbrella costs ~35 % more to parse.
#pragma once
#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/init.h>
#include <torch/utils.h>
