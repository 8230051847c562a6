"""The environment's fingerprint: what really ran, as reported by the runtime.

Runs inside the environment (Python 3.7+) in a process of its own, so that
querying devices (which initialises TensorFlow's runtime) never happens in a
parent that will fork cases: after the last case, a child forked from the runner
(which has imported TensorFlow already: no second import), or where forking is not
proven safe a fresh interpreter, `python -m harness.runner.fingerprint OUT.json`.
Versions come from the imported modules and the installed distributions, never
from the matrix table: a hand-kept table drifts from what was really installed.
"""
import json
import os
import platform
import signal
import sys
import time

SCRIPTS_ENV = "KMATRIX_FINGERPRINT_SCRIPTS"   # "1": an ad-hoc run, where neither TF nor Keras may be installed
INTERESTING_ENV = ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND", "CUDA_VISIBLE_DEVICES",
                   "KMATRIX_ENV_ID", "KMATRIX_KERAS", "KMATRIX_DEVICE",
                   "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def installed_packages():
    """{name: version} of every distribution on sys.path, read from *.dist-info
    and *.egg-info metadata (importlib.metadata is missing on Python 3.7)."""
    packages = {}
    for folder in sys.path:
        if not os.path.isdir(folder):
            continue
        for entry in os.listdir(folder):
            if not entry.endswith((".dist-info", ".egg-info")):
                continue
            for meta_name in ("METADATA", "PKG-INFO"):
                meta = os.path.join(folder, entry, meta_name)
                if os.path.isfile(meta):
                    name = version = None
                    with open(meta, encoding="utf-8", errors="replace") as handle:
                        for line in handle:
                            if line.startswith("Name:"):
                                name = line.split(":", 1)[1].strip()
                            elif line.startswith("Version:"):
                                version = line.split(":", 1)[1].strip()
                            if (name and version) or not line.strip():
                                break
                    if name and version:
                        packages.setdefault(name.lower().replace("_", "-"), version)
                    break
    return dict(sorted(packages.items()))


def _tensorflow_info(tf):
    info = {"version": tf.__version__}
    try:
        build = dict(tf.sysconfig.get_build_info())
        info.update(is_cuda_build=bool(build.get("is_cuda_build")),
                    cuda_version=build.get("cuda_version"), cudnn_version=build.get("cudnn_version"))
    except Exception:
        info["is_cuda_build"] = bool(tf.test.is_built_with_cuda())
    return info


def _devices(tf, under_test):
    """The devices the runtime really sees; kind is 'gpu' only if one is usable."""
    gpus = []
    if tf is not None:
        from tensorflow.python.client import device_lib
        for device in device_lib.list_local_devices():
            if device.device_type == "GPU":
                desc = device.physical_device_desc or device.name
                name = desc.split("name:")[1].split(",")[0].strip() if "name:" in desc else desc
                gpus.append(name)
    elif under_test.keras is None:   # an ad-hoc run without TensorFlow or Keras
        gpus = []
    elif under_test.backend == "jax":
        import jax
        gpus = [str(d.device_kind) for d in jax.devices() if d.platform == "gpu"]
    elif under_test.backend == "torch":
        import torch
        gpus = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return {"kind": "gpu" if gpus else "cpu", "gpus": gpus,
            "name": gpus[0] if gpus else (platform.processor() or platform.machine())}


def collect(under_test=None, import_s=None):
    """The fingerprint; `under_test` (and how long its import took) when the caller has it."""
    if under_test is None:
        from . import flavour, script
        started = time.time()
        under_test = script.resolve_under_test() if os.environ.get(SCRIPTS_ENV) == "1" else flavour.resolve()
        import_s = round(time.time() - started, 3)
    tf = under_test.tf
    return {
        "schema": 1,
        "env_id": os.environ.get("KMATRIX_ENV_ID", "local"),
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "executable": sys.executable},
        "platform": {"system": platform.system(), "machine": platform.machine(), "release": platform.release()},
        "tensorflow": _tensorflow_info(tf) if tf is not None else None,
        "keras": under_test.describe(),
        "requested_device": os.environ.get("KMATRIX_DEVICE", "cpu"),
        "device": _devices(tf, under_test),
        "import_s": import_s,
        "env": {k: os.environ[k] for k in INTERESTING_ENV if k in os.environ},
        "packages": installed_packages(),
        "collected_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def write_forked(path, under_test, import_s, timeout):
    """Fork a child that writes the fingerprint (the runner's own import reused); wait for it.
    Returns the child's exit status (0: written)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            from ..records import write_json
            signal.alarm(int(timeout or 600))
            write_json(path, collect(under_test, import_s))
            code = 0
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            os._exit(code)
    return os.waitpid(pid, 0)[1]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from ..records import write_json
    # Importing and asking for devices can hang (a broken driver): never outlive the run.
    signal.alarm(int(os.environ.get("KMATRIX_IMPORT_TIMEOUT") or 600))
    data = collect()
    if argv:
        write_json(argv[0], data)
    else:
        json.dump(data, sys.stdout, indent=1)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
