"""Story terms: defined by the story's own text, stored as drafts, shown at once, settled by `glossary review`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run_cli

from upscnotes.glossary.drafts import find_drafts
from upscnotes.model import Article

KOREA = ROOT / "examples" / "sources" / "india-korea-defence.html"


def _drafts(text: str) -> dict[str, tuple[str | None, str]]:
    return {d.head: (d.abbreviation, d.definition) for d in find_drafts([Article(id="a", text=text)])}


def test_definitions_come_from_the_text_or_the_term_is_not_proposed() -> None:
    found = _drafts("The ministers launched KIND-X, the India-Korea Defence Innovation Accelerator Ecosystem, in Seoul. "
                    "Nigar Shaji is the project director of the mission. "
                    "The Bharat Skill Registry, which is a national database of certified artisans, went live. "
                    "Officials met leaders of the Lok Kala Parishad on Monday. "
                    "Post Budget, the Finance Ministry made a case for a rate cut. "
                    "Leaders of India, the United States and France met.")
    assert found["KIND-X"][1] == "The India-Korea Defence Innovation Accelerator Ecosystem"
    assert found["Nigar Shaji"][1].startswith("The project director")
    assert found["Bharat Skill Registry"][1].startswith("A national database")
    for undefined in ("Lok Kala Parishad", "Post Budget", "Leaders of India"):
        assert undefined not in found


def test_a_person_is_defined_by_the_office_the_story_gives() -> None:
    found = _drafts("South Korean Defense Minister Jeong Kyeong-doo and his counterpart met in Seoul on Thursday. "
                    "Chief Justice of India D.Y. Chandrachud read out the verdict. "
                    "External Affairs Minister S. Jaishankar Monday said the talks went well. "
                    "Project director Nigar Shaji explained the payloads.\n"
                    "Raksha Mantri Holds Talks with Korean Counterpart in Seoul\n"
                    "The Prime Minister Office said nothing. US President Donald Trump was mentioned once. "
                    "Governor Shaktikanta Das spoke; Das was brief. "
                    "Rajnath Singh met the Minister of National Defence of the Republic of Korea, Mr Ahn Gyu-back, in Seoul. "
                    "Jeong, Chandrachud, Jaishankar, Ahn and Shaji are named again here.")
    assert found["Jeong Kyeong-doo"][1] == "South Korean Defense Minister at the time of this story"
    assert found["D.Y. Chandrachud"][1] == "Chief Justice of India at the time of this story"
    assert found["S. Jaishankar"][1] == "External Affairs Minister at the time of this story"
    assert found["Nigar Shaji"][1] == "Project director at the time of this story"
    assert found["Ahn Gyu-back"][1] == "Minister of National Defence of the Republic of Korea at the time of this story"
    assert "Holds Talks" not in found and "Office" not in " ".join(found)  # a headline in title case; not a person
    assert "Donald Trump" not in found  # named once: a passing mention
    assert "Shaktikanta Das" not in found  # "Governor" alone does not say whose


def test_an_expansion_gives_a_defined_name_its_abbreviation() -> None:
    found = _drafts("The Defence Acquisition Program Administration (DAPA) signed the deal. "
                    "Lee met the Defence Acquisition Program Administration, the agency that buys weapons for Korea, on Friday.")
    assert found["Defence Acquisition Program Administration"] == ("DAPA", "The agency that buys weapons for Korea")


def test_review_end_to_end_on_a_real_database(tmp_path: Path) -> None:
    db, out = tmp_path / "u.db", tmp_path / "out"
    assert run_cli("build", str(KOREA), "--out", str(out), "--db", str(db)).returncode in (0, 1)
    proc = run_cli("glossary", "review", "--json", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    drafts = {d["head"]: d for d in json.loads(proc.stdout)}
    assert "KIND-X" in drafts and drafts["KIND-X"]["gs_tags"] and drafts["KIND-X"]["source"].startswith("story:")
    note = json.loads(next((out / "notes").glob("*.json")).read_text(encoding="utf-8"))
    assert any(k["head"] == "KIND-X" and k["draft"] for k in note["key_terms"])
    # The other draft is the minister the page names with his office before his name, dated by the story.
    assert drafts["Rajnath Singh"]["definition"].endswith("Defence Minister at the time of this story")
    assert {k["head"] for k in note["key_terms"] if k["draft"]} <= set(drafts)
    assert all(not k["draft"] for k in note["key_terms"] if k["head"] not in drafts)
    # Edit settles it; a second draft can be rejected for good; an unknown or settled name is one line, exit 2.
    proc = run_cli("glossary", "review", "edit", "KIND-X", "--definition", "India-Korea platform linking defence start-ups, firms and "
                   "laboratories for joint innovation", "--gs", "GS3: Security", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    shown = run_cli("glossary", "show", "KIND-X", "--json", "--db", str(db))
    assert "joint innovation" in shown.stdout and "GS3" in shown.stdout
    assert [d["head"] for d in json.loads(run_cli("glossary", "review", "--json", "--db", str(db)).stdout)] == ["Rajnath Singh"]
    for args in (["accept", "KIND-X"], ["reject", "No Such Term"]):
        bad = run_cli("glossary", "review", *args, "--db", str(db))
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert run_cli("glossary", "add", "Hanwha Aerospace", "-d", "Korean defence firm (GS3: Security)", "--db", str(db)).returncode == 0


def test_a_rejected_draft_is_not_proposed_again(tmp_path: Path) -> None:
    db, out = tmp_path / "u.db", tmp_path / "out"
    assert run_cli("build", str(KOREA), "--out", str(out), "--db", str(db)).returncode in (0, 1)
    assert run_cli("glossary", "review", "reject", "KIND-X", "--db", str(db)).returncode == 0
    assert run_cli("glossary", "review", "accept", "KIND-X", "--db", str(db)).returncode == 2
    src = tmp_path / "again.html"
    src.write_text(KOREA.read_text(encoding="utf-8").replace("20 May 2026", "21 May 2026"), encoding="utf-8")
    assert run_cli("build", str(src), "--out", str(out), "--db", str(db)).returncode in (0, 1)
    assert "KIND-X" not in run_cli("glossary", "review", "--db", str(db)).stdout


def test_a_date_a_time_zone_or_a_clause_is_never_a_draft() -> None:
    text = ("The court had stayed the scheme in April 2019, the date of an earlier interim order in the case. "
            "At 6:04 pm IST, the Vikram lander of Chandrayaan-3 touched down near the south pole of the Moon. "
            "The mission was run from Bengaluru by the space agency for the whole of its first fortnight. "
            "The Budget announced the Prime Minister Dhan-Dhaanya Krishi Yojana for 100 districts. "
            "Officials said the Prime Minister Dhan-Dhaanya Krishi Yojana would start in the kharif season.")
    heads = {d.head for d in find_drafts([Article(id="d", title="Two stories", text=text)])}
    assert not heads & {"April 2019", "IST", "Dhan-Dhaanya Krishi Yojana"}, heads
