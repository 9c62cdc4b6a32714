"""Compile the listed modules with Cython into `_lib/`, rebuilding only those whose source changed.

`python -m biddeed_assets.compiled.build` (run by `make install`, `make test`, `make bench` and
`make demo`). Without Cython or a C compiler it says so in one line and exits 0: everything runs as
pure Python, only slower.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from biddeed_assets import compiled
from biddeed_assets.compiled import LIB, MODULES, PACKAGE_ROOT, built_path, read_manifest, source_hash

# annotation_typing off: annotations stay hints as in CPython (a str-typed parameter takes a str Enum)
DIRECTIVES = {"language_level": 3, "binding": True, "annotation_typing": False}


def stale(lib: Path = LIB) -> list[str]:
    """The listed modules with no build for this interpreter or one built from other source."""
    manifest = read_manifest(lib)
    return [m for m in MODULES if not built_path(m, lib).is_file() or manifest.get(m) != source_hash(m)]


def compile_modules(modules: list[str], lib: Path = LIB, jobs: int = 2) -> None:
    """Cythonize and compile `modules`, then move each into `lib` and record its source hash."""
    from Cython.Build import cythonize  # only the build needs Cython
    from setuptools import Distribution, Extension

    hashes = {m: source_hash(m) for m in modules}  # taken before compiling: an edit meanwhile reads as stale
    # relative source paths from the package's parent keep the generated C in the build directory
    with tempfile.TemporaryDirectory(prefix="biddeed-cython-") as tmp, contextlib.chdir(PACKAGE_ROOT.parent):
        extensions = [Extension(m, [str(compiled.source_path(m).relative_to(PACKAGE_ROOT.parent))]) for m in modules]
        ext_modules = cythonize(extensions, compiler_directives=DIRECTIVES, build_dir=f"{tmp}/c",
                                nthreads=jobs, quiet=True, force=True)
        dist = Distribution({"name": "biddeed_compiled", "ext_modules": ext_modules})
        command = dist.get_command_obj("build_ext")
        command.build_lib, command.build_temp, command.parallel = f"{tmp}/lib", f"{tmp}/obj", jobs
        dist.run_command("build_ext")
        lib.mkdir(parents=True, exist_ok=True)
        manifest = {m: h for m, h in read_manifest(lib).items() if m in MODULES}
        for module in modules:
            output = Path(command.get_ext_fullpath(module))
            shutil.move(str(output), built_path(module, lib))
            manifest[module] = hashes[module]
    (lib / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m biddeed_assets.compiled.build", description=__doc__)
    parser.add_argument("--force", action="store_true", help="rebuild every module, changed or not")
    parser.add_argument("--clean", action="store_true", help="remove every build: run as pure Python")
    args = parser.parse_args(argv)
    if args.clean:
        shutil.rmtree(LIB, ignore_errors=True)
        print(f"compiled modules removed ({LIB})")
        return 0
    todo = list(MODULES) if args.force else stale()
    if not todo:
        print(f"compiled modules up to date ({len(MODULES)} in {LIB})")
        return 0
    started = time.perf_counter()
    try:
        compile_modules(todo)
    except Exception as exc:  # no Cython, no compiler, a compile error: pure Python still runs everything
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        print(f"compiled modules not built ({type(exc).__name__}: {reason}); running as pure Python", file=sys.stderr)
        return 0
    print(f"compiled {len(todo)} of {len(MODULES)} modules with Cython in {time.perf_counter() - started:.0f} s ({LIB})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
