"""dvc.yaml, params.yaml and the pipeline modules must tell the same story."""

import ast
import re
import shlex

import pytest
import yaml

from conftest import ROOT

DVC = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))


def expand_stages():
    for name, stage in DVC["stages"].items():
        if "foreach" in stage:
            for item in stage["foreach"]:
                text = yaml.safe_dump(stage["do"]).replace("${item}", str(item))
                yield f"{name}@{item}", yaml.safe_load(text)
        else:
            yield name, stage


STAGES = dict(expand_stages())


def interpolate(value: str) -> str:
    def lookup(match):
        node = PARAMS
        for part in match.group(1).split("."):
            node = node[part]
        return str(node)

    return re.sub(r"\$\{([\w.]+)\}", lookup, value)


def paths(entries) -> list[str]:
    return [interpolate(next(iter(e)) if isinstance(e, dict) else e) for e in entries or []]


def module_of(stage) -> str:
    match = re.match(r"python -m pipeline\.(\w+)\b", stage["cmd"].strip())
    assert match, f"stage command must be `python -m pipeline.<stage>`: {stage['cmd']}"
    return match.group(1)


def module_files(module: str) -> list:
    """A module is one file (pipeline/<m>.py) or a subpackage (pipeline/<m>/*.py)."""
    single = ROOT / "pipeline" / f"{module}.py"
    return [single] if single.exists() else sorted((ROOT / "pipeline" / module).glob("*.py"))


def dep_path(module: str) -> str:
    """How a stage lists the module as a dep: the file, or the subpackage's folder."""
    return f"pipeline/{module}.py" if (ROOT / "pipeline" / f"{module}.py").exists() else f"pipeline/{module}"


def source(module: str) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in module_files(module))


def tree(module: str) -> ast.Module:
    return ast.parse(source(module))


def pipeline_imports(module: str) -> set[str]:
    found = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "pipeline":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("pipeline."):
                found.add(node.module.split(".")[1])
    return found


def imported_closure(module: str) -> set[str]:
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += list(pipeline_imports(current))
    return seen


def dynamic_kinds(module: str) -> set[str]:
    """Model kinds loaded by name through pipeline.model.KINDS."""
    users = [m for m in imported_closure(module) if m != "model"]
    if not any("load_model" in source(m) for m in users):
        return set()
    return set(re.findall(r'"pipeline\.(\w+):\w+"', source("model")))


def files_referenced(module: str) -> set[str]:
    """Package files used by path rather than import (e.g. an MLflow models-from-code entry)."""
    return {name for name in re.findall(r'"(\w+)\.py"', source(module)) if (ROOT / "pipeline" / f"{name}.py").exists()}


def package_data_read(module: str) -> set[str]:
    """Data files inside the package that the module's code reads (the name tagger's weights)."""
    return {f"pipeline/resources/{name}" for m in imported_closure(module)
            for name in re.findall(r'"resources"\s*/\s*"([\w.]+)"', source(m))}


def cli_options(module: str) -> tuple[set[str], set[str]]:
    options, required = set(), set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
            flag = node.args[0].value
            options.add(flag)
            if any(k.arg == "required" and getattr(k.value, "value", False) for k in node.keywords):
                required.add(flag)
    return options, required


@pytest.mark.parametrize("name", sorted(STAGES))
def test_stage_runs_its_own_module_with_main(name):
    module = module_of(STAGES[name])
    assert name.split("@")[0] == module, "a stage is named after its module"
    functions = {n.name for n in tree(module).body if isinstance(n, ast.FunctionDef)}
    assert "main" in functions


@pytest.mark.parametrize("name", sorted(STAGES))
def test_code_deps_are_exactly_the_modules_the_stage_imports(name):
    stage = STAGES[name]
    module = module_of(stage)
    loaded = set().union(*(imported_closure(kind) for kind in dynamic_kinds(module))) if dynamic_kinds(module) else set()
    needed = {dep_path(m) for m in imported_closure(module) | loaded | files_referenced(module)}
    # A stage depends on the package data its code reads, unless it writes that file.
    needed |= package_data_read(module) - set(paths(stage.get("outs")))
    declared = {d for d in paths(stage["deps"]) if d.startswith("pipeline/")}
    assert needed - declared == set(), f"imported but not a dep: {needed - declared}"
    assert declared - needed == set(), f"dep but never imported: {declared - needed}"


@pytest.mark.parametrize("name", sorted(STAGES))
def test_a_stage_whose_code_reads_the_project_file_depends_on_it(name):
    # register copies the pinned dependencies into the registered model's requirements
    stage = STAGES[name]
    reads = any('"pyproject.toml"' in source(m) for m in imported_closure(module_of(stage)))
    assert reads == ("pyproject.toml" in paths(stage["deps"]))


@pytest.mark.parametrize("name", sorted(STAGES))
def test_command_paths_are_declared_and_options_exist(name):
    stage = STAGES[name]
    module = module_of(stage)
    tokens = shlex.split(interpolate(stage["cmd"]))
    options, required = cli_options(module)
    given = {t for t in tokens if t.startswith("--")}
    assert given <= options, f"unknown options {given - options}"
    assert required <= given, f"required options missing {required - given}"
    declared = paths(stage.get("deps")) + paths(stage.get("outs")) + paths(stage.get("metrics")) \
        + paths(stage.get("plots"))
    for token in tokens:
        if "/" in token and not token.startswith("--"):
            assert any(token == d or token.startswith(d.rstrip("/") + "/") for d in declared), \
                f"{token} is not a declared dep/out"


def reads_params(node: ast.expr) -> bool:
    """`params.<section>` or `load_params(...).<section>`."""
    if isinstance(node, ast.Name):
        return node.id == "params"
    return isinstance(node, ast.Call) and getattr(node.func, "id", "") == "load_params"


@pytest.mark.parametrize("name", sorted(STAGES))
def test_params_sections_used_by_the_module_are_declared(name):
    stage = STAGES[name]
    module = module_of(stage)
    sections = set(PARAMS)
    used = {node.attr for node in ast.walk(tree(module)) if isinstance(node, ast.Attribute)
            and node.attr in sections and reads_params(node.value)}
    declared = {p.split(".")[0] for p in stage.get("params", [])}
    assert declared <= sections, f"unknown params sections {declared - sections}"
    assert used <= declared, f"module reads params {used - declared} that the stage does not declare"


def test_every_params_section_is_used_by_some_stage():
    used = {p.split(".")[0] for stage in STAGES.values() for p in stage.get("params", [])}
    assert set(PARAMS) - used == set()


def test_outputs_are_produced_once_and_consumed_paths_exist_upstream():
    produced = {}
    for name, stage in STAGES.items():
        for out in paths(stage.get("outs")) + paths(stage.get("metrics")):
            assert out not in produced, f"{out} produced by {produced.get(out)} and {name}"
            produced[out] = name
    for name, stage in STAGES.items():
        for dep in paths(stage["deps"]):
            if dep.startswith(("data/interim", "data/clean", "data/split", "models/")):
                assert dep in produced, f"{name} depends on {dep}, which no stage produces"


def test_declared_plots_are_written_into_an_evaluate_output():
    outs = [o for s in STAGES.values() for o in paths(s.get("outs"))]
    for plot in paths(DVC.get("plots")):
        assert any(plot.startswith(o.rstrip("/") + "/") for o in outs), plot


def test_readme_test_table_is_the_committed_metrics():
    # The README's test-split figures are rendered from metrics/eval_*.json (what `dvc repro`
    # writes and dvc.lock pins); a table edited by hand or left behind a rerun fails here.
    import importlib.util

    spec = importlib.util.spec_from_file_location("results_table", ROOT / "benchmarks/results_table.py")
    results_table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(results_table)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert results_table.readme_table(readme) == results_table.render(ROOT / "metrics"), \
        "README test table differs from metrics/: run python benchmarks/results_table.py --write"
