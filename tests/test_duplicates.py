"""Wire copies: near-duplicates are grouped at ingest, kept searchable, and cited only once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.duplicates import DuplicateGroups
from ingest.minhash import shingles
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import PACKAGED_MINILM, Settings
from rag.types import Article
from ui.cli import cli

PARAGRAPHS = [
    "Le gouvernement japonais a adopté mardi un plan de soutien de 120 milliards d'euros pour "
    "aider les ménages face à la flambée des prix de l'énergie, a annoncé le Premier ministre "
    "lors d'une conférence de presse à Tokyo.",
    "Le plan prévoit une aide directe de 300 euros aux familles les plus modestes, une baisse "
    "temporaire des taxes sur le carburant jusqu'à la fin de l'hiver et des subventions aux "
    "entreprises qui augmentent les salaires de leurs employés.",
    "L'opposition a dénoncé un plan trop tardif et réclamé des mesures structurelles pour "
    "réduire la dépendance du pays aux importations de gaz naturel liquéfié, qui couvrent "
    "près de 40 % de ses besoins en électricité.",
    "Les marchés ont salué l'annonce : la bourse de Tokyo a gagné 1,8 % à la clôture, portée "
    "par les valeurs de la distribution et de l'automobile, tandis que le yen restait stable "
    "face au dollar.",
]
WIRE = "\n\n".join(PARAGRAPHS)
# The same dispatch as republished by another outlet, a few words changed.
COPY = WIRE.replace("a adopté mardi", "a adopté ce mardi").replace(
    "Les marchés ont salué", "Les investisseurs ont salué"
)
OTHER = (
    "Le club lyonnais s'est imposé 3 à 1 samedi soir face à Marseille au terme d'un match "
    "rythmé, grâce à un doublé de son attaquant international en seconde période. Les "
    "supporters ont célébré la victoire jusque tard dans la nuit autour du stade."
)
# What the edited copy becomes: its first paragraph kept, the rest about something else.
DRIFTED = "\n\n".join(
    [
        COPY.split("\n\n")[0],
        "À Osaka, des centaines de commerçants ont manifesté dimanche contre la hausse des "
        "loyers commerciaux, qui a atteint 15 % en un an dans le centre-ville selon la "
        "chambre de commerce locale.",
        "La mairie a promis une concertation avec les propriétaires et l'étude d'un "
        "plafonnement temporaire, tandis que plusieurs enseignes historiques ont déjà "
        "annoncé leur fermeture pour la fin du mois.",
        "Les organisateurs appellent à une nouvelle journée de mobilisation la semaine "
        "prochaine devant l'hôtel de ville, avec le soutien des syndicats de salariés.",
    ]
)
QUESTION = "Quel est le montant du plan de soutien japonais face aux prix de l'énergie ?"


def write(folder: Path, name: str, title: str, body: str) -> None:
    """A .txt article: title line, then the body."""
    (folder / name).write_text(f"{title}\n{body}\n", encoding="utf-8")


def paragraph_chunks(data_dir: Path, embedder: Embedder) -> Newsrag:
    """A newsrag whose chunks are about one paragraph, so an edit can keep some of them."""
    return Newsrag(Settings(data_dir=data_dir, chunk_size=300, chunk_overlap=0), embedder=embedder)


@pytest.fixture
def small_chunks(tmp_path: Path, embedder: Embedder) -> Newsrag:
    """`paragraph_chunks` with e5, for answers in French."""
    return paragraph_chunks(tmp_path / "data", embedder)


@pytest.fixture
def fast(tmp_path: Path, fake_embedder: Embedder) -> Newsrag:
    """`paragraph_chunks` with the fake embedder, where only grouping and deduplication matter."""
    return paragraph_chunks(tmp_path / "data", fake_embedder)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder with a dispatch, its republished copy and an unrelated article."""
    folder = tmp_path / "news"
    folder.mkdir()
    write(folder, "a.txt", "Japon : un plan de 120 milliards contre la vie chère", WIRE)
    write(folder, "b.txt", "Japon : un plan de 120 milliards d'euros contre la vie chère", COPY)
    write(folder, "c.txt", "Lyon bat Marseille", OTHER)
    return folder


def groups_in_chroma(app: Newsrag) -> dict[str, set[str | None]]:
    """Each article's `duplicate_group` values, as stored on its chunks."""
    found: dict[str, set[str | None]] = {}
    for chunk in app.store.iter_chunks(with_text=False):
        found.setdefault(chunk.article_id, set()).add(chunk.duplicate_group)
    return found


def test_shingles_fold_case_and_accents_and_keep_short_texts() -> None:
    assert shingles("Été", "À Paris, il pleut") == {"ete a paris", "a paris il", "paris il pleut"}
    assert shingles("", "Séisme") == {"seisme"}
    assert shingles("", "…") == set()


def test_a_copy_ingested_later_joins_the_group_and_only_one_copy_is_cited(
    small_chunks: Newsrag, news: Path
) -> None:
    app = small_chunks
    later = news.parent / "later"
    later.mkdir()
    (news / "b.txt").rename(later / "b.txt")
    ingest_paths(app, [news])
    before = groups_in_chroma(app)
    assert app.stats().duplicate_groups == 0

    report = ingest_paths(app, [later])  # a new Ingestor: signatures come from the data dir

    assert report.added == 1
    assert groups_in_chroma(app) == {**before, "b.txt": {"a.txt"}}  # a.txt was not rewritten
    stats = app.stats()
    assert (stats.duplicate_groups, stats.grouped_articles) == (1, 2)
    [group] = stats.largest_groups
    assert (group.group_id, group.articles) == ("a.txt", ("a.txt", "b.txt"))
    # both copies stay indexed and readable by id
    copy = app.article("b.txt")
    assert copy is not None
    assert "Les investisseurs ont salué" in copy.text

    results = app.search(QUESTION, k=5)
    copies = [p.article_id for p in results if p.article_id in {"a.txt", "b.txt"}]
    assert copies
    assert len(set(copies)) == 1  # passages of one copy only
    assert {p.duplicate_group for p in results if p.article_id in copies} == {"a.txt"}
    assert "c.txt" in {p.article_id for p in results}

    answer = app.answer(QUESTION)
    assert answer.found
    assert "120 milliards" in answer.text
    assert len({c.article_id for c in answer.citations} & {"a.txt", "b.txt"}) == 1


def test_an_edited_copy_that_drifts_far_leaves_its_group_without_reembedding_kept_chunks(
    fast: Newsrag, news: Path
) -> None:
    app = fast
    ingest_paths(app, [news])
    assert app.stats().duplicate_groups == 1
    chunks_before = app.store.count()
    write(news, "b.txt", "Japon : un plan de 120 milliards d'euros contre la vie chère", DRIFTED)

    report = ingest_paths(app, [news])

    assert report.updated == 1
    assert 0 < report.chunks_embedded < chunks_before // 2  # the first paragraph was kept
    assert groups_in_chroma(app)["b.txt"] == {"b.txt"}  # kept chunks were relabelled too
    assert groups_in_chroma(app)["a.txt"] == {"a.txt"}
    assert app.stats().duplicate_groups == 0


def test_deleting_the_first_copy_keeps_the_others_grouped_under_the_next_one(
    fast: Newsrag, news: Path
) -> None:
    app = fast
    write(news, "d.txt", "Énergie : le Japon sort le chéquier", COPY.replace("ce mardi", "mardi"))
    ingest_paths(app, [news])
    assert app.stats().largest_groups[0].articles == ("a.txt", "b.txt", "d.txt")
    (news / "a.txt").unlink()

    report = ingest_paths(app, [news], prune=True)

    assert (report.deleted, report.chunks_embedded) == (1, 0)  # regrouping embeds nothing
    [group] = app.stats().largest_groups
    assert (group.group_id, group.articles) == ("b.txt", ("b.txt", "d.txt"))
    assert groups_in_chroma(app)["d.txt"] == {"b.txt"}
    copies = {p.article_id for p in app.search(QUESTION, k=5)} & {"b.txt", "d.txt"}
    assert len(copies) == 1


def test_stats_command_reports_the_groups(
    news: Path, minilm: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = news.parent / "cli-data"
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NEWSRAG_EMBEDDING_MODEL", PACKAGED_MINILM)
    monkeypatch.setenv("NEWSRAG_EMBEDDING_RUNTIME", "native")  # the `minilm` fixture's
    ingest_paths(Newsrag(Settings(data_dir=data_dir), embedder=minilm), [news])
    runner = CliRunner()

    as_json = json.loads(runner.invoke(cli, ["stats", "--json"]).stdout)
    text = runner.invoke(cli, ["stats"]).stdout

    assert (as_json["duplicate_groups"], as_json["grouped_articles"]) == (1, 2)
    assert as_json["largest_groups"] == [
        {
            "group_id": "a.txt",
            "title": "Japon : un plan de 120 milliards contre la vie chère",
            "articles": ["a.txt", "b.txt"],
        }
    ]
    assert "duplicate_groups: 1" in text
    assert "2x Japon : un plan de 120 milliards contre la vie chère  (a.txt, b.txt)" in text


def test_groups_follow_another_writers_changes_and_a_changed_threshold(tmp_path: Path) -> None:
    path = tmp_path / "groups.sqlite"
    nothing_indexed: dict[str, str] = {}

    def groups(threshold: float) -> DuplicateGroups:
        return DuplicateGroups(path, "news", threshold, None, lambda ids: nothing_indexed)  # type: ignore[arg-type]

    first, second = groups(0.99), groups(0.99)
    assert first.assign([Article("a", "t", WIRE)]) == {"a": "a"}
    assert second.assign([Article("b", "t", COPY)]) == {"b": "b"}  # below 0.99
    # `first` reloads what `second` wrote: an exact copy of b joins b's group
    assert first.assign([Article("e", "t", COPY)]) == {"e": "b"}

    assert groups(0.8).groups() == {"a": {"a", "b", "e"}}
