"""Export PyTorch models for ``gradaudit trace`` (needs only torch).

``export`` saves one model as TorchScript with the input spec gradaudit
reads; ``export_space`` saves one model per configuration and the manifest
that lists them::

    from gradaudit_export import export_space
    export_space(build_model, make_inputs, configs, "audit")
    # then: gradaudit trace --manifest audit/manifest.json

The input spec records each forward() argument's shape and dtype (gradaudit
feeds random values of that shape), ``None`` for an absent Optional argument,
and ``{"dict": {...}}`` for a Dict[str, Optional[Tensor]] argument.
"""

import json
import os

import torch

__all__ = ["export", "export_space", "input_spec"]

_DTYPES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.float16: "float16",
    torch.bfloat16: "bfloat16",
    torch.int64: "int64",
    torch.int32: "int32",
    torch.bool: "bool",
}


def _arg_spec(value, where):
    if value is None:
        return None
    if isinstance(value, torch.Tensor):
        if value.dtype not in _DTYPES:
            raise TypeError(f"{where}: dtype {value.dtype} is not one gradaudit feeds "
                            f"({', '.join(_DTYPES.values())})")
        return {"shape": list(value.shape), "dtype": _DTYPES[value.dtype]}
    if isinstance(value, dict):
        entries = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: dict keys must be strings, got {key!r}")
            if isinstance(item, dict):
                raise TypeError(f"{where}[{key!r}]: dict values must be tensors or None")
            entries[key] = _arg_spec(item, f"{where}[{key!r}]")
        return {"dict": entries}
    raise TypeError(f"{where}: gradaudit feeds tensors, None and dicts of them, got {type(value).__name__}")


def input_spec(example_inputs, loss_outputs=None):
    """The input spec (a JSON-ready dict) for forward(*example_inputs)."""
    spec = {"inputs": [_arg_spec(v, f"inputs[{i}]") for i, v in enumerate(example_inputs)]}
    if loss_outputs is not None:
        spec["loss_outputs"] = list(loss_outputs)
    return spec


def _as_tuple(example_inputs):
    return tuple(example_inputs) if isinstance(example_inputs, (tuple, list)) else (example_inputs,)


def _to_torchscript(model, example_inputs):
    """Scripts the model; falls back to tracing it (which cannot take None)."""
    try:
        return torch.jit.script(model), "script"
    except Exception as script_error:  # noqa: BLE001 - any scripting failure falls back to tracing
        if any(v is None for v in example_inputs) or any(
                isinstance(v, dict) and any(x is None for x in v.values()) for v in example_inputs):
            raise TypeError("the model does not script, and tracing cannot take None arguments: "
                            f"{str(script_error).splitlines()[0]}") from script_error
        traced = torch.jit.trace(model, example_inputs, strict=False, check_trace=False)
        return traced, "trace"


def _json_value(value):
    """A config value as JSON can hold it (tuples become lists, other objects text)."""
    return json.loads(json.dumps(value, default=str))


def export(model, example_inputs, path, config=None, loss_outputs=None):
    """Saves `model` as TorchScript at `path` and its input spec next to it.

    `example_inputs`: forward()'s positional arguments (a tuple, or one
    tensor); tensors give shape and dtype, None an absent Optional argument,
    a dict a Dict[str, Optional[Tensor]]. `config`: the configuration the
    model was built for (any JSON values), which explains findings.
    Returns the manifest entry: {"name", "model", "inputs", "config"}.
    """
    example_inputs = _as_tuple(example_inputs)
    spec = input_spec(example_inputs, loss_outputs)
    was_training = model.training
    model.train()  # the audit is of a training step
    try:
        saved, _how = _to_torchscript(model, example_inputs)
    finally:
        model.train(was_training)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    saved.save(path)
    spec_path = os.path.splitext(path)[0] + ".json"
    with open(spec_path, "w") as out:
        json.dump(spec, out, indent=1)
    entry = {"name": os.path.splitext(os.path.basename(path))[0], "model": os.path.basename(path),
             "inputs": os.path.basename(spec_path)}
    if config is not None:
        entry["config"] = {str(k): _json_value(v) for k, v in dict(config).items()}
    return entry


def _label(config, index):
    text = ",".join(f"{k}={v}" for k, v in dict(config).items())
    return text if text else f"config-{index}"


def export_space(build_model, make_inputs, configs, folder):
    """Exports build_model(config) with make_inputs(config) for every config.

    Writes `folder`/entryNNN.pt and .json per configuration and
    `folder`/manifest.json listing them; returns the manifest's path.
    """
    os.makedirs(folder, exist_ok=True)
    entries, names = [], set()
    for index, config in enumerate(configs):
        model = build_model(config)
        entry = export(model, make_inputs(config), os.path.join(folder, f"entry{index:03d}.pt"), config)
        name = _label(config, index)
        entry["name"] = name if name not in names else f"{name}#{index}"  # names must be unique
        names.add(entry["name"])
        entries.append(entry)
    manifest = os.path.join(folder, "manifest.json")
    with open(manifest, "w") as out:
        json.dump({"entries": entries}, out, indent=1)
    return manifest
