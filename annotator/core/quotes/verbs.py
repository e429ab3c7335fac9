"""Reporting verbs ("said", "told", "warned", "sagte", "a déclaré", "と…述べた") as regular expressions."""

from __future__ import annotations

import re

_STEMS = """say:says:said:saying tell:tells:told add:adds:added note:notes:noted explain:explains:explained
argue:argues:argued warn:warns:warned claim:claims:claimed insist:insists:insisted stress:stresses:stressed
state:states:stated declare:declares:declared announce:announces:announced admit:admits:admitted
acknowledge:acknowledges:acknowledged recall:recalls:recalled remember:remembers:remembered
quip:quips:quipped write:writes:wrote ask:asks:asked reply:replies:replied respond:responds:responded
continue:continues:continued conclude:concludes:concluded suggest:suggests:suggested
observe:observes:observed comment:comments:commented recount:recounts:recounted remark:remarks:remarked
agree:agrees:agreed emphasise:emphasises:emphasised emphasize:emphasizes:emphasized
caution:cautions:cautioned predict:predicts:predicted confirm:confirms:confirmed deny:denies:denied
tweet:tweets:tweeted joke:jokes:joked laugh:laughs:laughed shout:shouts:shouted complain:complains:complained
urge:urges:urged vow:vows:vowed promise:promises:promised contend:contends:contended
maintain:maintains:maintained assert:asserts:asserted allege:alleges:alleged concede:concedes:conceded
reckon:reckons:reckoned muse:muses:mused boast:boasts:boasted believe:believes:believed think:thinks:thought
hope:hopes:hoped expect:expects:expected fear:fears:feared reveal:reveals:revealed whisper:whispers:whispered
sigh:sighs:sighed testify:testifies:testified estimate:estimates:estimated
point_out:points_out:pointed_out go_on:goes_on:went_on assure:assures:assured describe:describes:described
express:expresses:expressed inform:informs:informed report:reports:reported posit:posits:posited""".split()
ENGLISH = sorted(
    {form.replace("_", " ") for stem in _STEMS for form in stem.split(":")}, key=len, reverse=True
)
# Verbs that report what someone thinks, or how they put it: they introduce indirect speech
# ("believes that", "expressed confidence that"), but a direct quote is rarely attributed to them.
_THINKING = {
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "hope",
    "hopes",
    "hoped",
    "expect",
    "expects",
    "expected",
    "fear",
    "fears",
    "feared",
    "describe",
    "describes",
    "described",
    "express",
    "expresses",
    "expressed",
    "report",
    "reports",
    "reported",
}
# "…, stressing that…", "emphasizing that it is “in the interest…”": the same.
_PARTICIPLES = """saying adding noting explaining arguing warning claiming insisting stressing stating
declaring announcing admitting acknowledging recalling suggesting emphasising emphasizing cautioning
predicting confirming denying urging vowing promising describing calling pointing_out""".split()
_PARTICIPLES = [p.replace("_", " ") for p in _PARTICIPLES]
ENGLISH = sorted({*ENGLISH, *_PARTICIPLES}, key=len, reverse=True)
_THINKING |= set(_PARTICIPLES)
NOT_ATTRIBUTION = frozenset(_THINKING)
OTHER = [
    r"fügte\s+(?:\w+\s+)?hinzu",
    r"sagte",
    r"sagt",
    r"sagten",
    r"erklärte",
    r"erklärt",
    r"betonte",
    r"betont",
    r"glaubt",
    r"glaubte",
    r"warnt",
    r"fürchtet",
    r"fürchten",
    r"sprach",
    r"meinte",
    r"meint",
    r"warnte",
    r"kritisierte",
    r"schrieb",
    r"(?:a|ont)(?:-t-(?:il|elle|ils|elles))?\s+(?:déclaré|dit|affirmé|ajouté|expliqué|répondu|souligné|estimé"
    r"|lancé|assuré|indiqué|précisé|averti|insisté)",
    r"(?:déclare|dit|affirme|ajoute|explique|souligne|estime|assure|indique|précise)(?:-t-(?:il|elle))?",
    r"dijo",
    r"afirmó",
    r"señaló",
    r"explicó",
    r"aseguró",
    r"añadió",
    r"declaró",
    r"zei",
    r"zegt",
    r"aldus",
]


_Node = dict[str, "_Node"]


def _trie(words: list[str]) -> str:
    """One alternation as a tree of shared prefixes: the regex engine then tries one branch per first
    letter instead of all two hundred words at every position of the text."""
    tree: _Node = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(tree)


def _pattern(node: _Node) -> str:
    ends = "" in node
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


# Longest first inside each branch is not needed: every use ends the verb with \b, and a branch that
# stops early is retried longer by backtracking.
SPEECH_VERB = "(?:" + "|".join([_trie([v for v in ENGLISH if v not in _THINKING]), *OTHER]) + ")"
ANY_VERB = "(?:" + "|".join([_trie(ENGLISH), *OTHER]) + ")"
# Verbs whose clause may follow without "that": "Smith said the talks had failed".
BARE_CLAUSE = frozenset(
    """said says say told tells added adds argued argues warned warns believes believe
believed thinks think thought expects expected hopes hoped wrote writes claimed claims insisted insists
admitted admits stressed stresses noted notes explained explains predicted predicts""".split()
)
INVERTED_PRONOUN = re.compile(r"-t-(il|elle|ils|elles)\b")

# Japanese: 「…」と小池知事は述べた。 Chinese: 「…」他说 / 」，王毅表示
JAPANESE_AFTER = re.compile(
    r"\s*と(?P<subject>[^、。「」『』\s]{1,12}?)(?:は|が)[^、。「」『』]{0,15}?"
    r"(?:述べ|語っ|語り|言っ|話し|批判し|強調し|説明し|指摘し|明らかにし|発表し|訴え|答え|語る|述べる)"
)
CHINESE_AFTER = re.compile(r"\s*[，,]?(?P<subject>[^，。「」“”\s]{1,8}?)(?:说|表示|指出|强调|称)")
