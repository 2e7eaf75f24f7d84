"""审校 (review): deterministic checks that turn a document into `Finding`s.

For the writer's post-processing (use these instead of re-implementing them):

- `extract_figures(text) -> list[FigureMention]`: every number with a unit ("3次",
  "1.2万元", "五十余名", "95%"), with offsets; `value` is in the unit's base (万元 → 元).
  Ordinals (第三次), dates and formulas (两个确立) are not figures.
- `figure_in_notes(mention, notes_text) -> bool`: the figure occurs in the user's notes
  (same value, compatible unit; "3次" matches "三次", "1.2万元" matches "12000元").
- `find_placeholders(text) -> list[Finding]`: X/XX/××/** marks, a measure word with no
  number ("召开民主生活会次"), and 【待补充…】 left in the text.
- `check_formulations(text, year) -> list[Finding]`: wrong or outdated 提法 from the
  lexicon (prompts/lexicon/formulations.toml), plus the year-aware congress / plenum /
  学习教育 checks when `year` is given.
- `protected_terms() -> list[str]`: fixed formulations (两个确立, 四个意识, 三会一课,
  习近平新时代中国特色社会主义思想 …) that an LLM must keep verbatim; longest first.

For whole documents: build one `Reviewer(load_lexicon(), samples)` at start-up and call
`reviewer.review(text, year=, notes=, references=, kind=)` on every draft (< 50 ms for
10,000 字); `review(text, ...)` is the one-off form. Findings are sorted by position.

Pass `lexicon=load_lexicon([...user files])` to use a user's own additions; without it
the shipped lexicon is compiled once and reused.
"""

from bot.review.context import Reference, detect_year
from bot.review.engine import RULES, Reviewer, review
from bot.review.figures import extract_figures, figure_in_notes
from bot.review.formulations import check_formulations, protected_terms
from bot.review.lexicon import Lexicon, default_lexicon, load_lexicon
from bot.review.models import Category, FigureMention, Finding, Severity
from bot.review.placeholders import find_placeholders

__all__ = [
    "RULES",
    "Category",
    "FigureMention",
    "Finding",
    "Lexicon",
    "Reference",
    "Reviewer",
    "Severity",
    "check_formulations",
    "default_lexicon",
    "detect_year",
    "extract_figures",
    "figure_in_notes",
    "find_placeholders",
    "load_lexicon",
    "protected_terms",
    "review",
]
