"""Writes a manifest of TFT-sized scripted models for the TorchScript benchmark.

A Temporal Fusion Transformer shaped as NeuralForecast's (per-variable
embeddings, variable-selection GRNs, static encoders, an LSTM encoder and
decoder, multi-head attention, gated skips), hidden_size 128 by default,
scripted with torch.jit.script and exported with gradaudit_export over a
10-configuration space of (stat, hist, futr) exogenous sizes. The static
encoder is built whatever stat_exog_size is (NeuralForecast's bug), so the
audit has findings to report.

usage: tft_like_models.py FOLDER [CONFIGS] [HIDDEN]
"""

import sys
from typing import Dict, List, Optional

import torch
import torch.nn as nn

from gradaudit_export import export_space


class GRN(nn.Module):
    def __init__(self, d_in: int, d_hidden: int, d_out: int, d_context: int = 0):
        super().__init__()
        self.lin_a = nn.Linear(d_in, d_hidden)
        self.lin_c = nn.Linear(d_context, d_hidden, bias=False) if d_context > 0 else None
        self.lin_i = nn.Linear(d_hidden, d_hidden)
        self.glu = nn.Linear(d_hidden, 2 * d_out)
        self.skip = nn.Linear(d_in, d_out) if d_in != d_out else None
        self.norm = nn.LayerNorm(d_out)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, c: Optional[torch.Tensor] = None) -> torch.Tensor:
        a = self.lin_a(x)
        lin_c = self.lin_c
        if lin_c is not None and c is not None:
            a = a + lin_c(c)
        a = self.lin_i(nn.functional.elu(a))
        g = nn.functional.glu(self.glu(self.drop(a)), dim=-1)
        skip = self.skip
        s = x if skip is None else skip(x)
        return self.norm(s + g)


class VariableSelection(nn.Module):
    def __init__(self, n_vars: int, hidden: int, d_context: int = 0):
        super().__init__()
        self.embed = nn.ModuleList([nn.Linear(1, hidden) for _ in range(n_vars)])
        self.joint = GRN(n_vars * hidden, hidden, n_vars, d_context)
        self.per_var = nn.ModuleList([GRN(hidden, hidden, hidden) for _ in range(n_vars)])

    def forward(self, x: torch.Tensor, c: Optional[torch.Tensor] = None) -> torch.Tensor:
        embedded: List[torch.Tensor] = []
        i = 0
        for layer in self.embed:
            embedded.append(layer(x[..., i:i + 1]))
            i += 1
        flat = torch.cat(embedded, dim=-1)
        weights = torch.softmax(self.joint(flat, c), dim=-1).unsqueeze(-1)
        processed: List[torch.Tensor] = []
        i = 0
        for grn in self.per_var:
            processed.append(grn(embedded[i]))
            i += 1
        return (torch.stack(processed, dim=-2) * weights).sum(dim=-2)


class TFTLike(nn.Module):
    def __init__(self, config: Dict[str, int], hidden: int, h: int):
        super().__init__()
        stat, hist, futr = config["stat_exog_size"], config["hist_exog_size"], config["futr_exog_size"]
        self.h = h
        # NeuralForecast's bug: built even when stat_exog_size == 0.
        self.static_vsn = VariableSelection(max(stat, 1), hidden)
        self.static_context = nn.ModuleList([GRN(hidden, hidden, hidden) for _ in range(4)])
        self.history_vsn = VariableSelection(1 + hist + futr, hidden, hidden)
        self.future_vsn = VariableSelection(max(futr, 1), hidden, hidden)
        self.encoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.decoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.enrichment = GRN(hidden, hidden, hidden, hidden)
        self.attention = nn.MultiheadAttention(hidden, 4, batch_first=True)
        self.post_attention = GRN(hidden, hidden, hidden)
        self.output = nn.Linear(hidden, 1)

    def forward(self, batch: Dict[str, Optional[torch.Tensor]]) -> torch.Tensor:
        y = batch["insample_y"]
        assert y is not None
        b = y.shape[0]
        hist_parts: List[torch.Tensor] = [y]
        hist = batch["hist_exog"]
        if hist is not None:
            hist_parts.append(hist)
        futr = batch["futr_exog"]
        if futr is not None:
            hist_parts.append(futr[:, :y.shape[1]])
        stat = batch["stat_exog"]
        context = torch.zeros(b, self.output.in_features)
        if stat is not None:
            context = self.static_vsn(stat)
        contexts: List[torch.Tensor] = []
        for grn in self.static_context:
            contexts.append(grn(context))
        past = self.history_vsn(torch.cat(hist_parts, dim=-1), contexts[0].unsqueeze(1))
        if futr is not None:
            future = self.future_vsn(futr[:, y.shape[1]:], contexts[0].unsqueeze(1))
        else:
            future = torch.zeros(b, self.h, past.shape[-1])
        state = (contexts[1].unsqueeze(0), contexts[2].unsqueeze(0))
        encoded, state = self.encoder(past, state)
        decoded, _ = self.decoder(future, state)
        temporal = torch.cat([encoded, decoded], dim=1)
        enriched = self.enrichment(temporal, contexts[3].unsqueeze(1))
        attended, _ = self.attention(enriched, enriched, enriched)
        out = self.post_attention(attended + enriched)
        return self.output(out[:, -self.h:]).squeeze(-1)


def main():
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    hidden = int(sys.argv[3]) if len(sys.argv) > 3 else 128
    input_size, h = 24, 12
    space = [(s, p, f) for s in (0, 2) for p in (0, 2, 3) for f in (0, 1, 2)]
    configs = [{"stat_exog_size": s, "hist_exog_size": p, "futr_exog_size": f, "hidden_size": hidden}
               for s, p, f in (space[i * len(space) // count] for i in range(count))]

    def make_inputs(c):
        def maybe(n, *shape):
            return torch.randn(*shape, n) if n > 0 else None
        return ({"insample_y": torch.randn(4, input_size, 1),
                 "hist_exog": maybe(c["hist_exog_size"], 4, input_size),
                 "futr_exog": maybe(c["futr_exog_size"], 4, input_size + h),
                 "stat_exog": maybe(c["stat_exog_size"], 4)},)

    torch.manual_seed(0)
    print(export_space(lambda c: TFTLike(c, hidden, h), make_inputs, configs, folder))


if __name__ == "__main__":
    main()
