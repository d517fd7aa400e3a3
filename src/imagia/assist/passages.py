"""A screenplay as citable passages: one per scene, numbered as the script numbers them."""

from __future__ import annotations

from dataclasses import dataclass

from imagia.script.model import Screenplay


@dataclass(frozen=True)
class Passage:
    number: str  # the scene's own number, else its position (1-based)
    heading: str
    text: str  # action and dialogue as "NAME: line"
    characters: tuple[str, ...]

    def render(self, limit: int = 1200) -> str:
        body = self.text if len(self.text) <= limit else self.text[:limit].rsplit(" ", 1)[0] + " …"
        return f"[{self.number}] {self.heading}\n{body}"


def from_screenplay(sp: Screenplay) -> list[Passage]:
    out = []
    for k, scene in enumerate(sp.scenes, 1):
        lines: list[str] = []
        for e in scene.elements:
            if e.kind == "action":
                lines.append(e.text.strip())
            elif e.kind in ("dialogue", "lyrics") and e.name:
                lines.append(f"{e.name}: {e.text.strip()}")
            elif e.kind == "parenthetical" and e.name:
                lines.append(f"{e.name} {e.text.strip()}")
        out.append(
            Passage(
                number=scene.number or str(k),
                heading=scene.clean_heading,
                text="\n".join(x for x in lines if x),
                characters=tuple(scene.speakers()),
            )
        )
    return out
