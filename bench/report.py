"""Turns bench/run's raw wrk figures into the Markdown table that goes into bench/RESULTS.md."""
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timezone


def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def main(raw, first_ms, rss_kb, acknowledged, stored, article, section_200, tag, command):
    runs = defaultdict(list)
    errors = defaultdict(list)
    for line in open(raw):
        label, rps, p50, p99, *rest = line.split()
        runs[label].append((float(rps), ms(p50), ms(p99)))
        errors[label].append(" ".join(rest))

    def median(label, index):
        return statistics.median(r[index] for r in runs[label])

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    base = median("baseline", 0)
    print(f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), {memory_gb:.0f} GiB, "
          f"{platform.system()} {platform.release()}, .NET SDK {dotnet}; wrk and the servers on the same machine, loopback.")
    print(f"Command: `{command}`. Article: `{article}`; section page 200: `{section_200}`; tag page: `{tag}`.")
    print("Each figure is the median of the interleaved rounds.\n")
    print("| case | req/s | p50 ms | p99 ms | vs baseline | non-2xx/3xx |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label in ("baseline", "cached-article", "uncached-article", "home", "section-page-200", "search", "comment-post"):
        if label in runs:
            print(f"| {label} | {median(label, 0):,.0f} | {median(label, 1):.2f} | {median(label, 2):.2f} | "
                  f"{median(label, 0) / base:.0%} | {'; '.join(sorted(set(errors[label]))) or '0'} |")
    print(f"\n- First article page served {int(first_ms):,} ms after the process started (100,000 articles, 1,000,000 comments).")
    print(f"- Peak RSS of the cached server through the whole run: {int(rss_kb) / 1024:.0f} MB.")
    print(f"- Comment POSTs acknowledged (2xx/3xx): {int(acknowledged):,}; found in the database afterwards: {int(stored):,}.")
    print("\nGrowth (uncached pages, req/s): 1,000 articles and 10,000 comments against 100,000 articles and 1,000,000 comments.\n")
    print("| page | 1k articles | 100k articles | 100k / 1k |")
    print("| --- | ---: | ---: | ---: |")
    for page in ("home", "section-1", "section-200", "tag", "article"):
        small, large = f"growth-small-{page}", f"growth-large-{page}"
        if small in runs and large in runs:
            print(f"| {page} | {median(small, 0):,.0f} | {median(large, 0):,.0f} | {median(large, 0) / median(small, 0):.0%} |")


if __name__ == "__main__":
    main(*sys.argv[1:])
