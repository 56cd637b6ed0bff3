import pytest
import yaml

from pipeline.params import load_params

from conftest import ROOT


def test_params_yaml_loads():
    params = load_params(ROOT / "params.yaml")
    assert params.target("legitimacy").classes[0] == "no_complaint"


@pytest.mark.parametrize("mutate, message", [
    (lambda p: p["baseline"].update(C_typo=1.0), r"unknown key\(s\) \['C_typo'\]"),
    (lambda p: p["split"].pop("seed"), r"missing key 'seed'"),
    (lambda p: p["targets"][0].update(level="document"), r"is not one of"),
    (lambda p: p["baseline"].update(max_iter="many"), r"expected int"),
    (lambda p: p["bert"].update(selection_targets=["legitimacy", "sentiment"]), r"unknown target\(s\) \['sentiment'\]"),
    (lambda p: p["decision"].update(review_targets=["flags"]), r"review_targets \['flags'\] are not single-label"),
    (lambda p: p["calibration"].update(method="isotonic"), r"is not one of"),
    (lambda p: p["name_tagger"].update(chat_sources=["jddc", "written_test"]),
     r"name_tagger.chat_sources \['written_test'\] are written test or validation sources"),
    (lambda p: p["bert"].update(focal_gamma="strong"), r"expected float"),
    (lambda p: p["dapt"].update(sources=["jddc", "written_valid"]),
     r"dapt.sources \['written_valid'\] are written test or validation sources"),
    (lambda p: p["bert"].update(flag_oversample=0), r"bert.flag_oversample >= 1"),
    (lambda p: p["pii_report"].update(max_texts_per_set=-1), r"pii_report.max_texts_per_set must be >= 0"),
])
def test_bad_params_fail_loudly(tmp_path, mutate, message):
    raw = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_params(path)
