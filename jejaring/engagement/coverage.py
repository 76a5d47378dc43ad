"""Who the forum speaks for, read against the network: pure computations (no Django).

A forum can look full and still leave out a hamlet, the women, the poorest, or a whole patron
cluster whose clients are spoken for only by their patron. These functions compare the forum's
members (and who actually came) with the village's actors along each dimension, and check that
captive clients do not come only when their patron is in the room.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

# Dimensions compared, in the order the page shows them.
DIMENSIONS = ("category", "field", "hamlet", "welfare", "gender", "community")


def _values(actor: Mapping[str, Any], dim: str, seat: Mapping[str, Any] | None) -> set[str]:
    """The values an actor brings to dimension ``dim``.

    For ``field`` a member counts for the field their seat names (what they speak for), else for
    the fields recorded on them; an actor outside the forum counts for their recorded fields.
    """
    if dim == "field":
        if seat and seat.get("field"):
            return {seat["field"]}
        return {f for f in actor.get("fields", ()) if f}
    value = actor.get(dim)
    return {str(value)} if value not in (None, "") else set()


def dimension_coverage(
    actors: Iterable[Mapping[str, Any]],
    members: Mapping[str, Mapping[str, Any]],
    attending: set[str],
    dim: str,
) -> list[dict[str, Any]]:
    """One dimension: for each value present in the village, how many actors have it, how many
    of them sit in the forum and how many came to a held meeting.

    Facilitators are left out on both sides. Rows ``{"value", "village", "members",
    "attending", "represented"}``, largest first.
    """
    village: dict[str, int] = defaultdict(int)
    seated: dict[str, int] = defaultdict(int)
    came: dict[str, int] = defaultdict(int)
    for a in actors:
        if a.get("is_facilitator"):
            continue
        for v in _values(a, dim, None):
            village[v] += 1
        seat = members.get(a["id"])
        if seat is not None:
            for v in _values(a, dim, seat):
                seated[v] += 1
                # a member may speak for a field nobody else in the village has recorded
                village.setdefault(v, 0)
        if a["id"] in attending:
            for v in _values(a, dim, seat):
                came[v] += 1
                village.setdefault(v, 0)
    rows = [
        {
            "value": v,
            "village": n,
            "members": seated.get(v, 0),
            "attending": came.get(v, 0),
            "represented": seated.get(v, 0) > 0,
        }
        for v, n in village.items()
    ]
    rows.sort(key=lambda r: (-r["village"], r["value"]))
    return rows


def cluster_coverage(
    clusters: Iterable[Mapping[str, Any]], members: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Patron clusters (``patron``, ``members``, ``size``) and their voice in the forum.

    ``patron_only`` marks a cluster spoken for by its patron alone: the clients' side of the
    relation is missing from the dialogue.
    """
    out = []
    for c in clusters:
        patron = c["patron"]
        clients_in = [m for m in c.get("members", ()) if m in members and m != patron]
        patron_in = patron in members
        out.append(
            {
                "patron": patron,
                "size": c.get("size", len(c.get("members", ())) + 1),
                "patron_member": patron_in,
                "client_members": clients_in,
                "represented": patron_in or bool(clients_in),
                "patron_only": patron_in and not clients_in,
            }
        )
    return out


def captive_attendance(
    captives: Mapping[str, Iterable[str]],
    meetings: Iterable[Mapping[str, Any]],
    members: Mapping[str, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Whether captive clients come to the forum only when their own patron is there.

    ``captives`` maps each captive client to their patrons; ``meetings`` are held meetings with
    ``present`` (a set of actor ids). A client who came to at least one meeting and every time
    with a patron present is ``only_with_patron``: what they say may be what the patron can hear.
    Only captive clients who are members or came at least once are listed.
    """
    meetings = list(meetings)
    out = []
    for client, patrons in captives.items():
        patrons = set(patrons)
        came = [m for m in meetings if client in m["present"]]
        with_patron = [m for m in came if patrons & m["present"]]
        if client not in members and not came:
            continue
        out.append(
            {
                "client": client,
                "patrons": sorted(patrons),
                "member": client in members,
                "attended": len(came),
                "with_patron": len(with_patron),
                "only_with_patron": bool(came) and len(with_patron) == len(came),
            }
        )
    out.sort(key=lambda r: (not r["only_with_patron"], -r["attended"], r["client"]))
    return out


def forum_coverage(
    actors: list[Mapping[str, Any]],
    members: Mapping[str, Mapping[str, Any]],
    meetings: list[Mapping[str, Any]],
    *,
    clusters: Iterable[Mapping[str, Any]] | None = None,
    captives: Mapping[str, Iterable[str]] | None = None,
    min_community: int = 3,
) -> dict[str, Any]:
    """The forum's coverage along every dimension, its patron clusters and captive clients.

    Parameters
    ----------
    actors : list of dict
        Every actor of the village: ``id``, ``category``, ``hamlet``, ``welfare``, ``gender``,
        ``fields`` (list), ``community`` (None when the analysis is missing),
        ``is_facilitator``.
    members : dict
        Current members: actor id → ``{"field", "role"}``.
    meetings : list of dict
        Held meetings with ``present`` (set of actor ids).
    clusters, captives : optional
        From the network analysis (``clusters``; captive client → patrons). None when the
        analysis is not available: those parts are then None too.
    min_community : int
        Communities smaller than this are not reported as missing (a pair of neighbours off
        the main network is not a constituency).

    Returns
    -------
    dict
        ``dimensions`` {dim: rows}, ``missing`` {dim: [values]}, ``clusters``, ``captives``.
    """
    members = dict(members)
    attending: set[str] = set()
    for m in meetings:
        attending |= set(m["present"])
    dims = {}
    missing = {}
    has_communities = any(a.get("community") is not None for a in actors)
    for dim in DIMENSIONS:
        if dim == "community" and not has_communities:
            dims[dim], missing[dim] = None, None
            continue
        rows = dimension_coverage(actors, members, attending, dim)
        dims[dim] = rows
        floor = min_community if dim == "community" else 1
        missing[dim] = [r["value"] for r in rows if not r["represented"] and r["village"] >= floor]
    return {
        "dimensions": dims,
        "missing": missing,
        "clusters": cluster_coverage(clusters, members) if clusters is not None else None,
        "captives": captive_attendance(captives, meetings, members)
        if captives is not None
        else None,
    }
