"""What a page carries besides the article: datelines, agency and PIB lines, bylines, "Also read" links, template
tags, excerpt markers, a truncated last sentence, and site boilerplate in titles.

Every rule here is a pattern of how news pages are laid out, not of any one site: the team is measured on pages
it has never seen. A dateline is not thrown away blindly: its day and month (and year, when it has one) are handed
back so the article's date can come from it when the page's metadata has none (see :func:`dateline_date`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"), ("jul", "july"),
    ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for m in names}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_AGENCY = (r"(?:PTI|IANS|ANI|UNI|IBNS|PIB|Reuters|AFP|AP|Yonhap|Xinhua|Bloomberg|Kyodo|TASS|dpa|WAM|NNN|Agencies|Agency|"
           r"ET\s?Bureau|HT\s?Correspondent|Express\s+News\s+Service|ENS|TNN|Staff|Bureau)")
_PLACE_WORD = r"[A-Z][A-Za-z.'’-]+"

# "New Delhi, Feb 15 (PTI)", "SEOUL, Sept. 5 (Yonhap) --", "New Delhi, March 9:", "Mumbai, Friday, 7 February 2025:",
# "New Delhi [India], Sept 6 (ANI):"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}})(?:\s*\[[A-Z][\w ]{{1,30}}\])?\s*,\s*"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
    rf"\s*(?:\(\s*(?:{_AGENCY})\s*\))?"
    r"\s*(?:[:|]+|[-–—]+)?\s+(?=[\"“‘'A-Z0-9])"
)
# "NEW DELHI (Reuters) -", "Seoul (Yonhap) —", "MUMBAI:" (a place in capitals, without a date)
_PLACE_AGENCY = re.compile(rf"^{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}}\s*\(\s*(?:{_AGENCY})\s*\)\s*(?:[:|]+|[-–—]+)?\s*(?=[\"“‘'A-Z0-9])")
_CAPS_PLACE = re.compile(r"^(?:[A-Z]{3,}(?:[ -][A-Z]{3,}){1,2}|[A-Z]{6,})\s*(?::|\s[-–—]+)\s+(?=[\"“‘'A-Z])")
# "New Delhi: The Cabinet …": a capital or large city and a colon. Without a date, only a known place makes the
# opening words a dateline rather than a label ("Assured pension: …"); the list is of capitals and big cities.
_CITIES = (
    "New Delhi|Delhi|Mumbai|Kolkata|Chennai|Bengaluru|Bangalore|Hyderabad|Ahmedabad|Pune|Jaipur|Lucknow|Patna|Bhopal|Chandigarh|"
    "Thiruvananthapuram|Guwahati|Bhubaneswar|Srinagar|Jammu|Dehradun|Shimla|Ranchi|Raipur|Gandhinagar|Panaji|Imphal|Shillong|"
    "Aizawl|Agartala|Kohima|Itanagar|Gangtok|Dispur|Amaravati|Puducherry|Leh|Kochi|Mysuru|Nagpur|Varanasi|Indore|Surat|"
    "Visakhapatnam|Coimbatore|Madurai|Kanpur|Noida|Gurugram|Gurgaon|Sriharikota|Islamabad|Lahore|Karachi|Dhaka|Kathmandu|"
    "Colombo|Thimphu|Kabul|Yangon|Beijing|Shanghai|Tokyo|Seoul|Washington|New York|London|Paris|Moscow|Geneva|Dubai|"
    "Abu Dhabi|Riyadh|Tehran|Singapore|Jakarta|Bangkok|Hanoi|Manila|Kuala Lumpur|Brussels|Berlin|Rome|Madrid|Canberra|"
    "Sydney|Ottawa|Toronto|Nairobi|Johannesburg|Cairo|Tel Aviv|Jerusalem|Ankara|Brasilia|Mexico City|Buenos Aires|Vienna|"
    "The Hague|Stockholm|Oslo|Copenhagen|Helsinki|Warsaw|Kyiv|Minsk|Tashkent|Astana|Baku|Doha|Muscat|Kuwait City"
)
_CITY_COLON = re.compile(rf"^(?:{_CITIES})(?:\s*\[[A-Z][\w ]{{1,30}}\])?\s*(?:\(\s*{_AGENCY}\s*\))?\s*[:|]\s*(?=[\"“‘'A-Z])", re.IGNORECASE)

_DATELINE_LINES = 6  # a dateline is looked for on this many kept lines, however long the first ones are
_SHORT = 14  # words: a boilerplate line is short; a paragraph that merely starts like one is not dropped

_DROP_LINE = [re.compile(p, re.IGNORECASE) for p in (
    # PIB release headers and footers
    r"^posted\s+on\s*:?.*$", r"^.*\bby\s+PIB\s+\w+\s*$", r"^(?:PIB\s+\w+|Press\s+Information\s+Bureau|Government\s+of\s+India)\s*$",
    r"^(?:Release\s+ID|PRID)\s*:?\s*\d+.*$",
    r"^(?:Union\s+)?(?:Ministry|Department)\s+of\s+[A-Z][\w,&' -]{2,60}$",  # the issuing ministry on a line of its own
    r"^(?:\*+\s*)?(?:[A-Z]{2,5}/){1,4}[A-Z]{1,5}\s*$",  # PIB sign-offs such as "DS/SR" or "SNC/PK"
    # bylines and time stamps
    r"^(?:written|edited|reported|curated|compiled|posted|authored|updated|published|produced)\s+by\s*:?\s+.*$",
    r"^by\s*:?\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*[,|&]\s*.*)?$",
    r"^(?:last\s+)?(?:updated|published|first\s+published|modified|posted)\s*(?:on|at)?\s*:?\s*.*\d.*$",
    rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}\.?),?\s+\d{{4}}"
    r"(?:\s*[,|]?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:IST|GMT|UTC)?)?\s*$",
    # agency lines
    r"^[(\[]?\s*(?:with\s+)?inputs?\s+from\s+.*$", rf"^[(\[]?\s*[-–—]?\s*{_AGENCY}\s*[)\]]?\s*$",
    r"^[(\[]?\s*(?:this|the)\s+(?:story|article|report|copy)\s+has\s+(?:not\s+)?been\s+(?:edited|published|modified)\b.*$",
    r"^[(\[]?\s*(?:except\s+for\s+the\s+headline|disclaimer\s*:).*$",
    # sharing and navigation
    r"^(?:follow\s+us|share\s+(?:this|on)|subscribe|sign\s+up|download\s+the\s+app|click\s+here|tags?\s*:|topics?\s*:|advertisement)\b.*$",
)]
_RELATED = re.compile(r"^(?:also\s+read|read\s+also|also\s+see|also\s+watch|read\s+more|must\s+read|related(?:\s+stories)?|"
                      r"recommended|don['’]t\s+miss|trending)\s*[:|\-–—]*\s*", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}")
_MARKER = re.compile(r"\s*(?:[\[(](?:excerpt\s+ends|excerpt|truncated|continued|cont(?:inued|d)?\.?|more|…|\.\.\.|\+\d+\s+chars)[\])]"
                     r"|(?:continue\s+reading|read\s+more|read\s+the\s+full\s+(?:story|article))\s*[.…]*)\s*$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)\]]*\s")
_FUNCTION_END = re.compile(r"(?:,|;|\b(?:the|a|an|of|and|or|to|in|on|at|by|for|with|from|that|which|its|their|is|was|are|were|"
                           r"has|have|had|will|be|as|into|than|who|not|but|this|these|from)|[-–—(“\"])\s*$", re.IGNORECASE)


@dataclass
class Dateline:
    """The day and month a dateline gives, and its year when it has one."""

    month: int
    day: int
    year: int | None = None


@dataclass
class CleanText:
    """The article's own text: ``spans`` are the ``[start, end)`` pieces of the input that are content, ``text``
    those pieces one line each (for judging the text), ``dateline`` what the dateline said."""

    text: str
    spans: list[tuple[int, int]]
    dateline: Dateline | None = None
    dropped: int = 0  # lines or fragments removed, for tests and reports


def _words(line: str) -> int:
    return len(line.split())


def _related_cut(line: str) -> int | None:
    """For an "Also read" line, the offset where the paragraph glued after the headline starts, or None when the
    whole line goes (a line that is not one gives 0). The headline is the run of capitalised words before the first
    sentence-like start: a capitalised word and two lower-case ones."""
    m = _RELATED.match(line)
    if not m:
        return 0
    rest = line[m.end():]
    if _words(rest) <= 20:
        return None
    tokens = list(re.finditer(r"\S+", rest))
    for i in range(2, len(tokens) - 2):
        w, n1, n2 = (t.group() for t in tokens[i : i + 3])
        if w[:1].isupper() and n1[:1].islower() and n2[:1].islower():
            return m.end() + tokens[i].start()
    return None


def _dateline(line: str) -> tuple[int, Dateline | None]:
    """Length of the dateline opening ``line`` (0 without one) and the date it gives."""
    m = _DATELINE.match(line)
    if m:
        month = _MONTHS.get((m.group("month") or m.group("month2") or "").lower().rstrip("."))
        day = int(m.group("day") or m.group("day2"))
        found = Dateline(month, day, int(m.group("year")) if m.group("year") else None) if month and 1 <= day <= 31 else None
        return m.end(), found
    for pattern in (_PLACE_AGENCY, _CAPS_PLACE, _CITY_COLON):
        m = pattern.match(line)
        if m:
            return m.end(), None
    return 0, None


def _truncated_cut(text: str, start: int, end: int, marked: bool) -> int | None:
    """Where the last kept piece ``text[start:end]`` should end if the page cut its last sentence off: the end of
    its last full sentence, ``start`` to drop it all, None to keep it."""
    piece = text[start:end].rstrip()
    if _TERMINAL.search(piece):
        return None
    stops = [m for m in _SENTENCE_STOP.finditer(piece + " ") if m.end() <= len(piece)]
    if stops and (marked or _words(piece[stops[-1].end():]) >= 3):
        return start + stops[-1].end()
    if marked or (_words(piece) >= 8 and _FUNCTION_END.search(piece)):
        return start
    return None


def clean_body(text: str) -> CleanText:
    """The article's own text within ``text``: page furniture left out, each piece mapped to where it stands."""
    spans: list[tuple[int, int]] = []
    dateline: Dateline | None = None
    dropped = 0
    marked = False
    seen_text = False
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    last = max((i for i, (a, b) in enumerate(lines) if text[a:b].strip()), default=-1)
    shown = 0  # lines kept so far
    for i, (a, b) in enumerate(lines):
        if i == last:
            m = _MARKER.search(text, a, b)
            if m and m.start() >= a:
                b, marked = m.start(), True
        line = text[a:b]
        lead = len(line) - len(line.lstrip())
        a, line = a + lead, line.strip()
        b = a + len(line)
        if not line:
            continue
        plain = _TEMPLATE.sub("", line).strip()
        if not plain or (_words(plain) <= _SHORT and any(p.match(plain) for p in _DROP_LINE)):
            dropped += 1
            continue
        cut = _related_cut(line)
        if cut is None:
            dropped += 1
            continue
        # A dateline opens the story, after a headline or byline at most; on pages that put a teaser or a photo
        # caption first it opens one of the first few lines.
        if cut or not seen_text or shown < _DATELINE_LINES:
            skip, found = _dateline(line[cut:])
            if skip:
                dropped += 1
                dateline = dateline or found
            cut += skip
        a += cut
        # Template tags ("{{^adFree}}") split the line into the pieces around them.
        pos = a
        for t in _TEMPLATE.finditer(text, a, b):
            if text[pos : t.start()].strip():
                spans.append((pos, t.start()))
            pos = t.end()
        if text[pos:b].strip():
            spans.append((pos, b))
        seen_text = seen_text or _words(line) > 20 or bool(_TERMINAL.search(line))
        shown += 1
    while spans:
        s0, e0 = spans[-1]
        cut_at = _truncated_cut(text, s0, e0, marked)
        if cut_at is None:
            break
        dropped += 1
        spans.pop()
        if cut_at > s0:
            spans.append((s0, cut_at))
        break
    trimmed = []
    for s0, e0 in spans:
        piece = text[s0:e0]
        s1 = s0 + len(piece) - len(piece.lstrip())
        e1 = s0 + len(piece.rstrip())
        if e1 > s1:
            trimmed.append((s1, e1))
    joined = "\n".join(text[s0:e0] for s0, e0 in trimmed)
    return CleanText(joined, trimmed, dateline, dropped)


def dateline_date(dateline: Dateline | None, published: str | None) -> str | None:
    """The date a dateline gives: its own year, or the year of the page's published date when the dateline falls
    at most a week before it (a wire story filed the day before it went up). Never a guess without either."""
    if dateline is None:
        return None
    try:
        if dateline.year:
            return Date(dateline.year, dateline.month, dateline.day).isoformat()
        if not published:
            return None
        pub = Date.fromisoformat(published)
        for year in (pub.year, pub.year - 1):
            d = Date(year, dateline.month, dateline.day)
            if 0 <= (pub - d).days <= 7:
                return d.isoformat()
    except ValueError:
        return None
    return None


# -- titles --------------------------------------------------------------------------------------------------------

_TITLE_TAGS = re.compile(r"\s*[(\[](?:Syllabus|GS[- ]?(?:Paper)?\s*[-:]?\s*(?:[1-4IV]+)|UPSC|Prelims|Mains|Topic|Subject)\b[^)\]]*[)\]]",
                         re.IGNORECASE)
_TITLE_AGENCY = re.compile(rf"\s*[(\[]\s*{_AGENCY}\s*[)\]]\s*$")
_SEPARATORS = re.compile(r"\s+(?:\||\u2016|::|»|·|[-–—](?=\s))\s+")
_SITE_CODE = re.compile(r"^[\w.]+(?:-[\w.]+)+$|^[A-Z0-9][\w.]*(?:\.com|\.in|\.org|\.net)$", re.IGNORECASE)


def clean_title(title: str | None, publisher: str | None = None) -> str | None:
    """A headline without the site's additions: "| Site Name", "- News-CRUX-10", "(Syllabus: GS Paper 3 …)", "(PTI)".

    Of the parts split at " | ", " - " and the like, a trailing part goes when it names the publisher, is a code
    ("News-CRUX-10"), or is short (three words or fewer) while what stays is a headline of four words or more.
    """
    if not title:
        return title
    t = " ".join(title.split())
    t = _TITLE_TAGS.sub("", t)
    t = _TITLE_AGENCY.sub("", t).strip()
    pub = re.sub(r"\W+", "", (publisher or "").casefold())
    while True:
        parts = list(_SEPARATORS.finditer(t))
        if not parts:
            break
        sep = parts[-1]
        head, tail = t[: sep.start()].strip(), t[sep.end():].strip()
        tail_key = re.sub(r"\W+", "", tail.casefold())
        is_site = bool(pub) and (tail_key == pub or (len(tail_key) > 3 and (tail_key in pub or pub in tail_key)))
        if _words(head) >= 3 and (is_site or _SITE_CODE.match(tail) or (_words(tail) <= 3 and _words(head) >= 4)):
            t = head
            continue
        break
    t = _TITLE_TAGS.sub("", t).strip(" |-–—:")
    return t or " ".join(title.split())


# -- is it an article at all? -----------------------------------------------------------------------------------

# About this many words of running prose make an article; less is a teaser, a caption or a list.
MIN_PROSE_WORDS = 60
_FILE_LIKE = re.compile(r"^(?:https?://\S+|[\w~.-]*/[\w./~-]+|[\w.-]+\.(?:html?|txt|md|csv|tsv|json|jsonl|xml|pdf|docx?|xlsx?|png|jpe?g))$",
                        re.IGNORECASE)
_FUNCTION = frozenset("the a an of to in on at by for with from and or is are was were be been has have had it its this that "
                      "which who as will would said says their his her they he she than".split())


def _prose_words(lines: list[str]) -> int:
    """Words in sentences of running prose: six words or more, two of them function words."""
    from upscnotes.text import split_sentences

    total = 0
    for line in lines:
        for a, b in split_sentences(line):
            words = line[a:b].split()
            if len(words) >= 6 and sum(1 for w in words if w.lower().strip(",.;:()\"'") in _FUNCTION) >= 2:
                total += len(words)
    return total


def not_article_reason(text: str) -> str | None:
    """Why ``text`` is not an article (a table, a list of names or files, too little prose), or None when it is one."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return "no article text"
    tabbed = sum(1 for ln in lines if "\t" in ln)
    if tabbed >= 2 and tabbed * 2 >= len(lines):
        return "a table (tab-separated values), not an article"
    piped = sum(1 for ln in lines if ln.count("|") >= 2)
    if piped >= 3 and piped * 2 >= len(lines):
        return "a table, not an article"
    if len(lines) >= 3:
        commas = [ln.count(",") for ln in lines]
        common = max(set(commas), key=commas.count)
        rows = [ln for ln, c in zip(lines, commas) if c == common]
        if common >= 2 and len(rows) * 10 >= len(lines) * 7 and all(_words(ln) <= 4 * (common + 1) for ln in rows):
            fields = [f for ln in rows for f in ln.split(",")]
            if sum(_words(f) for f in fields) <= 3 * len(fields):
                return "a table (comma-separated values), not an article"
    prose = _prose_words(lines)
    if prose >= MIN_PROSE_WORDS:
        return None
    tokens = text.split()
    if tokens and sum(1 for t in tokens if _FILE_LIKE.match(t)) * 2 >= len(tokens):
        return "a list of files or links, not an article"
    body = lines[1:] if len(lines) > 2 else lines
    items = [ln for ln in body if _words(ln) <= 8 and not _TERMINAL.search(ln)]
    if len(body) >= 4 and len(items) * 10 >= len(body) * 7:
        return "a list of names or headings, not an article"
    return f"too little prose for an article ({prose} words; about {MIN_PROSE_WORDS} are needed)"


__all__ = ["MIN_PROSE_WORDS", "CleanText", "Dateline", "clean_body", "clean_title", "dateline_date", "not_article_reason"]
