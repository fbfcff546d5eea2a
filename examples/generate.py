#!/usr/bin/env python3
"""Generate the CSV data of the peergroups examples.

Writes, next to this script:

    mentoring/members.csv   150 mentees of a year-long mentoring programme
    mentoring/facilitators.csv  18 alumni who facilitate its groups, with their topics
    coop/members.csv        40 staff of a co-op (4 on probation)
    coop/history.csv        three past pairing cycles (2025-05-01, 2025-11-01, 2026-05-01)
    business/members.csv    36 owners of a business peer network
    business/history.csv    one past cycle (2026-09) of six groups of six

The peergroups.toml files are written by hand and are not touched here.

Everything is drawn from fixed-seed random.Random instances and no set or dict
is iterated in hash order, so running the script twice gives identical bytes.
Python 3.11 standard library only. The assertions at the end of each part check
the invariants the examples rely on (unique ids, no repeated co-op pair, the
probation rule, a feasible next cycle, ...); the script fails loudly if any of
them breaks.

Usage:  python3 examples/generate.py
"""

from __future__ import annotations

import csv
import io
import math
import random
from pathlib import Path

SEED = 20260501
HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------
# Invented full names are built from a first name and a surname of the same
# heritage, so the names look like a real UK workforce rather than random
# mixtures. Heritage weights roughly follow a UK professional cohort.

HERITAGES = {
    # name: (weight, female first names, male first names, surnames)
    "british": (
        44,
        "Amelia Olivia Emily Sophie Charlotte Hannah Lucy Eleanor Rebecca Laura Rachel Claire "
        "Gemma Victoria Helen Ruth Megan Hollie Jessica Alice Harriet Katie Natalie Joanne "
        "Bethan Catrin Rhiannon Sarah Kate Abigail",
        "James Oliver Thomas Daniel Matthew Samuel Benjamin George Harry Jack Ethan Luke "
        "Andrew Peter Michael David Richard Stuart Neil Graham Owen Rhys Gareth Dylan Joe "
        "Adam Simon Christopher Mark",
        "Smith Jones Taylor Brown Williams Wilson Evans Roberts Walker Wright Hughes Green Hall "
        "Clarke Cooper Ward Baker Harris Lewis Jenkins Price Davies Pritchard Thompson Robinson "
        "Edwards Bennett Richards Ellis Turner Parker Shaw Holmes Marsh Fletcher Barker Lloyd "
        "Howells Atkinson Whitaker Pearson Dawson Chapman Fox",
    ),
    "scottish_irish": (
        10,
        "Niamh Aoife Siobhán Eilidh Isla Morag Shona Ciara Orla Fiona Kirsty Mairead Caitlin",
        "Hamish Callum Euan Fraser Connor Declan Ciarán Ruairidh Seán Cormac Angus Alistair Lachlan",
        "Campbell Murray MacDonald Stewart Reid Robertson MacLeod O'Brien Murphy Kelly Byrne "
        "Doyle Gallagher O'Neill Quinn McLaughlin Ross Sutherland Kennedy",
    ),
    "south_asian": (
        16,
        "Priya Anjali Deepa Harpreet Kiran Aisha Fatima Zainab Maryam Nadia Sana Ruqayyah "
        "Shabnam Pooja Meera Simran Tasnim Nusrat",
        "Arjun Ravi Sanjay Imran Bilal Mohammed Yusuf Deepak Vikram Gurpreet Rajesh Amir Zubair "
        "Harjit Rohan Nikhil Tariq Asif",
        "Patel Khan Ahmed Hussain Ali Singh Sharma Gupta Mistry Chowdhury Rahman Iqbal Shah "
        "Malik Desai Sandhu Bhatt Joshi Islam Akhtar Chaudhry Rao Kapoor Dhillon",
    ),
    "west_african": (
        6,
        "Chiamaka Nkechi Abena Ifeoma Adaeze Amara Ngozi Funmilayo Yewande Akosua Efua Folake Temitope",
        "Kwame Chidi Emeka Tunde Kofi Adebayo Segun Olumide Kwabena Yaw Obinna Femi Ikenna Kojo",
        "Okafor Adeyemi Mensah Boateng Owusu Okonkwo Nwosu Osei Asante Eze Obi Balogun Afolabi "
        "Appiah Darko Ogunleye Nwachukwu Danso",
    ),
    "caribbean": (
        5,
        "Tanisha Keisha Simone Patience Marcia Shanice Jada Monique Sharon Denise Tamika Precious",
        "Jerome Marcus Delroy Winston Leon Tyrone Andre Jermaine Clive Nathaniel Dwayne Errol",
        "Campbell Francis Grant Forde Henry Bailey Gordon Samuels Powell Bryan Beckford Allen "
        "Barrett Gayle",
    ),
    "chinese": (
        4,
        "Mei Hui Xin Ling Jia Wen Yan Qing",
        "Wei Jun Jian Hao Ming Zhen Lei Bo",
        "Chen Wang Li Zhang Liu Huang Wong Lam Ng Zhou Cheung Lau",
    ),
    "japanese": (1, "Yuki Hana Sakura Aiko Emi", "Hiroshi Haruto Kenji Ryo Takeshi",
                 "Tanaka Sato Yamamoto Suzuki Watanabe Ito"),
    "vietnamese": (1, "Thuy Linh Lan Huong", "Minh Tuan Bao Duc", "Nguyen Tran Pham Le Hoang Vu"),
    "korean": (1, "Min-ji Ji-woo Seo-yeon", "Sung-min Ji-hoon Min-jun", "Kim Park Lee Choi Jung"),
    "eastern_european": (
        6,
        "Agnieszka Marta Ewa Joanna Katarzyna Ioana Elena Natalia Zofia Alina Daria Oksana",
        "Tomasz Jakub Piotr Marek Andrei Bogdan Mateusz Krzysztof Łukasz Vasile Dmytro Pavel",
        "Nowak Wójcik Kowalczyk Mazur Krawczyk Kaczmarek Popescu Ionescu Dumitru Shevchenko "
        "Bondarenko Horvat",
    ),
    "southern_european": (
        4,
        "Sofia Giulia Lucía Ana Maria Chiara Inês Beatriz Francesca Carmen Valentina",
        "Marco Luca Mateo João Diego Alessandro Pedro Javier Rafael Nikos",
        "Rossi Romano Silva Santos Fernandes García Costa Ferreira Martínez Ricci López "
        "Conti Moreno Oliveira Papadopoulos",
    ),
    "middle_eastern": (
        4,
        "Leila Samira Yasmin Rana Nour Dina Mariam Zeynep Elif Shirin",
        "Omar Hassan Karim Faisal Ahmad Khalid Mehmet Emre Reza Sami",
        "Haddad Mansour Yilmaz Demir Kaya Hosseini Rahimi Nasser Saleh Aziz Karimi Farah",
    ),
}
HERITAGE_ORDER = list(HERITAGES)  # dicts keep insertion order: deterministic
NEUTRAL_FIRST = "Alex Sam Jordan Robin Charlie Kai River Ash Jamie Rowan Sasha Morgan Quinn Remi Frankie Jesse".split()


class NamePool:
    """Draws invented full names, never the same full name twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()  # membership tests only, never iterated

    def draw(self, gender: str, boost: dict[str, float] | None = None) -> str:
        """gender: 'Female', 'Male' or 'Non-binary'. boost multiplies heritage weights."""
        weights = []
        for h in HERITAGE_ORDER:
            w = HERITAGES[h][0]
            if boost and h in boost:
                w *= boost[h]
            weights.append(w)
        for _ in range(10_000):
            h = self.rng.choices(HERITAGE_ORDER, weights)[0]
            _, fem, male, surnames = HERITAGES[h]
            if gender == "Female":
                first = self.rng.choice(fem.split())
            elif gender == "Male":
                first = self.rng.choice(male.split())
            else:
                first = self.rng.choice(NEUTRAL_FIRST)
            name = f"{first} {self.rng.choice(surnames.split())}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name pool exhausted")


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """UTF-8, LF line endings, comma delimiter, header row; byte-for-byte reproducible."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        assert len(r) == len(header), (path, r)
        w.writerow(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def fmt_hours(h: float) -> str:
    """20 -> '20', 37.5 -> '37.5'."""
    return str(int(h)) if float(h).is_integer() else f"{h:g}"


def weighted_order(rng: random.Random, items: list, weight) -> list:
    """A weighted random permutation (Efraimidis-Spirakis keys): heavier items tend to come first."""
    keyed = [(rng.random() ** (1.0 / weight(x)), i, x) for i, x in enumerate(items)]
    keyed.sort(key=lambda t: (-t[0], t[1]))
    return [x for _, _, x in keyed]


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# ---------------------------------------------------------------------------
# 1. Mentoring programme: 150 mentees
# ---------------------------------------------------------------------------

PROFESSIONS = [  # uneven shares, sum 150
    ("Nurse", 30), ("Teacher", 25), ("Software engineer", 21), ("Accountant", 18),
    ("Social worker", 17), ("Project manager", 15), ("Solicitor", 13), ("Pharmacist", 11),
]
REGIONS = ["London", "South East", "North West", "West Midlands", "Yorkshire and the Humber", "Scotland"]
REGION_WEIGHT = {"London": 5, "South East": 3, "North West": 3, "West Midlands": 2,
                 "Yorkshire and the Humber": 2, "Scotland": 2}
# (organisation, home region, relative size, professions it employs). Organisations marked in
# NATIONAL have offices across the UK; everyone else works in the organisation's home region.
ORGANISATIONS = [
    ("Riverside University Hospitals NHS Trust", "London", 3.0, ["Nurse", "Pharmacist", "Project manager"]),
    ("Pennine Community Health", "North West", 2.0, ["Nurse", "Pharmacist", "Social worker"]),
    ("Severn Vale Hospitals", "West Midlands", 2.0, ["Nurse", "Pharmacist"]),
    ("Aire Valley Care Partnership", "Yorkshire and the Humber", 1.5, ["Nurse", "Social worker"]),
    ("Clyde and Forth Health Board", "Scotland", 2.0, ["Nurse", "Pharmacist"]),
    ("Ashdown Academy Trust", "South East", 2.5, ["Teacher"]),
    ("Brookfield College", "West Midlands", 1.5, ["Teacher"]),
    ("Harbour Schools Partnership", "North West", 2.0, ["Teacher"]),
    ("Thornbury Learning Trust", "Yorkshire and the Humber", 1.5, ["Teacher"]),
    ("Glenmore Academy", "Scotland", 1.0, ["Teacher"]),
    ("Kestrel Digital", "London", 2.5, ["Software engineer", "Project manager"]),
    ("Lumen Data", "North West", 1.5, ["Software engineer"]),
    ("Northlight Software", "Scotland", 1.5, ["Software engineer", "Project manager"]),
    ("Fernhill Systems", "South East", 1.5, ["Software engineer", "Project manager"]),
    ("Carver & Webb LLP", "London", 2.5, ["Accountant"]),
    ("Halden Audit Partners", "Yorkshire and the Humber", 1.0, ["Accountant"]),
    ("Marsh Street Accountancy", "West Midlands", 1.0, ["Accountant"]),
    ("Pryce Hollis Solicitors", "London", 2.0, ["Solicitor"]),
    ("Greyfriars Legal", "Scotland", 1.0, ["Solicitor"]),
    ("Mercer Lane Law", "North West", 1.0, ["Solicitor"]),
    ("Eastbridge County Council", "South East", 2.0, ["Social worker", "Project manager", "Accountant"]),
    ("Westmoor City Council", "Yorkshire and the Humber", 1.5, ["Social worker", "Project manager", "Solicitor"]),
    ("Harbourlight Housing Association", "North West", 1.0, ["Project manager", "Social worker", "Accountant"]),
    ("Open Door Trust", "London", 1.0, ["Social worker", "Project manager"]),
    ("Wellspring Pharmacy Group", "West Midlands", 1.0, ["Pharmacist"]),
]
NATIONAL = ["Kestrel Digital", "Lumen Data", "Northlight Software", "Fernhill Systems", "Carver & Webb LLP",
            "Pryce Hollis Solicitors", "Open Door Trust", "Wellspring Pharmacy Group"]
# Propensity of a mentee in each profession to be female (weights, not probabilities).
FEMALE_PROPENSITY = {"Nurse": 6.0, "Teacher": 3.0, "Social worker": 3.5, "Pharmacist": 1.6,
                     "Accountant": 1.0, "Solicitor": 1.2, "Project manager": 1.0, "Software engineer": 0.35}
GENDER_COUNTS = {"Female": 78, "Male": 64, "Non-binary": 8}

MENTORING_N = 150
MENTORING_GROUPS = 16          # 147 eligible / target 9 -> 16 groups of 9-10
APART = ("m012", "m077")       # m012 is m077's line manager
TOGETHER = ("m020", "m021")    # a job-share pair
GENDER_MAX = 6
ORG_MAX = 2

# What mentees want to talk about and alumni facilitators know about. A mentee names one to
# three topics (a few name none); an alumnus knows two or three. Professions lean towards
# some topics, so the interests are not spread uniformly.
TOPICS = ["Leadership", "Career change", "Public speaking", "Negotiation", "Work-life balance",
          "Managing people", "Starting a business", "Returning to work"]
TOPIC_WEIGHT = {"Leadership": 5, "Career change": 3, "Public speaking": 3, "Negotiation": 2,
                "Work-life balance": 4, "Managing people": 4, "Starting a business": 1,
                "Returning to work": 1}
PROFESSION_TOPICS = {"Nurse": ["Work-life balance", "Leadership"],
                     "Teacher": ["Managing people", "Work-life balance"],
                     "Software engineer": ["Public speaking", "Managing people"],
                     "Accountant": ["Negotiation", "Starting a business"],
                     "Social worker": ["Work-life balance", "Returning to work"],
                     "Project manager": ["Leadership", "Negotiation"],
                     "Solicitor": ["Negotiation", "Career change"],
                     "Pharmacist": ["Career change", "Starting a business"]}
SET_SEPARATOR = ";"            # the separator peergroups splits set cells at by default
FACILITATORS_N = 18
NO_INTERESTS = 6               # mentees who leave the interests cell blank


def draw_topics(rng: random.Random, k: int, boost: list[str]) -> list[str]:
    """k distinct topics, weighted by popularity, three times as likely when in boost."""
    return weighted_order(rng, TOPICS, lambda t: TOPIC_WEIGHT[t] * (3 if t in boost else 1))[:k]


def mentoring_interests(professions: list[str]) -> list[str]:
    """Each mentee's interests cell (from its own generator, so the other columns stay as they are)."""
    rng = random.Random(SEED + 4)
    blank = set(rng.sample(range(MENTORING_N), NO_INTERESTS))
    cells = []
    for i, p in enumerate(professions):
        k = 0 if i in blank else rng.choices([1, 2, 3], [40, 45, 15])[0]
        cells.append(SET_SEPARATOR.join(draw_topics(rng, k, PROFESSION_TOPICS[p])))
    return cells


def make_mentoring_facilitators(names: NamePool) -> list[dict]:
    """Alumni of earlier intakes who facilitate one group each (two of them can take two)."""
    rng = random.Random(SEED + 5)
    rows = []
    for k in range(FACILITATORS_N):
        gender = rng.choices(["Female", "Male", "Non-binary"], [50, 45, 5])[0]
        topics = draw_topics(rng, rng.choice([2, 3]), [])
        rows.append({
            "id": f"f{k + 1:02d}",
            "name": names.draw(gender),
            "capacity": "2" if k in (3, 11) else "1",
            "topics": SET_SEPARATOR.join(topics),
        })
    check_mentoring_facilitators(rows)
    header = ["id", "name", "capacity", "topics"]
    write_csv(HERE / "mentoring" / "facilitators.csv", header, [[r[h] for h in header] for r in rows])
    return rows


def check_mentoring_facilitators(rows: list[dict]) -> None:
    assert len({r["id"] for r in rows}) == FACILITATORS_N
    assert sum(int(r["capacity"]) for r in rows) >= MENTORING_GROUPS, "too few facilitator places"
    known = [t for r in rows for t in r["topics"].split(SET_SEPARATOR)]
    assert all(t in TOPICS for t in known)
    assert all(known.count(t) >= 2 for t in TOPICS), "a topic with fewer than two facilitators"


def make_mentoring(names: NamePool) -> list[dict]:
    rng = random.Random(SEED + 1)
    ids = [f"m{i:03d}" for i in range(1, MENTORING_N + 1)]
    idx = {m: i for i, m in enumerate(ids)}

    professions = [p for p, n in PROFESSIONS for _ in range(n)]
    rng.shuffle(professions)

    def align(a: str, b: str) -> None:
        """Give b the profession of a by swapping with someone else (keeps the counts)."""
        ia, ib = idx[a], idx[b]
        if professions[ib] == professions[ia]:
            return
        fixed = {idx[x] for x in APART + TOGETHER}
        k = next(k for k in range(MENTORING_N) if k not in fixed and professions[k] == professions[ia])
        professions[k], professions[ib] = professions[ib], professions[k]

    align(*APART)
    align(*TOGETHER)

    organisations, regions = [], []
    for p in professions:
        orgs = [o for o in ORGANISATIONS if p in o[3]]
        org = rng.choices(orgs, [o[2] for o in orgs])[0]
        organisations.append(org[0])
        if org[0] not in NATIONAL or rng.random() < 0.6:
            regions.append(org[1])
        else:
            regions.append(rng.choices(REGIONS, [REGION_WEIGHT[r] for r in REGIONS])[0])
    # Every organisation sends at least two mentees: move people from the largest organisation
    # of a shared profession to any organisation that has fewer.
    fixed = {idx[x] for x in APART + TOGETHER}
    while True:
        count = {o[0]: organisations.count(o[0]) for o in ORGANISATIONS}
        small = [o for o in ORGANISATIONS if count[o[0]] < 2]
        if not small:
            break
        org = small[0]
        movable = [i for i in range(MENTORING_N)
                   if i not in fixed and professions[i] in org[3] and count[organisations[i]] > 3]
        i = max(movable, key=lambda i: (count[organisations[i]], -i))
        organisations[i] = org[0]
        regions[i] = org[1]
    # The line manager and report, and the job-share pair, work in one organisation and place.
    for a, b in (APART, TOGETHER):
        organisations[idx[b]] = organisations[idx[a]]
        regions[idx[b]] = regions[idx[a]]

    # Genders: exact totals, correlated with profession.
    order = list(range(MENTORING_N))
    nb = rng.sample(order, GENDER_COUNTS["Non-binary"])
    rest = [i for i in order if i not in nb]
    rest = weighted_order(rng, rest, lambda i: FEMALE_PROPENSITY[professions[i]])
    female = rest[:GENDER_COUNTS["Female"]]
    gender = ["Male"] * MENTORING_N
    for i in nb:
        gender[i] = "Non-binary"
    for i in female:
        gender[i] = "Female"

    keep_ids = {idx[x] for x in APART + TOGETHER}
    on_leave = rng.sample([i for i in order if i not in keep_ids], 3)

    interests = mentoring_interests(professions)
    rows = []
    for i in order:
        boost = {"scottish_irish": 5.0} if regions[i] == "Scotland" else None
        rows.append({
            "id": ids[i],
            "name": names.draw(gender[i], boost),
            "profession": professions[i],
            "organisation": organisations[i],
            "gender": gender[i],
            "region": regions[i],
            "interests": interests[i],
            "status": "leave" if i in on_leave else "",
        })
    check_mentoring(rows, rng)
    header = ["id", "name", "profession", "organisation", "gender", "region", "interests", "status"]
    write_csv(HERE / "mentoring" / "members.csv", header, [[r[k] for k in header] for r in rows])
    return rows


def check_mentoring(rows: list[dict], rng: random.Random) -> None:
    ids = [r["id"] for r in rows]
    assert len(rows) == MENTORING_N and len(set(ids)) == MENTORING_N, "mentoring ids not unique"
    assert sum(r["status"] == "leave" for r in rows) == 3
    assert all(r["status"] in ("", "leave") for r in rows)
    by_id = {r["id"]: r for r in rows}
    for a, b in (APART, TOGETHER):
        assert by_id[a]["status"] == "" and by_id[b]["status"] == "", "keep ids must be active"
    for org, home, _, employs in ORGANISATIONS:
        staff = [r for r in rows if r["organisation"] == org]
        assert len(staff) >= 2, f"{org}: fewer than two mentees"
        assert all(r["profession"] in employs for r in staff), org
        if org not in NATIONAL:
            assert all(r["region"] == home for r in staff), f"{org}: regional body outside its region"
    assert len({r["region"] for r in rows}) == len(REGIONS)
    assert len({r["profession"] for r in rows}) == len(PROFESSIONS)
    for g, n in GENDER_COUNTS.items():
        assert sum(r["gender"] == g for r in rows) == n

    # Constructive feasibility check of the hard rules: 16 groups of 9-10 (even sizes),
    # gender <= 6 and organisation <= 2 per group, apart split, together whole.
    active = [r for r in rows if r["status"] == ""]
    n = len(active)
    sizes = [n // MENTORING_GROUPS + (1 if g < n % MENTORING_GROUPS else 0) for g in range(MENTORING_GROUPS)]
    assert min(sizes) >= 8 and max(sizes) <= 10
    org_count: dict[str, int] = {}
    for r in active:
        org_count[r["organisation"]] = org_count.get(r["organisation"], 0) + 1
    # Most constrained first: the together pair as one unit, then big organisations.
    units = [[by_id[TOGETHER[0]], by_id[TOGETHER[1]]]]
    singles = [r for r in active if r["id"] not in TOGETHER]
    singles.sort(key=lambda r: (-org_count[r["organisation"]], r["id"]))
    units += [[r] for r in singles]
    for attempt in range(50):
        groups: list[list[dict]] = [[] for _ in sizes]
        ok = True
        for unit in units:
            options = []
            for g, members in enumerate(groups):
                if len(members) + len(unit) > sizes[g]:
                    continue
                trial = members + unit
                if any(sum(m["gender"] == u["gender"] for m in trial) > GENDER_MAX for u in unit):
                    continue
                if any(sum(m["organisation"] == u["organisation"] for m in trial) > ORG_MAX for u in unit):
                    continue
                ids_in = {m["id"] for m in trial}
                if APART[0] in ids_in and APART[1] in ids_in:
                    continue
                options.append(g)
            if not options:
                ok = False
                break
            options.sort(key=lambda g: (len(groups[g]) - sizes[g], rng.random()))
            groups[options[0]].extend(unit)
        if ok:
            assert sorted(len(g) for g in groups) == sorted(sizes)
            return
    raise AssertionError("mentoring: could not construct a feasible grouping")


# ---------------------------------------------------------------------------
# 2. Staff co-op: 40 staff, pairs, three past cycles
# ---------------------------------------------------------------------------

COOP_N = 40
COOP_CYCLES = ["2025-05-01", "2025-11-01", "2026-05-01"]
MAX_SPREAD = 12      # [[similar]] hours max_spread in coop/peergroups.toml
GOOD_DIFF = 8        # pairs should differ by at most this many hours where possible
TEAMS = [("Shop floor", 12), ("Warehouse", 8), ("Café", 7), ("Bakery", 6), ("Deliveries", 4), ("Office", 3)]
# Weekly contracted hours: part-time around 20, around 30, and full time (37.5).
# Each cluster draws `count` values from its list without replacement.
HOUR_CLUSTERS = [
    (12, [16, 18, 18, 20, 20, 20, 20, 20, 21, 22, 22, 24, 25]),
    (12, [26, 27, 28, 28, 30, 30, 30, 30, 30, 32, 32, 33, 34]),
    (16, [35, 35, 36, 36] + [37.5] * 12 + [40, 40]),
]


def find_pairing(people: list[int], allowed, diff, rng: random.Random, node_limit: int = 20_000):
    """Randomised backtracking search for a perfect matching of `people` in the graph `allowed`,
    preferring pairs with diff <= GOOD_DIFF. Returns a list of pairs or None."""
    nodes = 0

    def dfs(unmatched: list[int]):
        nonlocal nodes
        nodes += 1
        if nodes > node_limit:
            return None
        if not unmatched:
            return []
        best, best_opts = None, None
        for a in unmatched:
            opts = [b for b in unmatched if b != a and allowed(a, b)]
            if best_opts is None or len(opts) < len(best_opts):
                best, best_opts = a, opts
        if not best_opts:
            return None
        best_opts.sort(key=lambda b: (diff(best, b) > GOOD_DIFF, rng.random()))
        for b in best_opts:
            rest = dfs([x for x in unmatched if x != best and x != b])
            if rest is not None:
                return [pair(best, b)] + rest
        return None

    return dfs(list(people))


def place_probation(pairs, probation, hours, met, rng: random.Random):
    """Add each probation member to a distinct pair: spread of the trio <= MAX_SPREAD and no
    pair of the trio met before. Minimises the total spread. Returns {probation: pair index}."""
    tiebreak = [rng.random() for _ in pairs]
    best = [None, None]

    def spread(p, k):
        hs = [hours[p], hours[pairs[k][0]], hours[pairs[k][1]]]
        return max(hs) - min(hs)

    options = {}
    for p in probation:
        options[p] = [k for k in range(len(pairs))
                      if spread(p, k) <= MAX_SPREAD
                      and pair(p, pairs[k][0]) not in met and pair(p, pairs[k][1]) not in met]

    def rec(i, used, acc, cost):
        if i == len(probation):
            if best[0] is None or cost < best[0]:
                best[0], best[1] = cost, dict(acc)
            return
        p = probation[i]
        for k in options[p]:
            if k in used:
                continue
            acc[p] = k
            used.append(k)
            rec(i + 1, used, acc, (cost[0] + spread(p, k), cost[1] + tiebreak[k]))
            used.pop()
            del acc[p]

    rec(0, [], {}, (0.0, 0.0))
    return best[1]


def make_coop(names: NamePool) -> tuple[list[dict], list[list[str]]]:
    rng = random.Random(SEED + 2)
    ids = [f"s{i:02d}" for i in range(1, COOP_N + 1)]
    hours_list: list[float] = []
    for count, values in HOUR_CLUSTERS:
        hours_list += rng.sample(values, count)
    rng.shuffle(hours_list)
    teams = [t for t, n in TEAMS for _ in range(n)]
    rng.shuffle(teams)
    # Four new starters on probation: one part-timer, one on about 30 hours, two full-timers.
    low = [i for i in range(COOP_N) if hours_list[i] < 25]
    mid = [i for i in range(COOP_N) if 25 <= hours_list[i] < 35]
    high = [i for i in range(COOP_N) if hours_list[i] >= 35]
    probation = sorted(rng.sample(low, 1) + rng.sample(mid, 1) + rng.sample(high, 2))
    ordinary = [i for i in range(COOP_N) if i not in probation]

    staff = []
    for i in range(COOP_N):
        g = rng.choices(["Female", "Male", "Non-binary"], [48, 48, 4])[0]
        staff.append({"id": ids[i], "name": names.draw(g), "role": "probation" if i in probation else "",
                      "hours": hours_list[i], "team": teams[i]})
    hours = [s["hours"] for s in staff]

    def diff(a, b):
        return abs(hours[a] - hours[b])

    # Three past cycles: the best of many randomised pairings each time; retry the whole
    # history if it would leave no feasible next cycle.
    for attempt in range(100):
        met: set[tuple[int, int]] = set()   # membership only, never iterated
        cycles = []
        failed = False
        for label in COOP_CYCLES:
            allowed = lambda a, b: diff(a, b) <= MAX_SPREAD and pair(a, b) not in met
            best, best_cost = None, None
            for _ in range(300):
                pairs = find_pairing(ordinary, allowed, diff, rng)
                if pairs is None:
                    continue
                cost = (sum(diff(a, b) > GOOD_DIFF for a, b in pairs), sum(diff(a, b) for a, b in pairs))
                if best_cost is None or cost < best_cost:
                    best, best_cost = pairs, cost
            if best is None:
                failed = True
                break
            extra = place_probation(best, probation, hours, met, rng)
            if extra is None:
                failed = True
                break
            groups = [[a, b] for a, b in best]
            for p, k in extra.items():
                groups[k].append(p)
            for g in groups:
                for x in range(len(g)):
                    for y in range(x + 1, len(g)):
                        met.add(pair(g[x], g[y]))
            cycles.append((label, groups))
        if failed:
            continue
        if next_coop_cycle(ordinary, probation, hours, met, diff, rng) is not None:
            break
    else:
        raise AssertionError("coop: no history with a feasible next cycle found")

    rows = []
    for label, groups in cycles:
        # Number groups in roster order of their first member, members in roster order.
        groups = sorted((sorted(g) for g in groups), key=lambda g: g[0])
        for k, g in enumerate(groups, start=1):
            for x in g:
                rows.append([label, f"P{k:02d}", ids[x], staff[x]["name"], staff[x]["role"]])

    check_coop(staff, rows, ordinary, probation, hours, diff, rng)
    write_csv(HERE / "coop" / "members.csv", ["id", "name", "role", "hours", "team"],
              [[s["id"], s["name"], s["role"], fmt_hours(s["hours"]), s["team"]] for s in staff])
    write_csv(HERE / "coop" / "history.csv", ["cycle", "group", "member_id", "name", "role"], rows)
    return staff, rows


def next_coop_cycle(ordinary, probation, hours, met, diff, rng):
    """A next cycle that keeps every hard rule of coop/peergroups.toml, or None."""
    allowed = lambda a, b: diff(a, b) <= MAX_SPREAD and pair(a, b) not in met
    for _ in range(200):
        pairs = find_pairing(ordinary, allowed, diff, rng)
        if pairs is None:
            continue
        extra = place_probation(pairs, probation, hours, met, rng)
        if extra is not None:
            return pairs, extra
    return None


def check_coop(staff, rows, ordinary, probation, hours, diff, rng) -> None:
    ids = [s["id"] for s in staff]
    assert len(ids) == COOP_N and len(set(ids)) == COOP_N, "coop ids not unique"
    assert sum(s["role"] == "probation" for s in staff) == 4
    assert all(16 <= s["hours"] <= 40 for s in staff)
    idx = {m: i for i, m in enumerate(ids)}
    # Cycles appear in one block each, oldest first.
    labels = [r[0] for r in rows]
    seen = []
    for lab in labels:
        if not seen or seen[-1] != lab:
            assert lab not in seen, "a cycle label in two blocks"
            seen.append(lab)
    assert seen == COOP_CYCLES
    met_ordinary: set[tuple[int, int]] = set()
    met_all: set[tuple[int, int]] = set()
    for label in COOP_CYCLES:
        groups: dict[str, list[int]] = {}
        for r in rows:
            if r[0] == label:
                groups.setdefault(r[1], []).append(idx[r[2]])
                assert r[3] == staff[idx[r[2]]]["name"]
                assert r[4] == staff[idx[r[2]]]["role"]
        assert sorted(groups) == [f"P{k:02d}" for k in range(1, 19)], "18 groups P01..P18"
        in_cycle = [x for g in sorted(groups) for x in groups[g]]
        assert len(in_cycle) == len(set(in_cycle)), "someone twice in one cycle"
        assert sorted(x for x in in_cycle if x in ordinary) == sorted(ordinary), "all 36 ordinary staff"
        assert sorted(x for x in in_cycle if x in probation) == sorted(probation), "all 4 probation staff"
        for g in sorted(groups):
            members = groups[g]
            ords = [x for x in members if x not in probation]
            probs = [x for x in members if x in probation]
            assert len(ords) == 2, f"{label} {g}: exactly two ordinary staff"
            assert len(probs) <= 1, f"{label} {g}: at most one on probation"
            hs = [hours[x] for x in members]
            assert max(hs) - min(hs) <= MAX_SPREAD, f"{label} {g}: hours spread"
            p = pair(*ords)
            assert p not in met_ordinary, f"{label} {g}: ordinary pair repeated"
            met_ordinary.add(p)
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    q = pair(members[x], members[y])
                    assert q not in met_all, f"{label} {g}: pair repeated"
                    met_all.add(q)
    # Everyone keeps enough unmet colleagues within the hours spread.
    for a in ordinary:
        free = [b for b in ordinary if b != a and diff(a, b) <= MAX_SPREAD and pair(a, b) not in met_all]
        assert len(free) >= 6, f"coop: {ids[a]} has only {len(free)} possible new partners"
    assert next_coop_cycle(ordinary, probation, hours, met_all, diff, rng) is not None


# ---------------------------------------------------------------------------
# 3. Business peer network: 36 owners, one past cycle
# ---------------------------------------------------------------------------

BUSINESS_N = 36
BUSINESS_CYCLE = "2026-09"
SECTORS = [("Hospitality", 7), ("Retail", 6), ("Professional services", 6), ("Construction and trades", 5),
           ("Creative and digital", 4), ("Manufacturing", 3), ("Health and wellbeing", 3), ("Technology", 2)]
SECTOR_SCALE = {"Hospitality": 1.0, "Retail": 0.8, "Professional services": 0.7, "Construction and trades": 1.2,
                "Creative and digital": 0.5, "Manufacturing": 2.0, "Health and wellbeing": 0.6, "Technology": 1.0}
CITIES = [("Leeds", 12), ("York", 8), ("Harrogate", 6), ("Wakefield", 5), ("Bradford", 5)]
SLOTS = ["Mon-AM", "Tue-PM", "Wed-AM", "Wed-PM", "Thu-AM", "Fri-AM"]
SLOT_WEIGHT = {"Mon-AM": 3, "Tue-PM": 2, "Wed-AM": 4, "Wed-PM": 2, "Thu-AM": 3, "Fri-AM": 2}
SLOT_COUNT_WEIGHT = {1: 2, 2: 4, 3: 3, 4: 2}
SECTOR_MAX = 2
PAST_SIZES = [6] * 6                  # the 2026-09 cycle: B01..B06 of six
NEXT_SIZES = [6] + [5] * 6            # 36 / target 5 -> 7 groups, even sizes


def find_partition(people: list[dict], sizes: list[int], rng: random.Random, node_limit: int = 20_000):
    """Groups of the given sizes in which every group shares a meeting slot and no sector
    appears more than SECTOR_MAX times. Randomised backtracking that always places the person
    with the fewest possible groups next. Returns a list of lists of indices, or None."""
    n = len(people)
    slot_sets = [frozenset(p["slots"]) for p in people]
    person_noise = [rng.random() for _ in range(n)]
    group_noise = [rng.random() for _ in range(n * len(sizes))]
    groups: list[list[int]] = [[] for _ in sizes]
    common: list[frozenset] = [frozenset(SLOTS) for _ in sizes]
    placed = [False] * n
    nodes = 0

    def options(i: int) -> list[int]:
        opts, empty_sizes = [], []
        for g in range(len(sizes)):
            if len(groups[g]) >= sizes[g] or not (common[g] & slot_sets[i]):
                continue
            if not groups[g]:
                if sizes[g] in empty_sizes:
                    continue  # empty groups of one size are interchangeable
                empty_sizes.append(sizes[g])
            if sum(people[j]["sector"] == people[i]["sector"] for j in groups[g]) >= SECTOR_MAX:
                continue
            opts.append(g)
        return opts

    def dfs(k: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > node_limit:
            return False
        if k == n:
            return True
        best, best_opts = None, None
        for i in range(n):
            if placed[i]:
                continue
            opts = options(i)
            if best_opts is None or (len(opts), person_noise[i]) < (len(best_opts), person_noise[best]):
                best, best_opts = i, opts
                if not opts:
                    return False
        i = best
        # Prefer groups that keep the most common slots, then fuller groups, then at random.
        best_opts.sort(key=lambda g: (-len(common[g] & slot_sets[i]), -len(groups[g]),
                                      group_noise[i * len(sizes) + g]))
        for g in best_opts:
            old = common[g]
            groups[g].append(i)
            common[g] = old & slot_sets[i]
            placed[i] = True
            if dfs(k + 1):
                return True
            placed[i] = False
            groups[g].pop()
            common[g] = old
        return False

    return [list(g) for g in groups] if dfs(0) else None


# Requests in the business roster (id -> (wants_with, avoid)): people named by name, or by id
# where that reads better. Fixed by hand, so they draw nothing from the random numbers.
BUSINESS_REQUESTS = {
    "b03": (["b07"], []),       # Femi Obi asks for Sofia Conti, by name
    "b07": (["b03"], []),       # and she for him: a mutual request
    "b10": ([], ["b12"]),       # Sanjay Dhillon would rather not meet Jack Price
    "b20": (["b21"], []),       # Hui Cheung asks for Lucy Roberts
    "b25": (["b26", "b27"], []),  # Dwayne Grant asks for Lei Liu and Sasha Ito
    "b30": ([], ["b31"]),       # Abigail Roberts avoids Ethan Price, by id
}


def business_requests(people: list[dict]) -> dict[str, tuple[str, str]]:
    """The request cells per id: names, except the avoid of b30, which is an id."""
    name = {p["id"]: p["name"] for p in people}
    cells = {}
    for pid, (wants, avoid) in BUSINESS_REQUESTS.items():
        cells[pid] = (";".join(name[w] for w in wants),
                      ";".join(a if pid == "b30" else name[a] for a in avoid))
    return cells


def make_business(names: NamePool) -> tuple[list[dict], list[list[str]]]:
    rng = random.Random(SEED + 3)
    ids = [f"b{i:02d}" for i in range(1, BUSINESS_N + 1)]
    for attempt in range(100):
        sectors = [s for s, n in SECTORS for _ in range(n)]
        rng.shuffle(sectors)
        cities = [c for c, n in CITIES for _ in range(n)]
        rng.shuffle(cities)
        people = []
        for i in range(BUSINESS_N):
            size = math.exp(rng.uniform(math.log(3.0), math.log(250.0))) * SECTOR_SCALE[sectors[i]]
            size = max(1, min(250, int(round(size))))
            k = rng.choices(list(SLOT_COUNT_WEIGHT), list(SLOT_COUNT_WEIGHT.values()))[0]
            chosen = weighted_order(rng, SLOTS, lambda s: SLOT_WEIGHT[s])[:k]
            slots = [s for s in SLOTS if s in chosen]  # canonical weekday order
            people.append({"id": ids[i], "sector": sectors[i], "company_size": size,
                           "city": cities[i], "slots": slots})
        # The past cycle: of several feasible partitions, take the one with most mixed cities.
        best, best_key = None, None
        for _ in range(40):
            part = find_partition(people, PAST_SIZES, rng)
            if part is None:
                continue
            key = sum(len({people[i]["city"] for i in g}) for g in part)
            if best_key is None or key > best_key:
                best, best_key = part, key
        if best is None:
            continue
        if any(find_partition(people, NEXT_SIZES, rng) is not None for _ in range(20)):
            break
    else:
        raise AssertionError("business: no slot pattern allows groups that share a slot")

    for p in people:
        g = rng.choices(["Female", "Male", "Non-binary"], [47, 50, 3])[0]
        p["name"] = names.draw(g)

    rows = []
    groups = sorted((sorted(g) for g in best), key=lambda g: g[0])
    for k, g in enumerate(groups, start=1):
        for i in g:
            rows.append([BUSINESS_CYCLE, f"B{k:02d}", people[i]["id"], people[i]["name"]])

    check_business(people, rows, rng)
    requests = business_requests(people)
    write_csv(HERE / "business" / "members.csv",
              ["id", "name", "sector", "company_size", "city", "meeting_slots", "wants_with", "avoid"],
              [[p["id"], p["name"], p["sector"], str(p["company_size"]), p["city"], ";".join(p["slots"]),
                *requests.get(p["id"], ("", ""))]
               for p in people])
    write_csv(HERE / "business" / "history.csv", ["cycle", "group", "member_id", "name"], rows)
    return people, rows


def check_business(people, rows, rng) -> None:
    ids = [p["id"] for p in people]
    assert len(ids) == BUSINESS_N and len(set(ids)) == BUSINESS_N, "business ids not unique"
    for p in people:
        assert 1 <= p["company_size"] <= 250
        assert 1 <= len(p["slots"]) <= 4 and all(s in SLOTS for s in p["slots"])
    assert sorted(r[2] for r in rows) == sorted(ids), "history covers all 36 owners exactly once"
    assert all(r[0] == BUSINESS_CYCLE for r in rows)
    by_id = {p["id"]: p for p in people}
    groups: dict[str, list[dict]] = {}
    for r in rows:
        assert r[3] == by_id[r[2]]["name"]
        groups.setdefault(r[1], []).append(by_id[r[2]])
    assert sorted(groups) == [f"B{k:02d}" for k in range(1, 7)]
    for g in sorted(groups):
        members = groups[g]
        assert len(members) == 6
        shared = [s for s in SLOTS if all(s in m["slots"] for m in members)]
        assert shared, f"{g}: no shared meeting slot"
        for s, _ in SECTORS:
            assert sum(m["sector"] == s for m in members) <= SECTOR_MAX
    # The next cycle (7 groups, sizes 5-6) can also share a slot in every group.
    assert any(find_partition(people, NEXT_SIZES, rng) is not None for _ in range(20))


# ---------------------------------------------------------------------------

def main() -> None:
    names = NamePool(random.Random(SEED))
    mentoring = make_mentoring(names)
    staff, coop_history = make_coop(names)
    owners, business_history = make_business(names)
    # Drawn last, so that the names of the other examples do not depend on them.
    alumni = make_mentoring_facilitators(names)
    all_names = ([r["name"] for r in mentoring] + [a["name"] for a in alumni]
                 + [s["name"] for s in staff] + [p["name"] for p in owners])
    assert len(all_names) == len(set(all_names)), "names repeat across examples"
    print(f"mentoring: {len(mentoring)} mentees, {len(alumni)} facilitators")
    print(f"coop:      {len(staff)} staff, {len(coop_history)} history rows")
    print(f"business:  {len(owners)} owners, {len(business_history)} history rows")


if __name__ == "__main__":
    main()
