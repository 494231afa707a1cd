"""Grows a Broadsheet SQLite database made with demo content to N articles and M comments, the newest P of them
pending (see bench/generate).

Articles are copies of the demo newsroom's (720-1,004 words, rendered HTML, sections, tags and authors), published
one a minute backwards from the newest, so listings, archives and paging see a long real-looking history. Comments
are spread over the articles as threads (a comment, replies, replies to replies). The benchmarked article, the
newest demo article, gets 1,500 words and 30 threaded comments. Columns are read from the schema, so a migration
that adds a column does not break this script.
"""
import random
import sqlite3
import sys
from datetime import datetime, timedelta

PARAGRAPH = ("The harbour board met again on Tuesday evening and heard from the engineers, the ferry operators and "
             "the residents of the quay, who have waited three winters for the repairs they were promised.")
QUOTE = ("We will publish every figure the inquiry asked for, and we will publish them before the next board "
         "meeting, so that nobody has to take our word for any of it.")


def long_body(words):
    paragraphs, html, count = [], [], 0
    while count < words:
        text = QUOTE if len(paragraphs) % 4 == 2 else PARAGRAPH
        paragraphs.append(("> " if text is QUOTE else "") + text)
        html.append(f"<blockquote>\n<p>{text}</p>\n</blockquote>" if text is QUOTE else f"<p>{text}</p>")
        count += len(text.split())
    return "\n\n".join(paragraphs), "\n".join(html), count


def main(path, articles, comments, pending=0):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    columns = [r[1] for r in db.execute("PRAGMA table_info(Articles)") if r[1] not in ("Id", "Slug", "PublishedAt")]
    demo = db.execute("SELECT Id, Slug, PublishedAt FROM Articles ORDER BY PublishedAt DESC").fetchall()
    if not demo:
        sys.exit("the database has no articles: start the site once with demo content first")
    oldest = datetime.fromisoformat(demo[-1][2][:19])
    tags = {a: [t for (t,) in db.execute("SELECT TagsId FROM ArticleTags WHERE ArticleId = ?", (a,))] for a, _, _ in demo}
    authors = {a: [x for (x,) in db.execute("SELECT AuthorsId FROM ArticleAuthors WHERE ArticleId = ?", (a,))] for a, _, _ in demo}
    next_id = db.execute("SELECT MAX(Id) FROM Articles").fetchone()[0] + 1
    select = ", ".join(f'"{c}"' for c in columns)
    rows, tag_rows, author_rows = [], [], []
    for n in range(len(demo), articles):
        source, slug, _ = demo[n % len(demo)]
        published = (oldest - timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S")
        rows.append((next_id, f"{slug}-{n}", published, source))
        tag_rows += [(next_id, t) for t in tags[source]]
        author_rows += [(next_id, x) for x in authors[source]]
        next_id += 1
        if len(rows) == 5000:
            flush_articles(db, select, rows, tag_rows, author_rows)
            rows, tag_rows, author_rows = [], [], []
    flush_articles(db, select, rows, tag_rows, author_rows)

    hot = demo[0][0]
    markdown, html, words = long_body(1500)
    db.execute("UPDATE Articles SET BodyMarkdown = ?, BodyHtml = ?, WordCount = ? WHERE Id = ?", (markdown, html, words, hot))
    ids = [i for (i,) in db.execute("SELECT Id FROM Articles")]
    comment_id = (db.execute("SELECT MAX(Id) FROM Comments").fetchone()[0] or 0) + 1
    random.seed(7)
    batch, made = [], 0
    at = datetime(2024, 1, 1)
    while made < comments:
        article = hot if made < 30 else random.choice(ids)
        root = comment_id
        for depth in (1, 2, 3):
            parent = None if depth == 1 else comment_id - 1
            body = f"Comment {made}: I was at the meeting too, and the engineers said the same thing twice."
            batch.append((comment_id, article, parent, root, depth, 1, f"Reader {made % 5000}", f"reader{made}@example.org",
                          body, f"<p>{body}</p>", 0, (at + timedelta(seconds=made)).strftime("%Y-%m-%d %H:%M:%S"), 0))
            comment_id += 1
            made += 1
        if len(batch) >= 30000:
            flush_comments(db, batch)
            batch = []
    flush_comments(db, batch)
    if pending:
        # The newest comments wait for moderation, as after a flood or a busy night.
        db.execute("UPDATE Comments SET Status = 0 WHERE Id IN (SELECT Id FROM Comments ORDER BY Id DESC LIMIT ?)", (pending,))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"{db.execute('SELECT COUNT(*) FROM Articles').fetchone()[0]} articles, "
          f"{db.execute('SELECT COUNT(*) FROM Comments').fetchone()[0]} comments; benchmarked article id {hot}")


def flush_articles(db, select, rows, tag_rows, author_rows):
    db.executemany(f'INSERT INTO Articles ("Id", "Slug", "PublishedAt", {select}) '
                   f'SELECT ?, ?, ?, {select} FROM Articles WHERE Id = ?', rows)
    db.executemany("INSERT INTO ArticleTags (ArticleId, TagsId) VALUES (?, ?)", tag_rows)
    db.executemany("INSERT INTO ArticleAuthors (ArticleId, AuthorsId) VALUES (?, ?)", author_rows)


def flush_comments(db, batch):
    db.executemany("INSERT INTO Comments (Id, ArticleId, ParentId, ThreadId, Depth, Status, Name, Email, Body, BodyHtml, "
                   "NotifyOfReplies, CreatedAt, JudgedSpam) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
