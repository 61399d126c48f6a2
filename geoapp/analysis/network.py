"""The partnership network: who is linked with whom, by programme and by region.

Places are nodes and partnerships edges of an undirected networkx graph; a pair of places
linked under several programmes (or in both directions) is one edge that lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx
import pandas as pd
from sqlalchemy import Connection, select

from geoapp.analysis.regions import ancestors_at, region_table
from geoapp.store.queries import partnerships, place_columns, places, published

PARTNERSHIP_COLUMNS = ["id", "place_a_id", "place_b_id", "programme_code", "status",
                       "start_date"]
NODE_COLUMNS = ["id", "kind", "name", "region_code", "lon", "lat"]


def partnerships_frame(conn: Connection, statuses: Sequence[str] = ()) -> pd.DataFrame:
    """Every published partnership (of ``statuses``, when given), one row each."""
    query = select(*(partnerships.c[name] for name in PARTNERSHIP_COLUMNS)).where(
        published(partnerships))
    if statuses:
        query = query.where(partnerships.c.status.in_(tuple(statuses)))
    rows = conn.execute(query.order_by(partnerships.c.id)).all()
    frame = pd.DataFrame(rows, columns=PARTNERSHIP_COLUMNS)
    frame["programme_code"] = frame["programme_code"].fillna("none")
    return frame


def places_by_id(conn: Connection, ids: Iterable[str]) -> pd.DataFrame:
    """The places with these ids, with their coordinates, indexed by id."""
    ids, rows = sorted(set(ids)), []
    for start in range(0, len(ids), 5000):
        query = select(*place_columns()).where(places.c.id.in_(ids[start:start + 5000]))
        rows += [dict(row) for row in conn.execute(query).mappings()]
    return pd.DataFrame(rows, columns=[c.key for c in place_columns()]).set_index("id", drop=False)


def partnership_graph(conn: Connection, statuses: Sequence[str] = ("active",)) -> nx.Graph:
    """The places in partnerships as nodes (name, kind, oblast, lon/lat) and their links."""
    links = partnerships_frame(conn, statuses)
    nodes = places_by_id(conn, pd.concat([links["place_a_id"], links["place_b_id"]]))
    table = region_table(conn)
    nodes["oblast_code"] = ancestors_at(table, nodes["region_code"], "oblast")
    nodes["oblast"] = nodes["oblast_code"].map(table["name_en"].to_dict())
    graph = nx.Graph()
    for row in nodes[NODE_COLUMNS + ["oblast_code", "oblast"]].to_dict("records"):
        graph.add_node(row.pop("id"), **row)
    for link in links.itertuples(index=False):
        a, b = link.place_a_id, link.place_b_id
        if a == b:
            continue
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, programmes=set(), partnerships=[])
        graph.edges[a, b]["programmes"].add(link.programme_code)
        graph.edges[a, b]["partnerships"].append(link.id)
    return graph


def summary(graph: nx.Graph) -> dict:
    """Nodes, edges, components, the largest component's size, mean degree, density."""
    sizes = sorted((len(c) for c in nx.connected_components(graph)), reverse=True)
    nodes = graph.number_of_nodes()
    return {"places": nodes, "links": graph.number_of_edges(), "components": len(sizes),
            "largest_component": sizes[0] if sizes else 0,
            "mean_degree": 2 * graph.number_of_edges() / nodes if nodes else 0.0,
            "density": nx.density(graph) if nodes > 1 else 0.0}


def degree_table(graph: nx.Graph) -> pd.DataFrame:
    """Each place with how many partners it has, most linked first."""
    rows = [{"id": node, "name": data.get("name"), "kind": data.get("kind"),
             "oblast": data.get("oblast"), "partners": graph.degree(node)}
            for node, data in graph.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["id", "name", "kind", "oblast", "partners"])
    return frame.sort_values(["partners", "id"], ascending=[False, True], ignore_index=True)


def components_table(graph: nx.Graph) -> pd.DataFrame:
    """Each connected component: its size, links, oblasts spanned and best-linked place."""
    rows = []
    for members in nx.connected_components(graph):
        part = graph.subgraph(members)
        hub = max(sorted(members), key=part.degree)
        oblasts = {graph.nodes[m].get("oblast") for m in members} - {None}
        rows.append({"places": len(members), "links": part.number_of_edges(),
                     "oblasts": len(oblasts), "hub": graph.nodes[hub].get("name"),
                     "hub_partners": part.degree(hub)})
    frame = pd.DataFrame(rows, columns=["places", "links", "oblasts", "hub", "hub_partners"])
    return frame.sort_values(["places", "hub"], ascending=[False, True], ignore_index=True)


def by_programme(links: pd.DataFrame) -> pd.DataFrame:
    """Partnerships per programme and status, with a total, largest programme first."""
    table = links.pivot_table(index="programme_code", columns="status", values="id",
                              aggfunc="count", fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False)


def by_region(graph: nx.Graph) -> pd.DataFrame:
    """Per oblast: places linked, links inside the oblast, and links to other oblasts."""
    rows: dict[str, dict] = {}
    for a, b in graph.edges():
        here, there = graph.nodes[a].get("oblast"), graph.nodes[b].get("oblast")
        for oblast in {here, there} - {None}:
            row = rows.setdefault(oblast, {"inside": 0, "to_other_oblasts": 0})
            row["inside" if here == there else "to_other_oblasts"] += 1
    places_in = pd.Series([d.get("oblast") for _, d in graph.nodes(data=True)]).value_counts()
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["inside", "to_other_oblasts"])
    frame.insert(0, "places", places_in.reindex(frame.index).fillna(0).astype(int))
    frame.index.name = "oblast"
    return frame.sort_values(["places", "inside"], ascending=False)


def started_by_year(links: pd.DataFrame) -> pd.Series:
    """How many partnerships started each year (those with a start date)."""
    years = pd.to_datetime(links["start_date"], errors="coerce").dt.year.dropna().astype(int)
    return years.value_counts().sort_index()


