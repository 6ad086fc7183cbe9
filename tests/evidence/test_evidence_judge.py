"""Judging what a model declares, through the real bundled rules and the engine."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from licheck.core.model import Context, RuleSet, Verdict
from licheck.evidence.card import parse_card
from licheck.evidence.folder import read_cache, read_target
from licheck.evidence.judge import Judgement, judge, judge_all, with_evidence
from licheck.evidence.layer import Layer
from licheck.evidence.mapping import hub_name, link_key
from licheck.evidence.types import Artifact, Declared, Fact, Source
from licheck.rulesdb import bundled_dir
from licheck.rulesdb.load import load

gguf = pytest.importorskip("gguf")

TODAY = Context(as_of=date(2026, 12, 1))
BIG = TODAY._replace(mau=800_000_000)
USES = ("commercial", "research", "redistribute")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load([bundled_dir()])


def card(text: str, repo_id: str | None = None) -> Artifact:
    declared = parse_card(text, "README.md")
    if repo_id:
        declared = declared._replace(repo_id=(Fact(repo_id, Source("cache", "repo id")),))
    return Artifact("README.md", "card", declared)


def verdicts(found: Judgement) -> dict[str, str]:
    return {u.use: u.verdict.label for u in found.assessment.uses}


LLAMA2_CARD = "---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-hf\n---\n"
APACHE_ON_LLAMA2 = (
    "---\nlicense: apache-2.0\nbase_model: https://huggingface.co/meta-llama/Llama-2-7b-hf\n---\n"
)


def test_a_gguf_under_cc_by_nc_is_denied_for_commercial(tmp_path: Path, rules: RuleSet) -> None:
    writer = gguf.GGUFWriter(str(tmp_path / "m.gguf"), "llama")
    writer.add_string("general.license", "cc-by-nc-4.0")
    writer.add_string("general.name", "Some NC Model")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    found = judge(read_target(tmp_path / "m.gguf"), rules, USES, TODAY)
    assert (found.license, found.family, found.basis) == ("cc-by-nc-4.0", "non-commercial", "declared")
    assert verdicts(found)["commercial"] == "denied"
    assert verdicts(found)["research"] == "allowed"


def test_a_llama2_card_gets_the_llama2_conditions(rules: RuleSet) -> None:
    found = judge(card(LLAMA2_CARD), rules, ("commercial",), TODAY)
    assert (found.license, found.basis) == ("llama2", "declared")
    assert found.assessment.verdict is Verdict.CONDITIONAL
    (use,) = found.assessment.uses
    assert any(c.kind == "ceiling" and c.state == "unsettled" for c in use.conditions)
    assert any(o.license == "llama2" for o in found.assessment.obligations)
    assert found.conflicts == ()
    assert judge(card(LLAMA2_CARD), rules, ("commercial",), BIG).assessment.verdict is Verdict.DENIED


def test_an_apache_card_on_llama2_is_bound_by_llama2(rules: RuleSet) -> None:
    found = judge(card(APACHE_ON_LLAMA2), rules, ("commercial",), BIG)
    assert found.license == "apache-2.0"  # what it declares
    assert found.assessment.verdict is Verdict.DENIED  # what binds it
    assert [c.kind for c in found.conflicts] == ["base-binds"]
    assert "llama2" in found.conflicts[0].message
    assert {lic.id for lic in found.assessment.lineage} == {"apache-2.0", "llama2"}
    assert (
        judge(card(APACHE_ON_LLAMA2), rules, ("commercial",), TODAY).assessment.verdict is Verdict.CONDITIONAL
    )


def test_a_peft_adapter_of_mpt_7b_chat_is_denied_for_commercial(tmp_path: Path, rules: RuleSet) -> None:
    (tmp_path / "adapter_config.json").write_text(
        json.dumps({"base_model_name_or_path": "mosaicml/mpt-7b-chat", "peft_type": "LORA"})
    )
    found = judge(read_target(tmp_path), rules, ("commercial", "research"), TODAY)
    assert verdicts(found) == {"commercial": "denied", "research": "unknown"}  # its own license is not known
    assert found.license is None
    assert found.basis == "declared"


def test_nothing_declared_is_unknown_and_says_so(rules: RuleSet) -> None:
    found = judge(card("# No front matter here"), rules, USES, TODAY)
    assert found.assessment.verdict is Verdict.UNKNOWN
    assert (found.license, found.basis, found.model) == (None, None, None)
    assert all("declares no license" in u.reasons[0].text for u in found.assessment.uses)
    assert found.assessment.lineage == ()


@pytest.mark.parametrize(
    "text",
    [
        "---\nlicense: other\n---\n",
        "---\nlicense: other\nlicense_name: my-own-license\n---\n",
        "---\nlicense: no-such-license-id\n---\n",
    ],
)
def test_other_or_unknown_names_are_unknown_with_what_was_found(rules: RuleSet, text: str) -> None:
    found = judge(card(text), rules, USES, TODAY)
    assert found.assessment.verdict is Verdict.UNKNOWN
    assert found.unresolved
    assert "will not guess" in found.assessment.uses[0].reasons[0].text


def test_license_other_with_a_known_name(rules: RuleSet) -> None:
    found = judge(
        card("---\nlicense: other\nlicense_name: llama3\nlicense_link: LICENSE\n---\n"),
        rules,
        ("commercial",),
        TODAY,
    )
    assert found.license == "llama3"
    assert any("names a file that was not read" in u for u in found.unresolved)


def test_license_link_matches_the_rules_links(rules: RuleSet) -> None:
    lic = rules.licenses["llama2"]
    patched = rules._replace(
        licenses=Layer(
            {"llama2": lic._replace(links=("https://ai.meta.com/llama/license/",))}, rules.licenses
        )
    )
    text = "---\nlicense: other\nlicense_link: HTTP://www.AI.meta.com/llama/license\n---\n"
    assert judge(card(text), patched, ("commercial",), TODAY).license == "llama2"
    assert link_key("https://www.Example.com/x/") == link_key("http://example.com/x")


def test_hub_names() -> None:
    assert hub_name("https://huggingface.co/meta-llama/Llama-2-7b-hf/tree/main") == "meta-llama/Llama-2-7b-hf"
    assert hub_name("hf.co/org/name/") == "org/name"
    assert hub_name(" org/name ") == "org/name"


def test_a_known_model_is_decided_by_the_rules(rules: RuleSet) -> None:
    found = judge(
        card("---\nlicense: llama2\n---\n", "meta-llama/Llama-2-7b-hf"), rules, ("commercial",), TODAY
    )
    assert (found.model, found.license, found.basis, found.conflicts) == ("llama-2-7b", "llama2", "rules", ())


def test_a_card_that_disagrees_with_the_rules_is_a_conflict_read_strictly(rules: RuleSet) -> None:
    found = judge(
        card("---\nlicense: cc-by-nc-4.0\n---\n", "tiiuae/falcon-40b"), rules, ("commercial",), TODAY
    )
    assert found.basis == "rules"
    assert found.model == "falcon-40b"
    assert [c.kind for c in found.conflicts] == ["rules-vs-declared"]
    assert found.assessment.verdict is Verdict.DENIED  # the stricter reading
    lenient = judge(card("---\nlicense: cc-by-nc-4.0\n---\n"), rules, ("research",), TODAY)
    assert lenient.assessment.verdict is Verdict.ALLOWED


def test_the_rules_card_license_field_is_reported(rules: RuleSet) -> None:
    model = rules.models["falcon-40b"]._replace(card_license="tii-falcon-llm-1.0")
    patched = rules._replace(models=Layer({"falcon-40b": model}, rules.models))
    found = judge(card("# none", "tiiuae/falcon-40b"), patched, ("commercial",), TODAY)
    assert [c.kind for c in found.conflicts] == ["card-license"]
    # a known disagreement between the card and the rules: the stricter reading decides
    assert found.assessment.verdict is Verdict.DENIED


def test_a_gguf_and_a_card_that_disagree(tmp_path: Path, rules: RuleSet) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: apache-2.0\n---\n")
    writer = gguf.GGUFWriter(str(tmp_path / "m.Q4_K_M.gguf"), "llama")
    writer.add_string("general.license", "cc-by-nc-4.0")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    found = judge(read_target(tmp_path), rules, ("commercial", "research"), TODAY)
    assert [c.kind for c in found.conflicts] == ["sources-disagree"]
    assert {Path(where.split(" ")[0].split(":")[0]).name for where, _ in found.conflicts[0].readings} == {
        "README.md",
        "m.Q4_K_M.gguf",
    }
    assert verdicts(found) == {"commercial": "denied", "research": "allowed"}
    assert found.license == "cc-by-nc-4.0"


def test_a_quantized_copy_without_a_license_takes_its_source(rules: RuleSet) -> None:
    src = Source("m.gguf", "general.source.repo_url")
    declared = Declared(base_models=(Fact("tiiuae/falcon-7b", src),), relation=(Fact("quantized", src),))
    found = judge(Artifact("m.gguf", "gguf", declared), rules, ("commercial",), TODAY)
    assert found.license == "apache-2.0"
    assert found.assessment.verdict is Verdict.ALLOWED


def test_an_unknown_base_makes_the_verdict_unknown_at_best(rules: RuleSet) -> None:
    found = judge(
        card("---\nlicense: mit\nbase_model: someone/not-in-the-rules\n---\n"), rules, ("commercial",), TODAY
    )
    assert found.assessment.verdict is Verdict.UNKNOWN
    assert "someone/not-in-the-rules" in found.assessment.uses[0].reasons[-1].text


def cache_model(root: Path, repo_id: str, files: dict[str, str]) -> None:
    folder = root / ("models--" + repo_id.replace("/", "--"))
    revision = f"{abs(hash(repo_id)):040x}"[:40]
    snapshot = folder / "snapshots" / revision
    snapshot.mkdir(parents=True)
    (folder / "blobs").mkdir()
    (folder / "refs").mkdir()
    (folder / "refs" / "main").write_text(revision + "\n")
    for name, text in files.items():
        blob = folder / "blobs" / f"blob-{name}"
        blob.write_text(text)
        (snapshot / name).symlink_to(os.path.relpath(blob, snapshot))


def test_a_cache_of_three_models(tmp_path: Path, rules: RuleSet) -> None:
    cache_model(
        tmp_path,
        "meta-llama/Llama-2-7b-hf",
        {"README.md": "---\nlicense: llama2\n---\n", "config.json": "{}"},
    )
    cache_model(tmp_path, "someone/nc-base", {"README.md": "---\nlicense: cc-by-nc-4.0\n---\n"})
    cache_model(
        tmp_path,
        "someone/apache-finetune",
        {"README.md": "---\nlicense: apache-2.0\nbase_model: someone/nc-base\n---\n"},
    )
    artifacts = read_cache(tmp_path)
    assert [a.kind for a in artifacts] == ["cache-entry"] * 3
    assert all(a.revision and not a.problems for a in artifacts)
    found = {j.model: j for j in judge_all(artifacts, rules, ("commercial", "research"), TODAY)}
    assert set(found) == {"llama-2-7b", "someone/nc-base", "someone/apache-finetune"}
    assert (found["llama-2-7b"].basis, verdicts(found["llama-2-7b"])["commercial"]) == (
        "rules",
        "conditional",
    )
    assert (found["someone/nc-base"].basis, verdicts(found["someone/nc-base"])) == (
        "declared",
        {"commercial": "denied", "research": "allowed"},
    )
    finetune = found["someone/apache-finetune"]
    assert finetune.license == "apache-2.0"
    assert verdicts(finetune) == {
        "commercial": "denied",
        "research": "allowed",
    }  # through its base's evidence
    assert [c.kind for c in finetune.conflicts] == ["base-binds"]
    assert all(s.revision for s in finetune.sources)
    alone = judge(artifacts[1], rules, ("commercial",), TODAY)  # without the other evidence
    assert alone.assessment.verdict is Verdict.UNKNOWN


def test_evidence_cycles_are_cut(rules: RuleSet) -> None:
    a = card("---\nlicense: mit\nbase_model: x/b\n---\n", "x/a")
    b = card("---\nlicense: mit\nbase_model: x/a\n---\n", "x/b")
    layered = with_evidence(rules, [a, b])
    assert not ("x/b" in layered.models["x/a"].base and "x/a" in layered.models["x/b"].base)
    results = judge_all([a, b], rules, ("commercial",), TODAY)
    assert [r.assessment.verdict for r in results] == [Verdict.ALLOWED, Verdict.ALLOWED]
    assert "x/a" in layered.models
    assert len(layered.models) == len(rules.models) + 2


def test_judge_is_pure_and_the_inspect_json_is_plain_data(rules: RuleSet) -> None:
    import ast

    from licheck.reporters.jsonout import inspect_document

    for name in ("judge.py", "types.py"):
        tree = ast.parse((ROOT / "src" / "licheck" / "evidence" / name).read_text())
        calls = {
            n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        imports = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imports |= {
            n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
        }
        assert not ({"open", "print", "input"} & calls), name
        assert not ({"os", "yaml", "rich", "typer", "subprocess", "pathlib"} & imports), name
    found = judge(card(APACHE_ON_LLAMA2), rules, ("commercial",), BIG)
    document = inspect_document([found], BIG, {"README.md": "card"})
    text = json.dumps(document)
    assert json.loads(text)["artifacts"][0]["verdict"] == "denied"
    (artifact,) = document["artifacts"]
    assert set(artifact) >= {
        "path",
        "model",
        "declared",
        "license",
        "family",
        "basis",
        "verdict",
        "uses",
        "conflicts",
        "obligations",
        "sources",
    }
    assert artifact["conflicts"][0]["kind"] == "base-binds"
    assert artifact["declared"]["license"][0] == {
        "value": "apache-2.0",
        "source": {"file": "README.md", "key": "license", "line": 2, "revision": None},
    }


def test_a_license_file_identified_by_fingerprint_decides(
    tmp_path: Path, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from licheck.evidence import licensefile

    text = " ".join(f"term{i % 700} clause{i % 13}" for i in range(2000))
    entry = {"sample": sorted(licensefile.sample(licensefile.grams(text))), "distinct": []}
    monkeypatch.setattr(licensefile, "fingerprints", lambda: {"licenses": {"llama2": entry}})
    (tmp_path / "README.md").write_text("---\nlicense: other\nlicense_link: LICENSE\n---\n")
    (tmp_path / "LICENSE").write_text(text)
    found = judge(read_target(tmp_path), rules, ("commercial",), BIG)
    assert found.license == "llama2"
    assert found.assessment.verdict is Verdict.DENIED
    assert found.declared.license_files[0].method == "fingerprint"
    assert found.unresolved == ()


def test_a_base_with_an_unknown_base_of_its_own_is_unknown_through_it(rules: RuleSet) -> None:
    """someone/b (mit) is built on a model nobody knows; a fine-tune of b cannot be allowed."""
    b = card("---\nlicense: mit\nbase_model: nobody/knows\n---\n", "someone/b")
    f = card("---\nlicense: apache-2.0\nbase_model: someone/b\n---\n", "someone/f")
    judged_b, judged_f = judge_all([b, f], rules, ("commercial",), TODAY)
    assert judged_b.assessment.verdict is Verdict.UNKNOWN
    assert judged_f.assessment.verdict is Verdict.UNKNOWN
    texts = [r.text for r in judged_f.assessment.uses[0].reasons]
    assert any(
        "someone/b names a base that is neither in the rules nor in the evidence" in t for t in texts
    ), texts
    assert all("(unknown" not in t for t in texts), texts
    assert [lic.id for lic in judged_f.assessment.lineage] == ["apache-2.0"]


def test_a_quantized_copy_of_a_model_known_only_from_evidence(rules: RuleSet) -> None:
    base = card("---\nlicense: cc-by-nc-4.0\n---\n", "someone/nc")
    src = Source("q.gguf", "general.source.repo_url")
    quant = Artifact(
        "q.gguf",
        "gguf",
        Declared(
            base_models=(Fact("someone/nc", src),),
            relation=(Fact("quantized", src),),
            repo_id=(Fact("someone/nc-GGUF", src),),
        ),
    )
    judged = {j.model: j for j in judge_all([base, quant], rules, ("commercial", "research"), TODAY)}
    assert judged["someone/nc-GGUF"].license == "cc-by-nc-4.0"
    assert verdicts(judged["someone/nc-GGUF"]) == {"commercial": "denied", "research": "allowed"}
