"""`llm-choice scan` (checker/scan/): detectors, readers, the corpus of small repositories
with their expected references, and the command's outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.errors import PolicyError
from checker.options import run_options
from checker.pipeline import Checker
from checker.scan import file_kind, is_test, scan, scan_targets
from checker.scan.cases import compare, expectations, files_below, run_cases
from checker.scan.detectors import detector_files, load_detector, load_detectors
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "scan-corpus"
REPOSITORIES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
RECALL_TARGET = 0.95
FALSE_POSITIVES_PER_REPOSITORY = 1


@pytest.fixture(scope="module")
def catalogue():
    return Checker(run_options()).default_policies().catalogue


@pytest.fixture(scope="module")
def detectors():
    return load_detectors()


def scan_tree(directory: Path, detectors, catalogue, tests: bool = False):
    """A corpus repository scanned in this process (the suite's fast tier starts no git):
    its files as a walk finds them, named relative to it."""
    return scan_targets(files_below(directory), detectors, catalogue, tests)


def copied(name: str, tmp_path: Path) -> Path:
    """A corpus repository copied out of this work tree, for the command to scan without
    asking git (a process) for its files."""
    import shutil

    return Path(shutil.copytree(CORPUS / name, tmp_path / name))


def corpus_figures(catalogue, detectors) -> list[tuple[str, int, int, list, list]]:
    """(repository, expected, found of them, missed, false positives) for each repository:
    the expected references are the `expect-model:` comments in its files."""
    rows = []
    for repository in REPOSITORIES:
        inventory = scan_tree(repository, detectors, catalogue)
        expected = []
        for target in files_below(repository):
            text = target.path.read_text(encoding="utf-8", errors="replace")
            expected += expectations(target.display, text)
        missed, unexpected = compare(expected, inventory.references)
        rows.append(
            (repository.name, len(expected), len(expected) - len(missed), missed, unexpected)
        )
    return rows


def test_the_corpus_is_found_with_the_recall_and_precision_targets(catalogue, detectors):
    rows = corpus_figures(catalogue, detectors)
    assert len(rows) >= 10
    expected = sum(row[1] for row in rows)
    found = sum(row[2] for row in rows)
    table = "\n".join(
        f"{name}: {hit}/{total} found, {len(fp)} false positive(s) "
        f"{[f'{r.path}:{r.line} {r.id}' for r in fp]}, "
        f"missed {[f'{m.path}:{m.line} {m.id}' for m in missed]}"
        for name, total, hit, missed, fp in rows
    )
    assert expected >= 60, table  # a corpus worth measuring
    assert found / expected >= RECALL_TARGET, table
    for _, _, _, _, false_positives in rows:
        assert len(false_positives) <= FALSE_POSITIVES_PER_REPOSITORY, table


def test_every_built_in_detector_passes_its_cases(catalogue, detectors):
    results = run_cases(str(ROOT / "policies"), detectors, catalogue)
    failed = [run for run in results.runs if not run.passed]
    assert not failed, failed
    assert {run.detector for run in results.runs} == {d.id for d in detectors}


def test_a_case_that_misses_or_adds_a_reference_fails(tmp_path, catalogue):
    pack = tmp_path / "pack"
    (pack / "detectors" / "cases" / "acme").mkdir(parents=True)
    (pack / "detectors" / "acme.yaml").write_text(
        "id: acme-gateway\ntitle: Acme's gateway\nlanguage: python\nsite: sdk-call\n"
        "channel: vendor-api\nimports: [acme]\n"
        "rules:\n  - calls: ['acme.complete']\n    argument: model\ncases: cases/acme\n"
    )
    (pack / "detectors" / "cases" / "acme" / "use.py").write_text(
        "import acme\n"
        "acme.complete(model='gpt-4o')  # expect-model: gpt-4o\n"
        "acme.complete(model='gpt-4o-mini')\n"
        "# expect-model: claude-3-5-haiku-latest\n"
        "acme.other(model='claude-3-5-haiku-latest')\n"
    )
    detector = load_detector(pack / "detectors" / "acme.yaml", "acme")
    run = run_cases(str(pack), [detector], catalogue).runs[0]
    assert not run.passed
    assert [(m.line, m.id) for m in run.missing] == [(5, "claude-3-5-haiku-latest")]
    assert [(r.line, r.id) for r in run.unexpected] == [(3, "gpt-4o-mini")]


def test_an_organisation_pack_adds_a_detector_for_its_own_sdk(tmp_path, catalogue, cli):
    pack = tmp_path / "pack"
    (pack / "detectors").mkdir(parents=True)
    (pack / "pack.yaml").write_text("version: 1\nname: acme\n")
    (pack / "rules").mkdir()
    rule = ROOT / "policies/rules/LC101-regulated-data-on-controlled-infrastructure.yaml"
    text = (
        rule.read_text()
        .replace("id: LC101", "id: ACME101")
        .replace("name: regulated-data-on-controlled-infrastructure", "name: acme-regulated-data")
    )
    (pack / "rules" / "ACME101.yaml").write_text(text)
    (pack / "detectors" / "acme.yaml").write_text(
        "id: acme-gateway\ntitle: Acme's gateway\nlanguage: python\nsite: sdk-call\n"
        "channel: self-hosted\nimports: [acme_llm]\n"
        "rules:\n  - calls: ['acme_llm.Gateway(*).ask']\n    argument: model\n"
    )
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(
        "from acme_llm import Gateway\nGateway(team='x').ask(model='mistral-large-latest')\n"
    )
    run = cli("scan", str(repo), "--pack", str(pack), "--format", "json")
    assert run.code == 0, run.err
    found = json.loads(run.out)["references"]
    assert [(r["id"], r["detector"], r["channel"], r["line"]) for r in found] == [
        ("mistral-large-latest", "acme-gateway", "self-hosted", 2)
    ]


def test_a_detector_file_is_checked_against_its_schema(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: x\nlanguage: cobol\nsite: sdk-call\nrules: [{calls: [a]}]\n")
    with pytest.raises(PolicyError, match=r"bad.yaml:3:11: .*cobol"):
        load_detector(bad, "test")


def test_every_built_in_detector_file_is_valid():
    for path in detector_files(ROOT / "policies"):
        load_detector(path, "builtin", trusted=False)


# -- what is read, and what is not ----------------------------------------------------------


@pytest.mark.parametrize(
    "path, kind",
    [
        ("app/main.py", "python"),
        ("web/route.tsx", "script"),
        ("Dockerfile", "dockerfile"),
        ("deploy/Dockerfile.gpu", "dockerfile"),
        ("Modelfile", "modelfile"),
        (".env", "env"),
        (".env.production", "env"),
        (".env.example", None),  # a template, not the configuration in use
        ("README.md", None),  # prose is not usage
        ("CHANGELOG.md", None),
        ("infra/main.tf", "hcl"),
        ("values.yaml", "yaml"),
    ],
)
def test_which_files_are_read_and_as_what(path, kind):
    assert file_kind(path) == kind


@pytest.mark.parametrize(
    "path, test",
    [
        ("tests/test_chat.py", True),
        ("app/chat_test.py", True),
        ("internal/llm/client_test.go", True),
        ("__tests__/route.test.ts", True),
        ("src/test/java/AppTest.java", True),
        ("app/testing_tools.py", False),
        ("app/contest.py", False),
    ],
)
def test_tests_are_told_apart(path, test):
    assert is_test(path) is test


def test_references_in_tests_are_left_out_unless_asked_and_then_marked(catalogue, detectors):
    repository = CORPUS / "claims-assistant"
    default = scan_tree(repository, detectors, catalogue)
    assert not any("tests/" in r.path for r in default.references)
    with_tests = scan_tree(repository, detectors, catalogue, tests=True)
    in_tests = [r for r in with_tests.references if r.path.startswith("tests/")]
    assert in_tests and all(r.test for r in in_tests)
    assert {r.id for r in in_tests} == {"gpt-4o-mini"}


def test_a_value_is_followed_to_a_settings_class_in_another_module(catalogue, detectors):
    inventory = scan_tree(CORPUS / "claims-assistant", detectors, catalogue)
    chat = next(r for r in inventory.references if r.id == "gpt-4o" and r.site == "sdk-call")
    assert chat.path.endswith("app/config.py") and chat.line == 12
    assert chat.used_at and chat.used_at.endswith("app/services/chat.py:10")
    assert chat.channel == "vendor-api" and chat.key == "gpt-4o"


def test_a_route_alias_resolves_through_the_route(catalogue, detectors):
    inventory = scan_tree(CORPUS / "litellm-gateway", detectors, catalogue)
    client = [r for r in inventory.references if r.path.endswith("client/app.py")]
    assert [(r.written, r.id, r.channel) for r in client] == [
        ("claude-sonnet", "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock"),
        ("embeddings", "openai/text-embedding-3-small", "vendor-api"),
    ]


def test_a_served_model_name_is_not_a_model_id(catalogue, detectors):
    inventory = scan_tree(CORPUS / "k8s-serving", detectors, catalogue)
    ids = {r.id for r in inventory.references}
    assert "qwen" not in ids
    routed = next(r for r in inventory.references if r.path.endswith("evals_client.py"))
    assert (routed.id, routed.channel) == ("Qwen/Qwen2.5-14B-Instruct-AWQ", "self-hosted")


def test_a_file_that_does_not_parse_is_said_and_the_rest_is_scanned(tmp_path, catalogue, detectors):
    (tmp_path / "broken.py").write_text("import openai\ndef (:\n")
    (tmp_path / "broken.yaml").write_text("model: [gpt-4o, 2\n")
    (tmp_path / "ok.py").write_text(
        "import openai\nopenai.OpenAI().chat.completions.create(model='gpt-4o', messages=[])\n"
    )
    inventory = scan([str(tmp_path)], detectors, catalogue)
    assert [r.id for r in inventory.references] == ["gpt-4o"]
    problems = {Path(p.path).name: p for p in inventory.problems}
    assert set(problems) == {"broken.py", "broken.yaml"}
    assert "not valid YAML" in problems["broken.yaml"].message


def test_binary_and_oversized_files_are_passed_over(tmp_path, catalogue, detectors):
    (tmp_path / "weights.py").write_bytes(b"\0\x01model='gpt-4o'")
    (tmp_path / "huge.py").write_text("x = 1\n" * 200_000)
    inventory = scan([str(tmp_path)], detectors, catalogue)
    assert inventory.references == ()
    assert [Path(p.path).name for p in inventory.problems] == ["huge.py"]


def test_a_link_out_of_the_tree_is_not_followed(tmp_path, catalogue, detectors):
    outside = tmp_path / "outside.py"
    outside.write_text("import openai\nopenai.OpenAI().embeddings.create(model='gpt-4o')\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "link.py").symlink_to(outside)
    inventory = scan([str(repo)], detectors, catalogue)
    assert inventory.references == ()
    assert any("link.py" in s and "outside" in s for s in inventory.skipped)


def test_yaml_with_many_documents_is_read_whole(tmp_path, catalogue, detectors):
    (tmp_path / "all.yaml").write_text(
        "kind: ConfigMap\ndata: {a: b}\n---\n"
        "kind: Deployment\nspec:\n  containers:\n    - image: vllm/vllm-openai:latest\n"
        "      args: [--model, Qwen/Qwen2.5-7B-Instruct]\n"
    )
    inventory = scan([str(tmp_path)], detectors, catalogue)
    assert [(r.id, r.line) for r in inventory.references] == [("Qwen/Qwen2.5-7B-Instruct", 8)]


# -- the command ----------------------------------------------------------------------------


def test_scan_text_names_file_line_site_channel_and_resolution(cli, tmp_path):
    run = cli("scan", str(copied("infra-terraform", tmp_path)))
    assert run.code == 0, run.err
    assert (
        "modules/openai/main.tf:14:15: gpt-4o-mini -> gpt-4o-mini (exact), infrastructure, azure "
        "[hcl-terraform]" in run.out
    )
    assert "5 references to 5 models" in run.out


def test_scan_json_is_versioned_and_complete(cli, tmp_path):
    run = cli("scan", str(copied("go-worker", tmp_path)), "--format", "json")
    document = json.loads(run.out)
    assert document["version"] == 1
    schema = json.loads((ROOT / "schemas" / "inventory.schema.json").read_text())
    from jsonschema import Draft202012Validator

    Draft202012Validator(schema).validate(document)
    first = document["references"][0]
    assert set(first) >= {"id", "path", "line", "column", "site", "channel", "catalogue", "via"}
    unknown = [r for r in document["references"] if r["id"] is None]
    assert unknown and unknown[0]["environment"] == "CUSTOM_MODEL"


def test_scan_sarif_points_at_each_reference(cli, tmp_path):
    out = tmp_path / "scan.sarif"
    run = cli("scan", str(copied("ts-chat-app", tmp_path)), "--format", "sarif", "-o", str(out))
    assert run.code == 0, run.err
    sarif = json.loads(out.read_text())
    official = ROOT.parent / "shared" / "spec" / "sarif-schema-2.1.0.json"
    if official.is_file():  # the official schema, where this machine has it
        from jsonschema import Draft7Validator

        schema = json.loads(official.read_text(encoding="utf-8"))
        errors = list(Draft7Validator(schema).iter_errors(sarif))
        assert errors == [], errors[0].message if errors else ""
    results = sarif["runs"][0]["results"]
    assert results and all(r["level"] == "note" for r in results)
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_scan_cyclonedx_puts_evidence_on_the_declared_models_components(cli, tmp_path):
    run = cli("scan", str(copied("claims-assistant", tmp_path)), "--format", "cyclonedx")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(run.out) is None
    components = {c["bom-ref"]: c for c in document["components"]}
    declared = next(c for ref, c in components.items() if ref.endswith("/models/0"))
    assert declared["name"] == "meta-llama/Llama-3.1-8B-Instruct"
    locations = {o["location"] for o in declared["evidence"]["occurrences"]}
    assert any(loc.endswith("app/services/chat.py") for loc in locations)
    undeclared = components["evidence/gpt-4o"]
    assert {"name": "llm-choice:declared", "value": "false"} in undeclared["properties"]


def test_scan_reads_another_scanners_inventory(cli, tmp_path):
    inventory = tmp_path / "aibom.json"
    inventory.write_text(
        json.dumps(
            {
                "bomFormat": "CycloneDX",
                "specVersion": "1.6",
                "metadata": {"tools": {"components": [{"name": "ai-bom"}]}},
                "components": [
                    {
                        "type": "machine-learning-model",
                        "name": "claude-3-5-sonnet-20241022",
                        "evidence": {"occurrences": [{"location": "svc/a.py", "line": 7}]},
                    },
                    {"type": "library", "name": "openai"},
                ],
            }
        )
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("scan", str(empty), "--inventory", str(inventory), "--format", "json")
    assert run.code == 0, run.err
    found = json.loads(run.out)["references"]
    assert [(r["id"], r["path"], r["line"], r["detector"]) for r in found] == [
        ("claude-3-5-sonnet-20241022", "svc/a.py", 7, "inventory:ai-bom")
    ]
    (tmp_path / "bad.json").write_text("{not json")
    bad = cli("scan", str(empty), "--inventory", str(tmp_path / "bad.json"))
    assert bad.code == 2 and "bad.json: not JSON" in bad.err


def test_scan_test_exits_1_when_a_case_fails(cli, tmp_path):
    pack = tmp_path / "pack"
    (pack / "detectors" / "cases" / "d").mkdir(parents=True)
    (pack / "detectors" / "d.yaml").write_text(
        "id: d\ntitle: d\nlanguage: env\nsite: config-key\nrules: [{keys: [LLM]}]\ncases: cases/d\n"
    )
    (pack / "detectors" / "cases" / "d" / ".env").write_text(
        "# expect-model: gpt-4o\nLLM=gpt-4.1\n"
    )
    run = cli("scan", "--test", str(pack))
    assert run.code == 1
    assert "missing .env:2: expected gpt-4o" in run.out
    assert "unexpected .env:2:5: gpt-4.1" in run.out


def test_a_missing_path_is_a_usage_error(cli, tmp_path):
    run = cli("scan", str(tmp_path / "nowhere"))
    assert run.code == 2 and "no such file or directory" in run.err


def test_the_example_in_docs_evidence_is_what_scan_says(catalogue, detectors):
    import io
    import re

    from checker.render.inventory.formats import render
    from checker.render.output import Output
    from checker.scan.evidence import Scanned

    text = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    sample = re.search(r"## An example\n.*?```text\n(.*?)```", text, re.S)
    assert sample is not None
    stream = io.StringIO()
    render(Scanned(scan_tree(CORPUS / "claims-assistant", detectors, catalogue)), Output(stream))
    assert stream.getvalue() == sample.group(1)


def test_a_file_nested_past_what_the_readers_follow_is_said_not_a_traceback(
    tmp_path, catalogue, detectors
):
    (tmp_path / "deep.js").write_text(
        "import OpenAI from 'openai';\nx" + ".a" * 30_000 + ".chat.completions.create({});\n"
    )
    (tmp_path / "deep.py").write_text("import openai\nx = " + "(" * 5_000 + ")" * 5_000 + "\n")
    (tmp_path / "ok.py").write_text(
        "import openai\nopenai.OpenAI().embeddings.create(model='gpt-4o')\n"
    )
    inventory = scan_tree(tmp_path, detectors, catalogue)
    assert [r.id for r in inventory.references] == ["gpt-4o"]
    assert {p.path for p in inventory.problems} == {"deep.js", "deep.py"}


def test_without_the_scan_extra_code_it_needs_for_is_said_and_python_still_read(
    tmp_path, catalogue, detectors, monkeypatch
):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "ast_grep_py" else real(name, *a),
    )
    (tmp_path / "chat.ts").write_text("import OpenAI from 'openai';\n")
    (tmp_path / "chat.py").write_text(
        "import openai\nopenai.OpenAI().embeddings.create(model='gpt-4o')\n"
    )
    inventory = scan_tree(tmp_path, detectors, catalogue)
    assert [r.id for r in inventory.references] == ["gpt-4o"]
    [problem] = inventory.problems
    assert problem.path == "chat.ts" and "pip install '.[scan]'" in problem.message
