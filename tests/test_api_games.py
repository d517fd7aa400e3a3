"""The games endpoints (/api/games/...) in process: each answer, each bad request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.api.routes_games import MAX_MATCHES, MAX_MESSAGES, MAX_TEXT
from imagia.app import create_app
from imagia.core.workspace import Workspace
from imagia.games.support_kb import write_demo_kb

MODELS = ("openskill-pl", "openskill-tm", "trueskill", "elo")
# ana and bo always beat cy and dee; ana wins every duel against cy
HISTORY: list[dict[str, Any]] = [
    *({"teams": [["ana", "bo"], ["cy", "dee"]], "ranks": [1, 2]} for _ in range(6)),
    *({"teams": [["cy"], ["ana"]], "ranks": [2, 1]} for _ in range(3)),
]


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws, max_upload_bytes=4 * 1024 * 1024)) as c:
        yield c


def error(resp: Any, status: int, kind: str) -> dict[str, Any]:
    """The one error shape, with the expected status and kind."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = resp.json()
    assert body["error"] == kind
    assert isinstance(body["message"], str) and body["message"]
    assert "hint" in body
    return body


def event(kind: str, **fields: Any) -> str:
    return json.dumps({"type": kind, "ts": "2026-01-01T10:00:00Z", **fields})


# -- ratings ------------------------------------------------------------------------------------
@pytest.mark.parametrize("model", MODELS)
def test_ratings_from_matches(client: TestClient, model: str) -> None:
    resp = client.post("/api/games/ratings", json={"model": model, "matches": HISTORY})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["model"] == model and body["matches"] == len(HISTORY) and body["count"] == 4
    rows = {r["player"]: r for r in body["players"]}
    assert set(rows) == {"ana", "bo", "cy", "dee"}
    assert rows["ana"]["mu"] > rows["cy"]["mu"] and rows["bo"]["mu"] > rows["dee"]["mu"]
    assert rows["ana"]["matches"] == 9 and rows["dee"]["matches"] == 6
    for r in body["players"]:
        assert r["ordinal"] == pytest.approx(r["mu"] - 3 * r["sigma"], abs=5e-3)
    ordinals = [r["ordinal"] for r in body["players"]]
    assert ordinals == sorted(ordinals, reverse=True)  # best first
    assert body["skipped_lines"] == []


def test_ratings_default_model_and_partial_play(client: TestClient) -> None:
    m = {"teams": [["ana", "bo"], ["cy", "dee"]], "ranks": [1, 2], "played": [[1, 0.2], [1, 1]]}
    body = client.post("/api/games/ratings", json={"matches": [m]}).json()
    rows = {r["player"]: r for r in body["players"]}
    assert body["model"] == "openskill-pl"
    assert rows["ana"]["mu"] > rows["bo"]["mu"] > 25  # bo played a fifth of the match


def test_ratings_from_a_workspace_events_file(client: TestClient, ws: Workspace) -> None:
    lines = [
        json.dumps({"schema": "GameEvent.1", "kind": "header"}),
        event("match", match="m1", mode="duel", teams=[["ana"], ["cy"]], ranks=[1, 2]),
        "{not json",
        event("match", match="m2", mode="duel", teams=[["ana"], ["ana"]], ranks=[1, 2]),
        event("match", match="m3", mode="duel", teams=[["new1"], ["cy"]], ranks=[2, 1]),
        event("chat", player="cy", text="gg"),
    ]
    (ws.files_dir / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    body = client.post("/api/games/ratings", json={"events": "files/events.jsonl"}).json()
    assert body["matches"] == 2
    assert {r["player"] for r in body["players"]} == {"ana", "cy", "new1"}  # new1 created
    assert body["skipped_lines"][0].startswith("line 3: not JSON")
    assert body["skipped_lines"][1] == "line 4: a player appears twice in the match"


def test_ratings_unknown_model_is_422_with_the_valid_ones(client: TestClient) -> None:
    body = error(
        client.post("/api/games/ratings", json={"model": "glicko", "matches": HISTORY}),
        422,
        "bad_value",
    )
    assert body["param"] == "model" and body["valid"] == list(MODELS)


@pytest.mark.parametrize(
    ("match", "param"),
    [
        ({"teams": [["ana"], []], "ranks": [1, 2]}, "matches.0.teams.1"),  # empty team
        ({"teams": [], "ranks": []}, "matches.0.teams"),  # no team
        ({"teams": [["ana", "bo"]], "ranks": [1]}, "matches.0.teams"),  # one team
        ({"teams": [["ana"], [""]], "ranks": [1, 2]}, "matches.0.teams.1.0"),  # empty id
        ({"teams": [["a" * 65], ["b"]], "ranks": [1, 2]}, "matches.0.teams.0.0"),  # long id
        ({"teams": [["ana"], ["bo"]]}, "matches.0.ranks"),  # no ranks
        ({"teams": [["ana"], ["bo"]], "ranks": ["first", 2]}, "matches.0.ranks.0"),
        (
            {"teams": [["ana"], ["bo"]], "ranks": [1, 2], "played": [[2], [1]]},
            "matches.0.played.0.0",
        ),  # played above 1
        ({"teams": [["ana"], ["bo"]], "ranks": [1, 2], "winner": "ana"}, "matches.0.winner"),
        (
            {"teams": [[f"p{i}"] for i in range(17)], "ranks": list(range(17))},
            "matches.0.teams",
        ),  # more teams than allowed
    ],
)
def test_ratings_malformed_match_is_422(
    client: TestClient, match: dict[str, Any], param: str
) -> None:
    body = error(client.post("/api/games/ratings", json={"matches": [match]}), 422, "bad_value")
    assert body["param"] == param, body


@pytest.mark.parametrize(
    ("match", "why"),
    [
        ({"teams": [["ana"], ["bo"]], "ranks": [1]}, "ranks must have one entry per team"),
        ({"teams": [["ana"], ["ana"]], "ranks": [1, 2]}, "a player appears twice"),
        (
            {"teams": [["ana", "bo"], ["cy"]], "ranks": [1, 2], "played": [[1], [1]]},
            "played must have the shape of teams",
        ),
    ],
)
def test_ratings_inconsistent_match_is_422_naming_it(
    client: TestClient, match: dict[str, Any], why: str
) -> None:
    body = error(
        client.post("/api/games/ratings", json={"matches": [HISTORY[0], match]}), 422, "bad_value"
    )
    assert body["param"] == "matches.1" and why in body["message"]


def test_ratings_wants_matches_or_events(client: TestClient, ws: Workspace) -> None:
    body = error(client.post("/api/games/ratings", json={}), 422, "bad_value")
    assert body["param"] == "matches"
    both = {"matches": HISTORY, "events": "files/events.jsonl"}
    assert (
        error(client.post("/api/games/ratings", json=both), 422, "bad_value")["param"] == "matches"
    )
    body = error(client.post("/api/games/ratings", json={"matches": []}), 422, "bad_value")
    assert "at least one match" in body["message"]


def test_ratings_too_many_matches_is_422(client: TestClient) -> None:
    many = [{"teams": [["a"], ["b"]], "ranks": [1, 2]}] * (MAX_MATCHES + 1)
    body = error(client.post("/api/games/ratings", json={"matches": many}), 422, "bad_value")
    assert body["param"] == "matches"


def test_ratings_bad_events_file(client: TestClient, ws: Workspace) -> None:
    error(client.post("/api/games/ratings", json={"events": "files/none.jsonl"}), 404, "not_found")
    body = error(
        client.post("/api/games/ratings", json={"events": "../../etc/passwd"}), 400, "unsafe_path"
    )
    assert body["path"] == "../../etc/passwd"
    (ws.files_dir / "chat.jsonl").write_text(
        event("chat", player="a", text="hi") + "\n", encoding="utf-8"
    )
    body = error(
        client.post("/api/games/ratings", json={"events": "files/chat.jsonl"}), 400, "bad_file"
    )
    assert "no match event" in body["message"]
    (ws.files_dir / "junk.jsonl").write_bytes(b"\xff\xfe\x00junk")
    error(client.post("/api/games/ratings", json={"events": "files/junk.jsonl"}), 400, "bad_file")
    error(client.post("/api/games/ratings", json={"events": "files"}), 400, "bad_file")


def test_not_json_body_is_422(client: TestClient) -> None:
    resp = client.post(
        "/api/games/ratings", content=b"{teams", headers={"content-type": "application/json"}
    )
    error(resp, 422, "bad_value")
    error(client.get("/api/games/ratings"), 405, "method_not_allowed")


# -- predict ------------------------------------------------------------------------------------
def test_predict_two_teams_from_rated_players(client: TestClient) -> None:
    rated = client.post("/api/games/ratings", json={"matches": HISTORY}).json()["players"]
    body = client.post(
        "/api/games/predict", json={"teams": [["ana", "bo"], ["cy", "dee"]], "ratings": rated}
    ).json()
    p = body["win_probability"]
    assert p[0] > 0.6 and p[0] + p[1] == pytest.approx(1, abs=1e-3)
    assert body["p_beats"][0][1] == p[0] and body["p_beats"][0][0] is None
    assert body["win_prob_gap"] == pytest.approx(abs(p[0] - 0.5), abs=1e-3)
    assert body["quality"] == pytest.approx(1 - 2 * body["win_prob_gap"], abs=1e-3)
    assert body["fair"] is False and body["tolerance"] == 0.03 and body["new_players"] == []
    even = client.post(
        "/api/games/predict", json={"teams": [["ana", "dee"], ["bo", "cy"]], "ratings": rated}
    ).json()
    assert even["win_prob_gap"] < body["win_prob_gap"]


def test_predict_new_players_get_the_prior(client: TestClient) -> None:
    body = client.post("/api/games/predict", json={"teams": [["x"], ["y"]]}).json()
    assert body["win_probability"] == [0.5, 0.5] and body["quality"] == 1.0 and body["fair"]
    assert body["new_players"] == ["x", "y"] and body["prior"]["mu"] == 25.0


def test_predict_elo_and_free_for_all(client: TestClient) -> None:
    ratings = [{"player": "a", "mu": 1700}, {"player": "b", "mu": 1500}]
    body = client.post(
        "/api/games/predict",
        json={"model": "elo", "teams": [["a"], ["b"], ["c"]], "ratings": ratings},
    ).json()
    m = body["p_beats"]
    assert body["win_probability"] is None and len(m) == 3
    assert m[0][1] == pytest.approx(1 / (1 + 10 ** (-200 / 400)), abs=1e-4)
    assert m[1][2] == 0.5 and body["new_players"] == ["c"] and body["rating_spread"] == 200


@pytest.mark.parametrize(
    ("payload", "status", "param"),
    [
        ({"teams": [["a"], []]}, 422, "teams.1"),
        ({"teams": [["a", "b"]]}, 422, "teams"),
        ({"teams": []}, 422, "teams"),
        ({"teams": [["a"], ["a"]]}, 422, "teams"),
        ({"model": "glicko", "teams": [["a"], ["b"]]}, 422, "model"),
        (
            {"teams": [["a"], ["b"]], "ratings": [{"player": "a", "mu": 25, "sigma": -1}]},
            422,
            "ratings.0.sigma",
        ),
        ({"teams": [["a"], ["b"]], "ratings": [{"player": "a"}]}, 422, "ratings.0.mu"),
        ({"teams": [["a"], ["b"]], "tolerance": 0.9}, 422, "tolerance"),
    ],
)
def test_predict_bad_requests(
    client: TestClient, payload: dict[str, Any], status: int, param: str
) -> None:
    body = error(client.post("/api/games/predict", json=payload), status, "bad_value")
    assert body["param"] == param
    if param == "model":
        assert body["valid"] == list(MODELS)


# -- moderation ---------------------------------------------------------------------------------
def test_moderate_scores_with_evidence_and_a_review_queue(client: TestClient) -> None:
    msgs = [
        {"text": "t'es un c0nnard", "player": "p1", "ts": "2026-01-01T10:00:00Z", "lang": "fr"},
        {"text": "gg wp, nice kill", "player": "p2"},
        {"text": "kys noob", "player": "p1"},
        {"text": "il m'a traité de connard, signalé", "player": "p3"},
    ]
    body = client.post("/api/games/moderate", json={"messages": msgs}).json()
    res = body["results"]
    assert [r["flagged"] for r in res] == [True, False, True, False]
    assert res[0]["lang"] == "fr" and res[0]["lang_hint"] == "fr" and res[0]["evidence"]
    assert any("connard" in e for e in res[0]["evidence"])
    assert res[3]["score"] > 0 and any("halved" in e for e in res[3]["evidence"])
    assert res[0]["player"] == "p1" and res[0]["ts"] == "2026-01-01T10:00:00Z"
    assert body["flagged"] == 2 and body["lines"] == 4 and body["threshold"] == 0.5
    assert body["action"] == "review (never ban)"
    queue = body["review_queue"]
    assert [q["player"] for q in queue] == ["p1"] and queue[0]["action"] == "review"
    assert queue[0]["flagged"] == 2 and len(queue[0]["evidence"]) == 2
    assert "ban" not in json.dumps(queue)


def test_moderate_threshold(client: TestClient) -> None:
    msgs = [{"text": "il m'a traité de connard, signalé"}]
    low = client.post("/api/games/moderate", json={"messages": msgs, "threshold": 0.1}).json()
    assert low["results"][0]["flagged"] and low["review_queue"] == []  # no player id: no queue


@pytest.mark.parametrize(
    ("payload", "param"),
    [
        ({"messages": []}, "messages"),
        ({}, "messages"),
        ({"messages": [{"text": ""}]}, "messages.0.text"),
        ({"messages": [{"text": "x" * (MAX_TEXT + 1)}]}, "messages.0.text"),
        ({"messages": [{"text": "hi"}] * (MAX_MESSAGES + 1)}, "messages"),
        ({"messages": [{"text": "hi", "lang": "de"}]}, "messages.0.lang"),
        ({"messages": [{"text": "hi"}], "threshold": 1.5}, "threshold"),
        ({"messages": [{"text": "hi", "player": ""}]}, "messages.0.player"),
        ({"messages": ["hi"]}, "messages.0"),
    ],
)
def test_moderate_bad_requests(client: TestClient, payload: dict[str, Any], param: str) -> None:
    body = error(client.post("/api/games/moderate", json=payload), 422, "bad_value")
    assert body["param"] == param
    if param.endswith("lang"):
        assert body["valid"] == ["en", "fr"]


# -- support ------------------------------------------------------------------------------------
@pytest.fixture
def faq(ws: Workspace) -> str:
    write_demo_kb(ws.files_dir / "faq")
    return "files/faq"


def test_support_answers_with_a_citation_or_refuses(client: TestClient, faq: str) -> None:
    a = client.post(
        "/api/games/support",
        json={"question": "Comment me faire rembourser un achat ?", "kb": [faq]},
    ).json()
    assert a["answered"] and a["citations"] == ["faq-en.md#refunds"]
    assert "[faq-en.md#refunds]" in a["text"] and a["passages"] >= 10
    assert a["candidates"][0]["passage"] == "faq-en.md#refunds"
    b = client.post(
        "/api/games/support",
        json={
            "question": "What is the recipe for a chocolate cake?",
            "kb": [faq],
            "contact": "support@skyforge.example",
        },
    ).json()
    assert not b["answered"] and b["citations"] == []
    assert "support@skyforge.example" in b["text"]
    c = client.post(
        "/api/games/support", json={"question": "Quel temps fera-t-il demain à Lyon ?", "kb": [faq]}
    ).json()
    assert not c["answered"] and c["text"].startswith("Je ne sais pas")


def test_support_one_file_and_a_changed_base(client: TestClient, ws: Workspace) -> None:
    f = ws.files_dir / "help.md"
    f.write_text("# Help\n\n## Refunds\nRefunds take 14 days.\n", encoding="utf-8")
    q = {"question": "How long do refunds take?", "kb": ["files/help.md"]}
    assert client.post("/api/games/support", json=q).json()["citations"] == ["help.md#refunds"]
    f.write_text("# Help\n\n## Money back\nRefunds take 14 days.\n", encoding="utf-8")
    assert client.post("/api/games/support", json=q).json()["citations"] == [
        "help.md#money-back"
    ]  # re-indexed when the file changed


@pytest.mark.parametrize(
    ("payload", "param"),
    [
        ({"question": "", "kb": ["files/faq"]}, "question"),
        ({"kb": ["files/faq"]}, "question"),
        ({"question": "x" * 1001, "kb": ["files/faq"]}, "question"),
        ({"question": "refund?", "kb": []}, "kb"),
        ({"question": "refund?"}, "kb"),
        ({"question": "refund?", "kb": ["files/faq"], "min_similarity": 1}, "min_similarity"),
    ],
)
def test_support_bad_requests(
    client: TestClient, faq: str, payload: dict[str, Any], param: str
) -> None:
    body = error(client.post("/api/games/support", json=payload), 422, "bad_value")
    assert body["param"] == param


def test_support_bad_knowledge_base(client: TestClient, ws: Workspace) -> None:
    q = "How do I get a refund?"
    body = error(
        client.post("/api/games/support", json={"question": q, "kb": ["files/nofaq"]}),
        404,
        "not_found",
    )
    assert "files/nofaq" in body["message"]
    error(
        client.post("/api/games/support", json={"question": q, "kb": ["../outside"]}),
        400,
        "unsafe_path",
    )
    (ws.files_dir / "empty").mkdir()
    body = error(
        client.post("/api/games/support", json={"question": q, "kb": ["files/empty"]}),
        400,
        "bad_file",
    )
    assert "no passage" in body["message"]


# -- the API description ------------------------------------------------------------------------
def test_games_endpoints_in_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/games/ratings",
        "/api/games/predict",
        "/api/games/moderate",
        "/api/games/support",
    ):
        assert "post" in schema["paths"][path], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/games/moderate" in docs.text


def test_games_endpoints_need_the_token(ws: Workspace) -> None:
    with TestClient(create_app(ws, token="s3cret")) as c:
        error(c.post("/api/games/predict", json={"teams": [["a"], ["b"]]}), 401, "unauthorized")
        ok = c.post(
            "/api/games/predict",
            json={"teams": [["a"], ["b"]]},
            headers={"Authorization": "Bearer s3cret"},
        )
        assert ok.status_code == 200
