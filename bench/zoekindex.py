"""`python -m bench.zoekindex AGREEMENTS SITE_DIR`: only the search index of a corpus, as the build makes it.

Loads and validates the archief, makes one record per thema per version (and per werkgebied) and has
Pagefind index them into SITE_DIR/pagefind (what each werkgebied shows first: the part of the build that
the first search downloads from) and SITE_DIR/pagefind-historie/<versie>/ (the other versions, a bundle
per version label). For XL, where a full build does not fit in the time a shared machine gives, this
measures the index's time, memory and download on its own; SITE_DIR is a smaller built site whose pages
and search page stay as they are.
"""
from __future__ import annotations

import sys
from pathlib import Path

from afspraken import cache
from afspraken.views.site import Site
from afspraken_mkdocs import zoeken


def main(agreements: Path, site_dir: Path) -> int:
    loaded = cache.ArchiefCache().load(agreements, base=agreements.parent)
    if not loaded.report.ok:
        print(loaded.report.as_text(), file=sys.stderr)
        return 1
    site = Site(loaded.archief)
    zoeken.Indexering(site_dir, site, []).wacht()
    print(f"{sum(len(list((site_dir / bundel).rglob('*.pf_fragment'))) for bundel in zoeken.BUNDELS)} zoekrecords")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
