"""The report's chapters, numbered, and its table of contents, from the chapter blocks of the body.

Chapters are numbered where the page is shown, not stored, so staff can add, move or delete
chapters and the numbers and contents follow.
"""

from dataclasses import dataclass, field


@dataclass
class Chapter:
    """A numbered chapter: its heading block and the blocks up to the next chapter."""

    number: int
    heading: object
    blocks: list = field(default_factory=list)

    @property
    def title(self):
        return self.heading.value

    @property
    def anchor(self):
        """The heading's id, from the block's id so a link to it survives other chapters moving."""
        return f"chapter-{self.heading.id}" if self.heading.id else f"chapter-{self.number}"


@dataclass
class ReportContents:
    #: Blocks before the first chapter, shown under the introduction.
    preamble: list
    chapters: list


def report_contents(body):
    """The body's blocks grouped into numbered chapters. No queries: the report's blocks hold text only."""
    preamble, chapters = [], []
    for block in body:
        if block.block_type == "chapter":
            chapters.append(Chapter(len(chapters) + 1, block))
        elif chapters:
            chapters[-1].blocks.append(block)
        else:
            preamble.append(block)
    return ReportContents(preamble, chapters)
